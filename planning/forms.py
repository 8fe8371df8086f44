from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid import indicators
from legalaid.refusal import Refusal
from legalaid.validation import date_field
from legalaid.widgets import VietnameseDateField
from planning import bindings
from planning.models import ActivityStatus

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Word document (.docx) or text file (.txt)"), required=False)
    text = forms.CharField(
        label=_("…or paste the plan's text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    unit = forms.ModelChoiceField(label=_("Plan of"), queryset=None, empty_label=None)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            raw = upload.read()
            if upload.name.lower().endswith(".docx"):
                from planning.importer import docx_to_text

                try:
                    text = docx_to_text(raw, name=upload.name)
                except Refusal as refusal:
                    raise forms.ValidationError(str(refusal)) from None
            else:
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise forms.ValidationError(
                        _("The file is neither a Word .docx document nor UTF-8 text.")
                    ) from None
        if not text.strip():
            raise forms.ValidationError(_("Choose a file or paste the plan's text."))
        data["plan_text"] = text
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— computed from the figures and dates —"))] + list(ActivityStatus.choices),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    day = date_field(_("Date"), initial=timezone.localdate)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=300,
        help_text=_("Document number, link or where the proof is kept."),
    )


class BindForm(forms.Form):
    """The indicator and, where its filters have lists, one of their values: chosen, not typed."""

    binding = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        help_text=_("The figure the target is measured by, and what it counts."),
        error_messages={"invalid_choice": _("Choose the indicator and what it counts from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["binding"].choices = bindings.binding_choices()

    def clean(self):
        data = super().clean()
        key, filters = bindings.decode(data.get("binding") or "")
        data["indicator_key"], data["filters"] = key, filters
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("binding", None)
        return data


class TargetForm(BindForm):
    label = forms.CharField(label=_("Target as written"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0.01, max_digits=12, decimal_places=2)
    measure = forms.CharField(
        label=_("Unit of measure"), max_length=40, help_text=_("e.g. cuộc, chuyên đề, %")
    )
    unit = forms.ModelChoiceField(label=_("For unit"), queryset=None, required=False)

    field_order = ["label", "quantity", "measure", "unit", "binding"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ActivityListForm(forms.Form):
    """The filters of the activity list, the same ones the plan figures take: the period, the
    scope (a unit and everything under it), the lead unit, statuses and the plan."""

    start = VietnameseDateField(
        label=_("From date"),
        required=False,
        error_messages={"invalid": _("Write the first day as dd/mm/yyyy.")},
    )
    end = VietnameseDateField(
        label=_("To date"),
        required=False,
        error_messages={"invalid": _("Write the last day as dd/mm/yyyy.")},
    )
    scope = forms.ModelChoiceField(
        label=_("Unit and the units under it"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("That unit does not exist or is outside what you may see.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Lead unit"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("That lead unit does not exist or is outside what you may see.")},
    )
    status = forms.MultipleChoiceField(
        label=_("Activity status"),
        choices=ActivityStatus.choices,
        required=False,
        error_messages={"invalid_choice": _("Unknown activity status: %(value)s.")},
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("That plan does not exist, is a draft or is outside what you may see.")
        },
    )

    def __init__(self, *args, scopes=None, leads=None, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
        self.fields["unit"].queryset = leads
        self.fields["plan"].queryset = plans

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and end is None:
            year = timezone.localdate().year
            start, end = date(year, 1, 1), date(year, 12, 31)
        elif start is None:
            start = date(end.year, 1, 1)
        elif end is None:
            end = date(start.year, 12, 31)
        if end < start:
            raise forms.ValidationError(_("The last day cannot come before the first day."))
        data["period"] = indicators.Period(start, end)
        return data
