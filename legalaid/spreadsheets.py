"""The one spreadsheet writer: every .xlsx the system hands out is written here.

A sheet is a title (and period) on top, a bold frozen header repeated on every printed page,
rows whose dates and numbers are real cells in Vietnamese formats (dd/mm/yyyy, 1.234.567),
columns as wide as their content, a totals row where the sheet has figures, and A4 print
set-up (landscape when wide). Rows are streamed (openpyxl's write-only mode), so an export of
200,000 cases does not hold the workbook in memory; widths are measured on the first rows.

    sheet = Sheet(
        title="Vụ việc",
        heading=["DANH SÁCH VỤ VIỆC TRỢ GIÚP PHÁP LÝ", "Từ 01/01/2026 đến 31/12/2026"],
        columns=[Column("STT", "integer"), Column("Họ và tên"), Column("Ngày thụ lý", "date"),
                 Column("Số tiền", "money", total=True)],
        rows=rows,
    )
    return xlsx_response([sheet], filename="Danh sách vụ việc 2026.xlsx")
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel's number formats as a Vietnamese office reads them. The separators themselves come from
# the reader's locale; these say "thousands grouped, no decimals" and "day first".
FORMATS = {
    "text": "@",
    "code": "@",  # digits kept as text: citizen IDs, phones, register numbers (leading zeros)
    "integer": "#,##0",
    "number": "#,##0",  # whole numbers so, fractions as "decimal": a column mixing both
    "decimal": "#,##0.0#",
    "money": "#,##0",
    "percent": "0.0",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}
KINDS = frozenset(FORMATS)
FIGURES = frozenset({"integer", "number", "decimal", "money", "percent"})
TOTALS_LABEL = "Tổng cộng"
WIDTH_SAMPLE = 500  # rows measured for column widths before the stream is written
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"
    width: float | None = None  # characters; None: measured from the header and the content
    total: bool = False  # summed into the totals row

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Row:
    """A row with emphasis; plain rows are plain sequences. A subtotal is not counted again in
    the totals row."""

    values: Sequence[Any]
    bold: bool = False
    subtotal: bool = False


@dataclass
class Sheet:
    title: str  # the tab's name (cut to Excel's 31 characters)
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any] | Row]
    heading: Sequence[str] = ()  # lines above the table: title, unit, period
    # Extra header rows above the column headers (a statistics form's grouped headings), and
    # merged ranges in the header block, as (first_row, first_col, last_row, last_col) counted
    # from 1 at the first header row.
    header_rows: Sequence[Sequence[Any]] = ()
    header_merges: Sequence[tuple[int, int, int, int]] = ()
    totals: bool | None = None  # None: a totals row when a column asks for one
    totals_label: str = TOTALS_LABEL
    landscape: bool | None = None  # None: landscape when more than 7 columns
    footer: Sequence[str] = ()  # lines under the table (a note, who produced it and when)
    borders: bool = True


def _display_length(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float | Decimal) and kind in FIGURES:
        return len(f"{value:,.0f}") + (3 if kind in ("decimal", "percent") else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _cell_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind in ("text", "code"):
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else value
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        return str(value)
    if kind == "datetime" and isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if kind in FIGURES and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _values(row: Sequence[Any] | Row) -> tuple[Sequence[Any], bool, bool]:
    return (row.values, row.bold, row.subtotal) if isinstance(row, Row) else (row, False, False)


def write_sheet(book, sheet: Sheet) -> None:
    """Write ``sheet`` into a write-only openpyxl ``book``."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    columns = list(sheet.columns)
    width = len(columns)
    rows: Iterator[Sequence[Any] | Row] = iter(sheet.rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    ws = book.create_sheet(title=_tab_name(sheet.title))
    bold, thin = Font(bold=True), Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin) if sheet.borders else Border()
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    top = Alignment(vertical="top", wrap_text=True)

    widths = []
    for index, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        longest = max(
            [_display_length(column.header, "text") * 0.8]
            + [
                _display_length(_values(r)[0][index] if index < len(_values(r)[0]) else None, column.kind)
                for r in sample
            ],
        )
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    for index, width_chars in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width_chars

    landscape = sheet.landscape if sheet.landscape is not None else (width > 7 or sum(widths) > 110)
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    # A write-only sheet writes its view before the first row: freeze below the header now.
    header_first = len(sheet.heading) + (1 if sheet.heading else 0) + 1
    header_last = header_first + len(sheet.header_rows)
    ws.freeze_panes = f"A{header_last + 1}"
    ws.print_title_rows = f"{header_first}:{header_last}"

    line = 0
    for text in sheet.heading:
        cell = _text_safe(WriteOnlyCell(ws, value=text))
        cell.font = bold
        ws.append([cell])
        line += 1
        if width > 1:
            ws.merged_cells.add(f"A{line}:{get_column_letter(width)}{line}")
    if sheet.heading:
        ws.append([])
        line += 1
    for header_row in [*sheet.header_rows, [c.header for c in columns]]:
        cells = []
        for value in header_row:
            cell = WriteOnlyCell(ws, value=value)
            cell.font, cell.alignment, cell.border = bold, wrap, box
            cells.append(cell)
        ws.append(cells)
        line += 1
    for first_row, first_col, last_row, last_col in sheet.header_merges:
        ws.merged_cells.add(
            f"{get_column_letter(first_col)}{header_first + first_row - 1}:"
            f"{get_column_letter(last_col)}{header_first + last_row - 1}"
        )

    totals: list[Any] = [0 if c.total else None for c in columns]
    for row in chain(sample, rows):
        values, emphasis, subtotal = _values(row)
        cells = []
        for index, column in enumerate(columns):
            value = values[index] if index < len(values) else None
            cell = _text_safe(WriteOnlyCell(ws, value=_cell_value(value, column.kind)))
            cell.number_format = FORMATS[column.kind]
            if column.kind == "number" and isinstance(cell.value, float):
                cell.number_format = FORMATS["decimal"]
            cell.border = box
            if column.kind in ("text", "code"):
                cell.alignment = top
            if emphasis:
                cell.font = bold
            if column.total and isinstance(value, int | float | Decimal) and not subtotal:
                totals[index] += value
            cells.append(cell)
        ws.append(cells)
        line += 1
    wants_totals = sheet.totals if sheet.totals is not None else any(c.total for c in columns)
    if wants_totals:
        # The label goes in the first text column ("Họ và tên" after "STT"), else the first.
        label_at = next((i for i, c in enumerate(columns) if c.kind in ("text", "code") and not c.total), 0)
        cells = []
        for index, column in enumerate(columns):
            value = totals[index] if column.total else (sheet.totals_label if index == label_at else None)
            cell = WriteOnlyCell(ws, value=_cell_value(value, column.kind) if column.total else value)
            cell.font, cell.border = bold, box
            cell.number_format = FORMATS[column.kind] if column.total else "@"
            cells.append(cell)
        ws.append(cells)
    if sheet.footer:
        ws.append([])
        for text in sheet.footer:
            ws.append([_text_safe(WriteOnlyCell(ws, value=text))])


def _text_safe(cell):
    """Text typed by people stays text: "=HYPERLINK(…)" in a name or an organisation would
    otherwise become a live formula when the file is opened (formula injection)."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def _tab_name(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, "-")
    return title[:31] or "Sheet"


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file holding ``sheets``, in order."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment header carrying a Vietnamese file name (RFC 6266 with an ASCII fallback)."""
    from legalaid.text import search_key

    stem, _dot, extension = filename.rpartition(".")
    fallback = "-".join(search_key(stem or filename).split()) or "tep"
    fallback = f"{fallback}.{extension}" if stem else fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(sheets: Sequence[Sheet] | bytes, *, filename: str) -> HttpResponse:
    """A download of ``sheets`` (or of an .xlsx already written) under a Vietnamese file name."""
    content = sheets if isinstance(sheets, bytes) else workbook_bytes(sheets)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response
