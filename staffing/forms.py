from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from legalaid.models import Commune, LegalField, Unit
from legalaid.uploads import UploadValidator
from legalaid.validation import PERSONNEL, QUERY_TEXT_MAX, date_field
from staffing.models import Person


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("The first sheet is read; the header row is found by itself below any title lines."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file ending in .xlsx."))
        UploadValidator(("xlsx",))(upload)  # a real workbook, not too large once unpacked
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(
        label=_("Import only the valid rows and leave the invalid ones out"), required=False
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=QUERY_TEXT_MAX,
        help_text=_("Name (with or without accents), citizen ID, phone or card number."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Person.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Person.Status.choices]
    )
    commune = forms.ModelChoiceField(label=_("Commune"), required=False, queryset=Commune.objects.none())
    field = forms.ModelChoiceField(
        label=_("Field of law"), required=False, queryset=LegalField.objects.filter(active=True)
    )
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())

    def __init__(self, *args, units=None, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["commune"].queryset = communes if communes is not None else Commune.objects.none()


class RosterFilterForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), required=False, queryset=Commune.objects.none())
    field = forms.ModelChoiceField(
        label=_("Field of law"), required=False, queryset=LegalField.objects.filter(active=True)
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *[(k.value, k.label) for k in Person.PERFORMER_KINDS]],
    )

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes if communes is not None else Commune.objects.none()


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Person.Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=255)
    on = date_field(_("Since"), bounds=PERSONNEL, required=False)


# --- The public roster's publish step ------------------------------------------------------------


class PublicationFilterForm(forms.Form):
    waiting = forms.BooleanField(
        label=_("Only people waiting to be published"),
        required=False,
        help_text=_("Active performers with their card and contract in force, never published."),
    )


class PublishSelectedForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to publish"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people if people is not None else Person.objects.none()


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=255)
