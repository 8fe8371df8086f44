"""The work on an assigned case: the work log, suspension and resumption, stopping the legal aid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal

from ..models import Case, CaseEvent, Event, ReplacementRequest, WorkEntry
from ..workflow import Action
from .common import _finish, _start, next_number, validate_upload


def case_log_work(
    *,
    case: Case,
    by: User,
    day: date,
    kind: str,
    hours: Decimal,
    description: str,
    result: UploadedFile | None = None,
) -> WorkEntry:
    if kind not in WorkEntry.Kind.values:
        raise Refusal(_("Choose the kind of activity."), field="kind")
    if hours is None or hours < 0 or hours > 24:
        raise Refusal(_("Hours must be between 0 and 24."), field="hours")
    if not description.strip():
        raise Refusal(_("Describe what was done."), field="description")
    if result is not None:
        validate_upload(result, field="result")
    with transaction.atomic():
        case = _start(case, Action.LOG_WORK, by, None)
        if day > timezone.localdate() or (case.accepted_on and day < case.accepted_on):
            raise Refusal(_("The date must be between the acceptance and today."), field="day")
        entry = WorkEntry(
            case=case, day=day, kind=kind, hours=hours, description=description.strip(), recorded_by=by
        )
        if result is not None:
            entry.result = result
        attribute_to(entry, by)
        entry.save()
        CaseEvent.objects.create(
            case=case,
            code=Event.LOG_WORK,
            actor=by,
            note=f"{entry.get_kind_display()}: {description}"[:2000],
        )
    return entry


def case_suspend(*, case: Case, by: User, reason: str, expected_version: int | None = None) -> Case:
    if not reason.strip():
        raise Refusal(_("Give the reason for the suspension."), field="reason")
    with transaction.atomic():
        case = _start(case, Action.SUSPEND, by, expected_version)
        case.suspension_reason = reason.strip()
        return _finish(case, action=Action.SUSPEND, by=by, note=reason, fields=["suspension_reason"])


def case_resume(*, case: Case, by: User, note: str = "", expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = _start(case, Action.RESUME, by, expected_version)
        case.suspension_reason = ""
        return _finish(case, action=Action.RESUME, by=by, note=note, fields=["suspension_reason"])


def case_terminate(
    *,
    case: Case,
    by: User,
    reason: str,
    terminated_on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """Không tiếp tục thực hiện TGPL (e.g. the request is withdrawn), with its notice number."""
    if not reason.strip():
        raise Refusal(_("Give the reason for not continuing."), field="reason")
    terminated_on = terminated_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.TERMINATE, by, expected_version)
        case.termination_reason, case.closed_on = reason.strip(), terminated_on
        case.closing_number = next_number(centre=case.centre, year=terminated_on.year, series="TB")
        ReplacementRequest.objects.filter(case=case, status=ReplacementRequest.Status.PENDING).update(
            status=ReplacementRequest.Status.REJECTED, answered_on=terminated_on, answer=reason.strip()
        )
        return _finish(
            case,
            action=Action.TERMINATE,
            by=by,
            note=reason,
            fields=["termination_reason", "closed_on", "closing_number"],
        )
