"""Finding the table in a province's file: the header row below any title and decision lines,
which heading is which column, and the rows under it with the numbers Excel shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from legalaid.refusal import Refusal
from legalaid.text import normalize_spaces
from legalaid.uploads import check_upload, read_error
from staffing.importer.cells import is_blank
from staffing.importer.columns import COLUMN_BY_KEY, SYNONYMS, header_key

HEADER_SCAN_ROWS = 30


@dataclass
class SheetRow:
    number: int  # as Excel shows it
    raw: tuple  # the cells as read, for the invalid-rows file
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column heading, message)
    outcome: str = ""  # new, updated or unchanged once planned

    def error(self, key: str, message: str, headers: dict[str, str]) -> None:
        """Note what is wrong with column ``key``, under the heading this file gives it."""
        self.errors.append((headers.get(key, COLUMN_BY_KEY[key].header), message))


@dataclass
class Sheet:
    header_row: int
    raw_headers: tuple
    columns: dict[int, str]  # cell index -> column key
    headers: dict[str, str]  # column key -> the heading as this file writes it
    rows: list[SheetRow]


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, str], dict[str, str]] | None:
    best = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        headers: dict[str, str] = {}
        for position, cell in enumerate(row):
            key = SYNONYMS.get(header_key(cell))
            if key and key not in headers:
                columns[position] = key
                headers[key] = normalize_spaces(str(cell))
        if "full_name" in headers and len(headers) >= 2 and (best is None or len(headers) > len(best[2])):
            best = (index, columns, headers)
            if len(headers) >= 4:
                break
    return best


def read_sheet(content: bytes, *, name: str = "") -> Sheet:
    """The first sheet's table; ``Refusal`` when the file is no workbook or has no such table.
    The file is checked (a real .xlsx, its unpacked size and parts bounded) before it is read;
    ``name``: the file's name, for the messages."""
    from staffing.xlsx import read_rows

    check_upload(content, kinds=("xlsx",), name=name)
    try:
        all_rows = read_rows(content)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise Refusal(read_error(name, "xlsx"), field="file") from error
    found = _find_header(all_rows)
    if found is None:
        raise Refusal(
            _("No header row with a 'Họ và tên' column was found in the first sheet."), field="file"
        )
    index, columns, headers = found
    rows: list[SheetRow] = []
    for number, raw in enumerate(all_rows[index + 1 :], start=index + 2):
        values = {key: raw[pos] if pos < len(raw) else None for pos, key in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append(SheetRow(number=number, raw=raw, values=values))
    return Sheet(
        header_row=index + 1, raw_headers=all_rows[index], columns=columns, headers=headers, rows=rows
    )
