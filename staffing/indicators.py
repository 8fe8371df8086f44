"""Register indicators: who is on the register at the end of a period, and how they do.

Figures are counted at the period's end from the register as it stands (people created by then,
active now). Proceedings cases are read from the cases app through the indicator registry."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from staffing.models import Attendance, Person

CASES_PER_ASSISTANT = "cases.proceedings_per_assistant"


def _people(period: Period, scope, *, kind: str | None = None):
    # Recorded by the end of the period's last local day: compared on the stored instant, not
    # on its local date, so that PostgreSQL does not convert every row's time zone.
    day_after = datetime.combine(
        period.end + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    people = Person.objects.active().filter(created_at__lt=day_after)
    if kind:
        people = people.filter(kind=kind)
    if scope is not None:
        people = people.filter(unit__path__startswith=scope.path)
    return people


def _trained_ids(period: Period):
    """Ids of the people who completed a training that started in the period (a semi-join: no
    row per attendance, so no DISTINCT)."""
    attendances = Attendance.objects.filter(
        completed=True, training__start_date__range=(period.start, period.end)
    )
    return attendances.values("person_id")


def _counts(period: Period, scope) -> dict[str, int]:
    """The register's plain counts for one period and scope, in one query grouped by kind:
    active people of each kind, lawyers and advisers under contract, people trained. A dashboard
    reads five figures for two periods; within a batch they share one query per period."""
    memo = indicators.memo("staffing")
    key = ("counts", period, scope.path if scope is not None else None)
    if memo is not None and key in memo:
        return memo[key]
    in_force = (Q(contract_start__isnull=True) | Q(contract_start__lte=period.end)) & (
        Q(contract_end__isnull=True) | Q(contract_end__gte=period.start)
    )
    rows = (
        _people(period, scope)
        .order_by()
        .values("kind")
        .annotate(
            n=Count("pk"),
            in_force=Count("pk", filter=in_force),
            trained=Count("pk", filter=Q(pk__in=_trained_ids(period))),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    counts = {kind: by_kind[kind]["n"] if kind in by_kind else 0 for kind in Person.Kind.values}
    counts["performers"] = sum(counts[kind] for kind in Person.PERFORMER_KINDS)
    counts["contracted"] = sum(by_kind[kind]["in_force"] for kind in Person.CONTRACT_KINDS if kind in by_kind)
    counts["trained"] = sum(by_kind[kind]["trained"] for kind in Person.PERFORMER_KINDS if kind in by_kind)
    if memo is not None:
        memo[key] = counts
    return counts


def active_collaborators(
    period: Period, scope=None, sex=None, ethnicity=None, minority=None, language=None
) -> int:
    """Filters: sex (male/female), ethnicity (GSO code, e.g. 07 Nùng), minority ("yes": not
    Kinh), language (GSO code of a minority language the person speaks)."""
    if not (sex or ethnicity or minority or language):
        return _counts(period, scope)[Person.Kind.COLLABORATOR]
    people = _people(period, scope, kind=Person.Kind.COLLABORATOR)
    if sex:
        people = people.filter(sex=sex)
    if ethnicity:
        people = people.filter(ethnicity__code=ethnicity)
    if minority:
        people = people.filter(ethnicity__isnull=False).exclude(ethnicity__code="01")
    if language:
        speakers = Person.minority_languages.through.objects.filter(ethnicity__code=language)
        people = people.filter(pk__in=speakers.values("person_id"))
    return people.count()


def assistants(period: Period, scope=None) -> int:
    return _counts(period, scope)[Person.Kind.ASSISTANT]


def contracted_lawyers(period: Period, scope=None) -> int:
    """Lawyers and legal advisers whose contract was in force on some day of the period."""
    return _counts(period, scope)["contracted"]


def active_performers(period: Period, scope=None, kind=None) -> int:
    counts = _counts(period, scope)
    if kind:
        return counts[kind] if kind in Person.PERFORMER_KINDS else 0
    return counts["performers"]


def trained_share(period: Period, scope=None) -> float:
    """Share of active performers who completed at least one training that started in the period."""
    counts = _counts(period, scope)
    if not counts["performers"]:
        return 0.0
    return round(100 * counts["trained"] / counts["performers"], 1)


def assistants_meeting_quota(period: Period, scope=None) -> float:
    """Share of the active assistants with a quota for the period's year whose completed
    proceedings cases (read from the cases app's indicator) reach it; 0 until the cases app
    registers it. The same rule as ``services.assistant_quota_progress``, on ids and numbers
    only: one query for the quotas and one (in the cases app) for every assistant's cases."""
    from staffing.services import assistant_quotas

    try:
        per_assistant = indicators.get(CASES_PER_ASSISTANT)
    except LookupError:
        return 0.0
    quotas = assistant_quotas(year=period.end.year, scope=scope)
    quotas = {pk: quota for pk, quota in quotas.items() if quota}
    if not quotas:
        return 0.0
    with indicators.batch():  # the cases app counts every assistant's cases in one query
        met = sum(
            1 for pk, quota in quotas.items() if int(per_assistant.compute(period, None, person=pk)) >= quota
        )
    return round(100 * met / len(quotas), 1)


def _list_link(kind: str | None = None):
    def link(period, scope, filters) -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        query = {"status": "active"}
        if kind:
            query["kind"] = kind
        if scope is not None:
            query["unit"] = scope.pk
        return f"{reverse('staffing:person_list')}?{urlencode(query)}"

    return link


def _trainings_link(period, scope, filters) -> str:
    from django.urls import reverse

    return f"{reverse('staffing:trainings')}?nam={period.end.year}"


def register_all() -> None:
    people = MeasureUnit.PEOPLE
    indicators.register(
        "staffing.active_collaborators",
        label=_("Active collaborators"),
        unit=people,
        description=_("Filters: sex, ethnicity, minority, language."),
        filters=("sex", "ethnicity", "minority", "language"),
        link=_list_link(Person.Kind.COLLABORATOR),
    )(active_collaborators)
    indicators.register(
        "staffing.assistants",
        label=_("Legal-aid assistants"),
        unit=people,
        link=_list_link(Person.Kind.ASSISTANT),
    )(assistants)
    indicators.register(
        "staffing.contracted_lawyers",
        label=_("Lawyers and legal advisers under contract"),
        unit=people,
        link=_list_link(Person.Kind.LAWYER),
    )(contracted_lawyers)
    indicators.register(
        "staffing.active_performers",
        label=_("Active performers of legal aid"),
        unit=people,
        filters=("kind",),
        link=_list_link(),
    )(active_performers)
    indicators.register(
        "staffing.trained_share",
        label=_("Performers trained in the period"),
        unit=MeasureUnit.PERCENT,
        link=_trainings_link,
    )(trained_share)
    indicators.register(
        "staffing.assistants_meeting_quota",
        label=_("Assistants who reached their proceedings quota"),
        unit=MeasureUnit.PERCENT,
    )(assistants_meeting_quota)
