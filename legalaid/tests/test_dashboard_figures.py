"""The officials' dashboard against a small world counted by hand (``dashboard_world``): the
expected numbers must appear on the screen, in the PDF's text and in the spreadsheet, and the
spreadsheet opens to those who open the dashboard.

Planning tiles (``planning.*``) are left out of the comparison: another part of the work adds
them and their figures are tested there.
"""

from __future__ import annotations

import re

from legalaid import indicators
from legalaid.tests.dashboard_reading import (
    UNIT_LABELS,
    check_pdf,
    check_screen,
    pdf_text,
    screen_tiles,
    without_planning,
    xlsx_rows,
)
from legalaid.tests.dashboard_world import (
    BRANCH_2025,
    CENTRE_2025,
    TODAY,
    YEAR,
    change,
    on,
    world_fixture,  # noqa: F401 (the fixture "world")
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_every_tile_on_the_screen_is_the_hand_counted_figure(client, world, official):
    client.force_login(official)
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
    check_screen(html, CENTRE_2025)
    # Decimals are written the Vietnamese way, with a comma.
    assert re.search(r'data-indicator="outreach.board_coverage">.*?>66,7(</a>)?%<', html, re.S)


def test_the_pdf_report_prints_the_same_figures(client, world, official):
    client.force_login(official)
    with on(TODAY):
        response = client.get("/bang-dieu-hanh/bao-cao.pdf", {**YEAR, "unit": world.org.centre.pk})
        screen = screen_tiles(
            client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
        )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Thời gian: từ ngày 01/01/2025 đến ngày 31/12/2025" in text
    assert world.org.centre.name in text
    check_pdf(text, screen, CENTRE_2025)


def test_the_spreadsheet_holds_the_same_figures_as_numbers(client, world, official):
    client.force_login(official)
    with on(TODAY):
        response = client.get("/bang-dieu-hanh/so-lieu.xlsx", {**YEAR, "unit": world.org.centre.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="so-lieu-20250101-20251231.xlsx"' in response["Content-Disposition"]
    header, rows = xlsx_rows(response.content)
    assert header[0][0] == "Số liệu trợ giúp pháp lý trên bảng điều hành"
    assert header[1][0] == f"Phạm vi: {world.org.centre.name}"
    assert header[2][0] == "Kỳ: Năm 2025, từ 01/01/2025 đến 31/12/2025"
    assert header[3][0] == "Lập lúc 02/03/2026 10:00"
    by_key = {}
    with on(TODAY):
        screen = screen_tiles(
            client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
        )
    for key in screen:
        by_key[key] = rows[screen[key]["label"]]
    assert without_planning(by_key) == set(CENTRE_2025)
    for key, (value, previous, target) in CENTRE_2025.items():
        section, _label, got, unit, got_target, got_previous, moved = by_key[key]
        assert (got, got_target, got_previous) == (value, target, previous), key
        assert all(isinstance(n, int | float) for n in (got, got_previous)), key  # numbers, not text
        expected_change = change(value, previous)
        assert moved == (None if expected_change is None else round(expected_change, 1)), key
        assert unit == UNIT_LABELS[indicators.get(key).unit], key
    assert by_key["cases.requests_received"][0] == "Vụ việc"
    assert by_key["outreach.sessions"][0] == "Truyền thông"
    assert by_key["staffing.assistants"][3] == "người"
    assert by_key["cases.requests_received"][6] == 200  # 9 against 3


def test_one_branch_shows_only_its_own_records_on_screen_pdf_and_spreadsheet(client, world, official):
    client.force_login(official)
    query = {**YEAR, "unit": world.org.branch.pk}
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", query).content.decode()
        pdf = client.get("/bang-dieu-hanh/bao-cao.pdf", query).content
        sheet = client.get("/bang-dieu-hanh/so-lieu.xlsx", query).content
    tiles = check_screen(html, BRANCH_2025)
    text = pdf_text(pdf)
    assert "Phạm vi: Chi nhánh số 1" in text
    check_pdf(text, tiles, BRANCH_2025)
    header, rows = xlsx_rows(sheet)
    assert header[1][0] == "Phạm vi: Chi nhánh số 1"
    for key, (value, previous, target) in BRANCH_2025.items():
        row = rows[tiles[key]["label"]]
        assert (row[2], row[4], row[5]) == (value, target, previous), key


def test_last_years_column_is_the_figure_of_last_year_read_on_its_own(client, world, official):
    """Read 2024 as the period: its figures are exactly the 2025 page's "same period last year"."""
    client.force_login(official)
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", {"kind": "year", "year": "2024", "unit": world.org.centre.pk})
    tiles = screen_tiles(html.content.decode())
    for key, (_value, previous, _target) in CENTRE_2025.items():
        if key == "cases.overdue":
            continue  # "past its deadline" is read at the period's end, from today's open cases
        assert tiles[key]["value"] == previous, key


# --- The spreadsheet's door is the dashboard's -------------------------------------------------


def test_only_those_who_open_the_dashboard_download_its_spreadsheet(client, everyone, org):
    allowed = {"director", "official", "administrator"}
    for role, user in everyone.items():
        client.force_login(user)
        response = client.get("/bang-dieu-hanh/so-lieu.xlsx")
        assert response.status_code == (200 if role in allowed else 403), role
    client.force_login(everyone["official"])
    assert client.post("/bang-dieu-hanh/so-lieu.xlsx").status_code == 405
    client.force_login(everyone["director"])
    assert client.get("/bang-dieu-hanh/so-lieu.xlsx", {"unit": org.doj.pk}).status_code == 404
    client.logout()
    assert client.get("/bang-dieu-hanh/so-lieu.xlsx").status_code == 302


def test_the_dashboard_page_offers_the_spreadsheet_of_the_same_selection(client, official, org):
    client.force_login(official)
    page = client.get(
        "/bang-dieu-hanh/", {"kind": "quarter", "year": "2025", "quarter": "3"}
    ).content.decode()
    assert 'href="/bang-dieu-hanh/so-lieu.xlsx?kind=quarter&amp;year=2025&amp;quarter=3"' in page
