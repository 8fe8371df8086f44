"""The officials' screens in real Chromium: dashboard, statistics forms, periodic reports."""

import re

import pytest
from playwright.sync_api import expect

from legalaid.models import PeriodicReport, StatisticsTable
from legalaid.tests.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_official_reads_the_dashboard_from_the_menu_and_finds_the_statistics_forms(
    page, live_server, official, org
):
    StatisticsTable.objects.update_or_create(
        code="24/BTP/TGPL",
        defaults={
            "title": "Số lượt người đã được trợ giúp pháp lý",
            "indicator_key": "legalaid.active_users",
        },
    )
    login(page, live_server, official.username)
    page.click("nav.mainnav a[href='/bang-dieu-hanh/']")
    expect(page.locator("h1")).to_have_text("Bảng điều hành")
    expect(page.locator("[data-indicator='legalaid.active_users']")).to_be_visible()
    page.select_option("#kind", "quarter")
    page.click("form.selector button[type=submit]")
    expect(page.locator("main")).to_contain_text("Quý")
    page.click("a[href^='/bang-dieu-hanh/bieu-thong-ke/']")
    expect(page.locator("main")).to_contain_text("24/BTP/TGPL")
    expect(page.locator("main button[value=pdf]").first).to_be_visible()


def test_the_intake_officer_writes_the_six_month_report_and_the_director_issues_it(
    page, live_server, intake_officer, director, org
):
    login(page, live_server, intake_officer.username)
    page.click("nav.mainnav a[href='/bang-dieu-hanh/bao-cao-dinh-ky/']")
    page.select_option("#id_unit", str(org.centre.pk))
    page.fill("#id_year", "2026")
    page.click("main form button.primary")
    page.fill("#id_situation", "Nhu cầu trợ giúp pháp lý ở các xã vùng cao tăng.")
    page.click("main form.card button.primary >> nth=0")
    expect(page.locator(".messages")).to_contain_text("Đã lưu báo cáo")
    report = PeriodicReport.objects.get()
    assert report.situation == "Nhu cầu trợ giúp pháp lý ở các xã vùng cao tăng."

    page.context.clear_cookies()
    login(page, live_server, director.username)
    page.goto(f"{live_server.url}/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/")
    page.fill("#id_number", "15")
    page.click("form[action$='/ban-hanh/'] button.primary")
    expect(page.locator(".messages")).to_contain_text("đã được ban hành")
    expect(page.locator("textarea")).to_have_count(0)  # issued: read only


def test_an_official_changes_the_period_and_follows_a_figure_to_exactly_its_cases(
    page, live_server, org, director, branch_officer, official
):
    """The hand-counted world of dashboard_world: 3 requests in 2024, 2 in the first
    quarter of 2025, 9 in the whole of 2025; each figure opens the list of exactly those cases."""
    from legalaid.tests.dashboard_world import build_world

    build_world(org, director, branch_officer)
    login(page, live_server, official.username)
    page.click("nav.mainnav a[href='/bang-dieu-hanh/']")
    figure = page.locator("[data-indicator='cases.requests_received'] .figure")
    rows = page.locator("main table tbody tr")

    def show(kind, year, quarter=None):
        page.select_option("#kind", kind)
        page.select_option("#year", year)
        if quarter:
            page.select_option("#quarter", quarter)
        page.click("form.selector button[type=submit]")

    show("year", "2024")
    expect(page.locator("main .actions")).to_contain_text("Năm 2024")
    expect(figure).to_have_text("3")

    show("quarter", "2025", "1")
    expect(page.locator("main .actions")).to_contain_text("Quý 1/2025")
    expect(figure).to_have_text("2")
    figure.locator("a").click()
    expect(page).to_have_url(re.compile(r"/vu-viec/\?"))
    expect(rows.locator("td:nth-child(2)")).to_have_text(["03/02/2025", "06/01/2025"])
    page.go_back()

    show("year", "2025")
    expect(page.locator("main .actions")).to_contain_text("Năm 2025")
    expect(figure).to_have_text("9")
    figure.locator("a").click()
    expect(page).to_have_url(re.compile(r"/vu-viec/\?"))
    expect(rows).to_have_count(9)
    expect(rows.locator("td:nth-child(2)")).to_have_text(
        [
            "31/12/2025",
            "03/11/2025",
            "31/10/2025",
            "01/09/2025",
            "01/07/2025",
            "02/06/2025",
            "01/04/2025",
            "03/02/2025",
            "06/01/2025",
        ]
    )
