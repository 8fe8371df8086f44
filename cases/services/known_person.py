"""Intake of a person already registered: their open cases (a warning, so a second request is
not opened by mistake) and the proving papers verified on an earlier case of theirs that can be
reused on the new one rather than asked for again."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from legalaid.models import BeneficiaryCategory, CategoryProof, User

from ..access import sensitive_shown, visible_cases
from ..models import Beneficiary, Case, ProofPaper
from .verification import proof_paper_add

# A paper counts as verified once its case was accepted: the intake officer checked it then.
VERIFIED = Q(case__accepted_on__isnull=False)


@dataclass
class KnownPerson:
    """What intake should know of a person already registered."""

    open_cases: list[Case] = field(default_factory=list)  # the ones the user may open
    open_elsewhere: int = 0  # open cases the user may not see: counted, never named
    papers: list[ProofPaper] = field(default_factory=list)  # reusable on the request date


def reusable_papers(
    by: User, person: Beneficiary, request_date: date, *, categories: Collection[BeneficiaryCategory] = ()
) -> list[ProofPaper]:
    """The papers verified for ``person`` on an earlier case ``by`` may see, still valid on
    ``request_date``: issued by then, of a type that proves a category under the rules in force
    on that date (of ``categories`` when given). The newest paper of each type; papers of a
    sensitive case whose protected data ``by`` may not see are left out (they tell its category)."""
    proofs = CategoryProof.objects.valid_on(request_date)
    if categories:
        proofs = proofs.filter(category__in=categories)
    papers = (
        ProofPaper.objects.filter(VERIFIED, case__in=visible_cases(by).filter(beneficiary=person))
        .filter(case__in=Case.objects.filter(sensitive_shown(by)).values("pk"))
        .filter(document_type__in=proofs.values("document_type"))
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=request_date))
        .select_related("document_type", "case")
        .order_by("document_type__name", "-issued_on", "-case__request_date", "-pk")
    )
    newest: dict[int, ProofPaper] = {}
    for paper in papers:
        newest.setdefault(paper.document_type_id, paper)
    return list(newest.values())


def known_person(by: User, person: Beneficiary, request_date: date) -> KnownPerson:
    """The open cases of ``person`` (the visible ones to link, the others counted) and the papers
    that can be reused on a request of ``request_date``."""
    open_cases = Case.objects.filter(beneficiary=person, status__in=Case.OPEN_STATES)
    shown = list(
        open_cases.filter(pk__in=visible_cases(by).values("pk"))
        .select_related("unit")
        .order_by("-request_date", "-pk")
    )
    return KnownPerson(
        open_cases=shown,
        open_elsewhere=open_cases.count() - len(shown),
        papers=reusable_papers(by, person, request_date),
    )


def proof_papers_reuse(*, case: Case, by: User, paper_ids: Collection[int]) -> list[ProofPaper]:
    """Record on ``case`` the chosen papers verified on an earlier case of the same person,
    through ``proof_paper_add`` (the same checks), each with a note of where it came from. Only
    papers ``reusable_papers`` offers for the case's categories and request date are taken; the
    others are ignored (the checklist still asks for them)."""
    if not paper_ids:
        return []
    offered = reusable_papers(by, case.beneficiary, case.request_date, categories=list(case.categories.all()))
    recorded = []
    for source in offered:
        if source.pk not in paper_ids or source.case_id == case.pk:
            continue
        recorded.append(
            proof_paper_add(
                case=case,
                by=by,
                document_type=source.document_type,
                number=source.number,
                issued_on=source.issued_on,
                issuer=source.issuer,
                reused_from=source,
            )
        )
    return recorded
