"""Kết thúc: completing a case with its outcome and the criteria of Decision 1179."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import User
from legalaid.refusal import Refusal

from ..models import Case, Criterion, ReplacementRequest
from ..workflow import Action
from .common import PROCEEDINGS, _finish, _start


def case_complete(
    *,
    case: Case,
    by: User,
    outcome: str,
    summary: str,
    completed_on: date | None = None,
    success_criteria: Sequence[Criterion] = (),
    complex_criteria: Sequence[Criterion] = (),
    expected_version: int | None = None,
) -> Case:
    completed_on = completed_on or timezone.localdate()
    if outcome not in Case.Outcome.values:
        raise Refusal(_("Choose the outcome."), field="outcome")
    if not summary.strip():
        raise Refusal(_("Summarise the result."), field="summary")
    with transaction.atomic():
        case = _start(case, Action.COMPLETE, by, expected_version)
        accepted_on = case.accepted_on or case.request_date
        if completed_on > timezone.localdate() or completed_on < accepted_on:
            raise Refusal(
                _("The completion date must be between the acceptance and today."), field="completed_on"
            )
        if ReplacementRequest.objects.filter(case=case, status=ReplacementRequest.Status.PENDING).exists():
            raise Refusal(_("Answer the pending replacement request first."))
        if success_criteria and case.form.code != PROCEEDINGS:
            raise Refusal(
                _("The criteria of Decision 1179 apply only to proceedings cases."), field="success_criteria"
            )
        for chosen, kind, name in (
            (success_criteria, Criterion.Kind.SUCCESS, "success_criteria"),
            (complex_criteria, Criterion.Kind.COMPLEX, "complex_criteria"),
        ):
            # The criteria in force on the completion date (cases/models/checklists.py).
            applicable = Criterion.applicable(
                kind, form_id=case.form_id, field_id=case.field_id, on=completed_on
            )
            allowed = set(applicable.values_list("pk", flat=True))
            if any(c.pk not in allowed for c in chosen):
                raise Refusal(_("A criterion chosen does not apply to this case."), field=name)
        case.completed_on, case.outcome, case.summary = completed_on, outcome, summary.strip()
        case.successful, case.complex_typical = bool(success_criteria), bool(complex_criteria)
        case.success_criteria.set(success_criteria)
        case.complex_criteria.set(complex_criteria)
        return _finish(
            case,
            action=Action.COMPLETE,
            by=by,
            note=case.get_outcome_display(),
            fields=["completed_on", "outcome", "summary", "successful", "complex_typical"],
        )
