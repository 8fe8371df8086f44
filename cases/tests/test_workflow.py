"""Every (state, action) pair: allowed ones succeed and move the case as the table says; the
others are refused with a message and change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, QualityOutcome
from cases.workflow import TRANSITIONS, Action
from legalaid.refusal import Refusal

S = Case.Status

# The expected table, written out by hand so that a change to workflow.py must be deliberate.
ALLOWED = {
    Action.REQUEST_PAPERS: {S.RECEIVED, S.NEEDS_PAPERS},
    Action.ACCEPT: {S.RECEIVED, S.NEEDS_PAPERS},
    Action.REFUSE: {S.RECEIVED, S.NEEDS_PAPERS},
    Action.REFER: {S.RECEIVED, S.NEEDS_PAPERS},
    Action.APPOINT: {S.ACCEPTED},
    Action.REQUEST_REPLACEMENT: {S.ASSIGNED, S.SUSPENDED},
    Action.DECIDE_REPLACEMENT: {S.ASSIGNED, S.SUSPENDED},
    Action.LOG_WORK: {S.ASSIGNED},
    Action.SUSPEND: {S.ASSIGNED},
    Action.RESUME: {S.SUSPENDED},
    Action.TERMINATE: {S.RECEIVED, S.NEEDS_PAPERS, S.ACCEPTED, S.ASSIGNED, S.SUSPENDED},
    Action.COMPLETE: {S.ASSIGNED},
    Action.ASSIGN_APPRAISAL: {S.COMPLETED},
    Action.APPRAISE: {S.UNDER_APPRAISAL},
}
TARGET = {
    Action.REQUEST_PAPERS: S.NEEDS_PAPERS,
    Action.ACCEPT: S.ACCEPTED,
    Action.REFUSE: S.REFUSED,
    Action.REFER: S.REFERRED,
    Action.APPOINT: S.ASSIGNED,
    Action.SUSPEND: S.SUSPENDED,
    Action.RESUME: S.ASSIGNED,
    Action.TERMINATE: S.TERMINATED,
    Action.COMPLETE: S.COMPLETED,
    Action.ASSIGN_APPRAISAL: S.UNDER_APPRAISAL,
    Action.APPRAISE: S.APPRAISED,
}


def test_the_table_in_the_code_is_the_table_in_this_test():
    assert {a: set(t.sources) for a, t in TRANSITIONS.items()} == {
        str(a): {str(s) for s in v} for a, v in ALLOWED.items()
    }


def _perform(action, case, *, director, intake, performers, appraiser):
    """Call the action's service with valid input, as someone whose role allows it."""
    if action == Action.REQUEST_PAPERS:
        services.case_request_papers(case=case, by=intake, note="Bản sao sổ hộ nghèo")
    elif action == Action.ACCEPT:
        from cases.tests.conftest import add_all_papers

        if case.status in (S.RECEIVED, S.NEEDS_PAPERS):
            add_all_papers(case, intake)
        services.case_accept(case=case, by=intake)
    elif action == Action.REFUSE:
        services.case_refuse(case=case, by=director, reason=Case.RefusalReason.UNLAWFUL)
    elif action == Action.REFER:
        services.case_refer(case=case, by=intake, referred_to_text="Tổ chức hành nghề luật sư")
    elif action == Action.APPOINT:
        services.case_appoint(case=case, by=director, performer=performers.lawyer)
    elif action == Action.REQUEST_REPLACEMENT:
        services.case_request_replacement(
            case=case, by=intake, reason="Người thực hiện là người thân của bên kia"
        )
    elif action == Action.DECIDE_REPLACEMENT:
        if case.status in (S.ASSIGNED, S.SUSPENDED):
            services.case_request_replacement(case=case, by=intake, reason="Xung đột lợi ích")
        services.case_decide_replacement(
            case=case, by=director, approve=True, answer="Đồng ý thay thế", new_performer=performers.lawyer
        )
    elif action == Action.LOG_WORK:
        services.case_log_work(
            case=case,
            by=director,
            day=timezone.localdate(),
            kind="meeting",
            hours=Decimal("1.5"),
            description="Gặp người được trợ giúp",
        )
    elif action == Action.SUSPEND:
        services.case_suspend(case=case, by=director, reason="Tạm đình chỉ vụ án")
    elif action == Action.RESUME:
        services.case_resume(case=case, by=director)
    elif action == Action.TERMINATE:
        services.case_terminate(case=case, by=director, reason="Rút yêu cầu")
    elif action == Action.COMPLETE:
        services.case_complete(case=case, by=director, outcome="favourable", summary="Xong")
    elif action == Action.ASSIGN_APPRAISAL:
        services.appraisal_assign(case=case, by=director, appraiser=appraiser)
    elif action == Action.APPRAISE:
        services.appraisal_record(
            case=case,
            by=appraiser,
            findings="Đạt",
            outcome=QualityOutcome.objects.get(scale="appraisal", code="dat"),
            criteria=services.applicable_criteria(case),
        )


@pytest.mark.parametrize("state", list(S))
def test_every_action_from_every_state(
    state, make_case, director, intake_officer, performers, second_assistant_user
):
    for action in Action:
        case = make_case(state)
        events = CaseEvent.objects.filter(case=case).count()
        allowed = state in ALLOWED[action]
        if allowed:
            _perform(
                action,
                case,
                director=director,
                intake=intake_officer,
                performers=performers,
                appraiser=second_assistant_user,
            )
            case.refresh_from_db()
            assert case.status == TARGET.get(action, state), (state, action)
            assert CaseEvent.objects.filter(case=case).count() > events
        else:
            with pytest.raises(Refusal):
                _perform(
                    action,
                    case,
                    director=director,
                    intake=intake_officer,
                    performers=performers,
                    appraiser=second_assistant_user,
                )
            version = case.version
            case.refresh_from_db()
            assert (case.status, case.version) == (state, version), (state, action)
