"""The cases' rules checked over the whole register (``manage.py check_records``, see
``legalaid.checks``): each check runs a few queries, however many cases there are, and reuses
the function that states its rule where the records are written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from functools import cache

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from legalaid.checks import Finding, register
from legalaid.models import BeneficiaryCategory

from .eligibility import CHECKS, ROLES, category_contradictions, role_contradictions
from .models import Appraisal, Case, CaseEvent, Criterion, Event, Payment, QualityOutcome, ReplacementRequest
from .services import supported_outcome

S = Case.Status
CHUNK = 2000


def _finding(rule: str, case_id: int, register_number: str, request_date: date, message: str) -> Finding:
    name = register_number or _("Request of %(date)s") % {"date": request_date.strftime("%d/%m/%Y")}
    return Finding(
        rule=rule,
        record=_("Case %(case)s") % {"case": name},
        url=reverse("cases:detail", args=[case_id]),
        message=message,
    )


@register
def categories_fit_the_person() -> Iterator[Finding]:
    """A case's categories against its person's data on the request date
    (``cases.eligibility``), unless the clerk wrote why at intake (the receive event's note)."""
    categories = {c.pk: c for c in BeneficiaryCategory.objects.filter(code__in=CHECKS)}
    if not categories:
        return
    links = Case.categories.through.objects.filter(beneficiarycategory_id__in=categories)
    of_case: dict[int, list[BeneficiaryCategory]] = defaultdict(list)
    for case_id, category_id in links.values_list("case_id", "beneficiarycategory_id").iterator(CHUNK):
        of_case[case_id].append(categories[category_id])
    overridden = set(
        CaseEvent.objects.filter(code=Event.RECEIVE, case_id__in=links.values("case_id"))
        .exclude(note="")
        .values_list("case_id", flat=True)
    )
    cases = (
        Case.objects.filter(pk__in=links.values("case_id"))
        .exclude(pk__in=overridden)
        .select_related("beneficiary__ethnicity", "beneficiary__commune")
        .only(
            "register_number",
            "request_date",
            "beneficiary__date_of_birth",
            "beneficiary__anonymised_on",
            "beneficiary__ethnicity__code",
            "beneficiary__ethnicity__name",
            "beneficiary__commune__name",
            "beneficiary__commune__extremely_disadvantaged",
            "beneficiary__commune__extremely_disadvantaged_from",
            "beneficiary__commune__extremely_disadvantaged_until",
        )
        .order_by("pk")
    )
    for case in cases.iterator(CHUNK):
        for category in of_case[case.pk]:
            for message in category_contradictions(category, case.beneficiary, case.request_date):
                yield _finding("cases.category", case.pk, case.register_number, case.request_date, message)


@register
def roles_fit_the_categories() -> Iterator[Finding]:
    """A case in a category that names procedural roles records one of them
    (``cases.eligibility.ROLES``, refused at intake by ``case_receive``)."""
    categories = {c.pk: c for c in BeneficiaryCategory.objects.filter(code__in=ROLES)}
    if not categories:
        return
    links = Case.categories.through.objects.filter(beneficiarycategory_id__in=categories)
    of_case: dict[int, list[BeneficiaryCategory]] = defaultdict(list)
    for case_id, category_id in links.values_list("case_id", "beneficiarycategory_id").iterator(CHUNK):
        of_case[case_id].append(categories[category_id])
    cases = (
        Case.objects.filter(pk__in=links.values("case_id"))
        .values_list("pk", "register_number", "request_date", "procedural_role")
        .order_by("pk")
    )
    for case_id, number, request_date, role in cases.iterator(CHUNK):
        for message in role_contradictions(of_case[case_id], role):
            yield _finding("cases.role", case_id, number, request_date, message)


@register
def appraisals_follow_their_criteria() -> Iterator[Finding]:
    """An appraisal's conclusion is the one its criteria met support, or it says why
    (``cases.services.appraisal_record``)."""
    criteria = list(Criterion.objects.filter(kind=Criterion.Kind.APPRAISAL, active=True))
    # The fields each criterion belongs to (none: every field), for Criterion.applies_to.
    fields_of: dict[int, set[int]] = defaultdict(set)
    through = Criterion.fields.through.objects.filter(criterion__in=criteria)
    for criterion_id, field_id in through.values_list("criterion_id", "legalfield_id"):
        fields_of[criterion_id].add(field_id)
    outcomes = {o.pk: o for o in QualityOutcome.objects.filter(scale=QualityOutcome.Scale.APPRAISAL)}
    unexplained = Appraisal.objects.filter(outcome__isnull=False, override_reason="")
    met: dict[int, set[int]] = defaultdict(set)
    marked = Appraisal.criteria.through.objects.filter(appraisal__in=unexplained)
    for appraisal_id, criterion_id in marked.values_list("appraisal_id", "criterion_id").iterator(CHUNK):
        met[appraisal_id].add(criterion_id)

    @cache
    def applicable(form_id: int, field_id: int, day: date) -> tuple[Criterion, ...]:
        # The rules in force on the completion date judge the work (cases/models/checklists.py).
        return tuple(
            c
            for c in criteria
            if c.applies_to(form_id=form_id, field_id=field_id, field_ids=frozenset(fields_of[c.pk]), day=day)
        )

    @cache
    def supported(form_id: int, field_id: int, day: date, marked: frozenset[int]) -> QualityOutcome | None:
        return supported_outcome(applicable(form_id, field_id, day), set(marked), day)

    rows = unexplained.values_list(
        "pk",
        "outcome_id",
        "case_id",
        "case__form_id",
        "case__field_id",
        "case__register_number",
        "case__request_date",
        "case__completed_on",
    ).order_by("case_id")
    for row in rows.iterator(CHUNK):
        pk, outcome_id, case_id, form_id, field_id, number, request_date, completed_on = row
        outcome, ticked = outcomes[outcome_id], frozenset(met.get(pk, ()))
        day = completed_on or request_date
        unmet = outcome.unmet(list(applicable(form_id, field_id, day)), set(ticked))
        best = supported(form_id, field_id, day, ticked)
        if unmet:
            message = _(
                "The appraisal concludes “%(outcome)s” without these criteria marked as met, and gives "
                "no reason: %(criteria)s."
            ) % {"outcome": outcome.label, "criteria": "; ".join(c.code for c in unmet)}
        elif best is not None and best.meets_quality and not outcome.meets_quality:
            message = _(
                "The criteria met support the conclusion “%(supported)s”, the appraisal concludes "
                "“%(outcome)s” and gives no reason."
            ) % {"supported": best.label, "outcome": outcome.label}
        else:
            continue
        yield _finding("cases.appraisal", case_id, number, request_date, message)


@register
def payments_only_for_passed_appraisals() -> Iterator[Finding]:
    """A performer is paid only for a case whose appraisal meets the quality standard
    (``QualityOutcome.meets_quality``)."""
    payments = Payment.objects.exclude(case__appraisal__outcome__meets_quality=True).values_list(
        "case_id", "case__register_number", "case__request_date", "case__appraisal__outcome__label"
    )
    for case_id, number, request_date, outcome in payments.order_by("case_id").iterator(CHUNK):
        message = (
            _("A payment was recorded although the appraisal concluded “%(outcome)s”, below the standard.")
            % {"outcome": outcome}
            if outcome
            else _("A payment was recorded for a case without a concluded appraisal.")
        )
        yield _finding("cases.payment", case_id, number, request_date, message)


# The open states in which ``cases.services.refresh_deadline`` always sets a next deadline.
HAS_DEADLINE = (
    Q(status=S.RECEIVED)
    | Q(status=S.ACCEPTED, accepted_on__isnull=False)
    | Q(status=S.COMPLETED, completed_on__isnull=False)
    | Q(status=S.UNDER_APPRAISAL, appraisal__isnull=False)
    | Q(status__in=(S.ACCEPTED, S.ASSIGNED, S.SUSPENDED), papers_due__isnull=False)
    | Q(
        status__in=(S.ACCEPTED, S.ASSIGNED, S.SUSPENDED),
        replacement_requests__status=ReplacementRequest.Status.PENDING,
    )
)


@register
def open_cases_have_their_deadline() -> Iterator[Finding]:
    """An open case waiting for a step with a time limit shows that limit (``next_deadline``)."""
    labels = dict(S.choices)
    cases = (
        Case.objects.filter(HAS_DEADLINE, next_deadline__isnull=True)
        .values_list("pk", "register_number", "request_date", "status")
        .distinct()
        .order_by("pk")
    )
    for case_id, number, request_date, status in cases.iterator(CHUNK):
        message = _("The case is “%(status)s” but has no next deadline.") % {"status": labels[status]}
        yield _finding("cases.deadline", case_id, number, request_date, message)
