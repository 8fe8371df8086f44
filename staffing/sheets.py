"""Build spreadsheets shaped like the provinces' own (title, decision line, merged cells, STT,
blank rows, numbers typed as numbers): for the tests, the demo file and the benchmark."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

TITLE = "DANH SÁCH CỘNG TÁC VIÊN TRỢ GIÚP PHÁP LÝ TỈNH LẠNG SƠN"
DECISION = "(Kèm theo Quyết định số 125/QĐ-STP ngày 15/3/2024 của Giám đốc Sở Tư pháp)"


def messy_workbook(headers: list[str], rows: Iterable[list[Any] | None], *, title_rows: bool = True) -> bytes:
    """An xlsx: title and decision lines merged across the table, a blank row, then the header
    and the rows; ``None`` in ``rows`` is a blank row. Returns the file's bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "CTV"
    width = len(headers)
    if title_rows:
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.append([DECISION])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row if row is not None else [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
