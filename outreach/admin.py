from django.contrib import admin

from legalaid.history_admin import HistoryAdmin
from outreach.models import (
    Board,
    BoardInspection,
    Distribution,
    Leaflet,
    LeafletEdition,
    MediaItem,
    Place,
    PrintRun,
    Session,
    SessionPhoto,
    Target,
)


@admin.register(Place)
class PlaceAdmin(HistoryAdmin):
    list_display = ["name", "kind", "commune", "body", "unit", "active"]
    list_filter = ["kind", "active", "unit"]
    search_fields = ["name", "commune__name_search_key"]
    autocomplete_fields = ["commune", "body", "unit"]


class InspectionInline(admin.TabularInline):
    model = BoardInspection
    extra = 0
    fields = ["kind", "on", "condition", "notes", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # the log is written by the services (inspect, replace) only


@admin.register(Board)
class BoardAdmin(HistoryAdmin):
    list_display = ["place", "kind", "installed_on", "condition", "last_inspected_on", "replaced_on"]
    list_filter = ["kind", "condition"]
    search_fields = ["place__name"]
    readonly_fields = ["condition", "last_inspected_on", "replaced_on"]
    autocomplete_fields = ["place"]
    inlines = [InspectionInline]


@admin.register(BoardInspection)
class BoardInspectionAdmin(HistoryAdmin):
    list_display = ["board", "kind", "on", "condition"]
    list_filter = ["kind", "condition"]
    date_hierarchy = "on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EditionInline(admin.TabularInline):
    model = LeafletEdition
    extra = 0


@admin.register(Leaflet)
class LeafletAdmin(HistoryAdmin):
    list_display = ["title", "unit", "active"]
    search_fields = ["title"]
    inlines = [EditionInline]


@admin.register(LeafletEdition)
class LeafletEditionAdmin(HistoryAdmin):
    list_display = ["leaflet", "number", "published_on"]
    search_fields = ["leaflet__title"]


@admin.register(PrintRun)
class PrintRunAdmin(HistoryAdmin):
    list_display = ["edition", "printed_on", "quantity", "printer"]
    date_hierarchy = "printed_on"

    def has_change_permission(self, request, obj=None):
        return False  # stock rules live in the services: record a correcting run instead


@admin.register(Distribution)
class DistributionAdmin(HistoryAdmin):
    list_display = ["edition", "distributed_on", "quantity", "place", "session", "unit"]
    date_hierarchy = "distributed_on"

    def has_add_permission(self, request):
        return False  # the stock check is in distribution_record(): use the leaflet pages

    def has_change_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = SessionPhoto
    extra = 0
    fields = ["caption", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # uploads are validated by session_photo_add()


@admin.register(Session)
class SessionAdmin(HistoryAdmin):
    list_display = ["held_on", "kind", "commune", "village", "lead_unit", "attendees"]
    list_filter = ["kind", "programme", "lead_unit"]
    search_fields = ["commune__name_search_key", "village"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["commune", "lead_unit"]
    filter_horizontal = ["fields", "staff"]
    inlines = [PhotoInline]

    def has_add_permission(self, request):
        return False  # recorded through the session form (session_record)


@admin.register(SessionPhoto)
class SessionPhotoAdmin(HistoryAdmin):
    list_display = ["session", "caption", "content_type", "size", "uploaded_at"]
    readonly_fields = ["image", "content_type", "size", "uploaded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(MediaItem)
class MediaItemAdmin(HistoryAdmin):
    list_display = ["published_on", "kind", "outlet", "title", "unit"]
    list_filter = ["kind"]
    search_fields = ["title", "outlet"]
    date_hierarchy = "published_on"


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = ["year", "unit", "measure", "session_kind", "place_kind", "value", "source"]
    list_filter = ["year", "measure"]
