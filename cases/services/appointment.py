"""Cử người thực hiện: appointing a performer, and the requests to replace them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import LegalAidForm, Unit, User
from legalaid.refusal import Refusal
from staffing.models import Person

from .. import conf
from ..models import Appointment, Case, PerformerRule, ReplacementRequest
from ..notifications import case_notify_appointed, case_notify_replaced
from ..workflow import Action
from .common import S, _finish, _start, next_number
from .parties import check_conflicts


def allowed_performer_kinds(form: LegalAidForm, on: date) -> set[str]:
    """The kinds of performer the rules in force on ``on`` (the request date) allow for
    ``form``; every kind when the form has no rule at all, none when its rules are out of force."""
    rules = list(PerformerRule.objects.filter(form=form))
    if not rules:
        return {str(k) for k in Person.PERFORMER_KINDS}
    return {rule.performer_kind for rule in rules if rule.is_valid_on(on)}


def performer_candidates(
    *, case: Case, field_only: bool = True, unit: Unit | None = None
) -> QuerySet[Person]:
    """Performers who may take the case: kind allowed for its form, optionally holding its
    field and working in a unit, each with their current load (open cases) in one query."""
    kinds = allowed_performer_kinds(case.form, case.request_date)
    people = Person.objects.performers().filter(kind__in=kinds)
    if case.centre_id:
        people = people.filter(Q(unit__path__startswith=case.centre.path) | Q(unit__isnull=True))
    if field_only:
        people = people.filter(fields=case.field_id)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    return (
        people.annotate(
            load=Count("cases", filter=Q(cases__status__in=[S.ASSIGNED, S.SUSPENDED]), distinct=True)
        )
        .select_related("unit")
        .order_by("load", "name_sort_key")
    )


def _check_performer(case: Case, performer: Person) -> None:
    if not performer.is_performer:
        raise Refusal(
            _("%(name)s is not an active legal-aid performer.") % {"name": performer}, field="performer"
        )
    if performer.kind not in allowed_performer_kinds(case.form, case.request_date):
        raise Refusal(
            _("A %(kind)s may not perform “%(form)s”.")
            % {"kind": performer.get_kind_display().lower(), "form": case.form},
            field="performer",
        )


def _conflict_note(appointment: Appointment) -> str:
    if not appointment.conflicts:
        return ""
    return "\n" + _("Appointed despite a conflict of interest: %(found)s Reason: %(reason)s") % {
        "found": appointment.conflicts,
        "reason": appointment.override_reason,
    }


def case_appoint(
    *,
    case: Case,
    by: User,
    performer: Person,
    decided_on: date | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
) -> Appointment:
    """Appoint the performer; one in conflict with the case's declared parties only with the
    director's ``override_reason`` (``cases.services.parties``)."""
    decided_on = decided_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.APPOINT, by, expected_version)
        _check_performer(case, performer)
        conflicts, override_reason = check_conflicts(
            case=case, performer=performer, by=by, override_reason=override_reason
        )
        if decided_on < (case.accepted_on or case.request_date):
            raise Refusal(_("The decision cannot be dated before the acceptance."), field="decided_on")
        appointment = Appointment(
            case=case,
            kind=Appointment.Kind.INITIAL,
            performer=performer,
            decided_on=decided_on,
            decided_by=by,
            conflicts=conflicts,
            override_reason=override_reason,
            number=next_number(centre=case.centre, year=decided_on.year, series="QD"),
        )
        attribute_to(appointment, by, reason=override_reason)
        appointment.save()
        case.performer = performer
        _finish(
            case,
            action=Action.APPOINT,
            by=by,
            note=performer.full_name + _conflict_note(appointment),
            fields=["performer"],
        )
        case_notify_appointed(case=case)
    return appointment


def case_request_replacement(
    *, case: Case, by: User, reason: str, received_on: date | None = None, expected_version: int | None = None
) -> ReplacementRequest:
    received_on = received_on or timezone.localdate()
    if not reason.strip():
        raise Refusal(_("Give the reason for the replacement request."), field="reason")
    with transaction.atomic():
        case = _start(case, Action.REQUEST_REPLACEMENT, by, expected_version)
        if ReplacementRequest.objects.filter(case=case, status=ReplacementRequest.Status.PENDING).exists():
            raise Refusal(_("A replacement request is already waiting for an answer."))
        request = ReplacementRequest(
            case=case,
            received_on=received_on,
            reason=reason.strip(),
            recorded_by=by,
            due_on=conf.deadline("replacement", received_on),
        )
        attribute_to(request, by)
        request.save()
        _finish(case, action=Action.REQUEST_REPLACEMENT, by=by, note=reason)
    return request


def case_decide_replacement(
    *,
    case: Case,
    by: User,
    approve: bool,
    answer: str,
    new_performer: Person | None = None,
    decided_on: date | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
) -> Appointment | None:
    decided_on = decided_on or timezone.localdate()
    if not answer.strip():
        raise Refusal(_("Write the answer with its reasons."), field="answer")
    with transaction.atomic():
        case = _start(case, Action.DECIDE_REPLACEMENT, by, expected_version)
        request = (
            ReplacementRequest.objects.select_for_update()
            .filter(case=case, status=ReplacementRequest.Status.PENDING)
            .first()
        )
        if request is None:
            raise Refusal(_("There is no replacement request waiting for an answer."))
        appointment = None
        if approve:
            if new_performer is None:
                raise Refusal(_("Choose the new performer."), field="performer")
            if new_performer.pk == case.performer_id:
                raise Refusal(_("The new performer must be someone else."), field="performer")
            _check_performer(case, new_performer)
            conflicts, override_reason = check_conflicts(
                case=case, performer=new_performer, by=by, override_reason=override_reason
            )
            appointment = Appointment(
                case=case,
                kind=Appointment.Kind.REPLACEMENT,
                performer=new_performer,
                replaced=case.performer,
                decided_on=decided_on,
                decided_by=by,
                reason=request.reason,
                conflicts=conflicts,
                override_reason=override_reason,
                number=next_number(centre=case.centre, year=decided_on.year, series="QD"),
            )
            attribute_to(appointment, by, reason=override_reason)
            appointment.save()
            case.performer = new_performer
        request.status = ReplacementRequest.Status.APPROVED if approve else ReplacementRequest.Status.REJECTED
        request.answered_on, request.answer = decided_on, answer.strip()
        attribute_to(request, by)
        request.save()
        note = answer + (_conflict_note(appointment) if appointment is not None else "")
        _finish(case, action=Action.DECIDE_REPLACEMENT, by=by, note=note, fields=["performer"])
        if appointment is not None:
            case_notify_replaced(case=case, old=appointment.replaced)
    return appointment
