"""The export of cases for the Ministry's national legal-aid software.

Personal data leaves the system: only the holders of ``cases.export_national`` (the centre's
director and administrators) may export, each within their own unit's subtree."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from legalaid.widgets import VietnameseDateField, VietnameseDateInput
from staffing.national_export import NationalExportForm, deliver, direct_rows

from ..national_export import (
    DATE_BASES,
    PERMISSION,
    REQUEST_DATE,
    case_columns,
    cases_file,
    cases_filename,
    national_cases,
    national_cases_task,
)

DATE_INPUT = VietnameseDateInput()
DATE_ERRORS = {
    "invalid": gettext_lazy("Enter a real date, as dd/mm/yyyy."),
    "required": gettext_lazy("Enter a date."),
}


def _date_field(label):
    return VietnameseDateField(label=label, widget=DATE_INPUT, error_messages=DATE_ERRORS)


class CaseExportForm(NationalExportForm):
    basis = forms.ChoiceField(
        label=gettext_lazy("Choose the cases by"),
        choices=DATE_BASES,
        initial=REQUEST_DATE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose the request date or the acceptance date.")},
    )
    start = _date_field(gettext_lazy("From date"))
    end = _date_field(gettext_lazy("To date (inclusive)"))
    without_national_id = forms.BooleanField(
        label=gettext_lazy("Only cases without an ID in the Ministry's software"),
        required=False,
        help_text=gettext_lazy("The cases still to be entered in the national software."),
    )
    field_order = ["unit", "basis", "start", "end", "without_national_id", "file_format"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start"].initial = date(today.year, 1, 1)
        self.fields["end"].initial = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end", _("The end date is before the start date: give a period that ends after it starts.")
            )
        return cleaned


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def national_export(request):
    form = CaseExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit, file_format, basis = data["unit"], data["file_format"], data["basis"]
        start, end, without = data["start"], data["end"], data["without_national_id"]
        cases = national_cases(
            user=request.user, unit=unit, start=start, end=end, basis=basis, without_national_id=without
        )
        total = cases.count()
        if total == 0:
            form.add_error(None, _("No case matches these choices: there is nothing to export."))
        else:
            return deliver(
                request,
                total=total,
                build=lambda: cases_file(cases, user=request.user, file_format=file_format),
                filename=cases_filename(basis=basis, start=start, end=end, file_format=file_format),
                file_format=file_format,
                task=national_cases_task,
                job_kind="cases.national_export",
                job_label=_("Cases of %(unit)s for the Ministry's software, %(start)s–%(end)s (%(format)s)")
                % {
                    "unit": unit.name,
                    "start": start.strftime("%d/%m/%Y"),
                    "end": end.strftime("%d/%m/%Y"),
                    "format": file_format.upper(),
                },
                unit=unit,
                parameters={
                    "user_id": request.user.pk,
                    "unit_id": unit.pk,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "basis": basis,
                    "without_national_id": without,
                    "file_format": file_format,
                },
            )
    return render(
        request,
        "cases/national_export.html",
        {"form": form, "columns": case_columns(), "direct_rows": direct_rows()},
    )
