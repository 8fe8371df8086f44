"""Who is told what about a case: each step of the services notifies the right person once its
transaction commits (nothing when it rolls back), a sensitive case's person is named only to
those who may see it, and the daily job raises the deadline notices once."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import Case, Complaint
from legalaid.models import BeneficiaryCategory, Notification
from legalaid.refusal import Refusal

S = Case.Status
K = Notification.Kind
MASK = "được bảo mật"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def notices(**filters) -> list[Notification]:
    return list(Notification.objects.filter(**filters).select_related("recipient").order_by("pk"))


def test_the_appointed_performer_is_told_after_the_appointment_commits(
    make_case, director, assistant, performers, django_capture_on_commit_callbacks
):
    case = make_case(S.ACCEPTED)
    assert not notices()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.case_appoint(case=case, by=director, performer=performers.assistant)
        assert not notices()  # nothing is written inside the transaction
    assert len(callbacks) == 1
    case.refresh_from_db()
    [notice] = notices()
    assert notice.recipient == assistant
    assert notice.kind == K.APPOINTED
    assert notice.text == f"Bạn được cử thực hiện vụ việc {case.register_number} (Hoàng Thị Lan)."
    assert notice.url == f"/vu-viec/{case.pk}/"
    assert notice.about == f"cases.case:{case.pk}"
    assert notice.read_at is None and notice.emailed_at is None


def test_a_performer_without_a_login_is_told_through_the_directors_and_clerks_of_their_unit(
    make_case, director, branch_officer, performers, django_capture_on_commit_callbacks
):
    case = make_case(S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_appoint(case=case, by=director, performer=performers.lawyer)
    told = notices()
    assert {n.recipient for n in told} == {director, branch_officer}
    assert {n.kind for n in told} == {K.APPOINTED}
    for notice in told:
        assert notice.text.startswith("Nông Văn Bình (không có tài khoản) được cử thực hiện vụ việc")
        assert "Hoàng Thị Lan" in notice.text


def test_nothing_is_told_when_the_step_rolls_back_or_is_refused(
    make_case, director, intake_officer, performers, django_capture_on_commit_callbacks
):
    case = make_case(S.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.case_appoint(case=case, by=director, performer=performers.assistant)
            raise RuntimeError("the request failed after the step")
        with pytest.raises(Refusal):
            services.case_appoint(case=case, by=intake_officer, performer=performers.assistant)
    assert callbacks == []
    assert not notices()


def test_a_replacement_tells_the_old_and_the_new_performer(
    make_case,
    director,
    intake_officer,
    assistant,
    collaborator,
    performers,
    django_capture_on_commit_callbacks,
):
    case = make_case(S.ASSIGNED, form="TVPL")  # advice: a collaborator may give it
    services.case_request_replacement(case=case, by=intake_officer, reason="Xung đột lợi ích")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_decide_replacement(
            case=case,
            by=director,
            approve=True,
            answer="Đồng ý thay thế",
            new_performer=performers.collaborator,
        )
    case.refresh_from_db()
    old, new = notices()
    assert (old.recipient, old.kind) == (assistant, K.REPLACED)
    number = case.register_number
    assert old.text == f"Bạn không còn thực hiện vụ việc {number}: Đặng Thị Mai được cử thay bạn."
    assert (new.recipient, new.kind) == (collaborator, K.REPLACED)
    assert new.text == (
        f"Bạn được cử thực hiện vụ việc {case.register_number} (Hoàng Thị Lan) thay Lương Văn Đức."
    )


def test_a_refused_replacement_tells_nobody(
    make_case, director, intake_officer, django_capture_on_commit_callbacks
):
    case = make_case(S.ASSIGNED)
    services.case_request_replacement(case=case, by=intake_officer, reason="Xung đột lợi ích")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.case_decide_replacement(case=case, by=director, approve=False, answer="Không có căn cứ")
    assert callbacks == [] and not notices()


def test_the_assigned_appraiser_is_told_with_the_due_date(
    make_case, director, second_assistant_user, django_capture_on_commit_callbacks
):
    case = make_case(S.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        appraisal = services.appraisal_assign(case=case, by=director, appraiser=second_assistant_user)
    [notice] = notices()
    assert (notice.recipient, notice.kind) == (second_assistant_user, K.APPRAISAL)
    assert notice.text == (
        f"Bạn được phân công thẩm định vụ việc {case.register_number} (Hoàng Thị Lan), "
        f"hạn {appraisal.due_on:%d/%m/%Y}."
    )


def test_the_clerk_who_received_the_case_is_told_when_papers_are_requested(
    make_case, director, intake_officer, django_capture_on_commit_callbacks
):
    case = make_case(S.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_request_papers(case=case, by=director, note="Bản sao sổ hộ nghèo")
    [notice] = notices()
    assert (notice.recipient, notice.kind) == (intake_officer, K.PAPERS)
    assert notice.text == f"Vụ việc {case} (Hoàng Thị Lan) được yêu cầu bổ sung giấy tờ."


def test_the_directors_over_the_unit_are_told_of_a_complaint(
    org, make_case, director, intake_officer, branch_officer, django_capture_on_commit_callbacks
):
    case = make_case(S.ASSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        complaint = services.complaint_record(
            by=intake_officer,
            unit=org.admin_department,
            received_on=timezone.localdate(),
            caller="Hà Văn Lợi",
            channel=Complaint.Channel.HOTLINE,
            topic=Complaint.Topic.DELAY,
            content="Chưa được gặp người thực hiện",
            case=case,
        )
    [notice] = notices()
    assert (notice.recipient, notice.kind) == (director, K.COMPLAINT)
    assert notice.text == (
        f"Khiếu nại về vụ việc {case.register_number} nhận ngày {complaint.received_on:%d/%m/%Y} "
        "từ Hà Văn Lợi: Chậm trễ."
    )
    assert notice.url == "/vu-viec/khieu-nai/"


def test_a_sensitive_case_names_its_person_only_to_those_who_may_see_it(
    make_case, director, branch_officer, performers, django_capture_on_commit_callbacks
):
    case = make_case(S.ACCEPTED, category="7h", name="Mã Thị Hiền")
    assert case.sensitive
    category = BeneficiaryCategory.objects.get(code="7h")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_appoint(case=case, by=director, performer=performers.lawyer)
    by_recipient = {n.recipient: n.text for n in notices()}
    # The director manages the case's unit; the branch's clerk does not work on it.
    assert "Mã Thị Hiền" in by_recipient[director]
    assert "Mã Thị Hiền" not in by_recipient[branch_officer]
    assert MASK in by_recipient[branch_officer]
    for text in by_recipient.values():
        assert category.name not in text and category.code not in text


# --- The daily job -----------------------------------------------------------------------------


def _due(case: Case, day: date) -> Case:
    Case.objects.filter(pk=case.pk).update(next_deadline=day)
    return case


def test_the_daily_job_on_a_friday_counts_working_days_and_runs_once(
    time_machine,
    make_case,
    director,
    intake_officer,
    assistant,
    second_assistant_user,
    django_assert_max_num_queries,
):
    time_machine.move_to(datetime(2026, 12, 11, 7, 0, tzinfo=VIETNAM))  # Friday
    monday = _due(make_case(S.RECEIVED, name="Hoàng Thị Lan"), date(2026, 12, 14))
    tuesday = _due(make_case(S.ASSIGNED, name="Lý Văn Sáng"), date(2026, 12, 15))
    _due(make_case(S.ASSIGNED, name="Chu Thị Tuyết"), date(2026, 12, 16))  # 3 working days on
    late = _due(make_case(S.UNDER_APPRAISAL, name="Vy Văn Chiến"), date(2026, 12, 10))
    _due(make_case(S.APPRAISED, name="Nông Thị Én"), date(2026, 12, 1))  # closed: nothing
    out = io.StringIO()
    with django_assert_max_num_queries(40):
        call_command("notify_deadlines", stdout=out)
    assert out.getvalue().strip() == (
        "11/12/2026: 2 thông báo hạn trong 2 ngày làm việc, 2 thông báo vụ việc quá hạn."
    )
    told = {(n.recipient, n.about, n.kind) for n in notices()}
    assert told == {
        (intake_officer, f"cases.case:{monday.pk}", K.DUE_SOON),
        (assistant, f"cases.case:{tuesday.pk}", K.DUE_SOON),
        (second_assistant_user, f"cases.case:{late.pk}", K.OVERDUE),
        (director, f"cases.case:{late.pk}", K.OVERDUE),
    }
    late.refresh_from_db()
    [overdue] = notices(recipient=second_assistant_user)
    assert overdue.text == (
        f"Vụ việc {late.register_number} (Vy Văn Chiến) đã quá hạn: “{late.deadline_label}” "
        "hạn ngày 10/12/2026."
    )

    again = io.StringIO()
    call_command("notify_deadlines", stdout=again)
    assert "0 thông báo hạn trong 2 ngày làm việc, 0 thông báo vụ việc quá hạn" in again.getvalue()
    assert Notification.objects.count() == 4
