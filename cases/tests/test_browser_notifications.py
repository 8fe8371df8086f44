"""In real Chromium: the director appoints an assistant; the assistant sees the unread count in
the header, opens the notice from the inbox and lands on the case, and the count is gone."""

from __future__ import annotations

import pytest

from cases.models import Case
from legalaid.models import Notification
from legalaid.tests.browser import login, open_page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_appointed_assistant_finds_the_case_through_the_notice(
    browser, live_server, make_case, director, assistant, performers
):
    case = make_case(Case.Status.ACCEPTED)
    with open_page(browser) as page:
        login(page, live_server, "giamdoc")
        page.goto(f"{live_server.url}/vu-viec/{case.pk}/")
        page.click("#actions a:has-text('Cử người thực hiện')")
        page.select_option("#id_performer", str(performers.assistant.pk))
        with page.expect_navigation():
            page.click("form.card button.primary")
        assert "Quyết định cử" in page.content()
    notice = Notification.objects.get()
    assert notice.recipient == assistant

    with open_page(browser) as page:
        login(page, live_server, "trogiupvien")
        header = page.locator("a.inbox")
        assert header.inner_text() == "Thông báo (1 chưa đọc)"
        with page.expect_navigation():
            header.click()
        assert page.url == f"{live_server.url}/thong-bao/"
        with page.expect_navigation():
            page.click(f"a:has-text('{case.register_number}')")
        assert page.url == f"{live_server.url}/vu-viec/{case.pk}/"
        assert page.locator("a.inbox").inner_text() == "Thông báo"
    notice.refresh_from_db()
    assert notice.read_at is not None
