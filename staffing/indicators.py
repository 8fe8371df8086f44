"""Register indicators: who is on the register at the end of a period, and how they do.

Figures are counted at the period's end from the register as it stands (people created by then,
active now). Proceedings cases are read from the cases app through the indicator registry."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from staffing.models import Person

CASES_PER_ASSISTANT = "cases.proceedings_per_assistant"


def _people(period: Period, scope, *, kind: str | None = None):
    people = Person.objects.active().filter(created_at__date__lte=period.end)
    if kind:
        people = people.filter(kind=kind)
    if scope is not None:
        people = people.filter(unit__path__startswith=scope.path)
    return people


def active_collaborators(
    period: Period, scope=None, sex=None, ethnicity=None, minority=None, language=None
) -> int:
    """Filters: sex (male/female), ethnicity (GSO code, e.g. 07 Nùng), minority ("yes": not
    Kinh), language (GSO code of a minority language the person speaks)."""
    people = _people(period, scope, kind=Person.Kind.COLLABORATOR)
    if sex:
        people = people.filter(sex=sex)
    if ethnicity:
        people = people.filter(ethnicity__code=ethnicity)
    if minority:
        people = people.filter(ethnicity__isnull=False).exclude(ethnicity__code="01")
    if language:
        people = people.filter(minority_languages__code=language)
    return people.distinct().count()


def assistants(period: Period, scope=None) -> int:
    return _people(period, scope, kind=Person.Kind.ASSISTANT).count()


def contracted_lawyers(period: Period, scope=None) -> int:
    """Lawyers and legal advisers whose contract was in force on some day of the period."""
    people = Person.objects.active().filter(kind__in=Person.CONTRACT_KINDS, created_at__date__lte=period.end)
    people = people.filter(Q(contract_start__isnull=True) | Q(contract_start__lte=period.end)).filter(
        Q(contract_end__isnull=True) | Q(contract_end__gte=period.start)
    )
    if scope is not None:
        people = people.filter(unit__path__startswith=scope.path)
    return people.count()


def active_performers(period: Period, scope=None, kind=None) -> int:
    people = _people(period, scope).filter(kind__in=Person.PERFORMER_KINDS)
    if kind:
        people = people.filter(kind=kind)
    return people.count()


def trained_share(period: Period, scope=None) -> float:
    """Share of active performers who completed at least one training that started in the period."""
    people = _people(period, scope).filter(kind__in=Person.PERFORMER_KINDS)
    total = people.count()
    if not total:
        return 0.0
    trained = people.filter(
        attendances__completed=True, attendances__training__start_date__range=(period.start, period.end)
    ).distinct()
    return round(100 * trained.count() / total, 1)


def assistants_meeting_quota(period: Period, scope=None) -> float:
    """Share of assistants whose completed proceedings cases (read from the cases app's
    indicator) reach their quota for the period's year; 0 until the cases app registers it."""
    from staffing.services import assistant_quota_progress

    rows = assistant_quota_progress(year=period.end.year, scope=scope, period=period)
    rows = [r for r in rows if r["quota"]]
    if not rows:
        return 0.0
    return round(100 * sum(1 for r in rows if r["done"] >= r["quota"]) / len(rows), 1)


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
