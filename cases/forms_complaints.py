"""Forms of the hotline and complaints book (cases/views/complaints.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from legalaid.models import User

from .forms import _date_field, _hidden_id
from .models import Complaint


class ComplaintForm(forms.Form):
    received_on = _date_field(_("received on"))
    caller = forms.CharField(label=_("caller"), max_length=150)
    phone = forms.CharField(label=_("phone"), required=False, max_length=20)
    channel = forms.ChoiceField(label=_("channel"), choices=Complaint.Channel.choices)
    topic = forms.ChoiceField(label=_("topic"), choices=Complaint.Topic.choices)
    case_query = forms.CharField(
        label=_("find the case"),
        required=False,
        max_length=100,
        help_text=_("Register number, name (accents not needed) or citizen ID."),
    )
    case = _hidden_id()  # the case chosen among those found (a radio button on the page)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # Drawn by the template at their own places, not in the grid of fields.
    PLACED = ("case_query", "case", "content", "confirm_duplicate")


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("handler"), queryset=User.objects.none())
    version = _hidden_id(required=True)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = handlers


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=Complaint.Status.choices, widget=forms.HiddenInput)
    resolution = forms.CharField(
        label=_("how it was resolved"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolved_on = _date_field(_("resolved on"), required=False)
    version = _hidden_id(required=True)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("all")), *Complaint.Status.choices]
    )
    handler = forms.ModelChoiceField(
        label=_("handler"), required=False, queryset=User.objects.none(), empty_label=_("all")
    )
    open = forms.BooleanField(label=_("still open"), required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = handlers
