"""Everything one can do to a case: keyword-only functions named ``<entity>_<action>``.

Each state-changing function locks the case (``select_for_update``), compares the version the
user's form was opened on (optimistic concurrency: the second of two people acting at once is
told, and keeps what they typed), checks the action against ``cases.workflow``, writes the
change, its history and a timeline event in one transaction and sets the next deadline with
``legalaid.calendar``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.calendar import add_working_days
from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField, Unit, User
from legalaid.refusal import CONFLICT, DUPLICATE, Refusal
from legalaid.roles import Role, has_role
from staffing.models import Person

from . import conf
from .access import get_case_for_user as get_case_for_user
from .access import is_manager as is_manager
from .access import may_see_sensitive as may_see_sensitive
from .access import visible_cases
from .models import (
    Appointment,
    Appraisal,
    Beneficiary,
    Case,
    CaseEvent,
    Complaint,
    Criterion,
    DocumentCounter,
    Evaluation,
    EvaluationRound,
    Payment,
    PerformerRule,
    ProofPaper,
    QualityOutcome,
    ReplacementRequest,
    Sex,
    Survey,
    SurveyLink,
    WorkEntry,
)
from .workflow import Action, check

# The access rules live in cases/access.py; these names are kept for the callers of services.
cases_for_user = visible_cases

S = Case.Status
PROCEEDINGS = "TGTT"
OUT_OF_COURT = "DDNTT"
PAID_KINDS = (Person.Kind.COLLABORATOR, Person.Kind.LAWYER, Person.Kind.ADVISER)
RECEIVE_ROLES = (Role.DIRECTOR, Role.INTAKE_OFFICER)


# --- Who sees what ---------------------------------------------------------------------------


# --- Helpers ---------------------------------------------------------------------------------


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


def validate_upload(upload: UploadedFile) -> None:
    """PDF, JPEG or PNG only, judged by the file's first bytes as well as its name; size-limited."""
    limit = conf.get("MAX_UPLOAD_MB")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_UPLOADS:
        raise Refusal(
            _("Only PDF, JPEG or PNG files can be uploaded (the file was “%(name)s”).")
            % {"name": upload.name}
        )
    if upload.size > limit * 1024 * 1024:
        raise Refusal(
            _("The file “%(name)s” is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS[extension][1]):
        raise Refusal(_("The file “%(name)s” is not a real PDF, JPEG or PNG file.") % {"name": upload.name})


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "centre", "form", "field", "performer")
        .get(pk=case.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Refusal(
            _(
                "Someone else changed this case while you were working on it. Nothing was saved; "
                "your entries are still in the form. Check the case again, then send it once more."
            ),
            code=CONFLICT,
        )
    return locked


def _start(case: Case, action: str, by: User, expected_version: int | None) -> Case:
    locked = _lock(case, expected_version)
    check(locked, action, by)
    return locked


def _finish(case: Case, *, action: str, by: User, note: str = "", fields: Iterable[str] = ()) -> Case:
    """Apply the table's target state, bump the version, reset the deadline, record history
    and the timeline event."""
    from .workflow import TRANSITIONS

    old_status = case.status
    target = TRANSITIONS[action].target
    if target:
        case.status = target
    case.version += 1
    refresh_deadline(case)
    case._history_user = by
    case.save(update_fields={"status", "version", "next_deadline", "deadline_label", "updated_at", *fields})
    CaseEvent.objects.create(
        case=case, code=action, actor=by, from_status=old_status, to_status=case.status, note=note[:2000]
    )
    return case


def refresh_deadline(case: Case) -> None:
    """The next deadline of the case and what is due, from the working-day calendar."""
    due: list[tuple[date, str]] = []
    if case.status == S.RECEIVED:
        due.append((add_working_days(case.request_date, conf.get("ANSWER_DAYS")), _("Answer the request")))
    elif case.status == S.ACCEPTED:
        due.append(
            (add_working_days(case.accepted_on, conf.get("APPOINTMENT_DAYS")), _("Appoint a performer"))
        )
    elif case.status == S.COMPLETED:
        due.append(
            (
                add_working_days(case.completed_on, conf.get("APPRAISAL_ASSIGN_DAYS")),
                _("Assign the appraisal"),
            )
        )
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
    if due:
        case.next_deadline, label = min(due, key=lambda d: d[0])
        case.deadline_label = str(label)
    else:
        case.next_deadline, case.deadline_label = None, ""


# --- Intake ----------------------------------------------------------------------------------


def beneficiary_duplicates(
    *,
    citizen_id: str = "",
    full_name: str = "",
    date_of_birth: date | None = None,
    exclude_pk: int | None = None,
) -> QuerySet[Beneficiary]:
    """Likely the same person: same citizen ID, or same name (without diacritics) and birth date."""
    from legalaid.text import search_key

    match = Q(pk__in=[])
    if citizen_id:
        match |= Q(citizen_id=citizen_id)
    if full_name and date_of_birth:
        match |= Q(name_search_key=search_key(full_name), date_of_birth=date_of_birth)
    found = Beneficiary.objects.filter(match).select_related("commune")
    return found.exclude(pk=exclude_pk) if exclude_pk else found


@dataclass
class BeneficiaryData:
    full_name: str
    sex: str
    date_of_birth: date | None = None
    ethnicity_id: int | None = None
    citizen_id: str = ""
    commune_id: int | None = None
    address: str = ""
    phone: str = ""


def case_receive(
    *,
    by: User,
    unit: Unit,
    request_date: date,
    categories: Sequence[BeneficiaryCategory],
    form: LegalAidForm,
    field: LegalField,
    description: str,
    beneficiary: Beneficiary | None = None,
    new_beneficiary: BeneficiaryData | None = None,
    allow_duplicate: bool = False,
    channel: str = Case.Channel.DESK,
    urgent: bool = False,
    requester_kind: str = Case.RequesterKind.SELF,
    requester_name: str = "",
    requester_relation: str = "",
    requester_phone: str = "",
    requester_agency: Unit | None = None,
    forwarding_document: str = "",
    outreach_session=None,
) -> Case:
    """Tiếp nhận: record a request with its beneficiary (new or reused) and categories valid on
    the request date."""
    if not by.is_superuser and not has_role(by, *RECEIVE_ROLES):
        raise Refusal(_("Only intake officers and the director receive requests."))
    if not by.is_superuser and (by.unit_id is None or not unit.path.startswith(by.unit.path)):
        raise Refusal(_("You can only receive requests for your own unit."))
    centre = unit.centre()
    if centre is None:
        raise Refusal(_("The unit “%(unit)s” does not belong to a legal-aid centre.") % {"unit": unit})
    today = timezone.localdate()
    if request_date > today:
        raise Refusal(_("The request date cannot be in the future."))
    if not categories:
        raise Refusal(_("Choose at least one beneficiary category."))
    invalid = [c for c in categories if not c.is_valid_on(request_date)]
    if invalid:
        raise Refusal(
            _("These categories are not in force on the request date %(date)s: %(names)s.")
            % {
                "date": request_date.strftime("%d/%m/%Y"),
                "names": "; ".join(f"{c.clause}. {c.name}" for c in invalid),
            }
        )
    if not description.strip():
        raise Refusal(_("Describe the matter briefly."))
    if requester_kind == Case.RequesterKind.AGENCY and (
        requester_agency is None or not forwarding_document.strip()
    ):
        raise Refusal(
            _("A request forwarded by a procedural body needs the body and its forwarding document.")
        )
    if (
        requester_kind in (Case.RequesterKind.RELATIVE, Case.RequesterKind.REPRESENTATIVE)
        and not requester_name.strip()
    ):
        raise Refusal(_("Give the name of the relative or representative who makes the request."))
    if outreach_session is not None and channel != Case.Channel.MOBILE:
        raise Refusal(_("A session can be named only for a request received at a mobile session."))
    if outreach_session is not None and outreach_session.held_on > request_date:
        raise Refusal(_("The session is dated after the request."))
    if (beneficiary is None) == (new_beneficiary is None):
        raise Refusal(_("Choose an existing person or enter a new one."))
    with transaction.atomic():
        if beneficiary is None:
            data = new_beneficiary
            if not data.full_name.strip():
                raise Refusal(_("Enter the beneficiary's full name."))
            if data.sex not in Sex.values:
                raise Refusal(_("Choose the beneficiary's sex."))
            if data.citizen_id and (len(data.citizen_id) != 12 or not data.citizen_id.isdigit()):
                raise Refusal(_("A citizen ID has exactly 12 digits."))
            if data.date_of_birth and data.date_of_birth > request_date:
                raise Refusal(_("The date of birth is after the request date."))
            duplicates = list(
                beneficiary_duplicates(
                    citizen_id=data.citizen_id, full_name=data.full_name, date_of_birth=data.date_of_birth
                )[:5]
            )
            if duplicates and (
                not allow_duplicate
                or any(d.citizen_id and d.citizen_id == data.citizen_id for d in duplicates)
            ):
                raise Refusal(
                    _(
                        "This person may already be registered. Use the existing record, or confirm "
                        "that it is a different person."
                    ),
                    code=DUPLICATE,
                    candidates=list(duplicates),
                )
            beneficiary = Beneficiary(unit=unit, **data.__dict__)
            beneficiary._history_user = by
            beneficiary.save()
        case = Case(
            centre=centre,
            unit=unit,
            request_date=request_date,
            received_by=by,
            channel=channel,
            urgent=urgent,
            requester_kind=requester_kind,
            requester_name=requester_name.strip(),
            requester_relation=requester_relation.strip(),
            requester_phone=requester_phone.strip(),
            requester_agency=requester_agency if requester_kind == Case.RequesterKind.AGENCY else None,
            forwarding_document=forwarding_document.strip(),
            beneficiary=beneficiary,
            form=form,
            outreach_session=outreach_session,
            field=field,
            description=description.strip(),
            sensitive=any(c.sensitive for c in categories),
        )
        refresh_deadline(case)
        case._history_user = by
        case.save()
        case.categories.set(categories)
        CaseEvent.objects.create(case=case, code="receive", actor=by, to_status=case.status)
    return case


# --- Verification ----------------------------------------------------------------------------


@dataclass
class ChecklistGroup:
    category: BeneficiaryCategory
    group: int
    document_types: list
    satisfied: bool


def papers_checklist(case: Case) -> list[ChecklistGroup]:
    """The groups of papers proving each chosen category: every group needs one of its papers."""
    have = set(case.papers.values_list("document_type_id", flat=True))
    groups: dict[tuple[int, int], ChecklistGroup] = {}
    proofs = (
        CategoryProof.objects.filter(category__in=case.categories.all())
        .select_related("category", "document_type")
        .order_by("category__position", "category__code", "group", "document_type__name")
    )
    for proof in proofs:
        key = (proof.category_id, proof.group)
        entry = groups.setdefault(key, ChecklistGroup(proof.category, proof.group, [], False))
        entry.document_types.append(proof.document_type)
        entry.satisfied = entry.satisfied or proof.document_type_id in have
    return list(groups.values())


def missing_papers_text(checklist: Sequence[ChecklistGroup]) -> str:
    lines = []
    for group in checklist:
        if not group.satisfied:
            names = _(" or ").join(str(d) for d in group.document_types)
            lines.append(f"{group.category.clause}. {group.category.name}: {names}")
    return "\n".join(lines)


def proof_paper_add(
    *,
    case: Case,
    by: User,
    document_type,
    number: str = "",
    issued_on: date | None = None,
    issuer: str = "",
    scan: UploadedFile | None = None,
) -> ProofPaper:
    """Tick a paper of the checklist with its number/date or an uploaded scan."""
    if not (number.strip() or issued_on or scan):
        raise Refusal(_("Give the paper's number or date, or upload a scan."))
    if scan is not None:
        validate_upload(scan)
    with transaction.atomic():
        locked = _lock(case, None)
        if locked.status not in (S.RECEIVED, S.NEEDS_PAPERS, S.ACCEPTED, S.ASSIGNED, S.SUSPENDED):
            raise Refusal(_("Papers can no longer be added to this case."))
        if not (
            by.is_superuser
            or (
                has_role(by, *RECEIVE_ROLES)
                and locked.unit.path.startswith(by.unit.path if by.unit_id else "-")
            )
        ):
            raise Refusal(_("Your role does not allow this action on this case."))
        if not CategoryProof.objects.filter(
            category__in=locked.categories.all(), document_type=document_type
        ).exists():
            raise Refusal(_("This paper does not prove any category chosen for the case."))
        paper = ProofPaper.objects.filter(case=locked, document_type=document_type).first() or ProofPaper(
            case=locked, document_type=document_type
        )
        paper.number, paper.issued_on, paper.issuer, paper.added_by = (
            number.strip(),
            issued_on,
            issuer.strip(),
            by,
        )
        if scan is not None:
            paper.scan = scan
        paper._history_user = by
        paper.save()
        if locked.papers_due and not missing_papers_text(papers_checklist(locked)):
            locked.papers_due, locked.missing_papers = None, ""
            refresh_deadline(locked)
            locked.version += 1
            locked._history_user = by
            locked.save(
                update_fields=[
                    "papers_due",
                    "missing_papers",
                    "next_deadline",
                    "deadline_label",
                    "version",
                    "updated_at",
                ]
            )
        CaseEvent.objects.create(case=locked, code="paper", actor=by, note=str(document_type))
    return paper


def case_request_papers(*, case: Case, by: User, note: str = "", expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = _start(case, Action.REQUEST_PAPERS, by, expected_version)
        missing = missing_papers_text(papers_checklist(case))
        case.missing_papers = "\n".join(filter(None, [missing, note.strip()]))
        if not case.missing_papers:
            raise Refusal(_("Every paper is there: nothing to ask for. Accept the case instead."))
        return _finish(
            case, action=Action.REQUEST_PAPERS, by=by, note=case.missing_papers, fields=["missing_papers"]
        )


def case_accept(
    *,
    case: Case,
    by: User,
    accepted_on: date | None = None,
    national_id: str = "",
    expected_version: int | None = None,
) -> Case:
    """Thụ lý: the register number, and for urgent cases with papers missing, their deadline."""
    accepted_on = accepted_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.ACCEPT, by, expected_version)
        if accepted_on < case.request_date or accepted_on > timezone.localdate():
            raise Refusal(_("The acceptance date must be between the request date and today."))
        missing = missing_papers_text(papers_checklist(case))
        if missing and not case.urgent:
            raise Refusal(
                _(
                    "The papers are incomplete; only an urgent case can be accepted before they are all in. Missing: %(missing)s"
                )
                % {"missing": missing}
            )
        case.papers_due = add_working_days(accepted_on, conf.get("PAPERS_DAYS")) if missing else None
        case.missing_papers = missing
        case.accepted_on = accepted_on
        case.national_id = national_id.strip()
        case.register_year = accepted_on.year
        case.register_seq = next_number(centre=case.centre, year=accepted_on.year, series="TL")
        case.register_number = register_number_text(
            centre=case.centre, year=accepted_on.year, seq=case.register_seq
        )
        SurveyLink.objects.create(
            case=case,
            token=SurveyLink.new_token(),
            expires_at=timezone.now() + timedelta(days=conf.get("SURVEY_LINK_DAYS")),
        )
        return _finish(
            case,
            action=Action.ACCEPT,
            by=by,
            note=case.register_number,
            fields=[
                "papers_due",
                "missing_papers",
                "accepted_on",
                "national_id",
                "register_year",
                "register_seq",
                "register_number",
            ],
        )


def case_refuse(
    *,
    case: Case,
    by: User,
    reason: str,
    explanation: str = "",
    refused_on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    if reason not in Case.RefusalReason.values:
        raise Refusal(_("Choose a reason for the refusal."))
    if reason == Case.RefusalReason.OTHER and not explanation.strip():
        raise Refusal(_("Explain the reason for the refusal."))
    refused_on = refused_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.REFUSE, by, expected_version)
        case.refusal_reason, case.refusal_text, case.closed_on = reason, explanation.strip(), refused_on
        case.closing_number = next_number(centre=case.centre, year=refused_on.year, series="TB")
        return _finish(
            case,
            action=Action.REFUSE,
            by=by,
            note=case.get_refusal_reason_display(),
            fields=["refusal_reason", "refusal_text", "closed_on", "closing_number"],
        )


def case_refer(
    *,
    case: Case,
    by: User,
    referred_to: Unit | None = None,
    referred_to_text: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    if referred_to is None and not referred_to_text.strip():
        raise Refusal(_("Say where the requester is referred to."))
    with transaction.atomic():
        case = _start(case, Action.REFER, by, expected_version)
        case.referred_to, case.referred_to_text = referred_to, referred_to_text.strip()
        case.closed_on = timezone.localdate()
        return _finish(
            case,
            action=Action.REFER,
            by=by,
            note=note or str(referred_to or referred_to_text),
            fields=["referred_to", "referred_to_text", "closed_on"],
        )


# --- Appointment -----------------------------------------------------------------------------


def allowed_performer_kinds(form: LegalAidForm) -> set[str]:
    kinds = set(PerformerRule.objects.filter(form=form).values_list("performer_kind", flat=True))
    return kinds or {str(k) for k in Person.PERFORMER_KINDS}


def performer_candidates(
    *, case: Case, field_only: bool = True, unit: Unit | None = None
) -> QuerySet[Person]:
    """Performers who may take the case: kind allowed for its form, optionally holding its
    field and working in a unit, each with their current load (open cases) in one query."""
    people = Person.objects.performers().filter(kind__in=allowed_performer_kinds(case.form))
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
        raise Refusal(_("%(name)s is not an active legal-aid performer.") % {"name": performer})
    if performer.kind not in allowed_performer_kinds(case.form):
        raise Refusal(
            _("A %(kind)s may not perform “%(form)s”.")
            % {"kind": performer.get_kind_display().lower(), "form": case.form}
        )


def case_appoint(
    *,
    case: Case,
    by: User,
    performer: Person,
    decided_on: date | None = None,
    expected_version: int | None = None,
) -> Appointment:
    decided_on = decided_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.APPOINT, by, expected_version)
        _check_performer(case, performer)
        if decided_on < case.accepted_on:
            raise Refusal(_("The decision cannot be dated before the acceptance."))
        appointment = Appointment(
            case=case,
            kind=Appointment.Kind.INITIAL,
            performer=performer,
            decided_on=decided_on,
            decided_by=by,
            number=next_number(centre=case.centre, year=decided_on.year, series="QD"),
        )
        appointment._history_user = by
        appointment.save()
        case.performer = performer
        _finish(case, action=Action.APPOINT, by=by, note=performer.full_name, fields=["performer"])
    return appointment


def case_request_replacement(
    *, case: Case, by: User, reason: str, received_on: date | None = None, expected_version: int | None = None
) -> ReplacementRequest:
    received_on = received_on or timezone.localdate()
    if not reason.strip():
        raise Refusal(_("Give the reason for the replacement request."))
    with transaction.atomic():
        case = _start(case, Action.REQUEST_REPLACEMENT, by, expected_version)
        if ReplacementRequest.objects.filter(case=case, status=ReplacementRequest.Status.PENDING).exists():
            raise Refusal(_("A replacement request is already waiting for an answer."))
        request = ReplacementRequest(
            case=case,
            received_on=received_on,
            reason=reason.strip(),
            recorded_by=by,
            due_on=add_working_days(received_on, conf.get("REPLACEMENT_DAYS")),
        )
        request._history_user = by
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
    expected_version: int | None = None,
) -> Appointment | None:
    decided_on = decided_on or timezone.localdate()
    if not answer.strip():
        raise Refusal(_("Write the answer with its reasons."))
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
                raise Refusal(_("Choose the new performer."))
            if new_performer.pk == case.performer_id:
                raise Refusal(_("The new performer must be someone else."))
            _check_performer(case, new_performer)
            appointment = Appointment(
                case=case,
                kind=Appointment.Kind.REPLACEMENT,
                performer=new_performer,
                replaced=case.performer,
                decided_on=decided_on,
                decided_by=by,
                reason=request.reason,
                number=next_number(centre=case.centre, year=decided_on.year, series="QD"),
            )
            appointment._history_user = by
            appointment.save()
            case.performer = new_performer
        request.status = ReplacementRequest.Status.APPROVED if approve else ReplacementRequest.Status.REJECTED
        request.answered_on, request.answer = decided_on, answer.strip()
        request._history_user = by
        request.save()
        _finish(case, action=Action.DECIDE_REPLACEMENT, by=by, note=answer, fields=["performer"])
    return appointment


# --- Work ------------------------------------------------------------------------------------


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
        raise Refusal(_("Choose the kind of activity."))
    if hours is None or hours < 0 or hours > 24:
        raise Refusal(_("Hours must be between 0 and 24."))
    if not description.strip():
        raise Refusal(_("Describe what was done."))
    if result is not None:
        validate_upload(result)
    with transaction.atomic():
        case = _start(case, Action.LOG_WORK, by, None)
        if day > timezone.localdate() or (case.accepted_on and day < case.accepted_on):
            raise Refusal(_("The date must be between the acceptance and today."))
        entry = WorkEntry(
            case=case, day=day, kind=kind, hours=hours, description=description.strip(), recorded_by=by
        )
        if result is not None:
            entry.result = result
        entry._history_user = by
        entry.save()
        CaseEvent.objects.create(
            case=case,
            code=Action.LOG_WORK,
            actor=by,
            note=f"{entry.get_kind_display()}: {description}"[:2000],
        )
    return entry


def case_suspend(*, case: Case, by: User, reason: str, expected_version: int | None = None) -> Case:
    if not reason.strip():
        raise Refusal(_("Give the reason for the suspension."))
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
        raise Refusal(_("Give the reason for not continuing."))
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


# --- Completion and appraisal ----------------------------------------------------------------


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
        raise Refusal(_("Choose the outcome."))
    if not summary.strip():
        raise Refusal(_("Summarise the result."))
    with transaction.atomic():
        case = _start(case, Action.COMPLETE, by, expected_version)
        if completed_on > timezone.localdate() or completed_on < case.accepted_on:
            raise Refusal(_("The completion date must be between the acceptance and today."))
        if ReplacementRequest.objects.filter(case=case, status=ReplacementRequest.Status.PENDING).exists():
            raise Refusal(_("Answer the pending replacement request first."))
        if success_criteria and case.form.code != PROCEEDINGS:
            raise Refusal(_("The criteria of Decision 1179 apply only to proceedings cases."))
        for chosen, kind in (
            (success_criteria, Criterion.Kind.SUCCESS),
            (complex_criteria, Criterion.Kind.COMPLEX),
        ):
            allowed = set(
                Criterion.applicable(kind, form_id=case.form_id, field_id=case.field_id).values_list(
                    "pk", flat=True
                )
            )
            if any(c.pk not in allowed for c in chosen):
                raise Refusal(_("A criterion chosen does not apply to this case."))
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


def appraiser_candidates(case: Case) -> QuerySet[User]:
    """Legal-aid assistants of the centre who did not perform the case."""
    users = User.objects.filter(
        is_active=True, groups__name=Role.ASSISTANT, unit__path__startswith=case.centre.path
    )
    if case.performer_id and case.performer.user_id:
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
                    "%(name)s cannot appraise this case: the appraiser must be a legal-aid assistant of the centre who did not perform it."
                )
                % {"name": appraiser}
            )
        appraisal = Appraisal(
            case=case,
            appraiser=appraiser,
            assigned_by=by,
            assigned_on=assigned_on,
            number=next_number(centre=case.centre, year=assigned_on.year, series="QD"),
            due_on=add_working_days(assigned_on, conf.get("APPRAISAL_DAYS")),
        )
        appraisal._history_user = by
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
        raise Refusal(_("Choose the appraisal outcome."))
    if not findings.strip():
        raise Refusal(_("Write the findings of the appraisal."))
    with transaction.atomic():
        case = _start(case, Action.APPRAISE, by, expected_version)
        appraisal = Appraisal.objects.select_for_update().get(case=case)
        allowed = set(
            Criterion.applicable(
                Criterion.Kind.APPRAISAL, form_id=case.form_id, field_id=case.field_id
            ).values_list("pk", flat=True)
        )
        if any(c.pk not in allowed for c in criteria):
            raise Refusal(_("A criterion chosen does not apply to this case."))
        appraisal.outcome, appraisal.findings, appraisal.appraised_on = (
            outcome,
            findings.strip(),
            appraised_on,
        )
        appraisal._history_user = by
        appraisal.save()
        appraisal.criteria.set(criteria)
        _finish(case, action=Action.APPRAISE, by=by, note=outcome.label)
    return appraisal


# --- Evaluation by the Department of Justice -------------------------------------------------


def evaluation_candidates(*, centre: Unit, window_start: date, window_end: date) -> QuerySet[Case]:
    """Completed proceedings and out-of-court cases of the window never evaluated before."""
    return Case.objects.filter(
        centre=centre,
        form__code__in=[PROCEEDINGS, OUT_OF_COURT],
        status__in=[S.COMPLETED, S.UNDER_APPRAISAL, S.APPRAISED],
        completed_on__range=(window_start, window_end),
        evaluation__isnull=True,
    )


def evaluation_round_create(
    *,
    by: User,
    centre: Unit,
    name: str,
    window_start: date,
    window_end: date,
    rate: int,
    rng: random.Random | None = None,
) -> EvaluationRound:
    """Draw the sample: every case with a complaint about its quality, and ``rate`` % of the
    others, chosen at random."""
    if not (by.is_superuser or has_role(by, Role.OFFICIAL)):
        raise Refusal(_("Only the Department of Justice draws evaluation samples."))
    if window_end < window_start:
        raise Refusal(_("The window must end after it starts."))
    if not 1 <= rate <= 100:
        raise Refusal(_("The sample rate must be between 1 and 100 percent."))
    if not by.is_superuser and (by.unit_id is None or not centre.path.startswith(by.unit.path)):
        raise Refusal(_("This centre is outside your department."))
    with transaction.atomic():
        doj = centre.parent or centre
        round_ = EvaluationRound(
            doj=doj,
            centre=centre,
            name=name.strip() or _("Evaluation"),
            window_start=window_start,
            window_end=window_end,
            rate=rate,
            created_by=by,
        )
        round_._history_user = by
        round_.save()
        candidates = evaluation_candidates(centre=centre, window_start=window_start, window_end=window_end)
        complained = Complaint.objects.filter(case=OuterRef("pk"), topic=Complaint.Topic.QUALITY)
        ids = list(
            candidates.annotate(c=Exists(complained)).select_for_update(of=("self",)).values_list("pk", "c")
        )
        must = [pk for pk, c in ids if c]
        others = sorted(pk for pk, c in ids if not c)
        chooser = rng or random.SystemRandom()
        drawn = chooser.sample(others, math.ceil(len(others) * rate / 100)) if others else []
        try:
            Evaluation.objects.bulk_create(
                [Evaluation(round=round_, case_id=pk, reason=Evaluation.Reason.COMPLAINT) for pk in must]
                + [Evaluation(round=round_, case_id=pk, reason=Evaluation.Reason.SAMPLE) for pk in drawn]
            )
        except IntegrityError:
            raise Refusal(_("Another sample was drawn at the same time; try again.")) from None
        for pk in must + drawn:
            CaseEvent(case_id=pk, code="evaluation_drawn", actor=by, note=round_.name).save()
    return round_


def evaluation_record(
    *,
    evaluation: Evaluation,
    by: User,
    outcome: QualityOutcome,
    conclusion: str = "",
    evaluated_on: date | None = None,
) -> Evaluation:
    if not (by.is_superuser or has_role(by, Role.OFFICIAL)):
        raise Refusal(_("Only the Department of Justice records evaluations."))
    if outcome is None or outcome.scale != QualityOutcome.Scale.EVALUATION:
        raise Refusal(_("Choose the conclusion of the evaluation."))
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        evaluation.outcome, evaluation.conclusion = outcome, conclusion.strip()
        evaluation.evaluated_on, evaluation.evaluated_by = evaluated_on or timezone.localdate(), by
        evaluation._history_user = by
        evaluation.save()
        CaseEvent.objects.create(case_id=evaluation.case_id, code="evaluated", actor=by, note=outcome.label)
    return evaluation


# --- Satisfaction, complaints, payment -------------------------------------------------------

SURVEY_STATES = (
    S.ACCEPTED,
    S.ASSIGNED,
    S.SUSPENDED,
    S.COMPLETED,
    S.UNDER_APPRAISAL,
    S.APPRAISED,
    S.TERMINATED,
)


def _scores(scores: dict) -> dict:
    keys = ("attitude", "responsibility", "expertise", "satisfaction")
    clean = {}
    for key in keys:
        try:
            value = int(scores.get(key))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise Refusal(_("Give every score from 1 to 5."))
        clean[key] = value
    return clean


def survey_record(*, case: Case, by: User, scores: dict, comment: str = "") -> Survey:
    """A survey entered by staff (e.g. from a paper form or a phone call)."""
    if Case.objects.filter(pk=case.pk).values_list("status", flat=True).first() not in SURVEY_STATES:
        raise Refusal(_("A survey can be recorded only for an accepted case."))
    survey = Survey(
        case=case, source=Survey.Source.STAFF, entered_by=by, comment=comment.strip(), **_scores(scores)
    )
    survey._history_user = by
    with transaction.atomic():
        survey.save()
        CaseEvent.objects.create(case=case, code="survey", actor=by)
    return survey


def survey_link_for(case: Case) -> SurveyLink | None:
    now = timezone.now()
    return (
        SurveyLink.objects.filter(case=case, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )


def survey_submit_public(*, token: str, scores: dict, comment: str = "") -> Survey:
    """The beneficiary's answer through the single-use link: refused once used or expired."""
    clean = _scores(scores)
    with transaction.atomic():
        link = SurveyLink.objects.select_for_update().select_related("case").filter(token=token).first()
        if link is None:
            raise Refusal(_("This survey link is not valid."))
        if link.used_at is not None:
            raise Refusal(_("This survey link has already been used. Thank you."))
        if link.expires_at <= timezone.now():
            raise Refusal(_("This survey link has expired."))
        survey = Survey.objects.create(
            case=link.case, source=Survey.Source.PUBLIC, comment=comment.strip()[:4000], **clean
        )
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        CaseEvent.objects.create(case=link.case, code="survey", note=str(_("Answered through the link")))
    return survey


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
        raise Refusal(_("Give the caller and what the complaint is about."))
    if channel not in Complaint.Channel.values or topic not in Complaint.Topic.values:
        raise Refusal(_("Choose the channel and the topic."))
    if received_on > timezone.localdate():
        raise Refusal(_("The date cannot be in the future."))
    if topic == Complaint.Topic.QUALITY and case is None:
        raise Refusal(_("A complaint about the quality of a case must name the case."))
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
    complaint._history_user = by
    with transaction.atomic():
        complaint.save()
        if case is not None:
            CaseEvent.objects.create(
                case=case, code="complaint", actor=by, note=complaint.get_topic_display()
            )
    return complaint


def complaint_resolve(
    *, complaint: Complaint, by: User, resolution: str, resolved_on: date | None = None
) -> Complaint:
    if not resolution.strip():
        raise Refusal(_("Say how the complaint was resolved."))
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        complaint.resolution, complaint.resolved_on = resolution.strip(), resolved_on or timezone.localdate()
        complaint._history_user = by
        complaint.save()
    return complaint


def payable_cases(
    *, centre_path: str, start: date, end: date, performer: Person | None = None
) -> QuerySet[Case]:
    """Appraised cases of collaborators and contracted lawyers, appraised in the period."""
    cases = Case.objects.filter(
        status=S.APPRAISED,
        unit__path__startswith=centre_path,
        performer__kind__in=PAID_KINDS,
        appraisal__appraised_on__range=(start, end),
    )
    if performer is not None:
        cases = cases.filter(performer=performer)
    return cases.select_related("performer", "form", "field", "beneficiary", "appraisal__outcome", "payment")


def payment_record(*, case: Case, by: User, amount: Decimal, paid_on: date | None = None) -> Payment:
    if not (by.is_superuser or has_role(by, Role.DIRECTOR)):
        raise Refusal(_("Only the director records payments."))
    if amount is None or amount < 0:
        raise Refusal(_("The amount cannot be negative."))
    with transaction.atomic():
        case = _lock(case, None)
        if case.status != S.APPRAISED or case.performer is None or case.performer.kind not in PAID_KINDS:
            raise Refusal(_("Only appraised cases of collaborators and contracted lawyers are payable."))
        if Payment.objects.filter(case=case).exists():
            raise Refusal(_("This case has already been paid."))
        payment = Payment(
            case=case,
            performer=case.performer,
            amount=amount,
            paid_on=paid_on or timezone.localdate(),
            recorded_by=by,
        )
        payment._history_user = by
        payment.save()
        CaseEvent.objects.create(case=case, code="payment", actor=by, note=f"{amount:,.0f} đ")
    return payment


def day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))
