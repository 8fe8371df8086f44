"""The order of a step's checks: the case must be visible (404), then the user must have the
right to take the step ("not allowed"), and only then is the version their form was opened at
compared (the concurrent-change conflict). Someone without the right learns nothing from a
stale form, and someone with it is told the case changed rather than something misleading."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases import services
from cases.models import Case
from cases.tests.conftest import add_all_papers
from legalaid.refusal import CONFLICT, Refusal

S = Case.Status

NOT_ALLOWED = "Your role does not allow this action on this case."
CONFLICT_MESSAGE = (
    "Someone else changed this case while you were working on it. Nothing was saved; "
    "your entries are still in the form. Check the case again, then send it once more."
)


def vietnamese(message: str) -> str:
    with translation.override("vi"):
        text = translation.gettext(message)
    assert text != message, f"no Vietnamese for {message!r}"
    return text


@pytest.fixture
def stale_case(make_case, intake_officer):
    """A received case whose version moved on after a form was opened at ``opened``."""
    case = make_case(S.RECEIVED)
    add_all_papers(case, intake_officer)
    case.refresh_from_db()
    opened = case.version
    # Someone asks for papers meanwhile: still before acceptance, so refusing is still possible.
    services.case_request_papers(case=case, by=intake_officer, note="Bổ sung giấy tờ")
    case.refresh_from_db()
    assert case.version != opened and case.status == S.NEEDS_PAPERS
    return case, opened


def _refuse(client, case, version):
    return client.post(
        reverse("cases:action", args=[case.pk, "refuse"]),
        {"version": version, "reason": "other", "explanation": "Lý do riêng"},
    )


def test_without_the_right_a_stale_form_is_told_not_allowed_not_conflict(client, stale_case, intake_officer):
    case, opened = stale_case
    client.force_login(intake_officer)  # refusing a case is the director's, not the intake officer's

    response = _refuse(client, case, opened)

    page = response.content.decode()
    assert response.status_code == 400
    assert escape(vietnamese(NOT_ALLOWED)) in page
    assert escape(vietnamese(CONFLICT_MESSAGE)) not in page
    case.refresh_from_db()
    assert case.status == S.NEEDS_PAPERS


def test_without_the_right_a_current_form_is_told_not_allowed_too(client, stale_case, intake_officer):
    case, _opened = stale_case
    client.force_login(intake_officer)

    page = _refuse(client, case, case.version).content.decode()

    assert escape(vietnamese(NOT_ALLOWED)) in page


def test_with_the_right_a_stale_form_is_told_of_the_conflict(client, stale_case, director):
    case, opened = stale_case
    client.force_login(director)

    response = _refuse(client, case, opened)

    page = response.content.decode()
    assert response.status_code == 400
    assert escape(vietnamese(CONFLICT_MESSAGE)) in page
    assert escape(vietnamese(NOT_ALLOWED)) not in page
    assert "Lý do riêng" in page  # what they typed is kept
    case.refresh_from_db()
    assert case.status == S.NEEDS_PAPERS


def test_with_the_right_and_a_current_form_the_step_is_taken(client, stale_case, director):
    case, _opened = stale_case
    client.force_login(director)

    response = _refuse(client, case, case.version)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.REFUSED


def test_a_case_the_user_may_not_see_is_not_found_whatever_the_version(
    client, stale_case, other_branch_officer
):
    case, opened = stale_case
    client.force_login(other_branch_officer)

    assert _refuse(client, case, opened).status_code == 404


@pytest.mark.parametrize("stale", [True, False])
def test_the_service_refuses_the_missing_right_before_comparing_versions(stale_case, intake_officer, stale):
    case, opened = stale_case

    with pytest.raises(Refusal) as refused:
        services.case_refuse(
            case=case,
            by=intake_officer,
            reason=Case.RefusalReason.BUSINESS,
            expected_version=opened if stale else case.version,
        )

    assert refused.value.code != CONFLICT
    assert str(refused.value) == str(translation.gettext(NOT_ALLOWED))


def test_the_service_reports_the_conflict_before_a_state_the_change_brought(stale_case, director):
    """The director's form was opened before the case moved on: the conflict, not a state
    message, tells them why."""
    case, opened = stale_case
    services.case_refuse(case=case, by=director, reason=Case.RefusalReason.BUSINESS)

    with pytest.raises(Refusal) as refused:
        services.case_refer(
            case=case, by=director, referred_to_text="Văn phòng luật sư", expected_version=opened
        )

    assert refused.value.code == CONFLICT
