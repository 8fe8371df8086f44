"""django-import-export resource: the admin's Excel export of people, under the same Vietnamese
headings the import reads and the template carries. The benchmark also uses it as the library's
default row-by-row import to compare against ``staffing.importer``."""

from __future__ import annotations

from import_export import resources, widgets
from import_export.fields import Field

from legalaid.models import Commune, LegalField
from staffing.exports import KIND_LABELS
from staffing.importer import COLUMN_BY_KEY
from staffing.models import Ethnicity, Person


def _h(key: str) -> str:
    return COLUMN_BY_KEY[key].header


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        by_label = {v: k for k, v in KIND_LABELS.items()}
        return by_label.get(value, value or Person.Kind.COLLABORATOR)

    def render(self, value, obj=None, **kwargs):
        return KIND_LABELS.get(value, value)


class SexWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return {"Nam": Person.Sex.MALE, "Nữ": Person.Sex.FEMALE}.get(value, value or "")

    def render(self, value, obj=None, **kwargs):
        return {Person.Sex.MALE: "Nam", Person.Sex.FEMALE: "Nữ"}.get(value, "")


class PersonResource(resources.ModelResource):
    full_name = Field("full_name", _h("full_name"))
    citizen_id = Field("citizen_id", _h("citizen_id"))
    sex = Field("sex", _h("sex"), widget=SexWidget())
    date_of_birth = Field("date_of_birth", _h("date_of_birth"), widget=widgets.DateWidget("%d/%m/%Y"))
    ethnicity = Field("ethnicity", _h("ethnicity"), widget=widgets.ForeignKeyWidget(Ethnicity, "name"))
    minority_languages = Field(
        "minority_languages",
        _h("minority_languages"),
        widget=widgets.ManyToManyWidget(Ethnicity, separator=", ", field="name"),
    )
    commune = Field("commune", _h("commune"), widget=widgets.ForeignKeyWidget(Commune, "name"))
    address = Field("address", _h("address"))
    phone = Field("phone", _h("phone"))
    email = Field("email", _h("email"))
    occupation = Field("occupation", _h("occupation"))
    workplace = Field("workplace", _h("workplace"))
    position = Field("position", _h("position"))
    is_village_head = Field("is_village_head", _h("is_village_head"), widget=widgets.BooleanWidget())
    is_respected_person = Field(
        "is_respected_person", _h("is_respected_person"), widget=widgets.BooleanWidget()
    )
    fields = Field(
        "fields",
        _h("fields"),
        widget=widgets.ManyToManyWidget(LegalField, separator="; ", field="name"),
    )
    kind = Field("kind", _h("kind"), widget=KindWidget())
    card_number = Field("card_number", _h("card_number"))
    card_issued_on = Field("card_issued_on", _h("card_issued_on"), widget=widgets.DateWidget("%d/%m/%Y"))
    bar_association = Field("bar_association", _h("bar_association"))
    organisation = Field("organisation", _h("organisation"))
    contract_number = Field("contract_number", _h("contract_number"))
    contract_start = Field("contract_start", _h("contract_start"), widget=widgets.DateWidget("%d/%m/%Y"))
    contract_end = Field("contract_end", _h("contract_end"), widget=widgets.DateWidget("%d/%m/%Y"))
    notes = Field("notes", _h("notes"))

    class Meta:
        model = Person
        import_id_fields = ("citizen_id",)
        fields = tuple(COLUMN_BY_KEY)
        export_order = tuple(COLUMN_BY_KEY)
        skip_unchanged = True
        report_skipped = True
