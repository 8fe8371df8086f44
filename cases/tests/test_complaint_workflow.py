"""Complaints as a small workflow (issue 17 item 6): finding the case, the handler and status
moves, the answer deadline in working days, the duplicate warning and the answer letter."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Complaint
from cases.services import complaints as service
from legalaid.models import CalendarOverride
from legalaid.refusal import Refusal
from legalaid.tests.clock import VIETNAM

from .conftest import receive
from .test_pages import pdf_text

NOW = datetime(2026, 5, 11, 10, 0, tzinfo=VIETNAM)  # a Monday, after the 30/4 and 1/5 holidays
S = Complaint.Status


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(NOW, tick=False)


def form_data(**extra):
    data = {
        "received_on": "11/05/2026",
        "caller": "Trần Văn Bình",
        "phone": "0912345678",
        "channel": "hotline",
        "topic": "delay",
        "case_query": "",
        "case": "",
        "content": "Chưa được liên hệ sau hai tuần",
    }
    data.update(extra)
    return data


def record(by, unit, **extra):
    fields = dict(
        by=by,
        unit=unit,
        received_on=date(2026, 5, 11),
        caller="Trần Văn Bình",
        channel="hotline",
        topic="delay",
        content="Chưa được liên hệ",
    )
    fields.update(extra)
    return service.complaint_record(**fields)


def test_search_without_accents_finds_the_case_in_scope_only(
    pinned, client, org, intake_officer, branch_officer
):
    mine = receive(intake_officer, org.admin_department, name="Nguyễn Thị Hoà")
    elsewhere = receive(branch_officer, org.branch, name="Nguyễn Thị Hoà")
    other = receive(intake_officer, org.admin_department, name="Lê Văn Hòa Bình")
    client.force_login(intake_officer)
    page = client.post(reverse("cases:complaints"), form_data(case_query="nguyen thi hoa", find="1"))
    assert page.status_code == 200
    assert [case.pk for case in page.context["found"]] == [mine.pk]
    assert elsewhere.pk not in [case.pk for case in page.context["found"]]
    assert other.pk not in [case.pk for case in page.context["found"]]
    assert b'name="case" value="%d"' % mine.pk in page.content
    # A search only: nothing is recorded and no error is shown.
    assert not Complaint.objects.exists()
    assert b'class="error"' not in page.content
    # Upper case and the accents find it too.
    page = client.post(reverse("cases:complaints"), form_data(case_query="NGUYỄN THỊ HOÀ", find="1"))
    assert [case.pk for case in page.context["found"]] == [mine.pk]
    # Chosen among the cases found, it is saved with the complaint.
    client.post(reverse("cases:complaints"), form_data(case=mine.pk))
    complaint = Complaint.objects.get()
    assert complaint.case == mine
    assert complaint.status == S.RECEIVED
    # A case out of scope cannot be chosen by typing its id.
    page = client.post(reverse("cases:complaints"), form_data(case=elsewhere.pk, phone="0900000000"))
    assert "Không có vụ việc" in page.content.decode()
    assert Complaint.objects.count() == 1


def test_answer_due_in_working_days_skipping_weekends_and_holidays(pinned, settings, org, intake_officer):
    settings.CASES_COMPLAINT_ANSWER_WORKING_DAYS = 5
    # Received Tuesday 28/4: Wed 29/4, then 30/4 and 1/5 (holidays) and the weekend are
    # skipped: Mon 4/5, Tue 5/5, Wed 6/5, Thu 7/5.
    complaint = record(intake_officer, org.admin_department, received_on=date(2026, 4, 28))
    assert complaint.due_on == date(2026, 5, 7)
    assert complaint.overdue_on(date(2026, 5, 11))
    assert not complaint.overdue_on(date(2026, 5, 7))
    # A day off the centre adds moves it on by one working day.
    CalendarOverride.objects.create(
        day=date(2026, 5, 5), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ bù"
    )
    assert record(intake_officer, org.admin_department, received_on=date(2026, 4, 28)).due_on == date(
        2026, 5, 8
    )
    # By default, 30 working days.
    settings.CASES_COMPLAINT_ANSWER_WORKING_DAYS = 30
    assert service.complaint_due(date(2026, 5, 11)) == date(2026, 6, 22)


def test_transitions_and_refusals(pinned, org, intake_officer, branch_officer, director):
    complaint = record(intake_officer, org.admin_department)
    with translation.override("vi"):
        with pytest.raises(Refusal) as refused:
            service.complaint_move(complaint=complaint, by=intake_officer, to=S.HANDLING)
        assert str(refused.value.message) == "Hãy chọn người xử lý khiếu nại trước."
        with pytest.raises(Refusal) as refused:
            service.complaint_assign(complaint=complaint, by=intake_officer, handler=branch_officer)
        assert (
            str(refused.value.message)
            == "Người xử lý phải là người dùng đang hoạt động của đơn vị nhận khiếu nại."
        )
        complaint = service.complaint_assign(
            complaint=complaint, by=intake_officer, handler=intake_officer, expected_version=1
        )
        assert (complaint.status, complaint.handler, complaint.version) == (S.HANDLING, intake_officer, 2)
        with pytest.raises(Refusal) as refused:  # a form opened before the handler was chosen
            service.complaint_move(
                complaint=complaint,
                by=intake_officer,
                to=S.ANSWERED,
                resolution="Đã trả lời",
                expected_version=1,
            )
        assert str(refused.value.message).startswith("Người khác vừa thay đổi khiếu nại này")
        with pytest.raises(Refusal) as refused:
            service.complaint_move(complaint=complaint, by=intake_officer, to=S.ANSWERED, expected_version=2)
        assert str(refused.value.message) == "Ghi kết quả giải quyết phản ánh."
        complaint = service.complaint_move(
            complaint=complaint,
            by=intake_officer,
            to=S.ANSWERED,
            resolution="Đã phân công người thực hiện mới",
            expected_version=2,
        )
        assert complaint.status == S.ANSWERED and complaint.resolved_on == date(2026, 5, 11)
        assert complaint.answer_number == 1
        with pytest.raises(Refusal) as refused:
            service.complaint_move(complaint=complaint, by=intake_officer, to=S.WITHDRAWN)
        assert (
            str(refused.value.message)
            == "Khiếu nại đang ở trạng thái “Đã trả lời” không thể chuyển sang “Đã rút”."
        )
    # Every change is in the history, by whom it was made.
    statuses = list(complaint.history.order_by("history_date").values_list("status", "version"))
    assert statuses == [(S.RECEIVED, 1), (S.HANDLING, 2), (S.ANSWERED, 3)]
    assert complaint.history.latest().history_user == intake_officer
    # Withdrawn from received: closed, no letter number.
    other = service.complaint_move(
        complaint=record(intake_officer, org.admin_department), by=director, to=S.WITHDRAWN
    )
    assert (other.status, other.resolved_on, other.answer_number) == (S.WITHDRAWN, date(2026, 5, 11), None)


def test_status_moves_through_the_page(pinned, client, org, intake_officer):
    complaint = record(intake_officer, org.admin_department)
    client.force_login(intake_officer)
    url = reverse("cases:complaint_assign", args=[complaint.pk])
    client.post(url, {"handler": intake_officer.pk, "version": 1})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.handler) == (S.HANDLING, intake_officer)
    stale = client.post(
        reverse("cases:complaint_resolve", args=[complaint.pk]),
        {"to": "answered", "resolution": "Đã trả lời", "resolved_on": "11/05/2026", "version": 1},
        follow=True,
    )
    assert "Người khác vừa thay đổi khiếu nại này" in stale.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == S.HANDLING
    client.post(
        reverse("cases:complaint_resolve", args=[complaint.pk]),
        {"to": "withdrawn", "version": 2},
    )
    complaint.refresh_from_db()
    assert complaint.status == S.WITHDRAWN


def test_list_shows_handler_status_deadline_overdue_and_filters(
    pinned, settings, client, org, intake_officer, django_assert_max_num_queries
):
    settings.CASES_COMPLAINT_ANSWER_WORKING_DAYS = 5
    late = record(intake_officer, org.admin_department, received_on=date(2026, 4, 28), caller="Người Trễ Hạn")
    late = service.complaint_assign(complaint=late, by=intake_officer, handler=intake_officer)
    fresh = record(intake_officer, org.admin_department, caller="Người Mới Gọi", phone="0987000111")
    for i in range(5):
        record(intake_officer, org.admin_department, caller=f"Người gọi {i}", phone=f"09100000{i:02d}")
    client.force_login(intake_officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("cases:complaints"))
    html = page.content.decode()
    row = html.split(f'id="complaint-{late.pk}"', 1)[1].split("</tr>", 1)[0]
    assert (
        "quá hạn" in row and "07/05/2026" in row and "Đang xử lý" in row and intake_officer.full_name in row
    )
    row = html.split(f'id="complaint-{fresh.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "quá hạn" not in row and "Đã tiếp nhận" in row
    assert "Chưa được kiểm chứng" in html  # the 30 working days are not verified
    rows = client.get(reverse("cases:complaints"), {"status": "handling"}).context["rows"]
    assert [c.pk for c in rows] == [late.pk]
    rows = client.get(reverse("cases:complaints"), {"handler": intake_officer.pk}).context["rows"]
    assert [c.pk for c in rows] == [late.pk]
    assert len(client.get(reverse("cases:complaints"), {"open": "1"}).context["rows"]) == 7


def test_duplicate_warning_before_saving(pinned, client, org, intake_officer):
    case = receive(intake_officer, org.admin_department, name="Nguyễn Thị Hoà")
    first = record(intake_officer, org.admin_department, case=case, phone="0911111111")
    client.force_login(intake_officer)
    # Same case, another phone: warned, nothing saved, a link to the open complaint.
    page = client.post(reverse("cases:complaints"), form_data(case=case.pk, phone="0922222222"))
    html = page.content.decode()
    assert 'id="duplicates"' in html and f'href="#complaint-{first.pk}"' in html
    assert "vẫn đang mở" in html
    assert Complaint.objects.count() == 1
    # Same phone, no case: warned too.
    page = client.post(reverse("cases:complaints"), form_data(phone="0911111111"))
    assert [c.pk for c in page.context["duplicates"]] == [first.pk]
    assert Complaint.objects.count() == 1
    # Added to the open complaint instead: nothing new recorded, what was said is kept on it.
    page = client.post(
        reverse("cases:complaints"),
        form_data(case=case.pk, phone="0922222222", content="Gọi lại hỏi tiến độ", link_to=first.pk),
        follow=True,
    )
    assert "Đã bổ sung cuộc gọi vào khiếu nại đang mở." in page.content.decode()
    assert Complaint.objects.count() == 1
    first.refresh_from_db()
    assert first.content.endswith("[11/05/2026 Trần Văn Bình, 0922222222] Gọi lại hỏi tiến độ")
    assert first.version == 2
    # Confirmed: recorded.
    client.post(
        reverse("cases:complaints"), form_data(case=case.pk, phone="0922222222", confirm_duplicate="on")
    )
    assert Complaint.objects.count() == 2
    # Once the first is closed, no warning.
    service.complaint_resolve(complaint=first, by=intake_officer, resolution="Đã giải thích")
    response = client.post(reverse("cases:complaints"), form_data(phone="0911111111"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 3


def test_answer_letter_pdf(pinned, client, org, intake_officer, director):
    case = receive(intake_officer, org.admin_department, name="Nguyễn Thị Hoà")
    complaint = record(
        intake_officer, org.admin_department, case=case, phone="0911111111", received_on=date(2026, 5, 4)
    )
    client.force_login(intake_officer)
    url = reverse("cases:complaint_answer_pdf", args=[complaint.pk])
    assert client.get(url).status_code == 404  # not answered yet
    service.complaint_move(
        complaint=complaint,
        by=intake_officer,
        to=S.ANSWERED,
        resolution="Trung tâm đã cử trợ giúp viên khác thực hiện vụ việc.",
        on=date(2026, 5, 8),
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN" in text
    assert "Số: 01/TB-TGPL" in text
    assert "Lạng Sơn, ngày 08 tháng 05 năm 2026" in text
    assert "Về việc trả lời khiếu nại, phản ánh" in text
    assert "Ngày 04/05/2026" in text and "Chưa được liên hệ" in text
    assert "ông/bà Trần Văn Bình" in text
    assert "Trung tâm đã cử trợ giúp viên khác thực hiện vụ việc." in text
    assert "Nơi nhận:" in text and "Lưu: VT" in text
    assert "GIÁM ĐỐC" in text and director.full_name in text


def test_search_never_finds_a_sensitive_case_by_a_citizen_id_the_user_may_not_see(
    pinned, client, org, intake_officer
):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    colleague = UserFactory(  # of the same department, did not receive the case
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )
    hidden = receive(
        intake_officer, org.admin_department, category="7h", name="Mã Thị Hiền", citizen_id="020180001234"
    )
    plain = receive(intake_officer, org.admin_department, name="Vi Văn Tài", citizen_id="020180005678")
    url = reverse("cases:complaints")
    for user, sees in [(intake_officer, True), (colleague, False)]:
        client.force_login(user)
        found = client.post(url, form_data(case_query="0201800", find="1")).context["found"]
        assert (hidden in found) is sees and plain in found
        # The name is never masked, nor the register number.
        assert client.post(url, form_data(case_query="ma thi hien", find="1")).context["found"] == [hidden]


def test_the_home_page_lists_the_complaints_to_handle_and_its_count_is_the_open_list(
    pinned, settings, client, org, intake_officer, other_branch_officer
):
    """The work queue's complaints group: the open complaints of the user's units, the overdue
    one first and marked, the caller never named; its count is the open list's."""
    import re

    settings.CASES_COMPLAINT_ANSWER_WORKING_DAYS = 5
    late = record(intake_officer, org.admin_department, received_on=date(2026, 4, 28), caller="Người Trễ Hạn")
    record(intake_officer, org.admin_department, caller="Người Mới Gọi", phone="0987000111")
    answered = record(intake_officer, org.admin_department, caller="Người Đã Trả Lời", phone="0987000222")
    service.complaint_resolve(complaint=answered, by=intake_officer, resolution="Đã giải thích")
    record(other_branch_officer, org.other_branch, caller="Người Chi Nhánh", phone="0987000333")
    client.force_login(intake_officer)
    page = client.get("/").content.decode()
    section = page.split('id="queue-cases-complaints"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'class="count">2<', section)
    assert "quá hạn" in section and "07/05/2026" in section
    assert section.index("28/04/2026") < section.index("11/05/2026")  # the overdue one first
    assert "Người Trễ Hạn" not in section and "Người Mới Gọi" not in section
    link = re.search(r'class="see-all" href="([^"]+)"', section).group(1).replace("&amp;", "&")
    assert len(client.get(link).context["rows"]) == 2
    service.complaint_move(complaint=late, by=intake_officer, to=Complaint.Status.WITHDRAWN)
    assert 'id="queue-cases-complaints"' in client.get("/").content.decode()
    client.force_login(other_branch_officer)
    section = client.get("/").content.decode().split('id="queue-cases-complaints"', 1)[1]
    assert re.search(r'class="count">1<', section)
