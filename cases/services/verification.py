"""Xác minh: the papers proving the beneficiary's categories, and asking for the missing ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import BeneficiaryCategory, CategoryProof, User
from legalaid.refusal import Refusal

from ..access import PAPER_STATES, may_add_papers
from ..models import Case, CaseEvent, Event, ProofPaper
from ..notifications import case_notify_papers
from ..workflow import Action
from .common import _finish, _lock, _start, refresh_deadline, validate_upload


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
        CategoryProof.objects.valid_on(case.request_date)
        .filter(category__in=case.categories.all())
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
    reused_from: ProofPaper | None = None,
) -> ProofPaper:
    """Tick a paper of the checklist with its number/date or an uploaded scan. ``reused_from``:
    the same paper verified on an earlier case of the person (its scan is kept, the timeline
    says where it came from)."""
    kept_scan = reused_from.scan.name if reused_from is not None and not scan else ""
    if not (number.strip() or issued_on or scan or kept_scan):
        raise Refusal(_("Give the paper's number or date, or upload a scan."), field="number")
    if scan is not None:
        validate_upload(scan, field="scan")
    with transaction.atomic():
        locked = _lock(case, None)
        if locked.status not in PAPER_STATES:
            raise Refusal(_("Papers can no longer be added to this case."))
        if not may_add_papers(by, locked):
            raise Refusal(_("Your role does not allow this action on this case."))
        if not (
            CategoryProof.objects.valid_on(locked.request_date)
            .filter(category__in=locked.categories.all(), document_type=document_type)
            .exists()
        ):
            raise Refusal(
                _("This paper does not prove any category chosen for the case."), field="document_type"
            )
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
        elif kept_scan:
            paper.scan.name = kept_scan
        attribute_to(paper, by)
        paper.save()
        if locked.papers_due and not missing_papers_text(papers_checklist(locked)):
            locked.papers_due, locked.missing_papers = None, ""
            refresh_deadline(locked)
            locked.version += 1
            attribute_to(locked, by)
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
        note = str(document_type)
        if reused_from is not None:
            note += " (" + _("reused from the case %(case)s") % {"case": reused_from.case} + ")"
        CaseEvent.objects.create(case=locked, code=Event.PAPER, actor=by, note=note)
    return paper


def case_request_papers(*, case: Case, by: User, note: str = "", expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = _start(case, Action.REQUEST_PAPERS, by, expected_version)
        missing = missing_papers_text(papers_checklist(case))
        case.missing_papers = "\n".join(filter(None, [missing, note.strip()]))
        if not case.missing_papers:
            raise Refusal(_("Every paper is there: nothing to ask for. Accept the case instead."))
        case_notify_papers(case=case)
        return _finish(
            case, action=Action.REQUEST_PAPERS, by=by, note=case.missing_papers, fields=["missing_papers"]
        )
