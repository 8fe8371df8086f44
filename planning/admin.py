from django.contrib import admin

from legalaid.history_admin import HistoryAdmin
from planning.models import Activity, ActivityUnit, Plan, ProgressNote, Section, StatusChange, Target


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ("title", "kind", "status", "number", "period_start", "period_end", "unit")
    list_filter = ("kind", "status")
    search_fields = ("title", "number")
    raw_id_fields = ("unit", "copied_from", "imported_by")
    # The status moves through planning.services.plan_set_status (its table and its history).
    readonly_fields = ("status", "revises", "version")


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ("plan", "number", "title", "kind", "position")
    raw_id_fields = ("plan", "parent")


class ActivityUnitInline(admin.TabularInline):
    model = ActivityUnit
    extra = 0
    raw_id_fields = ("unit",)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    raw_id_fields = ("unit",)
    readonly_fields = ("indicator_key", "filters")


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("plan", "number", "title", "start_date", "end_date", "recurrence", "status_override")
    list_filter = ("recurrence",)
    search_fields = ("title", "number")
    raw_id_fields = ("plan", "section")
    # Statuses set by hand go through the activity page (reason and history).
    readonly_fields = ("status_override", "status_reason", "version")
    inlines = [ActivityUnitInline, TargetInline]


@admin.register(ActivityUnit)
class ActivityUnitAdmin(HistoryAdmin):
    list_display = ("activity", "role", "name", "unit", "share")
    raw_id_fields = ("activity", "unit")


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = ("activity", "label", "quantity", "measure", "unit", "indicator_key")
    raw_id_fields = ("activity", "unit")


@admin.register(ProgressNote)
class ProgressNoteAdmin(HistoryAdmin):
    list_display = ("activity", "day", "text", "by")
    raw_id_fields = ("activity", "by")


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("activity", "status", "reason", "by", "at")
    raw_id_fields = ("activity", "by")
    readonly_fields = ("activity", "status", "reason", "by", "at")
