"""What every step of a case shares: the row lock and version check, the move through the
transition table with its timeline event, the next deadline, document numbering and uploads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import Unit, User
from legalaid.refusal import CONFLICT, Refusal

from .. import conf
from ..models import EVENT_LABELS, Appraisal, Case, CaseEvent, DocumentCounter, Event, ReplacementRequest
from ..models.payments import PAID_KINDS  # noqa: F401 -- the stages take it from here
from ..workflow import TRANSITIONS, check, check_right

S = Case.Status
PROCEEDINGS = "TGTT"
OUT_OF_COURT = "DDNTT"


def next_number(*, centre: Unit, year: int, series: str) -> int:
    """The next number of a series, per centre and year, taken under a row lock."""
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(centre=centre, year=year, series=series)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(centre=centre, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def register_number_text(*, centre: Unit, year: int, seq: int) -> str:
    return conf.get("REGISTER_NUMBER_FORMAT").format(seq=seq, year=year, centre=centre.short_name or "TGPL")


ALLOWED_UPLOADS = {  # extension -> (content type, magic bytes)
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def validate_upload(upload: UploadedFile, *, field: str | None = None) -> None:
    """PDF, JPEG or PNG only, judged by the file's first bytes as well as its name; size-limited.
    ``field``: the form field the file came in, for the refusal."""
    limit = conf.get("MAX_UPLOAD_MB")
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_UPLOADS:
        raise Refusal(
            _("Only PDF, JPEG or PNG files can be uploaded (the file was “%(name)s”).")
            % {"name": upload.name},
            field=field,
        )
    if upload.size > limit * 1024 * 1024:
        raise Refusal(
            _("The file “%(name)s” is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit},
            field=field,
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS[extension][1]):
        raise Refusal(
            _("The file “%(name)s” is not a real PDF, JPEG or PNG file.") % {"name": upload.name}, field=field
        )


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "centre", "form", "field", "performer")
        .get(pk=case.pk)
    )
    _compare_version(locked, expected_version)
    return locked


def _compare_version(locked: Case, expected_version: int | None) -> None:
    """Refuse when the case changed since the form was opened at ``expected_version``."""
    if expected_version is not None and locked.version != expected_version:
        raise Refusal(
            _(
                "Someone else changed this case while you were working on it. Nothing was saved; "
                "your entries are still in the form. Check the case again, then send it once more."
            )
            + _last_change(locked),
            code=CONFLICT,
        )


def _last_change(case: Case) -> str:
    """What moved the case on last, by whom and when (from its timeline), for the conflict."""
    event = CaseEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-pk").first()
    if event is None:
        return ""
    return " " + _("The last change: %(what)s, by %(who)s at %(when)s.") % {
        "what": EVENT_LABELS.get(event.code, event.code),
        "who": event.actor.full_name if event.actor is not None else _("the system"),
        "when": timezone.localtime(event.at).strftime("%H:%M %d/%m/%Y"),
    }


def _start(case: Case, action: str, by: User, expected_version: int | None) -> Case:
    """Lock the case and check, in this order, the actor's right to take the step (role,
    unit), the version the form was opened at (a concurrent change), then the state: someone
    without the right is told so whatever their form says."""
    locked = _lock(case, None)
    check_right(locked, action, by)
    _compare_version(locked, expected_version)
    check(locked, action, by)
    return locked


def _finish(case: Case, *, action: str, by: User, note: str = "", fields: Iterable[str] = ()) -> Case:
    """Apply the table's target state, bump the version, reset the deadline, record history
    and the timeline event."""
    old_status = case.status
    target = TRANSITIONS[action].target
    if target:
        case.status = target
    case.version += 1
    refresh_deadline(case)
    attribute_to(case, by)
    case.save(update_fields={"status", "version", "next_deadline", "deadline_label", "updated_at", *fields})
    CaseEvent.objects.create(
        case=case,
        code=Event(action),
        actor=by,
        from_status=old_status,
        to_status=case.status,
        note=note[:2000],
    )
    return case


def refresh_deadline(case: Case) -> None:
    """The next deadline of the case and what is due, from the working-day calendar."""
    due: list[tuple[date | None, str]] = []
    # A step no deadline rule covers has no deadline to show (conf.deadline refuses the step).
    if case.status == S.RECEIVED:
        due.append((conf.deadline_or_none("answer", case.request_date), _("Answer the request")))
    elif case.status == S.ACCEPTED and case.accepted_on is not None:
        due.append((conf.deadline_or_none("appointment", case.accepted_on), _("Appoint a performer")))
    elif case.status == S.COMPLETED and case.completed_on is not None:
        due.append((conf.deadline_or_none("appraisal_assign", case.completed_on), _("Assign the appraisal")))
    elif case.status == S.UNDER_APPRAISAL:
        appraisal = Appraisal.objects.filter(case=case).only("due_on").first()
        if appraisal is not None:
            due.append((appraisal.due_on, _("Appraise the case")))
    if case.status in (S.ACCEPTED, S.ASSIGNED, S.SUSPENDED):
        if case.papers_due is not None:
            due.append((case.papers_due, _("Papers to be supplied")))
        pending = ReplacementRequest.objects.filter(
            case=case, status=ReplacementRequest.Status.PENDING
        ).first()
        if pending is not None:
            due.append((pending.due_on, _("Answer the replacement request")))
    dated = [(day, label) for day, label in due if day is not None]
    if dated:
        case.next_deadline, label = min(dated, key=lambda d: d[0])
        case.deadline_label = str(label)
    else:
        case.next_deadline, case.deadline_label = None, ""
