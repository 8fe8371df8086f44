"""The reference lists a file is checked against (communes, ethnic groups, fields of law, the unit
serving each commune), loaded once per import so 10,000 rows cost no query each."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import Commune, LegalField, Unit
from legalaid.refusal import Refusal
from legalaid.text import normalize_spaces, search_key
from staffing.importer.cells import cell_text, commune_key, is_blank
from staffing.importer.columns import header_key
from staffing.models import Ethnicity


@dataclass
class Lookups:
    communes: dict[str, Commune]
    commune_names: dict[str, str]  # key -> display name, for suggestions
    ethnicities: dict[str, Ethnicity]
    fields: list[tuple[str, str, LegalField]]  # (code key, name key, field)
    unit_for_commune: dict[int, Unit]
    default_unit: Unit | None
    today: date
    memo: dict[tuple[str, Any], Any] = field(default_factory=dict)

    def cached(self, kind: str, value: Any, parse: Callable[[Any], Any]) -> Any:
        """Spreadsheets repeat the same communes, groups and fields on every row: parse each
        distinct value once (refusals included)."""
        key = (kind, value)
        if key not in self.memo:
            try:
                self.memo[key] = (parse(value), None)
            except Refusal as refusal:
                self.memo[key] = (None, refusal)
        result, refusal = self.memo[key]
        if refusal is not None:
            raise refusal
        return result

    @classmethod
    def load(cls, *, province_code: int | None = None, default_unit: Unit | None = None) -> Lookups:
        province_code = province_code or settings.DEFAULT_PROVINCE_CODE
        communes: dict[str, Commune] = {}
        names: dict[str, str] = {}
        for commune in Commune.objects.filter(province_id=province_code, active=True):
            communes[commune_key(commune.name)] = commune
            names[commune_key(commune.name)] = commune.name
        ethnicities: dict[str, Ethnicity] = {}
        for ethnicity in Ethnicity.objects.all():
            for label in (ethnicity.name, *ethnicity.other_names.split(",")):
                if label.strip():
                    ethnicities[header_key(label)] = ethnicity
                    ethnicities[header_key(label).replace(" ", "")] = ethnicity
            ethnicities[ethnicity.code] = ethnicity
            ethnicities[str(int(ethnicity.code))] = ethnicity
        fields = [(header_key(f.code), header_key(f.name), f) for f in LegalField.objects.filter(active=True)]
        unit_for_commune: dict[int, Unit] = {}
        for unit in (
            Unit.objects.filter(kind__in=Unit.INTERNAL_KINDS, active=True)
            .exclude(kind=Unit.Kind.DOJ)
            .prefetch_related("communes")
            .order_by("-path")
        ):
            for commune in unit.communes.all():
                unit_for_commune.setdefault(commune.pk, unit)
        if default_unit is None:
            default_unit = Unit.objects.filter(
                kind=Unit.Kind.CENTRE, province_id=province_code, active=True
            ).first()
        return cls(communes, names, ethnicities, fields, unit_for_commune, default_unit, timezone.localdate())

    def commune(self, value: Any) -> Commune | None:
        if is_blank(value):
            return None
        key = commune_key(cell_text(value))
        commune = self.communes.get(key)
        if commune is not None:
            return commune
        close = difflib.get_close_matches(key, list(self.communes), n=1, cutoff=0.6)
        if close:
            raise Refusal(
                _("“%(value)s” is not a current commune of the province; did you mean “%(suggestion)s”?")
                % {"value": cell_text(value), "suggestion": self.commune_names[close[0]]},
                field="commune",
            )
        raise Refusal(
            _("“%(value)s” is not a current commune of the province.") % {"value": cell_text(value)},
            field="commune",
        )

    def ethnicity(self, value: Any) -> Ethnicity | None:
        if is_blank(value):
            return None
        key = header_key(value)
        key = key.removeprefix("dan toc ").removeprefix("nguoi ")
        found = self.ethnicities.get(key) or self.ethnicities.get(key.replace(" ", ""))
        if found is None:
            raise Refusal(
                _("“%(value)s” is not one of the 54 ethnic groups.") % {"value": cell_text(value)},
                field="ethnicity",
            )
        return found

    def languages(self, value: Any) -> list[Ethnicity]:
        found: list[Ethnicity] = []
        for part in re.split(r"[,;/+\n]| va ", search_key(cell_text(value))):
            key = header_key(part).removeprefix("tieng ").strip()
            if not key or key in {"khong", "0"}:
                continue
            ethnicity = self.ethnicities.get(key) or self.ethnicities.get(key.replace(" ", ""))
            if ethnicity is None:
                raise Refusal(
                    _("“%(value)s” is not the language of one of the 54 ethnic groups.")
                    % {"value": part.strip()},
                    field="minority_languages",
                )
            if ethnicity not in found:
                found.append(ethnicity)
        return found

    def legal_fields(self, value: Any) -> list[LegalField]:
        found: list[LegalField] = []
        by_name = {name: f for _code, name, f in self.fields}
        for chunk in re.split(r"[;\n]", cell_text(value)):
            # A field's full name contains commas: match it whole before splitting on commas.
            whole = by_name.get(header_key(chunk))
            for part in [chunk] if whole else chunk.split(","):
                key = header_key(part).removeprefix("phap luat ").removeprefix("linh vuc ").strip()
                if not key:
                    continue
                matches = [f for code, name, f in self.fields if key == code or key in name]
                if not matches:
                    raise Refusal(
                        _("“%(value)s” is not a field of law in the list.")
                        % {"value": normalize_spaces(part)},
                        field="fields",
                    )
                if matches[0] not in found:
                    found.append(matches[0])
        return found
