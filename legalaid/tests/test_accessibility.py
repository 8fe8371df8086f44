"""Usable by everyone (WCAG 2.1 AA): axe-core, run in real Chromium on the main pages of each
role, finds nothing serious or critical. The Nu HTML checker (it needs Java) is not run here."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from legalaid.tests.browser import PHONE, login, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
# The ids an aria-describedby names that no element of the page has.
DANGLING = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap((e) =>
  e.getAttribute('aria-describedby').split(/\\s+/).filter((id) => !document.getElementById(id)))"""

# The main pages of each role ("{case}" is a case of the centre's administrative department).
PAGES = {
    "giamdoc": [
        "/",
        "/vu-viec/",
        "/vu-viec/{case}/",
        "/vu-viec/khieu-nai/",
        "/thong-bao/",
        "/nhan-su/",
        "/truyen-thong/",
        "/ke-hoach/",
        "/bang-dieu-hanh/",
        "/tai-khoan/doi-mat-khau/",
    ],
    "tiepnhan": ["/", "/vu-viec/tiep-nhan/", "/vu-viec/{case}/", "/vu-viec/khieu-nai/"],
    "trogiupvien": ["/", "/vu-viec/", "/thong-bao/"],
    "sotuphap": ["/", "/bang-dieu-hanh/"],
}


def blocking_violations(page) -> list[str]:
    """Axe's serious and critical violations on the page, one line each: id, help, first target."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in BLOCKING:
            target = violation["nodes"][0]["target"] if violation["nodes"] else []
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}; "
                f"{len(violation['nodes'])} node(s), first {target}"
            )
    return found


def test_the_main_pages_of_each_role_have_no_serious_accessibility_violation(
    page, live_server, everyone, org
):
    from cases.tests.conftest import receive

    case = receive(everyone["intake_officer"], org.admin_department, name="Lò Thị Dung")
    found = []
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        login(page, live_server, username)
        for path in paths:
            response = page.goto(live_server.url + path.format(case=case.pk))
            assert response is not None and response.status == 200, f"{username} {path}: {response}"
            found += blocking_violations(page)
            found += [f"{page.url}: aria-describedby names no #{id}" for id in page.evaluate(DANGLING)]
    assert not found, "\n".join(found)


def test_the_intake_form_with_errors_has_no_serious_accessibility_violation(
    page, live_server, intake_officer
):
    login(page, live_server, intake_officer.username)
    page.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_selector("#error-summary")
    # The summary is focused, lists the fields in error, each a link to its field.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    assert links.count() > 0
    for href in links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href
    # Every field's aria-describedby names elements that exist; an invalid field names its error.
    assert page.evaluate(DANGLING) == []
    full_name = page.locator("#id_full_name")
    assert "id_full_name_error" in (full_name.get_attribute("aria-describedby") or "")
    # The categories are a group of checkboxes with its legend.
    assert page.locator("fieldset.field:has(input[name=categories]) > legend").count() == 1
    assert not (found := blocking_violations(page)), "\n".join(found)


def test_a_keyboard_user_skips_to_the_content_and_opens_the_phone_menu(browser, live_server, director):
    with open_page(browser, **PHONE) as phone:
        login(phone, live_server, director.username)
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.activeElement.className") == "skip-link"
        assert phone.locator("a.skip-link").inner_text() == "Chuyển đến nội dung chính"
        phone.keyboard.press("Tab")
        phone.keyboard.press("Tab")  # the brand, then the menu's toggle
        assert phone.evaluate("document.activeElement.id") == "nav-toggle"
        assert not phone.locator("nav.mainnav").is_visible()
        phone.keyboard.press("Space")
        assert phone.locator("nav.mainnav").is_visible()
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.activeElement.closest('nav.mainnav') !== null")
        assert not (found := blocking_violations(phone)), "\n".join(found)
