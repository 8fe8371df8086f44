"""Spreadsheets out: the empty template, lists under the import's own headings, and the invalid
rows of an import given back with an error column, ready to fix and import again."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from staffing.importer import COLUMN_BY_KEY, COLUMNS, ERROR_HEADER, EXPORT_HEADERS, ImportResult, _text
from staffing.models import Person


def workbook_bytes(headers: list[str], rows: Iterable[list[Any]], *, title: str = "Danh sách") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(40, len(header) + 4))
    # Citizen IDs and phones as text so Excel keeps their leading zeros when people edit them.
    for column_index, header in enumerate(headers, start=1):
        if header in (COLUMN_BY_KEY["citizen_id"].header, COLUMN_BY_KEY["phone"].header):
            for (cell,) in sheet.iter_rows(min_row=1, min_col=column_index, max_col=column_index):
                cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_bytes() -> bytes:
    return workbook_bytes(["STT", *EXPORT_HEADERS], [], title="Mẫu nhập")


def invalid_rows_bytes(result: ImportResult) -> bytes:
    """The invalid rows as they were typed, under the file's own header, with an error column."""
    sheet = result.sheet
    headers = [_text(h) for h in sheet.raw_headers] if sheet else []
    width = len(headers)
    rows = []
    for row in result.invalid_rows:
        cells = list(row.raw) + [None] * (width - len(row.raw))
        cells = [c.date() if isinstance(c, datetime) else c for c in cells[:width]]
        message = "; ".join(f"dòng {row.number}, {column}: {text}" for column, text in row.errors)
        rows.append([*cells, message])
    return workbook_bytes([*headers, ERROR_HEADER], rows, title="Dòng lỗi")


def person_row(person: Person) -> list[Any]:
    """A person under EXPORT_HEADERS (prefetch fields, minority_languages, ethnicity, commune)."""
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


def export_people_bytes(people: Iterable[Person]) -> bytes:
    return workbook_bytes(
        ["STT", *EXPORT_HEADERS], ([i, *person_row(p)] for i, p in enumerate(people, start=1))
    )
