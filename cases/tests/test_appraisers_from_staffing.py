"""Appraisers from staffing (issue 17, item 7): every active legal-aid assistant of the centre's
units is offered, with or without a login; the appraisal names the staffing person and keeps
the login when there is one; one without a login is told through their unit's heads, and a
director over the case records the paper report for them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Appraisal, Case, QualityOutcome
from legalaid.models import Notification
from staffing.models import Person

S = Case.Status


@pytest.fixture
def completed(make_case):
    return make_case(S.COMPLETED)  # performed by the assistant Lương Văn Đức


def test_the_list_offers_every_active_assistant_with_or_without_a_login(
    client, completed, director, performers, org, second_assistant_user, django_assert_max_num_queries
):
    with_login = Person.objects.create(
        full_name="Hoàng Thị Thu", kind=Person.Kind.ASSISTANT, unit=org.branch, user=second_assistant_user
    )
    ended = Person.objects.create(
        full_name="Phùng Văn Tâm", kind=Person.Kind.ASSISTANT, unit=org.branch, status=Person.Status.ENDED
    )

    offered = list(services.appraiser_candidates(completed))

    assert performers.second_assistant in offered  # no login
    assert with_login in offered
    assert performers.assistant not in offered  # performed the case
    assert ended not in offered
    assert performers.collaborator not in offered and performers.lawyer not in offered  # not assistants
    client.force_login(director)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("cases:action", args=[completed.pk, "assign_appraisal"])).content.decode()
    assert "Triệu Thị Hoa" in page and "không có tài khoản: được báo qua đơn vị" in page
    assert "Hoàng Thị Thu" in page
    assert f'value="{performers.assistant.pk}"' not in page


def test_an_appraiser_without_a_login_is_told_through_their_unit_and_the_director_records_it(
    client, completed, director, performers, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:action", args=[completed.pk, "assign_appraisal"]),
            {
                "version": completed.version,
                "appraiser": performers.second_assistant.pk,
                "assigned_on": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    appraisal = Appraisal.objects.get(case=completed)
    assert appraisal.appraiser is None and appraisal.appraiser_person == performers.second_assistant
    notices = list(Notification.objects.filter(kind=Notification.Kind.APPRAISAL).select_related("recipient"))
    assert director in [n.recipient for n in notices]
    completed.refresh_from_db()
    assert all(
        n.text
        == f"Triệu Thị Hoa (không có tài khoản) được phân công thẩm định vụ việc {completed.register_number} "
        f"(Hoàng Thị Lan), hạn {appraisal.due_on:%d/%m/%Y}: đề nghị báo cho người thẩm định."
        for n in notices
    )
    # The case page and the assignment decision name the staffing person.
    assert "Triệu Thị Hoa" in client.get(reverse("cases:detail", args=[completed.pk])).content.decode()

    # The paper report is handed in: the director records it.
    services.appraisal_record(
        case=completed,
        by=director,
        outcome=QualityOutcome.objects.get(scale="appraisal", code="tot"),
        findings="Hồ sơ đầy đủ",
        criteria=services.applicable_criteria(completed),
    )
    completed.refresh_from_db()
    assert completed.status == S.APPRAISED


def test_an_appraiser_with_a_login_keeps_it_and_is_told_in_person(
    completed, director, performers, org, second_assistant_user, django_capture_on_commit_callbacks
):
    thu = Person.objects.create(
        full_name="Hoàng Thị Thu", kind=Person.Kind.ASSISTANT, unit=org.branch, user=second_assistant_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        appraisal = services.appraisal_assign(case=completed, by=director, appraiser=thu)

    assert (appraisal.appraiser, appraisal.appraiser_person) == (second_assistant_user, thu)
    [notice] = Notification.objects.filter(kind=Notification.Kind.APPRAISAL)
    assert notice.recipient == second_assistant_user
    assert completed.pk in {
        c.pk
        for c in Case.objects.filter(appraisal__appraiser=second_assistant_user, status=S.UNDER_APPRAISAL)
    }


def test_the_performer_is_refused_as_appraiser(completed, director, performers):
    from legalaid.refusal import Refusal

    with pytest.raises(Refusal):
        services.appraisal_assign(case=completed, by=director, appraiser=performers.assistant)


def test_another_director_does_not_record_for_a_login_less_appraiser(
    completed, director, performers, other_branch_officer
):
    services.appraisal_assign(case=completed, by=director, appraiser=performers.second_assistant)
    completed.refresh_from_db()
    from cases import workflow

    assert workflow.refusal(completed, "appraise", other_branch_officer) is not None
    assert workflow.refusal(completed, "appraise", director) is None


def test_the_deadline_notice_of_a_login_less_appraiser_goes_to_their_unit(
    completed, director, assistant, performers
):
    from datetime import timedelta

    from cases.notifications import deadline_notices

    services.appraisal_assign(case=completed, by=director, appraiser=performers.second_assistant)
    completed.refresh_from_db()
    assert completed.next_deadline is not None

    drafts = deadline_notices(completed.next_deadline + timedelta(days=1))

    recipients = [d.recipient for d in drafts if completed.register_number in d.text]
    assert director in recipients
    assert assistant not in recipients  # not the performer's
