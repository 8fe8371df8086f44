"""The figures of the cases app, registered in the foundation's indicator registry.

Filters (all optional) narrow the cases: ``form`` and ``field`` (codes of the reference lists),
``category`` (beneficiary category code), ``sex`` (male/female), ``ethnicity`` (GSO code, "01"
is Kinh), ``minority`` (True: every group but Kinh), ``role`` (``Case.ProceduralRole`` value or
values). The unit is the indicator's scope.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period, register
from legalaid.models import StatisticsTable

from . import figures
from .figures import Measure
from .models import Appointment, Case, Complaint, Survey

S = Case.Status
CASE_FILTERS = ("form", "field", "category", "sex", "ethnicity", "minority", "role")


def _in_categories(codes) -> QuerySet:
    """Ids of the cases in any of these categories (a semi-join: no row per category)."""
    links = Case.categories.through.objects.filter(beneficiarycategory__code__in=list(codes))
    return links.values("case_id")


def _cases(scope, **filters) -> QuerySet[Case]:
    cases = Case.objects.all()
    if scope is not None:
        cases = cases.filter(unit__path__startswith=scope.path)
    # A code, or a list of codes meaning "any of them" (the statistics forms' rows and columns).
    for name, lookup in (("form", "form__code"), ("field", "field__code")):
        value = filters.get(name)
        if isinstance(value, list | tuple):
            cases = cases.filter(**{f"{lookup}__in": value})
        elif value:
            cases = cases.filter(**{lookup: value})
    category = filters.get("category")
    if category:
        cases = cases.filter(
            pk__in=_in_categories(category if isinstance(category, list | tuple) else [category])
        )
    for code in filters.get("categories_all") or ():  # people in every one of these categories
        cases = cases.filter(pk__in=_in_categories([code]))
    role = filters.get("role")
    if isinstance(role, list | tuple):
        cases = cases.filter(procedural_role__in=role)
    elif role:
        cases = cases.filter(procedural_role=role)
    if filters.get("sex"):
        cases = cases.filter(beneficiary__sex=filters["sex"])
    if filters.get("ethnicity"):
        cases = cases.filter(beneficiary__ethnicity__code=filters["ethnicity"])
    if filters.get("minority") is not None:
        minority = Q(beneficiary__ethnicity__isnull=False) & ~Q(beneficiary__ethnicity__code="01")
        cases = cases.filter(minority if filters["minority"] else ~minority)
    return cases


def _count(cases: QuerySet[Case]) -> int:
    """Every filter of ``_cases`` keeps one row per case (categories are a semi-join)."""
    return cases.count()


def _by_month(measure: str, live, period: Period, scope, filters: dict, raw: bool = False) -> int:
    """A count of cases by an event date: whole months from the pre-aggregated figures
    (cases/figures.py); a partial first or last month either counted from the cases, or, when
    the period covers most of that month (e.g. the year so far, up to today), as the month's
    figure less the few days outside the period (usually days still to come: nothing to read)."""

    def count_live(part: Period) -> int:
        found = live(_cases(scope, **filters), part)
        return found if raw else _count(found)

    if not figures.answers(filters):
        return count_live(period)

    months = figures.whole_months(period)
    total = figures.count(measure, months[0], months[1], scope, filters) if months else 0
    month = period.start.replace(day=1)
    while month <= period.end:
        following = figures.next_month(month)
        whole = Period(month, following - timedelta(days=1))
        part = Period(max(whole.start, period.start), min(whole.end, period.end))
        if part != whole:
            inside = (part.end - part.start).days + 1
            if inside * 2 <= (whole.end - whole.start).days + 1:
                total += count_live(part)
            else:
                total += figures.count(measure, month, month, scope, filters)
                if part.start > whole.start:
                    total -= count_live(Period(whole.start, part.start - timedelta(days=1)))
                if part.end < whole.end:
                    total -= count_live(Period(part.end + timedelta(days=1), whole.end))
        month = following
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


def refused(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.REFUSED, _refused, period, scope, filters)


def referred(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.REFERRED, _referred, period, scope, filters)


def completed(period: Period, scope=None, **filters) -> int:
    return _by_month(Measure.COMPLETED, _completed, period, scope, filters)


def _in_progress(cases, period):
    """Being performed on the period's last day: a performer appointed by then, neither completed
    nor closed (refused, referred, not continued) by then."""
    end = period.end
    appointed = Appointment.objects.filter(case=OuterRef("pk"), decided_on__lte=end)
    return cases.filter(Exists(appointed), accepted_on__lte=end).exclude(
        Q(completed_on__lte=end) | Q(closed_on__lte=end)
    )


def in_progress(period: Period, scope=None, **filters) -> int:
    return _count(_in_progress(_cases(scope, **filters), period))


Counts = StatisticsTable.Counts
# What a statistics table may ask ``people_assisted`` to count (``StatisticsTable.counts``).
PEOPLE_ASSISTED_COUNTS = {
    Counts.COMPLETED: completed,
    Counts.ACCEPTED: accepted,
    Counts.IN_PROGRESS: in_progress,
}


def people_assisted(period: Period, scope=None, counts: str = Counts.COMPLETED, **filters) -> int:
    """Biểu 24/BTP/TGPL: person-times assisted (lượt người), one per case. By default the cases
    completed in the period: aid actually given, each case once however the periods are cut
    (never a refused, referred, not-continued or never-appointed case); a statistics table may
    ask for another reading through its ``counts``."""
    return PEOPLE_ASSISTED_COUNTS[Counts(counts)](period, scope, **filters)


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
    ``person`` (staffing.Person id), else the average over the assistants who performed any.
    Within a batch (the dashboard's quota figure asks it for every assistant) the counts of all
    assistants are read in one query."""
    filters.pop("form", None)
    cache = indicators.memo("cases.per_assistant") if person else None
    key = (period, scope.path if scope is not None else "", repr(sorted(filters.items())))
    if cache is not None and key in cache:
        return cache[key].get(int(getattr(person, "pk", person)), 0)
    cases = _cases(scope, form="TGTT", **filters).filter(
        completed_on__range=(period.start, period.end), performer__kind="assistant"
    )
    per_person = cases.values("performer_id").annotate(n=Count("pk", distinct=True))
    if person:
        if cache is None:
            return _count(cases.filter(performer_id=person))
        cache[key] = {row["performer_id"]: row["n"] for row in per_person}
        return cache[key].get(int(getattr(person, "pk", person)), 0)
    counts = [row["n"] for row in per_person]
    return round(sum(counts) / len(counts), 1) if counts else 0.0


def overdue(period: Period, scope=None, **filters) -> int:
    """Open cases whose next deadline passed before the end of the period (or today): the
    deadlines of the months before the cutoff's from the summary (open cases by deadline month),
    those of the cutoff's own month up to the day before it from the cases (case_deadline_idx)."""
    cutoff = min(period.end, timezone.localdate())
    cases = _cases(scope, **filters).filter(status__in=Case.OPEN_STATES)
    if not figures.answers(filters):
        return _count(cases.filter(next_deadline__lt=cutoff))
    month = cutoff.replace(day=1)
    total = figures.count_before(Measure.OPEN_DUE, month, scope, filters)
    if cutoff > month:
        total += _count(cases.filter(next_deadline__gte=month, next_deadline__lt=cutoff))
    return total


def _surveys_live(cases, period: Period) -> tuple[int, int]:
    """(number of surveys, sum of overall satisfaction) answered in the period's local days."""
    from datetime import datetime, time

    zone = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=zone)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone)
    totals = Survey.objects.filter(
        case__in=cases.values("pk"), created_at__gte=start, created_at__lt=end
    ).aggregate(n=Count("pk"), total=Sum("satisfaction"))
    return totals["n"] or 0, totals["total"] or 0


def average_satisfaction(period: Period, scope=None, **filters) -> float:
    """Average overall satisfaction of the surveys answered in the period about cases in scope:
    whole months from the summary (a count and a sum), partial months from the surveys."""
    if not figures.answers(filters):
        count, total = _surveys_live(_cases(scope, **filters), period)
    else:
        count = _by_month(
            Measure.SURVEYS, lambda c, p: _surveys_live(c, p)[0], period, scope, filters, raw=True
        )
        total = _by_month(
            Measure.SATISFACTION, lambda c, p: _surveys_live(c, p)[1], period, scope, filters, raw=True
        )
    return round(total / count, 2) if count else 0.0


def complaints(period: Period, scope=None, topic=None) -> int:
    rows = Complaint.objects.filter(received_on__range=(period.start, period.end))
    if scope is not None:
        rows = rows.filter(unit__path__startswith=scope.path)
    if topic:
        rows = rows.filter(topic=topic)
    return rows.count()


def _list_link(event: str, **params):
    """A link to the case list showing the cases behind a figure: the same dates of the same
    event, scope and form/field/category. Figures cut in ways the list cannot show (sex,
    ethnicity, several codes at once) get no link."""
    from urllib.parse import urlencode

    from django.urls import reverse

    def link(period: Period, scope, filters: dict) -> str | None:
        given = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
        if set(given) - {"form", "field", "category"} or any(not isinstance(v, str) for v in given.values()):
            return None
        query = {
            **given,
            **params,
            "event": event,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
        }
        if scope is not None:
            query["unit"] = scope.pk
        return f"{reverse('cases:index')}?{urlencode(query)}"

    return link


def _people_link(period: Period, scope, filters: dict) -> str | None:
    """The cases behind a Biểu 24 figure: completed or accepted in the period, as it counts."""
    counts = filters.get("counts") or Counts.COMPLETED
    if counts == Counts.IN_PROGRESS:
        return None  # the list shows no state as of a past day
    rest = {k: v for k, v in filters.items() if k != "counts"}
    return _list_link("completed" if counts == Counts.COMPLETED else "accepted")(period, scope, rest)


def _overdue_link(period: Period, scope, filters: dict) -> str | None:
    """The list's "overdue" is as of today: only a period that reaches today links."""
    from urllib.parse import urlencode

    from django.urls import reverse

    if filters or period.end < timezone.localdate():
        return None
    query = {"overdue": 1, **({"unit": scope.pk} if scope is not None else {})}
    return f"{reverse('cases:index')}?{urlencode(query)}"


def register_all() -> None:
    count, percent = MeasureUnit.COUNT, MeasureUnit.PERCENT
    register(
        "cases.requests_received",
        label=_("Requests received"),
        unit=count,
        filters=CASE_FILTERS,
        link=_list_link("received"),
    )(requests_received)
    register(
        "cases.accepted",
        label=_("Cases accepted"),
        unit=count,
        filters=CASE_FILTERS,
        link=_list_link("accepted"),
        description=_("Cases by form, field, category, sex and ethnicity through the filters."),
    )(accepted)
    register(
        "cases.people_assisted",
        label=_("Person-times assisted"),
        unit=MeasureUnit.PEOPLE,
        filters=(*CASE_FILTERS, "categories_all", "counts"),
        link=_people_link,
        description=_(
            "Biểu 24/BTP/TGPL: one per case completed in the period (or as the form's “cases counted” says)."
        ),
    )(people_assisted)
    register(
        "cases.refused",
        label=_("Requests refused"),
        unit=count,
        filters=CASE_FILTERS,
        link=_list_link("closed", status=S.REFUSED),
    )(refused)
    register(
        "cases.referred",
        label=_("Requests referred elsewhere"),
        unit=count,
        filters=CASE_FILTERS,
        link=_list_link("closed", status=S.REFERRED),
    )(referred)
    register(
        "cases.completed",
        label=_("Cases completed"),
        unit=count,
        filters=CASE_FILTERS,
        link=_list_link("completed"),
    )(completed)
    register(
        "cases.appraised_share",
        label=_("Completed cases appraised"),
        unit=percent,
        link=_list_link("completed"),
        filters=CASE_FILTERS,
    )(appraised_share)
    register(
        "cases.successful_proceedings",
        label=_("Successful proceedings cases"),
        unit=count,
        link=_list_link("completed", successful=1, form="TGTT"),
        filters=CASE_FILTERS,
    )(successful_proceedings)
    register(
        "cases.proceedings_per_assistant",
        label=_("Proceedings cases per legal-aid assistant"),
        unit=count,
        filters=(*CASE_FILTERS, "person"),
    )(proceedings_per_assistant)
    register(
        "cases.overdue",
        label=_("Open cases past their deadline"),
        unit=count,
        filters=CASE_FILTERS,
        link=_overdue_link,
    )(overdue)
    register(
        "cases.average_satisfaction", label=_("Average satisfaction (1-5)"), unit=count, filters=CASE_FILTERS
    )(average_satisfaction)
    register("cases.complaints", label=_("Complaints received"), unit=count, filters=("topic",))(complaints)
