"""Complaints and hotline calls, with the case they concern when there is one.

A complaint is a small workflow: recorded (``received``), given to a handler of its unit
(``handling``), then ``answered`` (its answer letter gets a number from the centre's document
counter, in the series of its notices, "TB") or ``withdrawn``. ``TRANSITIONS`` lists the moves;
every change locks the row, compares the version the form was opened at and raises it, and is
kept in the history.
The day the answer is due counts ``COMPLAINT_ANSWER_WORKING_DAYS`` working days from the day
it was received (cases/conf.py says where the figure comes from).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.calendar import add_working_days
from legalaid.history import attribute_to
from legalaid.models import Unit, User
from legalaid.refusal import CONFLICT, Refusal

from .. import conf
from ..models import Case, CaseEvent, Complaint, Event
from ..notifications import complaint_notify_received
from .common import next_number

Status = Complaint.Status

# From a status, the statuses a complaint may move to. A call answered on the spot goes
# straight from received to answered.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.HANDLING, Status.ANSWERED, Status.WITHDRAWN}),
    Status.HANDLING: frozenset({Status.ANSWERED, Status.WITHDRAWN}),
    Status.ANSWERED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

ANSWER_SERIES = "TB"  # a notice (thông báo): numbered with the refusal notices


def complaint_due(received_on: date) -> date:
    """The last day to answer a complaint received on ``received_on``."""
    return add_working_days(received_on, conf.get("COMPLAINT_ANSWER_WORKING_DAYS"))


def complaint_duplicates(*, units: QuerySet[Unit], case: Case | None, phone: str) -> QuerySet[Complaint]:
    """The open complaints of ``units`` about the same case or from the same phone number."""
    match = Q()
    if case is not None:
        match |= Q(case=case)
    if phone.strip():
        match |= Q(phone=phone.strip())
    if not match:
        return Complaint.objects.none()
    return Complaint.objects.filter(match, unit__in=units, status__in=Complaint.OPEN).select_related(
        "case", "handler"
    )


def complaint_record(
    *,
    by: User,
    unit: Unit,
    received_on: date,
    caller: str,
    channel: str,
    topic: str,
    content: str,
    phone: str = "",
    case: Case | None = None,
) -> Complaint:
    if not caller.strip() or not content.strip():
        raise Refusal(
            _("Give the caller and what the complaint is about."),
            field="content" if caller.strip() else "caller",
        )
    if channel not in Complaint.Channel.values or topic not in Complaint.Topic.values:
        raise Refusal(
            _("Choose the channel and the topic."),
            field="topic" if channel in Complaint.Channel.values else "channel",
        )
    if received_on > timezone.localdate():
        raise Refusal(_("The date cannot be in the future."), field="received_on")
    if topic == Complaint.Topic.QUALITY and case is None:
        raise Refusal(_("A complaint about the quality of a case must name the case."), field="case_query")
    complaint = Complaint(
        unit=unit,
        received_on=received_on,
        caller=caller.strip(),
        phone=phone.strip(),
        channel=channel,
        topic=topic,
        content=content.strip(),
        case=case,
        recorded_by=by,
        status=Status.RECEIVED,
        due_on=complaint_due(received_on),
    )
    attribute_to(complaint, by)
    with transaction.atomic():
        complaint.save()
        complaint_notify_received(complaint=complaint)
        if case is not None:
            CaseEvent.objects.create(
                case=case, code=Event.COMPLAINT, actor=by, note=complaint.get_topic_display()
            )
    return complaint


def _lock(complaint: Complaint, expected_version: int | None) -> Complaint:
    locked = Complaint.objects.select_for_update(of=("self",)).select_related("unit").get(pk=complaint.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Refusal(
            _(
                "Someone else changed this complaint while you were working on it. Nothing was "
                "saved; check the complaint again, then send it once more."
            ),
            code=CONFLICT,
        )
    return locked


def _save(complaint: Complaint, by: User) -> None:
    complaint.version += 1
    attribute_to(complaint, by)
    complaint.save()


def complaint_add_call(
    *, complaint: Complaint, by: User, received_on: date, caller: str, phone: str, content: str
) -> Complaint:
    """A further call about an open complaint, added to it instead of recorded anew (the clerk
    chose it from the duplicate warning): what was said is appended to its content."""
    if not content.strip():
        raise Refusal(_("Give the caller and what the complaint is about."), field="content")
    with transaction.atomic():
        complaint = _lock(complaint, None)
        if not complaint.is_open:
            raise Refusal(_("This complaint is closed; record the call as a new complaint."))
        who = ", ".join(part for part in (caller.strip(), phone.strip()) if part)
        complaint.content += f"\n[{received_on:%d/%m/%Y} {who}] {content.strip()}"
        _save(complaint, by)
    return complaint


def _check_move(complaint: Complaint, to: str) -> None:
    if to not in TRANSITIONS.get(complaint.status, frozenset()):
        raise Refusal(
            _("A complaint that is “%(now)s” cannot become “%(to)s”.")
            % {"now": complaint.get_status_display(), "to": Status(to).label}
        )


def complaint_assign(
    *, complaint: Complaint, by: User, handler: User, expected_version: int | None = None
) -> Complaint:
    """Give the complaint to ``handler`` (an active user of its unit); a received complaint is
    then being handled."""
    with transaction.atomic():
        complaint = _lock(complaint, expected_version)
        if not complaint.is_open:
            raise Refusal(_("This complaint is closed; its handler can no longer change."))
        if not handler.is_active or handler.unit_id != complaint.unit_id:
            raise Refusal(_("The handler must be an active user of the complaint's unit."), field="handler")
        complaint.handler = handler
        if complaint.status == Status.RECEIVED:
            complaint.status = Status.HANDLING
        _save(complaint, by)
    return complaint


def complaint_move(
    *,
    complaint: Complaint,
    by: User,
    to: str,
    resolution: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """Move the complaint to status ``to`` along ``TRANSITIONS``. Answering needs the answer
    (``resolution``) and numbers the answer letter; answering or withdrawing sets
    ``resolved_on``."""
    on = on or timezone.localdate()
    with transaction.atomic():
        complaint = _lock(complaint, expected_version)
        _check_move(complaint, to)
        if to == Status.HANDLING and complaint.handler_id is None:
            raise Refusal(_("Choose who handles the complaint first."), field="handler")
        if to in (Status.ANSWERED, Status.WITHDRAWN):
            if on > timezone.localdate():
                raise Refusal(_("The date cannot be in the future."), field="resolved_on")
            if on < complaint.received_on:
                raise Refusal(
                    _("The complaint cannot be closed before the day it was received."), field="resolved_on"
                )
        if to == Status.ANSWERED:
            if not resolution.strip():
                raise Refusal(_("Say how the complaint was resolved."), field="resolution")
            centre = complaint.unit.centre() or complaint.unit
            complaint.answer_number = next_number(centre=centre, year=on.year, series=ANSWER_SERIES)
        if to in (Status.ANSWERED, Status.WITHDRAWN):
            complaint.resolution = resolution.strip()
            complaint.resolved_on = on
        complaint.status = to
        _save(complaint, by)
    return complaint


def complaint_resolve(
    *, complaint: Complaint, by: User, resolution: str, resolved_on: date | None = None
) -> Complaint:
    """Answer the complaint (the earlier name of ``complaint_move(to=ANSWERED)``)."""
    return complaint_move(
        complaint=complaint, by=by, to=Status.ANSWERED, resolution=resolution, on=resolved_on
    )
