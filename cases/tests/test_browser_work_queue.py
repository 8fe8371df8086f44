"""The home page's work queue in real Chromium: the director's home lists the overdue cases and
its count is the number of rows of the list it links to; a performer finds their case from the
home page. The cases are dated relative to today, a month back, so whatever the day they are
overdue (their deadline is a few working days after the request)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from legalaid.tests.browser import login

S = Case.Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_directors_home_lists_the_overdue_cases_and_its_count_is_the_lists(
    page, live_server, make_case, director
):
    month_ago = timezone.localdate() - timedelta(days=30)
    overdue = [
        make_case(S.RECEIVED, name=name, request_date=month_ago) for name in ("Lộc Văn Cũ", "Vi Thị Xưa")
    ]
    make_case(S.RECEIVED, name="Hoàng Thị Mới")  # received today: not overdue
    login(page, live_server, "giamdoc")
    group = page.locator("#queue-cases-overdue")
    assert group.locator("h3").inner_text().startswith("Vụ việc quá hạn của đơn vị")
    count = int(group.locator("h3 .count").inner_text())
    assert count == len(overdue)
    text = group.inner_text()
    assert "Lộc Văn Cũ" in text and "Vi Thị Xưa" in text and "Hoàng Thị Mới" not in text
    assert f"quá hạn, hạn {overdue[0].next_deadline:%d/%m/%Y}" in text
    with page.expect_navigation():
        group.locator("a.see-all").click()
    assert "/vu-viec/han-xu-ly/" in page.url
    assert page.locator("table tbody tr").count() == count
    assert page.locator("table tbody .tag.warn").count() == count  # each marked overdue


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_performer_finds_their_case_from_the_home_page(page, live_server, make_case, assistant):
    case = make_case(S.ASSIGNED, name="Triệu Văn Làm")  # performed by the assistant's staffing record
    make_case(S.ACCEPTED, name="Nông Thị Chờ")  # not theirs
    login(page, live_server, "trogiupvien")
    group = page.locator("#queue-cases-perform")
    assert group.locator("h3 .count").inner_text() == "1"
    assert "Nông Thị Chờ" not in page.locator("#work-queue").inner_text()
    with page.expect_navigation():
        group.locator(f"a[href='/vu-viec/{case.pk}/']").click()
    assert page.url.endswith(f"/vu-viec/{case.pk}/")
    assert "Triệu Văn Làm" in page.content()
    assert page.locator("#actions a:has-text('Ghi nhật ký thực hiện')").count() == 1
