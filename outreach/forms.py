"""Forms: input shapes only. The rules (stock, dates, attendees, staff of the lead unit) are in
the services, whose refusals the views put back on the form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from legalaid.models import Commune, LegalField, Unit
from legalaid.text import search_key
from legalaid.validation import RECORD, BoundedIntegerField, bound_date, count_field, year_field
from legalaid.widgets import VietnameseDateField
from outreach.coverage import province_of
from outreach.models import Board, LeafletEdition, MediaItem, Place, Session, Target
from staffing.models import Person

LEAD_KINDS = (Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH)


class Form(forms.Form):
    """Labels share the models' lower-case wording; on a form they start with a capital."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class CommuneSelect(forms.Select):
    """A select whose options carry the diacritic-free name, so the picker can filter "mau son"
    to "Xã Mẫu Sơn" in the browser without a round trip (slow village connections)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-key"] = search_key(str(label))
        return option


class StaffCheckboxes(forms.CheckboxSelectMultiple):
    """Each person carries their unit's path: the form shows only the lead unit's staff."""

    paths: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-path"] = self.paths.get(str(value), "")
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def communes_for(user) -> forms.models.QuerySet:
    communes = Commune.objects.filter(active=True).order_by("name_search_key")
    province = province_of(user.unit) if user.unit_id else None
    return communes.filter(province_id=province) if province else communes


def lead_units_for(user):
    units = Unit.objects.filter(kind__in=LEAD_KINDS, active=True).order_by("path")
    if user.is_superuser:
        return units
    return units.filter(path__startswith=user.unit.path) if user.unit_id else units.none()


def _number(label, required=False):
    return count_field(label, required=required)


def _date(label, required=True):
    return bound_date(VietnameseDateField(label=label, required=required), RECORD)


class SessionForm(Form):
    kind = forms.ChoiceField(
        label=_("kind of session"), choices=Session.Kind.choices, widget=forms.RadioSelect
    )
    held_on = _date(_("date"))
    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.none(), widget=CommuneSelect
    )
    village = forms.CharField(label=_("village"), required=False, max_length=150)
    lead_unit = forms.ModelChoiceField(label=_("lead unit"), queryset=Unit.objects.none())
    attendees = _number(_("attendees"), required=True)
    attendees_women = _number(_("of whom women"))
    attendees_minority = _number(_("of whom ethnic-minority people"))
    staff = forms.ModelMultipleChoiceField(
        label=_("run by"), queryset=Person.objects.none(), required=False, widget=StaffCheckboxes
    )
    partners = forms.CharField(label=_("partners"), required=False, max_length=255)
    topics = forms.CharField(label=_("topics"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    legal_fields = forms.ModelMultipleChoiceField(
        label=_("fields of law"),
        queryset=LegalField.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programme = forms.ChoiceField(
        label=_("national target programme"), choices=Session.Programme.choices, required=False
    )
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    edition = forms.ModelChoiceField(
        label=_("leaflet handed out"), queryset=LeafletEdition.objects.none(), required=False
    )
    leaflets = _number(_("number of leaflets handed out"))
    photos = MultipleFileField(label=_("photos (JPEG or PNG)"), required=False)
    version = BoundedIntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, user, editions=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for(user)
        self.fields["lead_unit"].queryset = lead_units_for(user)
        lead_units = list(self.fields["lead_unit"].queryset)
        if lead_units:
            centre = lead_units[0]
            staff = Person.objects.active().filter(unit__path__startswith=centre.path).select_related("unit")
            self.fields["staff"].queryset = staff
            self.fields["staff"].widget.paths = {str(p.pk): p.unit.path for p in staff}
        self.fields["held_on"].initial = timezone.localdate()
        if user.unit_id and user.unit.kind in LEAD_KINDS:
            self.fields["lead_unit"].initial = user.unit_id
        if editions is not None:
            self.fields["edition"].queryset = editions
        if editing:
            for name in ("edition", "leaflets", "photos"):
                del self.fields[name]
        else:
            del self.fields["version"]
        for name in ("attendees", "attendees_women", "attendees_minority"):
            self.fields[name].widget.attrs["min"] = 0

    def clean(self):
        data = super().clean()
        if "edition" in self.fields and bool(data.get("edition")) != bool(data.get("leaflets")):
            raise forms.ValidationError(
                _("Choose the leaflet and give the number handed out, or leave both empty.")
            )
        for name in ("attendees_women", "attendees_minority"):
            data[name] = data.get(name) or 0
        return data


class PhotoForm(Form):
    photos = MultipleFileField(label=_("photos (JPEG or PNG)"))
    caption = forms.CharField(label=_("caption"), required=False, max_length=255)


class HandoutForm(Form):
    edition = forms.ModelChoiceField(label=_("leaflet"), queryset=LeafletEdition.objects.none())
    quantity = count_field(_("quantity"), min_value=1)

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions


class PlaceForm(Form):
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=Place.Kind.choices)
    commune = forms.ModelChoiceField(
        label=_("commune"), queryset=Commune.objects.none(), widget=CommuneSelect
    )
    body = forms.ModelChoiceField(label=_("outside body"), queryset=Unit.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("unit in charge"), queryset=Unit.objects.none())
    address = forms.CharField(label=_("address"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for(user)
        self.fields["unit"].queryset = lead_units_for(user)
        bodies = (
            Unit.objects.exclude(kind__in=Unit.INTERNAL_KINDS).filter(active=True).order_by("kind", "name")
        )
        province = province_of(user.unit) if user.unit_id else None
        self.fields["body"].queryset = bodies.filter(province_id=province) if province else bodies
        if user.unit_id and user.unit.kind in LEAD_KINDS:
            self.fields["unit"].initial = user.unit_id


class BoardForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Board.Kind.choices)
    installed_on = _date(_("installed on"))
    notes = forms.CharField(label=_("notes"), max_length=255, required=False)


class InspectionForm(Form):
    on = _date(_("date"))
    condition = forms.ChoiceField(label=_("condition"), choices=Board.Condition.choices)
    notes = forms.CharField(label=_("notes"), max_length=255, required=False)


class ReplaceForm(Form):
    on = _date(_("replaced on"))
    notes = forms.CharField(label=_("notes"), max_length=255, required=False)


class PlanForm(Form):
    year = year_field(_("year"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        required=False,
        empty_value=None,
    )


class LeafletForm(Form):
    title = forms.CharField(label=_("leaflet title"), max_length=255)
    published_on = _date(_("published on"), required=False)


class PrintRunForm(Form):
    printed_on = _date(_("printed on"))
    quantity = count_field(_("quantity"), min_value=1)
    printer = forms.CharField(label=_("printer"), max_length=200, required=False)


class DistributionForm(Form):
    distributed_on = _date(_("date"))
    quantity = count_field(_("quantity"), min_value=1)
    place = forms.ModelChoiceField(label=_("place"), queryset=Place.objects.none())

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places


class MediaItemForm(forms.ModelForm):
    class Meta:
        model = MediaItem
        fields = ["kind", "published_on", "outlet", "title", "link", "unit"]
        field_classes = {"published_on": VietnameseDateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = lead_units_for(user)
        bound_date(self.fields["published_on"], RECORD)
        if user.unit_id and user.unit.kind in LEAD_KINDS:
            self.fields["unit"].initial = user.unit_id


class TargetForm(Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    measure = forms.ChoiceField(label=_("measure"), choices=Target.Measure.choices)
    session_kind = forms.ChoiceField(
        label=_("kind of session"), choices=[("", _("Every kind"))] + Session.Kind.choices, required=False
    )
    place_kind = forms.ChoiceField(
        label=_("kind of place"), choices=[("", _("Every kind"))] + Place.Kind.choices, required=False
    )
    value = count_field(_("target"))
    source = forms.CharField(label=_("source"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = lead_units_for(user)
        if user.unit_id and user.unit.kind in LEAD_KINDS:
            self.fields["unit"].initial = user.unit_id

    def clean(self):
        data = super().clean()
        if data.get("measure") != Target.Measure.SESSIONS:
            data["session_kind"] = ""
        if data.get("measure") != Target.Measure.BOARD_COVERAGE:
            data["place_kind"] = ""
        return data
