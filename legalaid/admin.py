from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from legalaid.accounts.services import login_unlock, password_reset_link
from legalaid.history_admin import HistoryAdmin
from legalaid.models import (
    BeneficiaryCategory,
    CalendarOverride,
    CategoryProof,
    Commune,
    Job,
    LegalAidForm,
    LegalField,
    Notification,
    PeriodicReport,
    ProofDocumentType,
    Province,
    StatisticsColumn,
    StatisticsRow,
    StatisticsTable,
    Unit,
    User,
)
from legalaid.refusal import Refusal
from legalaid.rule_admin import RuleAdminMixin

admin.site.site_header = _("Legal aid centre: administration")
admin.site.site_title = _("Legal aid administration")
admin.site.index_title = _("Settings and reference lists")


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "unit", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "unit"]
    search_fields = ["username", "name_search_key", "email"]
    ordering = ["name_sort_key"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "title", "unit", "phone", "email"]}),
        (_("Roles and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "unit", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]
    actions = ["unlock_logins", "make_password_link"]

    def get_search_results(self, request, queryset, search_term):
        from legalaid.text import search_key

        return super().get_search_results(request, queryset, search_key(search_term))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/lien-ket-dat-lai-mat-khau/",
                self.admin_site.admin_view(self.password_link_view),
                name="legalaid_user_password_link",
            ),
            *super().get_urls(),
        ]

    def password_link_view(self, request, object_id):
        """A one-time link for the person to set a new password, shown to the administrator to
        hand over (the deployment may send no mail). Made on POST only: a GET shows the button."""
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        link = None
        if request.method == "POST":
            try:
                link = request.build_absolute_uri(password_reset_link(user=user, by=request.user))
            except Refusal as refusal:
                messages.error(request, str(refusal.message))
            else:
                self.log_change(request, user, gettext("A one-time password link was made."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": _("Password link for %(name)s") % {"name": user},
            "link": link,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        return TemplateResponse(request, "admin/legalaid/user/password_link.html", context)

    @admin.action(description=_("Make a password reset link"), permissions=["change"])
    def make_password_link(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one account to make a link for."), messages.WARNING)
            return None
        return redirect("admin:legalaid_user_password_link", queryset.get().pk)

    @admin.action(description=_("Unlock (after too many failed logins)"), permissions=["change"])
    def unlock_logins(self, request, queryset):
        users = list(queryset)
        login_unlock(users=users)
        for user in users:
            self.log_change(request, user, gettext("Unlocked after too many failed logins."))
        count = len(users)
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Unit)
class UnitAdmin(HistoryAdmin):
    list_display = ["indented_name", "short_name", "kind", "province", "active"]
    list_filter = ["kind", "active", "province"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["communes"]
    ordering = ["path"]

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return "— " * obj.depth + obj.name


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return False  # loaded from the official list by manage.py load_areas

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(HistoryAdmin):
    list_display = [
        "code",
        "name",
        "division_type",
        "province",
        "extremely_disadvantaged",
        "extremely_disadvantaged_from",
        "extremely_disadvantaged_until",
        "active",
    ]
    list_filter = ["province", "division_type", "extremely_disadvantaged", "active"]
    list_editable = [
        "extremely_disadvantaged",
        "extremely_disadvantaged_from",
        "extremely_disadvantaged_until",
    ]
    search_fields = ["name_search_key", "code"]
    readonly_fields = ["code", "province", "name", "division_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        from legalaid.text import search_key

        return super().get_search_results(request, queryset, search_key(search_term))


@admin.register(LegalAidForm, LegalField)
class ReferenceAdmin(HistoryAdmin):
    list_display = ["code", "name", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["code", "name"]


class CategoryProofInline(admin.TabularInline):
    model = CategoryProof
    extra = 1
    autocomplete_fields = ["document_type"]


@admin.register(BeneficiaryCategory)
class BeneficiaryCategoryAdmin(RuleAdminMixin, HistoryAdmin):
    list_display = [
        "code",
        "clause",
        "name",
        "requires_financial_hardship",
        "sensitive",
        "valid_from",
        "valid_to",
        "active",
    ]
    list_filter = ["requires_financial_hardship", "sensitive", "active"]
    search_fields = ["code", "name"]
    inlines = [CategoryProofInline]


@admin.register(ProofDocumentType)
class ProofDocumentTypeAdmin(HistoryAdmin):
    search_fields = ["name"]


@admin.register(CategoryProof)
class CategoryProofAdmin(RuleAdminMixin, admin.ModelAdmin):
    list_display = ["category", "group", "document_type"]
    list_filter = ["category"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(HistoryAdmin):
    list_display = ["day", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "day"


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Whether notices went out, were read and were e-mailed, for tracing a mail problem; the
    text (which may name a beneficiary) is not shown: it belongs to its recipient."""

    list_display = ["recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = [
        "kind",
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
    ]
    fields = ("recipient", "kind", "created_at", "read_at", "emailed_at")
    readonly_fields = ("recipient", "kind", "created_at", "read_at", "emailed_at")
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatisticsRowInline(admin.TabularInline):
    model = StatisticsRow
    extra = 0


class StatisticsColumnInline(admin.TabularInline):
    model = StatisticsColumn
    extra = 0


@admin.register(StatisticsTable)
class StatisticsTableAdmin(HistoryAdmin):
    list_display = [
        "code",
        "title",
        "indicator_key",
        "counts",
        "definition_verified",
        "valid_from",
        "valid_to",
    ]
    search_fields = ["code", "title"]
    inlines = [StatisticsRowInline, StatisticsColumnInline]


@admin.register(StatisticsRow, StatisticsColumn)
class StatisticsLineAdmin(HistoryAdmin):
    list_display = ["table", "position", "number", "label", "group", "filters"]
    list_filter = ["table"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(HistoryAdmin):
    list_display = ["unit", "kind", "year", "status", "updated_at"]
    list_filter = ["kind", "status", "year"]
    readonly_fields = ["status"]  # issued by the director through the report page
