"""The complaints page in real Chromium: the clerk finds the case by a name typed without
accents, picks it among those found and saves; a second call from the same phone is warned of
the open complaint and saved only once confirmed; the complaint is given to a handler and
answered, and its answer letter opens."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import Complaint
from cases.services import complaints as service
from legalaid.tests.browser import login

from .conftest import receive


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_clerk_finds_the_case_is_warned_of_a_duplicate_and_answers(
    page, live_server, org, intake_officer
):
    case = receive(intake_officer, org.admin_department, name="Nguyễn Thị Hoà")
    receive(intake_officer, org.admin_department, name="Lò Văn Khác")
    login(page, live_server, "tiepnhan")
    page.goto(f"{live_server.url}/vu-viec/khieu-nai/")
    form = page.locator("#complaint-form")
    form.locator("#id_caller").fill("Trần Văn Bình")
    form.locator("#id_phone").fill("0912345678")
    form.locator("#id_topic").select_option("delay")
    form.locator("#id_case_query").fill("nguyen thi hoa")
    with page.expect_navigation():
        form.locator("button[name=find]").click()
    found = page.locator("#found-cases")
    assert "Nguyễn Thị Hoà" in found.inner_text() and "Lò Văn Khác" not in found.inner_text()
    # What was typed is still there.
    assert page.locator("#id_caller").input_value() == "Trần Văn Bình"
    found.locator(f"input[name=case][value='{case.pk}']").check()
    page.locator("#id_content").fill("Chưa được liên hệ sau hai tuần")
    with page.expect_navigation():
        page.locator("#complaint-form button.primary").click()
    first = Complaint.objects.get()
    assert first.case_id == case.pk and first.due_on == service.complaint_due(timezone.localdate())
    row = page.locator(f"#complaint-{first.pk}")
    assert "Đã tiếp nhận" in row.inner_text() and first.due_on.strftime("%d/%m/%Y") in row.inner_text()

    # The same phone calls again: warned, nothing saved until confirmed.
    page.locator("#id_caller").fill("Trần Văn Bình")
    page.locator("#id_phone").fill("0912345678")
    page.locator("#id_topic").select_option("question")
    page.locator("#id_content").fill("Gọi lại lần hai")
    with page.expect_navigation():
        page.locator("#complaint-form button.primary").click()
    warning = page.locator("#duplicates")
    assert "vẫn đang mở" in warning.inner_text()
    assert Complaint.objects.count() == 1
    warning.locator("input[name=confirm_duplicate]").check()
    with page.expect_navigation():
        page.locator("#complaint-form button.primary").click()
    assert Complaint.objects.count() == 2, page.locator("main").inner_text()

    # Given to a handler, then answered: the answer letter opens.
    row = page.locator(f"#complaint-{first.pk}")
    row.locator("select[name=handler]").select_option(str(intake_officer.pk))
    with page.expect_navigation():
        row.locator("button:has-text('Giao')").click()
    row = page.locator(f"#complaint-{first.pk}")
    assert "Đang xử lý" in row.inner_text() and "Nguyễn Thị Hồng Nhung" in row.inner_text()
    row.locator("textarea[name=resolution]").fill("Đã cử người thực hiện liên hệ ngay")
    with page.expect_navigation():
        row.locator("button:has-text('Đã trả lời')").click()
    row = page.locator(f"#complaint-{first.pk}")
    assert "Đã trả lời" in row.inner_text()
    link = row.locator("a:has-text('Văn bản trả lời (PDF)')")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
