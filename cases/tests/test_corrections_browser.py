"""In real Chromium set to English: an intake clerk corrects a misspelt name and a wrong citizen
ID from the case page, sees both on the timeline and re-issues the appointment slip, whose PDF
prints the corrected data."""

from __future__ import annotations

import pytest

from cases.models import Case
from legalaid.tests.browser import login, open_page

from .test_pages import pdf_text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_corrects_the_name_and_citizen_id_and_reissues_the_slip(browser, live_server, make_case):
    case = make_case(Case.Status.ACCEPTED, name="Hoàng Thị Lam", citizen_id="020180001234")
    case_url = f"{live_server.url}/vu-viec/{case.pk}/"
    with open_page(browser, locale="en-US", extra_http_headers={"Accept-Language": "en-US,en"}) as page:
        login(page, live_server, "tiepnhan")
        page.goto(case_url)
        assert "Sửa thông tin" in page.inner_text("#corrections")
        with page.expect_navigation():
            page.click("#corrections a:has-text('người được trợ giúp pháp lý')")
        assert page.input_value("#id_full_name") == "Hoàng Thị Lam"
        page.fill("#id_full_name", "Hoàng Thị Lan")
        page.fill("#id_citizen_id", "020180004321")
        page.fill("#id_reason", "Ghi sai khi tiếp nhận, đối chiếu thẻ căn cước")
        with page.expect_navigation():
            page.click("#correction button.primary")
        offer = page.inner_text("#papers")
        assert "Phiếu hẹn" in offer
        with page.expect_navigation():
            page.click("#papers button:has-text('Cấp lại')")
        timeline = page.inner_text("#timeline")
        assert "Hoàng Thị Lam → Hoàng Thị Lan" in timeline
        assert "020180001234 → 020180004321" in timeline
        assert "Cấp lại văn bản" in timeline and "Phiếu hẹn" in timeline
        slip = page.request.get(f"{case_url}van-ban/phieu-hen.pdf")
        assert slip.ok and slip.headers["content-type"] == "application/pdf"
        text = pdf_text(slip.body())
        assert "Hoàng Thị Lan" in text and "020180004321" in text
        assert "Hoàng Thị Lam" not in text and "020180001234" not in text
        assert "Bản cấp lại ngày" in text
