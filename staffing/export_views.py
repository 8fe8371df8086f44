"""The export of the people who perform legal aid for the Ministry's national software.

Personal data leaves the system: only the holders of ``staffing.export_national`` (the centre's
director and administrators) may export, each within their own unit's subtree."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from staffing.models import Person
from staffing.national_export import (
    PERMISSION,
    NationalExportForm,
    deliver,
    direct_rows,
    national_people,
    national_people_task,
    people_columns,
    people_download_name,
    people_file,
)


class PeopleExportForm(NationalExportForm):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of performer"),
        choices=[(kind.value, kind.label) for kind in Person.PERFORMER_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every kind."),
        error_messages={"invalid_choice": gettext_lazy("Choose kinds of performer from the list.")},
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status of the performers"),
        choices=[("", gettext_lazy("Every status")), *Person.Status.choices],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a status from the list.")},
    )
    field_order = ["unit", "kinds", "status", "file_format"]


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def national_export(request):
    form = PeopleExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit, file_format = data["unit"], data["file_format"]
        people = national_people(user=request.user, unit=unit, kinds=data["kinds"], status=data["status"])
        total = people.count()
        if total == 0:
            form.add_error(None, _("No performer matches these choices: there is nothing to export."))
        else:
            return deliver(
                request,
                total=total,
                build=lambda: people_file(people, file_format=file_format),
                filename=people_download_name(file_format),
                file_format=file_format,
                task=national_people_task,
                job_kind="staffing.national_export",
                job_label=_("Performers of %(unit)s for the Ministry's software (%(format)s)")
                % {"unit": unit.name, "format": file_format.upper()},
                unit=unit,
                parameters={
                    "user_id": request.user.pk,
                    "unit_id": unit.pk,
                    "kinds": list(data["kinds"]),
                    "status": data["status"],
                    "file_format": file_format,
                },
            )
    return render(
        request,
        "staffing/national_export.html",
        {
            "form": form,
            "columns": people_columns(),
            "direct_rows": direct_rows(),
        },
    )
