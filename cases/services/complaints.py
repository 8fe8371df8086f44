"""Complaints and hotline calls, with the case they concern when there is one."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import Unit, User
from legalaid.refusal import Refusal

from ..models import Case, CaseEvent, Complaint, Event
from ..notifications import complaint_notify_received


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
        raise Refusal(_("A complaint about the quality of a case must name the case."), field="case_number")
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


def complaint_resolve(
    *, complaint: Complaint, by: User, resolution: str, resolved_on: date | None = None
) -> Complaint:
    if not resolution.strip():
        raise Refusal(_("Say how the complaint was resolved."), field="resolution")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        complaint.resolution, complaint.resolved_on = resolution.strip(), resolved_on or timezone.localdate()
        attribute_to(complaint, by)
        complaint.save()
    return complaint
