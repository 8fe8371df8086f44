"""Personal data: the log of every view of a sensitive case's protected data, what a person's
data-subject export lists, and the anonymisation of people whose cases closed longer ago than
the retention period (``CASE_RETENTION_YEARS``).

Who may see what is decided in ``cases.access`` (``may_see_sensitive``); this module records
what was shown and rewrites what must be forgotten."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from legalaid.history import attribute_to, bulk_update_with_history
from legalaid.models import User

from ..access import shown_sensitive
from ..models import Beneficiary, Case, CaseEvent, Complaint, ProofPaper, SensitiveView, Survey, WorkEntry

# --- The log of views -------------------------------------------------------------------------


def log_views(
    user: User, cases: Iterable[Case], *, kind: str, url_name: str, appraised: Collection[int] | None = None
) -> int:
    """Record that ``user`` was shown the protected data of each of ``cases`` (only the
    sensitive ones they may see count): one insert for all of them, none when there is none.
    A list or export passes the ``appraised`` ids it looked up (``access.appraised_among``)."""
    if not user.is_authenticated:
        return 0
    shown = shown_sensitive(user, list(cases), appraised=appraised)
    if not shown:
        return 0
    at = timezone.now()
    SensitiveView.objects.bulk_create(
        SensitiveView(
            at=at,
            user=user,
            unit_id=user.unit_id,
            case=case,
            beneficiary_id=case.beneficiary_id,
            kind=kind,
            url_name=url_name,
        )
        for case in shown
    )
    return len(shown)


def log_subject_export(user: User, person: Beneficiary, *, url_name: str) -> SensitiveView:
    """Record one production of a person's data-subject export."""
    return SensitiveView.objects.create(
        user=user,
        unit_id=user.unit_id,
        beneficiary=person,
        kind=SensitiveView.Kind.SUBJECT_EXPORT,
        url_name=url_name,
    )


# --- The data-subject export ------------------------------------------------------------------


def subject_data(person: Beneficiary) -> dict[str, Any]:
    """Everything held about ``person``: their cases (with categories, performer), the proving
    papers recorded, surveys and complaints, in the order a reader looks for them."""
    cases = list(
        person.cases.select_related("form", "field", "unit", "performer")
        .prefetch_related("categories")
        .order_by("request_date", "pk")
    )
    return {
        "person": person,
        "cases": cases,
        "papers": list(
            ProofPaper.objects.filter(case__beneficiary=person)
            .select_related("case", "document_type")
            .order_by("case__request_date", "case_id", "pk")
        ),
        "surveys": list(
            Survey.objects.filter(case__beneficiary=person).select_related("case").order_by("created_at")
        ),
        "complaints": list(
            Complaint.objects.filter(case__beneficiary=person).select_related("case").order_by("received_on")
        ),
    }


# --- Retention anonymisation ------------------------------------------------------------------

# A case is closed in one of these states; its closing date is the refusal, referral or
# stopping date, else the completion date.
CLOSED_STATES = (
    Case.Status.COMPLETED,
    Case.Status.APPRAISED,
    Case.Status.REFUSED,
    Case.Status.REFERRED,
    Case.Status.TERMINATED,
)
ANONYMISED_NAME = "Đã ẩn danh #{pk}"
ANONYMISED_TEXT = "Đã ẩn danh"
REASON = "Ẩn danh sau thời hạn lưu trữ {years} năm (đóng trước ngày {cutoff:%d/%m/%Y})"
# The case's free text that may name or locate the person; every statistical field stays.
CASE_TEXT_FIELDS = (
    "requester_name",
    "requester_phone",
    "requester_relation",
    "forwarding_document",
    "missing_papers",
    "refusal_text",
    "termination_reason",
    "suspension_reason",
    "summary",
)
PERSON_FIELDS = ("full_name", "citizen_id", "phone", "address", "date_of_birth", "anonymised_on")


def retention_years() -> int:
    """``CASE_RETENTION_YEARS`` (settings, from the environment; 10 by default)."""
    return int(getattr(settings, "CASE_RETENTION_YEARS", None) or 10)


def retention_cutoff(today: date | None = None, years: int | None = None) -> date:
    """Cases closed before this day are past the retention period."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _closing_date():
    return Coalesce("closed_on", "completed_on")


def people_to_anonymise(before: date) -> QuerySet[Beneficiary]:
    """People not yet anonymised who have cases and whose every case is closed before ``before``:
    nobody with an open case or one closed since."""
    kept = Case.objects.filter(beneficiary=OuterRef("pk")).filter(
        ~Q(status__in=CLOSED_STATES) | Q(closed_on__isnull=True, completed_on__isnull=True)
    )
    recent = (
        Case.objects.filter(beneficiary=OuterRef("pk"), status__in=CLOSED_STATES)
        .annotate(closing=_closing_date())
        .filter(closing__gte=before)
    )
    return (
        Beneficiary.objects.filter(anonymised_on__isnull=True)
        .filter(Exists(Case.objects.filter(beneficiary=OuterRef("pk"))))
        .exclude(Exists(kept))
        .exclude(Exists(recent))
    )


@dataclass
class AnonymisationResult:
    cutoff: date
    dry_run: bool
    people: int = 0
    cases: int = 0
    files: int = 0
    history_rows: int = 0
    person_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "dry_run": self.dry_run,
            "people": self.people,
            "cases": self.cases,
            "files": self.files,
            "history_rows": self.history_rows,
        }


def anonymise_closed_cases(
    *, before: date, by: User | None = None, dry_run: bool = False
) -> AnonymisationResult:
    """Replace the identifying data of every person whose cases all closed before ``before``
    (and of those cases, their history rows included), delete the scans and work results kept
    with them, and mark the person anonymised. Statistical fields (unit, dates, categories,
    field, form, status, outcome, sex, ethnicity, commune, the birth year) stay. Atomic; a
    second run finds nobody left."""
    result = AnonymisationResult(cutoff=before, dry_run=dry_run)
    with transaction.atomic():
        people = list(people_to_anonymise(before).select_for_update().order_by("pk"))
        case_ids = list(Case.objects.filter(beneficiary__in=people).values_list("pk", flat=True))
        papers = ProofPaper.objects.filter(case_id__in=case_ids).exclude(scan="")
        results = WorkEntry.objects.filter(case_id__in=case_ids).exclude(result="")
        result.people, result.cases = len(people), len(case_ids)
        result.person_ids = [person.pk for person in people]
        result.files = papers.count() + results.count()
        if dry_run or not people:
            return result
        reason = REASON.format(years=retention_years(), cutoff=before)
        _anonymise_people(people, by=by, reason=reason)
        _anonymise_cases(case_ids, by=by, reason=reason)
        result.files = _delete_files(list(papers), list(results), by=by, reason=reason)
        _scrub_related(case_ids)
        result.history_rows = _scrub_history([person.pk for person in people], case_ids)
    return result


def _anonymise_people(people: list[Beneficiary], *, by: User | None, reason: str) -> None:
    today = timezone.localdate()
    for person in people:
        person.full_name = ANONYMISED_NAME.format(pk=person.pk)
        person.citizen_id = person.phone = person.address = ""
        if person.date_of_birth is not None:
            person.date_of_birth = date(person.date_of_birth.year, 7, 1)
        person.anonymised_on = today
        person.refresh_name_keys()
    bulk_update_with_history(
        people, Beneficiary, [*PERSON_FIELDS, *Beneficiary.NAME_DERIVED_FIELDS], by=by, reason=reason
    )


def _anonymise_cases(case_ids: list[int], *, by: User | None, reason: str) -> None:
    cases = list(Case.objects.filter(pk__in=case_ids).order_by("pk"))
    for case in cases:
        for name in CASE_TEXT_FIELDS:
            setattr(case, name, "")
        case.description = ANONYMISED_TEXT
    bulk_update_with_history(cases, Case, [*CASE_TEXT_FIELDS, "description"], by=by, reason=reason)


def _delete_files(papers: list[ProofPaper], results: list[WorkEntry], *, by: User | None, reason: str) -> int:
    deleted = 0
    for paper in papers:
        paper.scan.delete(save=False)
        if not paper.number and paper.issued_on is None:
            paper.number = ANONYMISED_TEXT  # the paper was recorded; its only evidence is gone
        attribute_to(paper, by, reason=reason)
        paper.save(update_fields=["scan", "number", "updated_at"])
        deleted += 1
    for entry in results:
        entry.result.delete(save=False)
        attribute_to(entry, by, reason=reason)
        entry.save(update_fields=["result", "updated_at"])
        deleted += 1
    return deleted


# Free text kept beside a case that may name or locate the person, and its replacement: the
# rows and their history rows alike (the rows themselves, their dates and kinds, stay counted).
RELATED_TEXT: list[tuple[type[Model], dict[str, str]]] = [
    (WorkEntry, {"description": ANONYMISED_TEXT}),
    (Survey, {"comment": ""}),
    (Complaint, {"caller": ANONYMISED_TEXT, "phone": "", "content": ANONYMISED_TEXT, "resolution": ""}),
]


def _scrub_related(case_ids: list[int]) -> None:
    CaseEvent.objects.filter(case_id__in=case_ids).exclude(note="").update(note="")
    for model, values in RELATED_TEXT:
        model._default_manager.filter(case_id__in=case_ids).update(**values)
        model.history.model.objects.filter(case_id__in=case_ids).update(**values)  # type: ignore[attr-defined]


def _scrub_history(person_ids: list[int], case_ids: list[int]) -> int:
    """simple-history keeps every earlier value: the historical rows of the people and cases
    take the anonymised values, and those of their papers and work lose the file names."""
    people = Beneficiary.objects.filter(pk=OuterRef("id"))
    person_values = {
        name: Subquery(people.values(name)[:1])
        for name in ("full_name", "name_search_key", "name_sort_key", "date_of_birth")
    }
    rows = Beneficiary.history.model.objects.filter(id__in=person_ids).update(
        citizen_id="", phone="", address="", **person_values
    )
    rows += Case.history.model.objects.filter(id__in=case_ids).update(
        description=ANONYMISED_TEXT, **dict.fromkeys(CASE_TEXT_FIELDS, "")
    )
    rows += ProofPaper.history.model.objects.filter(case_id__in=case_ids).update(scan="")
    rows += WorkEntry.history.model.objects.filter(case_id__in=case_ids).update(result="")
    return rows
