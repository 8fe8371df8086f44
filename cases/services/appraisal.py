"""Thẩm định: choosing the appraiser of a completed case and recording the appraisal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.calendar import add_working_days
from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal
from legalaid.roles import Role

from .. import conf
from ..models import Appointment, Appraisal, Case, Criterion, QualityOutcome
from ..workflow import Action
from .common import _finish, _start, next_number


def appraiser_candidates(case: Case) -> QuerySet[User]:
    """Legal-aid assistants of the centre who did not perform the case."""
    users = User.objects.filter(
        is_active=True, groups__name=Role.ASSISTANT, unit__path__startswith=case.centre.path
    )
    if case.performer is not None and case.performer.user_id:
        users = users.exclude(pk=case.performer.user_id)
    replaced = Appointment.objects.filter(case=case).values_list("performer__user_id", flat=True)
    return users.exclude(pk__in=[u for u in replaced if u]).distinct().order_by("name_sort_key")


def appraisal_assign(
    *,
    case: Case,
    by: User,
    appraiser: User,
    assigned_on: date | None = None,
    expected_version: int | None = None,
) -> Appraisal:
    assigned_on = assigned_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.ASSIGN_APPRAISAL, by, expected_version)
        if not appraiser_candidates(case).filter(pk=appraiser.pk).exists():
            raise Refusal(
                _(
                    "%(name)s cannot appraise this case: the appraiser must be a legal-aid assistant of the "
                    "centre who did not perform it."
                )
                % {"name": appraiser},
                field="appraiser",
            )
        appraisal = Appraisal(
            case=case,
            appraiser=appraiser,
            assigned_by=by,
            assigned_on=assigned_on,
            number=next_number(centre=case.centre, year=assigned_on.year, series="QD"),
            due_on=add_working_days(assigned_on, conf.get("APPRAISAL_DAYS")),
        )
        attribute_to(appraisal, by)
        appraisal.save()
        _finish(case, action=Action.ASSIGN_APPRAISAL, by=by, note=appraiser.full_name)
    return appraisal


def appraisal_record(
    *,
    case: Case,
    by: User,
    outcome: QualityOutcome,
    findings: str,
    criteria: Sequence[Criterion] = (),
    appraised_on: date | None = None,
    expected_version: int | None = None,
) -> Appraisal:
    appraised_on = appraised_on or timezone.localdate()
    if outcome is None or outcome.scale != QualityOutcome.Scale.APPRAISAL:
        raise Refusal(_("Choose the appraisal outcome."), field="outcome")
    if not findings.strip():
        raise Refusal(_("Write the findings of the appraisal."), field="findings")
    with transaction.atomic():
        case = _start(case, Action.APPRAISE, by, expected_version)
        appraisal = Appraisal.objects.select_for_update().get(case=case)
        allowed = set(
            Criterion.applicable(
                Criterion.Kind.APPRAISAL, form_id=case.form_id, field_id=case.field_id
            ).values_list("pk", flat=True)
        )
        if any(c.pk not in allowed for c in criteria):
            raise Refusal(_("A criterion chosen does not apply to this case."), field="criteria")
        appraisal.outcome, appraisal.findings, appraisal.appraised_on = (
            outcome,
            findings.strip(),
            appraised_on,
        )
        attribute_to(appraisal, by)
        appraisal.save()
        appraisal.criteria.set(criteria)
        _finish(case, action=Action.APPRAISE, by=by, note=outcome.label)
    return appraisal
