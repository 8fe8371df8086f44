"""What each valid row does: a new person, a change to the person with that citizen ID, or nothing
(importing the same file twice changes nothing). An empty cell never erases what the centre knows."""

from __future__ import annotations

from typing import Any

from staffing.importer.columns import PLAIN_FIELDS
from staffing.importer.lookups import Lookups
from staffing.models import Person

# The person's lists a row may set, and the column of each through table naming the listed item.
LISTS = {"fields": "legalfield_id", "minority_languages": "ethnicity_id"}


def load_current_lists(people: list[Person]) -> None:
    """Each person's current lists as ``person._import_links`` (sets of ids): two plain queries,
    where prefetch_related would build a queryset per person."""
    by_pk = {p.pk: p for p in people}
    for person in people:
        person._import_links = {key: set() for key in LISTS}
    for key, other in LISTS.items():
        through = getattr(Person, key).through
        pairs = through.objects.filter(person_id__in=by_pk).values_list("person_id", other)
        for person_id, other_id in pairs:
            by_pk[person_id]._import_links[key].add(other_id)


def assign(person: Person, data: dict[str, Any], lookups: Lookups, *, creating: bool) -> list[str]:
    """Copy the row onto the person; the names of the fields that changed."""
    values: dict[str, Any] = {k: v for k, v in data.items() if k in PLAIN_FIELDS}
    if "ethnicity" in data:
        values["ethnicity_id"] = data["ethnicity"].pk if data["ethnicity"] else None
    if "commune" in data:
        values["commune_id"] = data["commune"].pk if data["commune"] else None
    changed: list[str] = []
    for name, value in values.items():
        if name == "kind" and not value:
            continue
        if not creating and value in ("", None):
            continue  # an empty cell does not erase what the centre already knows
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if person.unit_id is None:
        commune_id = person.commune_id
        unit = lookups.unit_for_commune.get(commune_id) if commune_id else None
        unit = unit or lookups.default_unit
        if unit is not None:
            person.unit_id = unit.pk
            changed.append("unit_id")
    if "full_name" in changed or creating:
        person.refresh_name_keys()
        changed.extend(["name_search_key", "name_sort_key"])
    return changed


def lists_changed(person: Person, data: dict[str, Any]) -> bool:
    # An empty cell keeps the current list.
    return any(data.get(key) and {o.pk for o in data[key]} != person._import_links[key] for key in LISTS)
