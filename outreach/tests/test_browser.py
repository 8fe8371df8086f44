"""In real Chromium on a phone-sized window: a branch officer records a mobile session in a
village, finding the commune by typing its name without accents, and the commune leaves the
"not yet reached" list of the coverage page."""

import pytest
from playwright.sync_api import expect

from legalaid.tests.browser import PHONE, login, open_page
from outreach.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_recording_a_session_on_a_phone_takes_the_commune_off_the_not_yet_reached_list(
    browser, live_server, org, branch_officer
):
    with open_page(browser, **PHONE) as phone:
        login(phone, live_server, "chinhanh1")
        phone.goto(f"{live_server.url}/truyen-thong/bao-phu/")
        not_reached = phone.locator("#not-reached ol.not-reached")
        expect(not_reached).to_contain_text("Xã Tràng Định")
        expect(not_reached).to_contain_text("Xã Thất Khê")

        phone.goto(f"{live_server.url}/truyen-thong/buoi/moi/")
        # The form fits the phone: no sideways scrolling.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.get_by_label("Trợ giúp pháp lý lưu động").check()
        phone.locator("#commune-search").fill("trang dinh")
        pick = phone.locator("#commune-picks button", has_text="Xã Tràng Định")
        expect(pick).to_be_visible()
        pick.tap()
        expect(phone.locator("#id_commune")).to_have_value(str(org.communes[1].pk))
        phone.locator("#id_village").fill("Thôn Bản Chu")
        phone.locator("#id_attendees").fill("38")
        phone.locator("#id_attendees_women").fill("21")
        attendees_box = phone.locator("#id_attendees").bounding_box()
        assert attendees_box["height"] >= 44  # a thumb-sized target
        with phone.expect_navigation():
            phone.locator("form.session-form button[type=submit]").tap()

        expect(phone.locator(".messages .success")).to_contain_text("Xã Tràng Định")
        session = Session.objects.get()
        assert (session.kind, session.village, session.attendees, session.lead_unit) == (
            Session.Kind.MOBILE,
            "Thôn Bản Chu",
            38,
            org.branch,
        )

        phone.goto(f"{live_server.url}/truyen-thong/bao-phu/")
        expect(phone.locator("#not-reached ol.not-reached")).not_to_contain_text("Xã Tràng Định")
        expect(phone.locator("#not-reached ol.not-reached")).to_contain_text("Xã Thất Khê")
        expect(phone.locator("#reached ul.reached")).to_contain_text("Xã Tràng Định")
        expect(phone.locator("#communes .reached-count")).to_have_text("1")
