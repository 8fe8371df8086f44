"""The correction forms of a case page: the case's intake data and its person's data, each with
the required reason. Types and required fields only; ``cases.services.corrections`` decides."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from legalaid.models import BeneficiaryCategory, Commune, LegalAidForm, LegalField, Unit
from legalaid.validation import PAST, BoundedIntegerField, CitizenIdField

from .access import CONTACT_FIELDS
from .forms import ID_MAX, _date_field
from .models import Beneficiary, Case, Sex
from .services import corrections

SEEN_MAX = 20_000  # the values the form showed, as JSON: a few short texts and one description


class CorrectionForm(forms.Form):
    """What both forms share: the values shown when the form was opened (``seen``, compared by
    the service to tell what someone changed meanwhile), the reason, and the reason for keeping
    categories the corrected data contradicts (asked for once the service refused them)."""

    editable: tuple[str, ...] = ()
    model: type = Case

    seen = forms.CharField(required=False, max_length=SEEN_MAX, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason for the correction"),
        help_text=_("For example: misspelt at intake; the citizen ID card shows otherwise."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category_override_reason = forms.CharField(
        label=_("why the categories stand although the data contradicts them"),
        help_text=_("Only if the corrected data contradicts a category: say what the proof papers show."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def seen_values(self) -> dict[str, str] | None:
        """The posted ``seen``, or None when it is not a mapping of texts (then not compared)."""
        try:
            value = json.loads(self.cleaned_data.get("seen") or "")
        except ValueError:
            return None
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return None
        return value

    def typed(self, name: str) -> str:
        """A field's cleaned value as the service shows it (compared with ``seen``)."""
        value = self.cleaned_data[name]
        if isinstance(value, QuerySet):
            value = sorted(value, key=lambda item: item.pk)
        return corrections.shown(self.model, name, value)

    def changes(self) -> dict[str, Any]:
        """The fields the user changed from what the form showed them (all, without ``seen``):
        a field they left alone never overwrites someone else's change."""
        seen = self.seen_values() or {}
        return {
            name: self.cleaned_data[name]
            for name in self.editable
            if name in self.fields and name in self.cleaned_data and seen.get(name) != self.typed(name)
        }

    def untouched(self) -> list[str]:
        """The fields whose posted value is what the form showed (after a conflict they take the
        record's current value)."""
        seen = self.seen_values() or {}
        return [
            name
            for name in self.editable
            if name in self.fields and name in self.cleaned_data and seen.get(name) == self.typed(name)
        ]


class CaseCorrectionForm(CorrectionForm):
    version = BoundedIntegerField(min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
    categories = forms.ModelMultipleChoiceField(
        label=_("beneficiary categories"),
        queryset=BeneficiaryCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    form = forms.ModelChoiceField(label=_("form of legal aid"), queryset=LegalAidForm.objects.none())
    field = forms.ModelChoiceField(label=_("field of law"), queryset=LegalField.objects.none())
    channel = forms.ChoiceField(label=_("channel"), choices=Case.Channel.choices)
    procedural_role = forms.ChoiceField(
        label=_("procedural role"),
        choices=[("", "---------"), *Case.ProceduralRole.choices],
        required=False,
        help_text=_("For proceedings and criminal matters; some categories require it."),
    )
    urgent = forms.BooleanField(label=_("urgent"), required=False)
    requester_kind = forms.ChoiceField(label=_("requester"), choices=Case.RequesterKind.choices)
    requester_name = forms.CharField(label=_("requester's name"), required=False, max_length=150)
    requester_relation = forms.CharField(
        label=_("relation to the beneficiary"), required=False, max_length=100
    )
    requester_phone = forms.CharField(label=_("requester's phone"), required=False, max_length=20)
    requester_agency = forms.ModelChoiceField(
        label=_("forwarding body"), required=False, queryset=Unit.objects.none()
    )
    forwarding_document = forms.CharField(label=_("forwarding document"), required=False, max_length=255)
    description = forms.CharField(
        label=_("description of the matter"), widget=forms.Textarea(attrs={"rows": 3})
    )

    editable = corrections.CASE_FIELDS
    field_order = [*corrections.CASE_FIELDS, "reason", "category_override_reason"]

    def __init__(self, data=None, *, case: Case, **kwargs):
        initial = {
            **{name: getattr(case, name) for name in corrections.CASE_FIELDS if name != "categories"},
            "categories": list(case.categories.all()),
            "version": case.version,
            "seen": json.dumps(corrections.current_values(case, [*corrections.CASE_FIELDS, "status"])),
        }
        super().__init__(data, initial=initial, **kwargs)
        current = [c.pk for c in initial["categories"]]
        self.fields["categories"].queryset = BeneficiaryCategory.objects.filter(
            Q(active=True) | Q(pk__in=current)
        ).order_by("position", "pk")
        self.fields["form"].queryset = LegalAidForm.objects.filter(Q(active=True) | Q(pk=case.form_id))
        self.fields["field"].queryset = LegalField.objects.filter(Q(active=True) | Q(pk=case.field_id))
        self.fields["requester_agency"].queryset = Unit.objects.filter(
            Q(
                kind__in=[Unit.Kind.POLICE, Unit.Kind.PROCURACY, Unit.Kind.COURT, Unit.Kind.DETENTION],
                active=True,
            )
            | Q(pk=case.requester_agency_id)
        )
        if case.status not in corrections.NOT_APPOINTED:
            for name in corrections.BEFORE_APPOINTMENT:  # shown as they stand, with the reason
                del self.fields[name]


class PersonCorrectionForm(CorrectionForm):
    full_name = forms.CharField(label=_("full name"), max_length=150)
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    date_of_birth = _date_field(_("date of birth"), required=False, initial_today=False, bounds=PAST)
    ethnicity = forms.ModelChoiceField(label=_("ethnicity"), required=False, queryset=None)
    citizen_id = CitizenIdField(label=_("citizen ID"), required=False)
    commune = forms.ModelChoiceField(label=_("commune"), required=False, queryset=Commune.objects.none())
    address = forms.CharField(label=_("address"), required=False, max_length=255)
    phone = forms.CharField(label=_("phone"), required=False, max_length=20)
    allow_duplicate = forms.BooleanField(
        label=_("Another person has the same name and date of birth: this is a different person"),
        required=False,
    )

    editable = corrections.PERSON_FIELDS
    model = Beneficiary
    field_order = [*corrections.PERSON_FIELDS, "reason", "allow_duplicate", "category_override_reason"]

    def __init__(self, data=None, *, person: Beneficiary, hide_contact: bool = False, **kwargs):
        from staffing.models import Ethnicity

        shown = [name for name in corrections.PERSON_FIELDS if not (hide_contact and name in CONTACT_FIELDS)]
        initial = {
            **{name: getattr(person, name) for name in shown},
            "seen": json.dumps(corrections.current_values(person, shown)),
        }
        super().__init__(data, initial=initial, **kwargs)
        self.fields["ethnicity"].queryset = Ethnicity.objects.all()
        self.fields["commune"].queryset = Commune.objects.filter(Q(active=True) | Q(pk=person.commune_id))
        if hide_contact:  # a sensitive case the user may not see: its contact data stays masked
            for name in CONTACT_FIELDS:
                del self.fields[name]
