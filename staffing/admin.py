"""The admin: people, yearly quotas, trainings, and the spreadsheet import
(upload -> preview of every row with its errors -> confirm; large files as a background job)."""

from __future__ import annotations

import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin

from legalaid.commands import number
from legalaid.history import attribute_to
from legalaid.history_admin import HistoryAdmin
from legalaid.jobs import job_start
from legalaid.refusal import Refusal, RefusalAdminMixin, add_to_form
from legalaid.spreadsheets import xlsx_response
from staffing import services
from staffing.exports import INVALID_ROWS_FILENAME, TEMPLATE_FILENAME, invalid_rows_sheet, template_sheet
from staffing.forms import ImportConfirmForm, ImportUploadForm
from staffing.importer import import_people
from staffing.models import AssistantQuota, Attendance, Ethnicity, Person, StaffingYear, Training
from staffing.resources import PersonResource

# Files above this many rows are written by a background job with a progress page.
BACKGROUND_ROWS = 1000


def _upload_path(token: str) -> str:
    return f"staffing/imports/{token}.xlsx"


@admin.register(Person)
class PersonAdmin(RefusalAdminMixin, ExportMixin, HistoryAdmin):
    resource_classes = [PersonResource]
    change_list_template = "admin/staffing/person/change_list.html"
    list_display = ("full_name", "kind", "status", "unit", "commune", "card_number", "contract_end")
    list_filter = ("kind", "status", "unit", "sex", "is_village_head", "is_respected_person", "fields")
    search_fields = ("name_search_key", "citizen_id", "card_number", "phone")
    autocomplete_fields = ("commune", "user")
    filter_horizontal = ("fields", "minority_languages")
    readonly_fields = ("status", "status_reason", "status_date", "created_at", "updated_at")
    list_select_related = ("unit", "commune")
    fieldsets = (
        (None, {"fields": ("full_name", "kind", "unit", "position", "fields", "user")}),
        (
            gettext_lazy("Personal details"),
            {
                "fields": (
                    "citizen_id",
                    "sex",
                    "date_of_birth",
                    "ethnicity",
                    "minority_languages",
                    "commune",
                    "address",
                    "phone",
                    "email",
                    "occupation",
                    "workplace",
                )
            },
        ),
        (
            gettext_lazy("Appointment and card"),
            {
                "fields": (
                    "appointment_decision",
                    "appointment_date",
                    "card_number",
                    "card_issued_on",
                    "card_expires_on",
                    "has_law_degree",
                    "has_lawyer_training",
                )
            },
        ),
        (gettext_lazy("Collaborator"), {"fields": ("is_village_head", "is_respected_person")}),
        (
            gettext_lazy("Lawyer or legal adviser"),
            {
                "fields": (
                    "bar_association",
                    "organisation",
                    "contract_number",
                    "contract_start",
                    "contract_end",
                )
            },
        ),
        (gettext_lazy("Status"), {"fields": ("status", "status_reason", "status_date", "notes")}),
    )

    def get_search_results(self, request, queryset, search_term):
        if search_term:
            return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        urls = [
            path(
                "nhap-excel/",
                self.admin_site.admin_view(self.import_sheet_view),
                name="staffing_person_import_sheet",
            ),
            path(
                "nhap-excel/<str:token>/dong-loi.xlsx",
                self.admin_site.admin_view(self.invalid_rows_view),
                name="staffing_person_import_invalid",
            ),
            path(
                "mau-nhap.xlsx",
                self.admin_site.admin_view(self.template_view),
                name="staffing_person_template",
            ),
        ]
        return urls + super().get_urls()

    def _check_import_permission(self, request) -> None:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied

    def template_view(self, request):
        return xlsx_response([template_sheet()], filename=TEMPLATE_FILENAME)

    def invalid_rows_view(self, request, token: str):
        self._check_import_permission(request)
        content = _stored_upload(token)
        try:
            result = import_people(content, dry_run=True)
        except Refusal as refusal:  # the upload was read once already; only a changed file lands here
            raise Http404 from refusal
        return xlsx_response([invalid_rows_sheet(result)], filename=INVALID_ROWS_FILENAME)

    def import_sheet_view(self, request):
        """Upload -> preview (dry run of every row) -> confirm (write, or a job for big files)."""
        self._check_import_permission(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import people from a spreadsheet"),
            "template_url": reverse("admin:staffing_person_template"),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["file"].read()
            try:
                result = import_people(content, dry_run=True, name=form.cleaned_data["file"].name)
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                token = uuid.uuid4().hex
                default_storage.save(_upload_path(token), ContentFile(content))
                context.update(
                    result=result,
                    filename=form.cleaned_data["file"].name,
                    confirm_form=ImportConfirmForm(initial={"token": token}),
                    invalid_url=reverse("admin:staffing_person_import_invalid", args=[token]),
                    background=len(result.rows) > BACKGROUND_ROWS,
                )
                return TemplateResponse(request, "admin/staffing/person/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/staffing/person/import_upload.html", context)

    def _confirm(self, request, context):
        form = ImportConfirmForm(request.POST)
        if not form.is_valid():
            raise Http404
        token, skip_invalid = form.cleaned_data["token"], form.cleaned_data["skip_invalid"]
        content = _stored_upload(token)
        rows = import_people(content, dry_run=True)
        if len(rows.rows) > BACKGROUND_ROWS:
            from staffing.tasks import import_people_task

            job = job_start(
                task=import_people_task,
                kind="staffing.import",
                label=_("Import of people from a spreadsheet (%(rows)s rows)")
                % {"rows": number(len(rows.rows))},
                by=request.user,
                path=_upload_path(token),
                skip_invalid=skip_invalid,
                user_id=request.user.pk,
            )
            return redirect("job_detail", pk=job.pk)
        result = import_people(content, skip_invalid=skip_invalid, by=request.user)
        if result.written:
            default_storage.delete(_upload_path(token))
            messages.success(request, _("Import done: %(summary)s.") % {"summary": result.summary_line()})
            return redirect("admin:staffing_person_changelist")
        messages.error(
            request,
            _(
                "Nothing was imported: %(count)s rows are invalid. Fix them or choose to import only "
                "the valid rows."
            )
            % {"count": number(result.invalid)},
        )
        context.update(
            result=result,
            confirm_form=ImportConfirmForm(initial={"token": token}),
            invalid_url=reverse("admin:staffing_person_import_invalid", args=[token]),
            background=False,
        )
        return TemplateResponse(request, "admin/staffing/person/import_preview.html", context)

    def save_model(self, request, obj, form, change):
        attribute_to(obj, request.user)
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Suspend the selected people"))
    def suspend(self, request, queryset):
        for person in queryset:
            services.person_change_status(
                person=person,
                status=Person.Status.SUSPENDED,
                reason=_("Suspended in the administration"),
                by=request.user,
            )

    actions = ["suspend"]


def _stored_upload(token: str) -> bytes:
    name = _upload_path(token)
    if len(token) != 32 or not default_storage.exists(name):
        raise Http404
    with default_storage.open(name, "rb") as handle:
        return handle.read()


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "other_names")
    search_fields = ("name", "name_search_key", "other_names")


@admin.register(StaffingYear)
class StaffingYearAdmin(HistoryAdmin):
    list_display = ("year", "assistant_case_quota", "training_hours")


@admin.register(AssistantQuota)
class AssistantQuotaAdmin(HistoryAdmin):
    list_display = ("person", "year", "cases", "reason")
    list_filter = ("year",)
    autocomplete_fields = ("person",)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ("person",)
    extra = 1


@admin.register(Training)
class TrainingAdmin(HistoryAdmin):
    list_display = ("title", "organiser", "start_date", "end_date", "hours", "is_lawyer_course")
    list_filter = ("is_lawyer_course",)
    search_fields = ("title", "organiser", "topic")
    date_hierarchy = "start_date"
    inlines = [AttendanceInline]
