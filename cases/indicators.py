"""The figures of the cases app, registered in the foundation's indicator registry.

Filters (all optional) narrow the cases: ``form`` and ``field`` (codes of the reference lists),
``category`` (beneficiary category code), ``sex`` (male/female), ``ethnicity`` (GSO code, "01"
is Kinh), ``minority`` (True: every group but Kinh). The unit is the indicator's scope.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.indicators import MeasureUnit, Period, register, register_batch

from . import figures
from .figures import Measure
from .models import Case, Complaint, Survey

S = Case.Status
CASE_FILTERS = ("form", "field", "category", "sex", "ethnicity", "minority")


def _cases(scope, **filters) -> QuerySet[Case]:
    cases = Case.objects.all()
    if scope is not None:
        cases = cases.filter(unit__path__startswith=scope.path)
    # A code, or a list of codes meaning "any of them" (the statistics forms' rows and columns).
    for name, lookup in (("form", "form__code"), ("field", "field__code"), ("category", "categories__code")):
        value = filters.get(name)
        if isinstance(value, list | tuple):
            cases = cases.filter(**{f"{lookup}__in": value})
        elif value:
            cases = cases.filter(**{lookup: value})
    for code in filters.get("categories_all") or ():  # people in every one of these categories
        cases = cases.filter(categories__code=code)
    if filters.get("sex"):
        cases = cases.filter(beneficiary__sex=filters["sex"])
    if filters.get("ethnicity"):
        cases = cases.filter(beneficiary__ethnicity__code=filters["ethnicity"])
    if filters.get("minority") is not None:
        minority = Q(beneficiary__ethnicity__isnull=False) & ~Q(beneficiary__ethnicity__code="01")
        cases = cases.filter(minority if filters["minority"] else ~minority)
    return cases


def _count(cases: QuerySet[Case]) -> int:
    return cases.values("pk").distinct().count()


def _by_month(measure: str, live, period: Period, scope, filters: dict) -> int:
    """A count of cases by an event date: whole months from the pre-aggregated figures
    (cases/figures.py), the days of a partial first or last month from the cases themselves."""
    months = figures.whole_months(period) if figures.answers(filters) else None
    if months is None:
        return _count(live(_cases(scope, **filters), period))
    first, last = months
    total = figures.count(measure, first, last, scope, filters)
    if period.start < first:
        total += _count(live(_cases(scope, **filters), Period(period.start, first - timedelta(days=1))))
    after = figures.next_month(last)
    if period.end >= after:
        total += _count(live(_cases(scope, **filters), Period(after, period.end)))
    return total


def _received(cases, period):
    return cases.filter(request_date__range=(period.start, period.end))


def _accepted(cases, period):
    return cases.filter(accepted_on__range=(period.start, period.end))


def _refused(cases, period):
    return cases.filter(status=S.REFUSED, closed_on__range=(period.start, period.end))


def _referred(cases, period):
    return cases.filter(status=S.REFERRED, closed_on__range=(period.start, period.end))


def _completed(cases, period):
    return cases.filter(completed_on__range=(period.start, period.end))


def _appraised(cases, period):
    return _completed(cases, period).filter(status=S.APPRAISED)


def _successful(cases, period):
    return _completed(cases, period).filter(successful=True)


def requests_received(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.RECEIVED, _received, period, scope, filters)


def accepted(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.ACCEPTED, _accepted, period, scope, filters)


def people_assisted(period: Period, scope=None, **filters) -> int:
    """Biểu 24/BTP/TGPL: person-times assisted (lượt người), one per case accepted in the period."""
    return accepted(period, scope, **filters)


def refused(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.REFUSED, _refused, period, scope, filters)


def referred(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.REFERRED, _referred, period, scope, filters)


def completed(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.COMPLETED, _completed, period, scope, filters)


def appraised_share(period: Period, scope=None, **filters) -> float:
    total = completed(period, scope, **filters)
    if not total:
        return 0.0
    return round(100 * _by_month(Measure.APPRAISED, _appraised, period, scope, filters) / total, 1)


def successful_proceedings(period: Period, scope=None, **filters) -> int:
    filters = {**filters, "form": "TGTT"}
    return _by_month(Measure.SUCCESSFUL, _successful, period, scope, filters)


def proceedings_per_assistant(period: Period, scope=None, person=None, **filters) -> float:
    """Completed proceedings cases performed by legal-aid assistants; for one assistant with
    ``person`` (staffing.Person id), else the average over the assistants who performed any."""
    filters.pop("form", None)
    cases = _cases(scope, form="TGTT", **filters).filter(
        completed_on__range=(period.start, period.end), performer__kind="assistant"
    )
    if person:
        return _count(cases.filter(performer_id=person))
    per_person = cases.values("performer_id").annotate(n=Count("pk", distinct=True))
    counts = [row["n"] for row in per_person]
    return round(sum(counts) / len(counts), 1) if counts else 0.0


def overdue(period: Period, scope=None, **filters) -> int:
    """Open cases whose next deadline passed before the end of the period (or today)."""
    cutoff = min(period.end, timezone.localdate())
    return _count(_cases(scope, **filters).filter(status__in=Case.OPEN_STATES, next_deadline__lt=cutoff))


def average_satisfaction(period: Period, scope=None, **filters) -> float:
    case_ids = _cases(scope, **filters).values("pk")
    surveys = Survey.objects.filter(case__in=case_ids, created_at__date__range=(period.start, period.end))
    value = surveys.aggregate(avg=Avg("satisfaction"))["avg"]
    return round(float(value), 2) if value is not None else 0.0


def complaints(period: Period, scope=None, topic=None) -> int:
    rows = Complaint.objects.filter(received_on__range=(period.start, period.end))
    if scope is not None:
        rows = rows.filter(unit__path__startswith=scope.path)
    if topic:
        rows = rows.filter(topic=topic)
    return rows.count()


def _list_link(**params):
    """A link to the case list filtered like the figure, where the list can filter that way: it
    filters by the year of the request, so only whole calendar years link."""
    from urllib.parse import urlencode

    from django.urls import reverse

    def link(period: Period, scope, filters: dict) -> str | None:
        if filters or period != Period.year(period.start.year):
            return None
        query = {**params, "year": period.start.year}
        if scope is not None:
            query["unit"] = scope.pk
        return f"{reverse('cases:index')}?{urlencode(query)}"

    return link


def register_all() -> None:
    register_batch(figures.batch)
    count, percent = MeasureUnit.COUNT, MeasureUnit.PERCENT
    register("cases.requests_received", label=_("Requests received"), unit=count, filters=CASE_FILTERS,
             link=_list_link())(requests_received)  # fmt: skip
    register("cases.accepted", label=_("Cases accepted"), unit=count, filters=CASE_FILTERS,
             description=_("Cases by form, field, category, sex and ethnicity through the filters."))(accepted)  # fmt: skip
    register("cases.people_assisted", label=_("Person-times assisted"), unit=MeasureUnit.PEOPLE,
             filters=(*CASE_FILTERS, "categories_all"),
             description=_("Biểu 24/BTP/TGPL: one per case accepted in the period."))(people_assisted)  # fmt: skip
    register("cases.refused", label=_("Requests refused"), unit=count, filters=CASE_FILTERS,
             link=_list_link(status=S.REFUSED))(refused)  # fmt: skip
    register("cases.referred", label=_("Requests referred elsewhere"), unit=count, filters=CASE_FILTERS,
             link=_list_link(status=S.REFERRED))(referred)  # fmt: skip
    register("cases.completed", label=_("Cases completed"), unit=count, filters=CASE_FILTERS)(completed)
    register("cases.appraised_share", label=_("Completed cases appraised"), unit=percent,
             filters=CASE_FILTERS)(appraised_share)  # fmt: skip
    register("cases.successful_proceedings", label=_("Successful proceedings cases"), unit=count,
             filters=CASE_FILTERS)(successful_proceedings)  # fmt: skip
    register("cases.proceedings_per_assistant", label=_("Proceedings cases per legal-aid assistant"), unit=count,
             filters=(*CASE_FILTERS, "person"))(proceedings_per_assistant)  # fmt: skip
    register("cases.overdue", label=_("Open cases past their deadline"), unit=count, filters=CASE_FILTERS)(
        overdue
    )
    register("cases.average_satisfaction", label=_("Average satisfaction (1-5)"), unit=count,
             filters=CASE_FILTERS)(average_satisfaction)  # fmt: skip
    register("cases.complaints", label=_("Complaints received"), unit=count, filters=("topic",))(complaints)
