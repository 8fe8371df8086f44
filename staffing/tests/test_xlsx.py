"""The fast sheet reader gives the same values, at the same row numbers, as openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook

from staffing.sheets import demo_workbook, messy_workbook
from staffing.tests.test_import import BAD, GOOD, HEADERS
from staffing.xlsx import _openpyxl_rows, read_rows


def _same(content: bytes) -> None:
    ours = read_rows(content)
    theirs = [tuple(v for v in row) for row in _openpyxl_rows(content)]

    def trim(rows):
        out = [
            tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]) for row in rows
        ]
        while out and not out[-1]:
            out.pop()
        return out

    assert trim(ours) == trim(theirs)


def test_the_reader_matches_openpyxl_on_messy_files():
    _same(messy_workbook(HEADERS, GOOD + BAD))
    _same(demo_workbook())


def test_the_reader_understands_dates_numbers_booleans_formulas_and_gaps():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Tiêu đề"
    sheet["C4"] = datetime(1980, 5, 1)  # noqa: DTZ001 - Excel dates have no time zone
    sheet["D4"] = 20085001234
    sheet["E4"] = 3.5
    sheet["F4"] = True
    sheet["G4"] = "=1+1"
    sheet["B7"] = date(2024, 2, 29)
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_rows(buffer.getvalue())
    assert rows[0] == ("Tiêu đề",)
    assert rows[1] == () and rows[2] == ()
    assert rows[3][2].date() == date(1980, 5, 1)
    assert rows[3][3:6] == (20085001234, 3.5, True)
    assert rows[6][1].date() == date(2024, 2, 29)
