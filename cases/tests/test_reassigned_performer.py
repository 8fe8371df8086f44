"""A replaced performer opening the case (issue 17, item 7) is told the case was reassigned,
by whom and when, with nothing of the case but its register number; anyone else out of scope
still gets the bare 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case

S = Case.Status


@pytest.fixture
def reassigned(make_case, director, intake_officer, performers):
    """A case whose performer (the assistant, with a login) was replaced by a colleague."""
    case = make_case(S.ASSIGNED)
    services.case_request_replacement(case=case, by=intake_officer, reason="Xung đột lợi ích")
    services.case_decide_replacement(
        case=case,
        by=director,
        approve=True,
        answer="Đồng ý thay thế",
        new_performer=performers.second_assistant,
        decided_on=date(2026, 12, 3),
    )
    case.refresh_from_db()
    assert case.performer_id == performers.second_assistant.pk
    return case


def test_the_replaced_performer_is_told_who_reassigned_the_case_and_when(
    client, reassigned, assistant, director, django_assert_max_num_queries
):
    client.force_login(assistant)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("cases:detail", args=[reassigned.pk]))

    page = response.content.decode()
    assert response.status_code == 403
    assert "Vụ việc đã được giao cho người khác" in page
    assert (
        f"Vụ việc {reassigned.register_number} đã được {director.full_name} giao cho người khác "
        "thực hiện ngày 03/12/2026."
    ) in page
    # Nothing of the case beyond its number: not the beneficiary, nor the new performer.
    assert reassigned.beneficiary.full_name not in page
    assert "Triệu Thị Hoa" not in page


def test_other_pages_of_the_case_stay_not_found_for_the_replaced_performer(client, reassigned, assistant):
    client.force_login(assistant)

    assert client.get(reverse("cases:action", args=[reassigned.pk, "log_work"])).status_code == 404


def test_someone_never_on_the_case_still_gets_a_bare_404(
    client, reassigned, other_branch_officer, collaborator
):
    for user in (other_branch_officer, collaborator):
        client.force_login(user)
        response = client.get(reverse("cases:detail", args=[reassigned.pk]))
        assert response.status_code == 404
        assert reassigned.register_number not in response.content.decode()


def test_the_new_performer_opens_the_case(client, reassigned, second_assistant_user, performers):
    performers.second_assistant.user = second_assistant_user
    performers.second_assistant.save()
    client.force_login(second_assistant_user)

    assert client.get(reverse("cases:detail", args=[reassigned.pk])).status_code == 200
