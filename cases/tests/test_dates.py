"""The case list's date filter the Vietnamese way: typed dd/mm/yyyy or picked in the calendar, old
ISO links still working; and in real Chromium set to English, the widget shows 05/12/2026 for
5 December, the calendar speaks Vietnamese and marks the holidays, no browser bubble stops a
form, and on a phone the checkboxes are big enough for a finger."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from legalaid.models import CalendarOverride
from legalaid.tests.browser import CHROMIUM, CHROMIUM_ARGS, DEFAULT_CONTEXT, PHONE, TIMEOUT, login

from .conftest import receive

# Monday 7 December 2026, 10:00 in Vietnam; the 5th and 6th are the weekend before.
MONDAY = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
ENGLISH = {**DEFAULT_CONTEXT, "locale": "en-US", "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"}}


@pytest.fixture
def three_cases(time_machine, org, intake_officer):
    time_machine.move_to(MONDAY)
    return {
        day: receive(intake_officer, org.admin_department, request_date=day, name=name)
        for day, name in (
            (date(2026, 11, 20), "Lộc Văn Tám"),
            (date(2026, 12, 5), "Hoàng Thị Lan"),
            (date(2026, 12, 7), "Vi Văn Sơn"),
        )
    }


def _names(response) -> set[str]:
    return {case.beneficiary.full_name for case, _categories in response.context["rows"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "period",
    [
        {"from": "2026-12-05", "to": "2026-12-06"},  # a link made before the widget
        {"from": "05/12/2026", "to": "06/12/2026"},
        {"from": "5/12/2026", "to": "6.12.2026"},
    ],
)
def test_the_case_list_filters_by_dates_typed_dd_mm_yyyy_or_linked_as_iso(
    client, three_cases, director, period, django_assert_max_num_queries
):
    client.force_login(director)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("cases:index"), period)

    assert _names(response) == {"Hoàng Thị Lan"}
    html = response.content.decode()
    assert 'id="f-from" value="05/12/2026"' in html or (
        'value="05/12/2026"' in html and 'name="from"' in html
    )
    assert 'value="06/12/2026"' in html and 'type="date"' not in html


@pytest.mark.django_db
def test_payments_filter_reads_dd_mm_yyyy(client, three_cases, director):
    client.force_login(director)

    response = client.get(reverse("cases:payments"), {"start": "01/12/2026", "end": "05/12/2026"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="01/12/2026"' in html and 'value="05/12/2026"' in html


@pytest.fixture
def english_chromium(browser):
    """Chromium started in English (its own language and the pages it asks for), as the centres'
    office browsers are."""
    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--lang=en-US"], headless=True
    )
    try:
        yield chromium
    finally:
        chromium.close()


def _tab(chromium, **extra):
    context = chromium.new_context(**{**ENGLISH, **extra})
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    return context


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_an_english_browser_the_date_filter_reads_and_picks_dates_the_vietnamese_way(
    english_chromium, live_server, three_cases, director
):
    CalendarOverride.objects.create(
        day=date(2026, 12, 10), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ bù ngày hội nghị"
    )
    context = _tab(english_chromium)
    try:
        page = context.new_page()
        assert page.evaluate("navigator.language") == "en-US"
        login(page, live_server, "giamdoc")
        # An old link with ISO dates: the widget shows the day first.
        page.goto(f"{live_server.url}/vu-viec/?from=2026-12-05")
        date_from, date_to = page.locator("#f-from"), page.locator("#f-to")
        expect(date_from).to_have_value("05/12/2026")
        assert date_from.get_attribute("type") == "text"
        assert date_from.get_attribute("inputmode") == "numeric"
        assert page.eval_on_selector("form.filters", "f => f.noValidate && f.hasAttribute('novalidate')")

        # The calendar of the empty "to" field opens on today's month, in Vietnamese.
        page.locator("#f-to ~ button.datepicker-toggle").click()
        calendar = page.get_by_role("dialog", name="Lịch")
        expect(calendar).to_be_visible()
        expect(calendar.locator(".datepicker-title")).to_have_text("Tháng 12 năm 2026")
        expect(calendar.locator("thead th")).to_have_text(["T2", "T3", "T4", "T5", "T6", "T7", "CN"])
        today = calendar.locator("button[data-date='2026-12-07']")
        expect(today).to_have_attribute("aria-current", "date")
        expect(today).to_be_focused()
        expect(today).to_have_attribute("aria-label", "Thứ Hai, ngày 7 tháng 12 năm 2026 (hôm nay)")
        expect(calendar.locator("button[data-date='2026-12-05']")).to_have_class("weekend")
        day_off = calendar.locator("button[data-date='2026-12-10']")
        expect(day_off).to_have_class("holiday")
        expect(day_off).to_have_attribute("title", "Nghỉ bù ngày hội nghị")

        # The keyboard: a day back to Sunday the 6th, Enter fills it in as dd/mm/yyyy.
        page.keyboard.press("ArrowLeft")
        expect(calendar.locator("button[data-date='2026-12-06']")).to_be_focused()
        page.keyboard.press("Enter")
        expect(calendar).to_have_count(0)
        expect(date_to).to_have_value("06/12/2026")

        # The next month's holidays come from the server; Escape closes and gives the focus back.
        page.locator("#f-from ~ button.datepicker-toggle").click()
        expect(calendar.locator("button[data-date='2026-12-05']")).to_have_class("weekend selected")
        calendar.get_by_role("button", name="Tháng sau").click()
        expect(calendar.locator(".datepicker-title")).to_have_text("Tháng 1 năm 2027")
        new_year = calendar.locator("button[data-date='2027-01-01']")
        expect(new_year).to_have_class("holiday")
        expect(new_year).to_have_attribute("title", "Tết Dương lịch")
        page.keyboard.press("Escape")
        expect(calendar).to_have_count(0)
        expect(page.locator("#f-from ~ button.datepicker-toggle")).to_be_focused()

        # A day picked with the mouse.
        page.locator("#f-from ~ button.datepicker-toggle").click()
        calendar.locator("button[data-date='2026-12-04']").click()
        expect(date_from).to_have_value("04/12/2026")
        date_from.fill("5/12/2026")

        with page.expect_navigation():
            page.locator("form.filters button.primary").click()
        assert "from=5%2F12%2F2026" in page.url and "to=06%2F12%2F2026" in page.url
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Hoàng Thị Lan")
        expect(rows.first).to_contain_text("05/12/2026")
        expect(date_from).to_have_value("05/12/2026")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_a_phone_the_intake_form_answers_in_vietnamese_and_its_checkboxes_are_big_enough(
    english_chromium, live_server, time_machine, org, intake_officer
):
    time_machine.move_to(MONDAY)
    context = _tab(english_chromium, **PHONE)
    try:
        phone = context.new_page()
        login(phone, live_server, "tiepnhan")
        phone.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
        assert phone.viewport_size["width"] == 390
        request_date = phone.locator("#id_request_date")
        expect(request_date).to_have_value("07/12/2026")

        # Every category's checkbox is a target of at least 40 by 40 px (its label takes the tap).
        boxes = phone.locator("input[name=categories]")
        assert boxes.count() > 3
        for i in range(boxes.count()):
            label = boxes.nth(i).locator("xpath=ancestor::label[1]")
            area = label.bounding_box()
            assert area["height"] >= 40 and area["width"] >= 40, area
        # A tap near the label's corner, away from the box itself, ticks it.
        first = boxes.first
        label = first.locator("xpath=ancestor::label[1]")
        label.scroll_into_view_if_needed()
        area = label.bounding_box()
        phone.touchscreen.tap(area["x"] + area["width"] - 5, area["y"] + area["height"] - 3)
        expect(first).to_be_checked()
        toggle = phone.locator("#id_request_date ~ button.datepicker-toggle").bounding_box()
        assert toggle["height"] >= 40 and toggle["width"] >= 40

        # An impossible date and no name: no browser bubble stops the form, the server answers.
        request_date.fill("31/02/2026")
        with phone.expect_navigation():
            phone.locator("#intake button.primary").click()
        assert phone.eval_on_selector("#intake", "f => f.noValidate")
        expect(phone.locator("#intake")).to_contain_text("Ngày yêu cầu: nhập ngày theo dạng dd/mm/yyyy.")
        expect(request_date).to_have_value("31/02/2026")
        assert Case.objects.count() == 0
    finally:
        context.close()
