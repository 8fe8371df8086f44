"""Official statistics tables (the Ministry's forms such as Biểu 24/BTP/TGPL) as configurable
pivots: each cell is one indicator of the registry with the row's and the column's filters.

Because every figure comes from the registry, the form, the dashboard and the plans agree.
Which cases a cell counts is the table's configuration too: its ``counts`` (completed, accepted,
in progress at the end) goes to the indicator as the filter of that name with every cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    reading = {"counts": table.counts} if table.counts else {}
    if reading and "counts" not in indicator.filters:
        raise ValueError(f"indicator {indicator.key} does not say what it counts ({table.code})")
    cache: dict[str, float] = {}
    cells: list[list[float]] = []
    total, done = len(rows) * len(columns), 0
    for row in rows:
        line = []
        for column in columns:
            filters = merge_filters(row.filters, column.filters)
            if filters is not None:
                filters = merge_filters(filters, reading)
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
    """The form as a spreadsheet: its title lines, the two-line grouped header and the line of
    column numbers, one row per line of the form (its emphasised lines in bold)."""
    from legalaid.spreadsheets import Column, Row, Sheet, workbook_bytes

    def figure(value: float) -> int | float:
        return int(value) if value == int(value) else value

    columns = [Column("", "text", width=6), Column("", "text", width=40)]
    for index, column in enumerate(result.columns):
        whole = all(line[index] == int(line[index]) for line in result.cells)
        columns.append(Column(str(column.number), "integer" if whole else "decimal", width=11))
    first_line = ["STT", "Nội dung", *(column.group or column.label for column in result.columns)]
    second_line = ["", "", *(column.label if column.group else "" for column in result.columns)]
    merges = [(1, 1, 3, 1), (1, 2, 3, 2)]  # STT and Nội dung span the three header lines
    start = 3
    for group, width in result.column_groups():
        if not group:
            merges += [(1, start + i, 2, start + i) for i in range(width)]
        elif width > 1:
            merges.append((1, start, 1, start + width - 1))
        start += width
    rows = [
        Row([row.number, row.label, *(figure(v) for v in values)], bold=row.emphasis)
        for row, values in zip(result.rows, result.cells, strict=True)
    ]
    sheet = Sheet(
        title=result.table.code,
        heading=title_lines,
        header_rows=[first_line, second_line],
        header_merges=merges,
        columns=columns,
        rows=rows,
        totals=False,  # the form's own lines hold its totals
        landscape=True,
    )
    return workbook_bytes([sheet])
