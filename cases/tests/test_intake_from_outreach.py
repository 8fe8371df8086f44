"""Intake from outreach: the session list offers the sessions of the user's subtree and those led
by the centre's departments; the assistant who ran the session is told who takes the request in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.services.intake import intake_sessions
from cases.tests.conftest import receive
from cases.tests.test_pages import intake_data
from legalaid.refusal import Refusal


@pytest.fixture
def sessions(org):
    from outreach.models import Session

    def held(lead_unit, commune, village=""):
        return Session.objects.create(
            kind=Session.Kind.MOBILE,
            held_on=timezone.localdate(),
            commune=commune,
            village=village,
            lead_unit=lead_unit,
            attendees=30,
        )

    return {
        "department": held(org.professional_department, org.communes[0], village="Thôn Khuổi Phầy"),
        "branch": held(org.branch, org.communes[1]),
        "other_branch": held(org.other_branch, org.communes[2]),
    }


def test_the_sessions_offered_are_the_subtree_and_the_centres_departments(
    org, intake_officer, branch_officer, sessions
):
    assert set(intake_sessions(intake_officer)) == {sessions["department"]}
    assert set(intake_sessions(branch_officer)) == {sessions["department"], sessions["branch"]}


def test_the_centres_desk_takes_in_a_request_noted_at_the_departments_session(
    client, org, intake_officer, sessions
):
    client.force_login(intake_officer)
    page = client.get(reverse("cases:intake")).content.decode()
    assert 'id="session-filter"' in page and "Thôn Khuổi Phầy" in page
    assert (
        str(sessions["other_branch"].commune.name)
        not in page.split('id="id_outreach_session"', 1)[1].split("</select>", 1)[0]
    )
    response = client.post(
        reverse("cases:intake"),
        intake_data(org, channel="mobile", outreach_session=sessions["department"].pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().outreach_session == sessions["department"]


def test_a_session_of_another_branch_is_refused(client, org, branch_officer, sessions):
    with pytest.raises(Refusal) as refused:
        case = receive(branch_officer, org.branch)
        from cases import services

        services.case_receive(
            by=branch_officer,
            unit=org.branch,
            request_date=timezone.localdate(),
            categories=list(case.categories.all()),
            form=case.form,
            field=case.field,
            description="Hỏi về đất đai",
            beneficiary=case.beneficiary,
            channel=Case.Channel.MOBILE,
            outreach_session=sessions["other_branch"],
        )
    assert refused.value.field == "outreach_session"
    client.force_login(branch_officer)
    response = client.post(
        reverse("cases:intake"),
        intake_data(org, unit=org.branch.pk, channel="mobile", outreach_session=sessions["other_branch"].pk),
    )
    assert response.status_code == 200 and response.context["form"].errors.get("outreach_session")


def test_the_assistant_is_told_who_takes_the_request_in(client, assistant):
    client.force_login(assistant)
    response = client.get(reverse("cases:intake"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "người tiếp nhận của Trung tâm" in page and "chọn buổi lưu động" in page
