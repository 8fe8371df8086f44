"""Spreadsheets out: the empty template, lists under the import's own headings, and the invalid
rows of an import given back with an error column, ready to fix and import again. All through the
project's one xlsx writer; what they write, the importer reads back unchanged.

Headings and the error column are Vietnamese data, like the provinces' own files, whatever language
the interface speaks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from legalaid.spreadsheets import Column, Sheet, workbook_bytes
from staffing.importer import COLUMN_BY_KEY, COLUMNS, ERROR_HEADER, ImportResult, cell_text
from staffing.importer.columns import header_key
from staffing.models import Person

ROW_NUMBER = "STT"
ROW_NUMBER_HEADERS = {"stt", "tt", "so tt", "so thu tu"}
TEMPLATE_FILENAME = "Mẫu nhập người thực hiện trợ giúp pháp lý.xlsx"
LIST_FILENAME = "Danh sách người thực hiện trợ giúp pháp lý.xlsx"
INVALID_ROWS_FILENAME = "Các dòng lỗi.xlsx"


def _kind(key: str | None) -> str:
    """The cell kind of an import column: IDs and phones as text, so Excel keeps their leading
    zeros when people edit them; dates as date cells."""
    if key in ("citizen_id", "phone"):
        return "code"
    if key is not None and COLUMN_BY_KEY[key].kind == "date":
        return "date"
    return "text"


def _columns() -> list[Column]:
    return [Column(ROW_NUMBER, "integer"), *(Column(c.header, _kind(c.key)) for c in COLUMNS)]


def template_sheet() -> Sheet:
    return Sheet(title="Mẫu nhập", columns=_columns(), rows=[])


def template_bytes() -> bytes:
    return workbook_bytes([template_sheet()])


def invalid_rows_sheet(result: ImportResult) -> Sheet:
    """The invalid rows as they were typed, under the file's own header, with an error column."""
    sheet = result.sheet
    headers = [cell_text(h) for h in sheet.raw_headers] if sheet else []
    width = len(headers)
    columns = []
    for position, header in enumerate(headers):
        key = sheet.columns.get(position) if sheet else None
        kind = "integer" if key is None and header_key(header) in ROW_NUMBER_HEADERS else _kind(key)
        columns.append(Column(header, kind))
    rows = []
    for row in result.invalid_rows:
        cells = list(row.raw) + [None] * (width - len(row.raw))
        cells = [c.date() if isinstance(c, datetime) else c for c in cells[:width]]
        message = "; ".join(f"dòng {row.number}, {column}: {text}" for column, text in row.errors)
        rows.append([*cells, message])
    return Sheet(title="Dòng lỗi", columns=[*columns, Column(ERROR_HEADER, width=60)], rows=rows)


def invalid_rows_bytes(result: ImportResult) -> bytes:
    return workbook_bytes([invalid_rows_sheet(result)])


def person_row(person: Person) -> list[Any]:
    """A person under the import's headings (prefetch fields, minority_languages, ethnicity,
    commune)."""
    values = {
        "full_name": person.full_name,
        "citizen_id": person.citizen_id,
        "sex": {"male": "Nam", "female": "Nữ"}.get(person.sex, ""),
        "date_of_birth": person.date_of_birth,
        "ethnicity": person.ethnicity.name if person.ethnicity_id else "",
        "minority_languages": ", ".join(f"Tiếng {e.name}" for e in person.minority_languages.all()),
        "commune": person.commune.name if person.commune_id else "",
        "fields": "; ".join(f.name for f in person.fields.all()),
        "kind": KIND_LABELS.get(person.kind, person.kind),
        "is_village_head": "x" if person.is_village_head else "",
        "is_respected_person": "x" if person.is_respected_person else "",
    }
    return [values.get(c.key, getattr(person, c.key, "")) for c in COLUMNS]


# What exports write in the kind column: the words the importer reads back.
KIND_LABELS = {
    Person.Kind.ASSISTANT: "Trợ giúp viên pháp lý",
    Person.Kind.COLLABORATOR: "Cộng tác viên",
    Person.Kind.LAWYER: "Luật sư",
    Person.Kind.ADVISER: "Tư vấn viên pháp luật",
    Person.Kind.STAFF: "Viên chức",
}


def people_sheet(people: Iterable[Person]) -> Sheet:
    return Sheet(
        title="Danh sách",
        columns=_columns(),
        rows=([i, *person_row(p)] for i, p in enumerate(people, start=1)),
    )


def export_people_bytes(people: Iterable[Person]) -> bytes:
    return workbook_bytes([people_sheet(people)])
