"""The shell of the site in real Chromium: logging in and out, the home page, the menu on a
phone, the language switch and the friendly 404 for a guessed URL."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from legalaid.forms import LoginForm
from legalaid.tests.browser import PASSWORD, PHONE, login, open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE = "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn"
# The keys of conftest's `everyone`, one test each.
ROLES = [
    "director",
    "intake_officer",
    "assistant",
    "performer",
    "branch_intake_officer",
    "official",
    "administrator",
]


def vietnamese(message) -> str:
    """A message as the Vietnamese interface shows it (a lazy translation or a msgid)."""
    with translation.override("vi"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_logs_in_through_the_form_sees_the_centre_and_logs_out(page, live_server, everyone, role):
    assert sorted(everyone) == sorted(ROLES), "a role was added to `everyone`: add it to ROLES here"
    person = everyone[role]

    login(page, live_server, person.username)

    expect(page.locator("h1.centre-name")).to_have_text(CENTRE)
    expect(page.locator("header .account .who")).to_contain_text(person.full_name)
    expect(page.locator("main h2").first).to_contain_text(person.full_name)

    with page.expect_navigation():
        page.locator("header .account form button[type=submit]").click()
    assert page.url == f"{live_server.url}/dang-nhap/"
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("header .account")).to_have_count(0)
    # The session is gone: the home page sends them back to the login form.
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/dang-nhap/")


def test_the_home_page_lists_the_centres_departments_and_branches_for_the_director(
    page, live_server, director
):
    login(page, live_server, "giamdoc")

    units = page.locator("main ul.units")
    for name in ("Phòng Hành chính – Tổng hợp", "Phòng Nghiệp vụ", "Chi nhánh số 1", "Chi nhánh số 2"):
        expect(units.locator("li strong", has_text=name)).to_have_count(1)
    # The court hangs under the Department of Justice, not the centre.
    expect(units).not_to_contain_text("Tòa án")


def test_a_wrong_password_shows_an_error_on_the_login_page_and_does_not_log_in(page, live_server, director):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "giamdoc")
    page.fill("#id_password", PASSWORD + "-sai")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    assert page.url == f"{live_server.url}/dang-nhap/"
    expect(page.locator("[role=alert]")).to_have_text(vietnamese(LoginForm.error_messages["invalid_login"]))
    expect(page.locator("#id_username")).to_have_value("giamdoc")
    expect(page.locator("header .account")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/dang-nhap/")


def test_on_a_phone_the_menu_hides_behind_the_toggle_and_opens_when_tapped(browser, live_server, director):
    with open_page(browser, **PHONE) as phone:
        login(phone, live_server, "giamdoc")
        organisation = phone.locator("header nav.mainnav a[href='/to-chuc/']")
        toggle = phone.locator("header label.nav-toggle-label")

        expect(organisation).to_be_hidden()
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text("☰")

        toggle.tap()

        expect(organisation).to_be_visible()
        with phone.expect_navigation():
            organisation.tap()
        assert phone.url == f"{live_server.url}/to-chuc/"


def test_the_language_switch_in_the_header_turns_the_interface_to_english_and_back(
    page, live_server, director
):
    login(page, live_server, "giamdoc")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "vi")

    page.locator("header form.lang button[value=en]").click()

    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("header .account form button")).to_have_text("Log out")
    assert page.url == f"{live_server.url}/"

    page.locator("header form.lang button[value=vi]").click()

    expect(html).to_have_attribute("lang", "vi")
    expect(page.locator("header form.lang button[value=en]")).to_be_visible()
    assert page.url == f"{live_server.url}/"


def test_a_branch_officer_guessing_another_branchs_unit_url_gets_the_friendly_404(
    page, live_server, org, branch_officer
):
    login(page, live_server, "chinhanh1")

    # Their own branch opens, so the 404 below is about scope and not a broken page.
    own = page.goto(f"{live_server.url}/to-chuc/{org.branch.pk}/")
    assert own.status == 200
    expect(page.locator("main h1")).to_contain_text("Chi nhánh số 1")

    guessed = page.goto(f"{live_server.url}/to-chuc/{org.other_branch.pk}/")

    assert guessed.status == 404
    expect(page.locator("main h1")).to_have_text(vietnamese("Page not found"))
    expect(page.locator("main a[href='/']")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Chi nhánh số 2")
    expect(page.locator("body")).not_to_contain_text("Xã Lộc Bình")
