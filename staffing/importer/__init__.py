"""Collaborator and lawyer spreadsheets in: the files provinces really keep.

A title and a decision line above the header, Vietnamese headers in varying wording, an STT
column, merged title cells, blank rows, numbers that lost their leading zero. ``import_people``
reads the sheet, validates every row against the database and writes everything in one
transaction (or nothing), in bulk so 10,000 rows take seconds.

The spreadsheet's own row numbers travel with every row, so each message names the row the
administrator sees in Excel. Where to look:

- ``columns``: the header vocabulary (the template's headings and their synonyms);
- ``reading``: finding the header row and the rows under it;
- ``cells``: reading one cell (IDs, phones, dates, yes/no, kinds);
- ``lookups``: communes, ethnic groups and fields of law a cell is checked against;
- ``rows``: validating a row; ``changes``: what a valid row changes;
- ``writer``: writing it all, with history; ``result``: the counts and messages.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from legalaid.models import Unit, User
from staffing.importer.cells import cell_text, commune_key, parse_citizen_id, parse_date, parse_phone
from staffing.importer.changes import assign, lists_changed, load_current_lists
from staffing.importer.columns import COLUMN_BY_KEY, COLUMNS, ERROR_HEADER, EXPORT_HEADERS, Column
from staffing.importer.lookups import Lookups
from staffing.importer.reading import Sheet, SheetRow, read_sheet
from staffing.importer.result import ImportResult
from staffing.importer.rows import clean_row
from staffing.importer.writer import ProgressCallback, write
from staffing.models import Person

__all__ = [
    "COLUMNS",
    "COLUMN_BY_KEY",
    "ERROR_HEADER",
    "EXPORT_HEADERS",
    "Column",
    "ImportResult",
    "Lookups",
    "Sheet",
    "SheetRow",
    "cell_text",
    "clean_row",
    "commune_key",
    "import_people",
    "parse_citizen_id",
    "parse_date",
    "parse_phone",
    "read_sheet",
]


def import_people(
    content: bytes,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    by: User | None = None,
    default_kind: str = Person.Kind.COLLABORATOR,
    default_unit: Unit | None = None,
    progress: ProgressCallback | None = None,
    name: str = "",
) -> ImportResult:
    """Validate every row; write nothing when a row is invalid unless ``skip_invalid``.

    Identity is the citizen ID: a known one updates that person (with history) only when a
    value differs, so importing the same file twice changes nothing. A file that cannot be read
    as such a spreadsheet is refused (``legalaid.refusal.Refusal``); invalid rows are not
    refusals but data in the result, so every one of them is reported. ``name``: the file's
    name, for the messages.
    """
    from django.utils.translation import gettext as _

    sheet = read_sheet(content, name=name)
    lookups = Lookups.load(default_unit=default_unit)
    result = ImportResult(sheet=sheet, rows=sheet.rows)
    seen: dict[str, int] = {}
    cleaned: list[tuple[SheetRow, dict[str, Any]]] = []
    for row in sheet.rows:
        data = clean_row(row, lookups, sheet.headers)
        if data is None:
            continue
        earlier = seen.get(data["citizen_id"])
        if earlier is not None:
            row.error(
                "citizen_id",
                _("The citizen ID %(id)s repeats row %(row)s.") % {"id": data["citizen_id"], "row": earlier},
                sheet.headers,
            )
            continue
        seen[data["citizen_id"]] = row.number
        cleaned.append((row, data))
    if progress:
        progress(0, len(cleaned))
    with transaction.atomic():
        creates, updates = _plan(cleaned, result, lookups=lookups, default_kind=default_kind)
        if not dry_run and (skip_invalid or result.invalid == 0):
            write(creates, updates, by=by, progress=progress, total=len(cleaned))
            result.written = True
    return result


def _plan(cleaned, result: ImportResult, *, lookups: Lookups, default_kind: str):
    """Sort the valid rows into new people and changed people (counting the unchanged ones),
    with the people to change locked until the import ends."""
    existing = {
        p.citizen_id: p
        for p in Person.objects.filter(
            citizen_id__in=[d["citizen_id"] for _r, d in cleaned]
        ).select_for_update()
    }
    load_current_lists(list(existing.values()))
    creates: list[tuple[Person, dict[str, Any]]] = []
    updates: list[tuple[Person, dict[str, Any], list[str]]] = []
    for row, data in cleaned:
        person = existing.get(data["citizen_id"])
        if person is None:
            person = Person(kind=data.get("kind") or default_kind, status=Person.Status.ACTIVE)
            assign(person, data, lookups, creating=True)
            creates.append((person, data))
            result.new += 1
            row.outcome = "new"
            continue
        changed = assign(person, data, lookups, creating=False)
        if changed or lists_changed(person, data):
            updates.append((person, data, changed))
            result.updated += 1
            row.outcome = "updated"
        else:
            result.unchanged += 1
            row.outcome = "unchanged"
    return creates, updates
