"""Clear refusals (issue 17, item 8): a step the case has moved past says why — the state the
case is in now, since when and who moved it there, from the timeline — instead of the "not
allowed" page; someone who has no right to the step is still told only that."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from cases import services
from cases.models import Case, CaseEvent
from legalaid.refusal import Refusal

S = Case.Status

MOVED_ON = (
    "This step is no longer possible: the case moved on. It is now “%(status)s” "
    "since %(when)s, moved there by %(who)s."
)


def expected(case: Case) -> str:
    """The message, in Vietnamese, built from the event that brought the case to its state."""
    event = (
        CaseEvent.objects.filter(case=case, to_status=case.status)
        .exclude(from_status=case.status)
        .latest("at", "pk")
    )
    with translation.override("vi"):
        template = translation.gettext(MOVED_ON)
        assert template != MOVED_ON, "no Vietnamese for the message"
        return template % {
            "status": case.get_status_display(),
            "when": timezone.localtime(event.at).strftime("%H:%M %d/%m/%Y"),
            "who": event.actor.full_name,
        }


def test_opening_a_step_the_case_moved_past_says_where_it_is_since_when_and_by_whom(
    client, make_case, director
):
    case = make_case(S.ASSIGNED)  # the director appointed a performer: "appoint" is past
    client.force_login(director)

    response = client.get(reverse("cases:action", args=[case.pk, "appoint"]))

    page = response.content.decode()
    assert response.status_code == 409
    assert escape(expected(case)) in page
    assert director.full_name in page
    assert "quản trị" not in page  # not the "ask the administrator" page


def test_the_service_refusal_of_a_step_the_case_moved_past_names_who_moved_it(
    make_case, director, performers
):
    case = make_case(S.ASSIGNED)

    with translation.override("vi"), pytest.raises(Refusal) as refused:
        services.case_appoint(case=case, by=director, performer=performers.second_assistant)

    assert str(refused.value) == expected(case)


def test_posting_a_step_the_case_moved_past_shows_the_reason_on_the_form(
    client, make_case, director, performers
):
    case = make_case(S.ASSIGNED)
    client.force_login(director)

    response = client.post(
        reverse("cases:action", args=[case.pk, "appoint"]),
        {
            "version": case.version,
            "performer": performers.second_assistant.pk,
            "decided_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    assert escape(expected(case)) in response.content.decode()
    case.refresh_from_db()
    assert case.performer_id == performers.assistant.pk


def test_a_genuine_lack_of_right_is_still_not_allowed(client, make_case, intake_officer):
    case = make_case(S.ACCEPTED)  # appointing is the director's
    client.force_login(intake_officer)

    response = client.get(reverse("cases:action", args=[case.pk, "appoint"]))

    assert response.status_code == 403


def test_without_the_right_a_moved_case_does_not_tell_who_moved_it(
    client, make_case, intake_officer, director
):
    case = make_case(S.ASSIGNED)
    client.force_login(intake_officer)

    response = client.get(reverse("cases:action", args=[case.pk, "appoint"]))

    assert response.status_code == 403
    assert director.full_name not in response.content.decode()
