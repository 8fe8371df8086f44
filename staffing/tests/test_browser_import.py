"""The administrator's import in real Chromium: upload, preview every row, confirm."""

import pytest
from playwright.sync_api import expect

from legalaid.tests.browser import login
from staffing.models import Person
from staffing.sheets import messy_workbook
from staffing.tests.factories import restore_reference_data
from staffing.tests.test_import import BAD, GOOD, HEADERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _roles(_django_db_helper):
    restore_reference_data()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_administrator_uploads_previews_and_confirms_only_the_valid_rows(
    page, live_server, administrator
):
    login(page, live_server, administrator.username)
    page.goto(f"{live_server.url}/quan-tri/staffing/person/")
    page.click("a.import_link")
    page.set_input_files(
        "#id_file",
        files=[{"name": "ctv.xlsx", "mimeType": XLSX, "buffer": messy_workbook(HEADERS, GOOD + BAD)}],
    )
    page.click("#import-upload input[type=submit]")

    preview = page.locator("#import-preview tbody tr")
    expect(preview).to_have_count(11)
    expect(page.locator("#import-summary")).to_contain_text("Mới: 3")
    expect(page.locator("#import-summary")).to_contain_text("Lỗi: 8")
    expect(page.locator('tr[data-row="16"]')).to_contain_text("trùng với dòng 5")
    expect(page.locator('tr[data-row="14"]')).to_contain_text("có phải là “Xã Thất Khê”?")
    expect(page.locator("#invalid-rows-link")).to_be_visible()

    # Confirming without choosing to skip the invalid rows writes nothing.
    page.click("#import-confirm input[type=submit]")
    expect(page.locator(".errorlist, .messagelist .error").first).to_contain_text("Chưa nhập dòng nào")
    assert Person.objects.count() == 0

    page.check("#id_skip_invalid")
    page.click("#import-confirm input[type=submit]")
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 8"
    )
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    assert Person.objects.count() == 3
