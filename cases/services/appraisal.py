"""Thẩm định: choosing the appraiser of a completed case and recording the appraisal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal
from legalaid.roles import Role
from staffing.models import Person

from .. import conf
from ..models import Appointment, Appraisal, Case, Criterion, QualityOutcome
from ..notifications import case_notify_appraisal
from ..workflow import Action
from .common import _finish, _start, next_number


def appraiser_candidates(case: Case) -> QuerySet[Person]:
    """Active legal-aid assistants of the centre's units (staffing), with or without a login,
    who did not perform the case (now or before a replacement)."""
    performed = Appointment.objects.filter(case=case)
    excluded = {case.performer_id, *performed.values_list("performer_id", flat=True)}
    excluded |= set(performed.values_list("replaced_id", flat=True))
    performer_users = {u for u in _performer_users(case) if u}
    return (
        Person.objects.active()
        .filter(kind=Person.Kind.ASSISTANT, unit__path__startswith=case.centre.path)
        .exclude(pk__in=[pk for pk in excluded if pk])
        .exclude(user_id__in=performer_users)
        .select_related("user", "unit")
        .order_by("name_sort_key", "pk")
    )


def _performer_users(case: Case) -> list[int | None]:
    users: list[int | None] = list(
        Appointment.objects.filter(case=case).values_list("performer__user_id", flat=True)
    )
    if case.performer is not None:
        users.append(case.performer.user_id)
    return users


def _appraiser_users(case: Case) -> QuerySet[User]:
    """Assistants' logins of the centre with no staffing record, who did not perform the case:
    still accepted by the service (accounts made before their staffing record)."""
    users = User.objects.filter(
        is_active=True, groups__name=Role.ASSISTANT, unit__path__startswith=case.centre.path
    ).exclude(pk__in=[u for u in _performer_users(case) if u])
    return users.distinct()


def appraisal_assign(
    *,
    case: Case,
    by: User,
    appraiser: User | Person,
    assigned_on: date | None = None,
    expected_version: int | None = None,
) -> Appraisal:
    """Assign the appraisal to ``appraiser``: a staffing person (their login, when they have
    one, is recorded too), or a login (their staffing record, when they have one, is recorded
    too). Someone without a login is told through their unit's heads (notifications.py)."""
    assigned_on = assigned_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.ASSIGN_APPRAISAL, by, expected_version)
        if isinstance(appraiser, Person):
            person: Person | None = appraiser
            user = appraiser.user if appraiser.user is not None and appraiser.user.is_active else None
            allowed = appraiser_candidates(case).filter(pk=appraiser.pk).exists()
        else:
            user = appraiser
            person = Person.objects.active().filter(user=appraiser).first()
            if person is not None:
                allowed = appraiser_candidates(case).filter(pk=person.pk).exists()
            else:
                allowed = _appraiser_users(case).filter(pk=appraiser.pk).exists()
        if not allowed:
            raise Refusal(
                _(
                    "%(name)s cannot appraise this case: the appraiser must be a legal-aid assistant of the "
                    "centre who did not perform it."
                )
                % {"name": appraiser.full_name},
                field="appraiser",
            )
        appraisal = Appraisal(
            case=case,
            appraiser=user,
            appraiser_person=person,
            assigned_by=by,
            assigned_on=assigned_on,
            number=next_number(centre=case.centre, year=assigned_on.year, series="QD"),
            due_on=conf.deadline("appraisal", assigned_on),
        )
        attribute_to(appraisal, by)
        appraisal.save()
        _finish(case, action=Action.ASSIGN_APPRAISAL, by=by, note=appraisal.appraiser_name)
        case_notify_appraisal(case=case)
    return appraisal


def rules_day(case: Case) -> date:
    """The day whose rules judge the case's work: its completion date (checklists.py)."""
    return case.completed_on or timezone.localdate()


def applicable_criteria(case: Case) -> list[Criterion]:
    """The appraisal criteria that apply to this case (its form and field, its completion date)."""
    return list(
        Criterion.applicable(
            Criterion.Kind.APPRAISAL, form_id=case.form_id, field_id=case.field_id, on=rules_day(case)
        )
    )


def appraisal_outcomes(day: date):
    """The conclusions of the appraisal scale in force on ``day``."""
    return QualityOutcome.objects.valid_on(day).filter(scale=QualityOutcome.Scale.APPRAISAL, active=True)


def supported_outcome(applicable: Sequence[Criterion], met: set[int], day: date) -> QualityOutcome | None:
    """The best conclusion the criteria met support: the best-ranked active outcome of the
    appraisal scale in force on ``day`` whose needed criteria
    (``QualityOutcome.criteria_needed``) are all met."""
    outcomes = appraisal_outcomes(day)
    for outcome in outcomes.order_by("rank"):
        if not outcome.unmet(list(applicable), met):
            return outcome
    return None


def appraisal_record(
    *,
    case: Case,
    by: User,
    outcome: QualityOutcome,
    findings: str,
    criteria: Sequence[Criterion] = (),
    appraised_on: date | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
) -> Appraisal:
    """Record the appraisal. The conclusion follows from the criteria met: the one they support
    (``supported_outcome``); another conclusion needs a written reason, printed on the report,
    so that the report never concludes what its table contradicts without saying why."""
    appraised_on = appraised_on or timezone.localdate()
    if outcome is None or outcome.scale != QualityOutcome.Scale.APPRAISAL:
        raise Refusal(_("Choose the appraisal outcome."), field="outcome")
    if case.completed_on is not None and not outcome.is_valid_on(case.completed_on):
        raise Refusal(
            _("This conclusion is not in force for a case completed on that date."), field="outcome"
        )
    if not findings.strip():
        raise Refusal(_("Write the findings of the appraisal."), field="findings")
    with transaction.atomic():
        case = _start(case, Action.APPRAISE, by, expected_version)
        appraisal = Appraisal.objects.select_for_update().get(case=case)
        applicable = applicable_criteria(case)
        allowed = {c.pk for c in applicable}
        if any(c.pk not in allowed for c in criteria):
            raise Refusal(_("A criterion chosen does not apply to this case."), field="criteria")
        met = {c.pk for c in criteria}
        unmet = outcome.unmet(applicable, met)
        supported = supported_outcome(applicable, met, rules_day(case))
        # Failing a case whose table says it meets the standard contradicts the table too.
        fails_what_passes = bool(supported and supported.meets_quality and not outcome.meets_quality)
        reason = override_reason.strip() if unmet or fails_what_passes else ""
        if unmet and not reason:
            message = _(
                "The conclusion “%(outcome)s” needs these criteria, not marked as met: "
                "%(criteria)s. Mark the criteria met, or write why you conclude otherwise."
            ) % {"outcome": outcome.label, "criteria": "; ".join(c.code for c in unmet)}
            raise Refusal(message, field="outcome")
        if supported is not None and fails_what_passes and not reason:
            message = _(
                "The criteria met support the conclusion “%(supported)s”, not “%(outcome)s”. "
                "Choose it, or write why you conclude otherwise."
            ) % {"supported": supported.label, "outcome": outcome.label}
            raise Refusal(message, field="outcome")
        appraisal.outcome, appraisal.findings, appraisal.appraised_on = (
            outcome,
            findings.strip(),
            appraised_on,
        )
        appraisal.override_reason = reason
        attribute_to(appraisal, by)
        appraisal.save()
        appraisal.criteria.set(criteria)
        _finish(case, action=Action.APPRAISE, by=by, note=outcome.label)
    return appraisal
