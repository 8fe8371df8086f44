"""Official statistics tables (the Ministry's forms such as Biểu 24/BTP/TGPL) as configurable
pivots: each cell is one indicator of the registry with the row's and the column's filters.

Because every figure comes from the registry, the form, the dashboard and the plans agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from legalaid import indicators
from legalaid.indicators import Period
from legalaid.models import StatisticsColumn, StatisticsRow, StatisticsTable, Unit

_EMPTY = object()


def _as_set(value: Any) -> set:
    return set(value) if isinstance(value, list | tuple | set) else {value}


def merge_filters(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any] | None:
    """Both rows' and columns' conditions at once; None when they cannot both hold (the cell is 0).

    A value is one code or a list of codes (any of them); a key on both sides keeps the codes
    the two have in common."""
    merged: dict[str, Any] = dict(first)
    for key, value in second.items():
        if key not in merged:
            merged[key] = value
            continue
        common = _as_set(merged[key]) & _as_set(value)
        if not common:
            return None
        merged[key] = sorted(common) if len(common) > 1 else next(iter(common))
    return merged


@dataclass
class TableResult:
    table: StatisticsTable
    period: Period
    scope: Unit | None
    rows: list[StatisticsRow]
    columns: list[StatisticsColumn]
    cells: list[list[float]]

    def header_cells(self) -> list[dict[str, Any]]:
        """The first header line: a shared heading over its columns, or a column's own label
        spanning both header lines."""
        cells: list[dict[str, Any]] = []
        for column in self.columns:
            if column.group and cells and cells[-1]["group"] == column.group:
                cells[-1]["colspan"] += 1
            elif column.group:
                cells.append({"label": column.group, "group": column.group, "colspan": 1, "rowspan": 1})
            else:
                cells.append({"label": column.label, "group": "", "colspan": 1, "rowspan": 2})
        return cells

    def lines(self) -> list[tuple[StatisticsRow, list[float]]]:
        return list(zip(self.rows, self.cells, strict=True))

    def column_groups(self) -> list[tuple[str, int]]:
        """Consecutive columns sharing a heading group, for the two-line table header."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and column.group and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups


def build_table(
    table: StatisticsTable,
    period: Period,
    scope: Unit | None,
    progress: Callable[[int, int], None] | None = None,
) -> TableResult:
    indicator = indicators.get(table.indicator_key)
    rows = list(StatisticsRow.objects.filter(table=table).order_by("position"))
    columns = list(StatisticsColumn.objects.filter(table=table).order_by("position"))
    cache: dict[str, float] = {}
    cells: list[list[float]] = []
    total, done = len(rows) * len(columns), 0
    for row in rows:
        line = []
        for column in columns:
            filters = merge_filters(row.filters, column.filters)
            if filters is None:
                value = 0.0
            else:
                accepted = {k: v for k, v in filters.items() if k in indicator.filters}
                if len(accepted) != len(filters):
                    unknown = sorted(set(filters) - set(indicator.filters))
                    raise ValueError(
                        f"indicator {indicator.key} does not take filters {unknown} ({table.code})"
                    )
                key = repr(sorted(filters.items()))
                if key not in cache:
                    cache[key] = float(indicator.compute(period, scope, **filters))
                value = cache[key]
            line.append(value)
            done += 1
            if progress is not None and (done % 25 == 0 or done == total):
                progress(done, total)
        cells.append(line)
    return TableResult(table, period, scope, rows, columns, cells)


def table_xlsx(result: TableResult, *, title_lines: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = result.table.code.replace("/", "-")[:31]
    bold = Font(bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for line in title_lines:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    first = sheet.max_row + 1
    sheet.append(["STT", "Nội dung", *(column.group or column.label for column in result.columns)])
    sheet.append(["", "", *(column.label if column.group else "" for column in result.columns)])
    sheet.append(["", "", *(column.number for column in result.columns)])
    for index, _column in enumerate(result.columns, start=3):  # merge a column's header when it has no group
        if not result.columns[index - 3].group:
            sheet.merge_cells(start_row=first, start_column=index, end_row=first + 1, end_column=index)
    start = 3
    for group, width in result.column_groups():
        if group and width > 1:
            sheet.merge_cells(
                start_row=first, start_column=start, end_row=first, end_column=start + width - 1
            )
        start += width
    for row, values in zip(result.rows, result.cells, strict=True):
        sheet.append([row.number, row.label, *(int(v) if v == int(v) else v for v in values)])
        if row.emphasis:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    for line in sheet.iter_rows(min_row=first, max_row=sheet.max_row):
        for cell in line:
            cell.border = box
            cell.alignment = Alignment(
                wrap_text=True, vertical="center", horizontal="center" if cell.column != 2 else "left"
            )
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 40
    for index in range(3, len(result.columns) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
