"""The indicator registry: the one source of every figure plans, the dashboard and reports show.

Each app registers its indicators in its ``AppConfig.ready()``; ``legalaid`` never imports an
app. An indicator is a function of (period, scope unit, filters) returning a number.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from legalaid.models import Unit

Number = int | float | Decimal


class MeasureUnit:
    COUNT = "count"
    PEOPLE = "people"
    PERCENT = "percent"
    HOURS = "hours"
    LABELS = {COUNT: _("items"), PEOPLE: _("people"), PERCENT: "%", HOURS: _("hours")}


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        return cls(date(year, first_month, 1), _month_end(year, first_month + 2))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month))

    @classmethod
    def statistical_year(cls, year: int, start_month: int, start_day: int) -> Period:
        """The reporting year that ends in ``year`` and starts on (start_day, start_month) of
        the year before, e.g. 01/11/2024-31/10/2025; a 1 January start is the calendar year."""
        if (start_month, start_day) == (1, 1):
            return cls.year(year)
        start = date(year - 1, start_month, start_day)
        return cls(start, date(year, start_month, start_day) - timedelta(days=1))

    def same_period_last_year(self) -> Period:
        return Period(_minus_year(self.start), _minus_year(self.end))

    def by_months(self) -> tuple[tuple[date, date] | None, list[Period]]:
        """The period as the whole months inside it (the first days of the first and last, or
        None) and the periods of days around them: what a monthly summary answers, and what is
        left to count from the records."""
        first = (
            self.start
            if self.start.day == 1
            else _month_end(self.start.year, self.start.month) + timedelta(1)
        )
        last_end = (
            self.end
            if self.end == _month_end(self.end.year, self.end.month)
            else (self.end.replace(day=1) - timedelta(days=1))
        )
        if first > last_end:
            return None, [self]
        parts = []
        if self.start < first:
            parts.append(Period(self.start, first - timedelta(days=1)))
        if last_end < self.end:
            parts.append(Period(last_end + timedelta(days=1), self.end))
        return (first, last_end.replace(day=1)), parts


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _minus_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


IndicatorFunction = Callable[..., Number]
# (period, scope, filters) -> URL of the list of records behind the figure, filtered the same way.
LinkFunction = Callable[["Period", "Unit | None", dict[str, Any]], str | None]
# (key, period, scope, filters) -> the target a plan sets for this figure, or None.
TargetProvider = Callable[[str, "Period", "Unit | None", dict[str, Any]], Number | None]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: StrOrPromise
    unit: str
    function: IndicatorFunction
    description: StrOrPromise = ""
    filters: tuple[str, ...] = field(default_factory=tuple)
    link: LinkFunction | None = None

    def compute(self, period: Period, scope: Unit | None = None, **filters: Any) -> Number:
        unknown = set(filters) - set(self.filters)
        if unknown:
            raise ValueError(f"indicator {self.key} does not take filters {sorted(unknown)}")
        return self.function(period, scope, **filters)

    def records_url(self, period: Period, scope: Unit | None = None, **filters: Any) -> str | None:
        return self.link(period, scope, filters) if self.link is not None else None


_registry: dict[str, Indicator] = {}
_target_providers: list[TargetProvider] = []


def register(
    key: str,
    *,
    label: StrOrPromise,
    unit: str,
    description: StrOrPromise = "",
    filters: tuple[str, ...] = (),
    link: LinkFunction | None = None,
) -> Callable[[IndicatorFunction], IndicatorFunction]:
    """Decorator: ``@register("outreach.sessions", label=..., unit=MeasureUnit.COUNT)``.

    ``link`` gives the URL of the records behind a figure (the dashboard links every figure)."""

    def decorator(function: IndicatorFunction) -> IndicatorFunction:
        existing = _registry.get(key)
        if existing is not None and existing.function is not function:
            raise ValueError(f"indicator {key!r} is already registered")
        _registry[key] = Indicator(key, label, unit, function, description, tuple(filters), link)
        return function

    return decorator


# The values a filter takes, with their labels: (value, label) pairs read when asked, so a list
# kept in the database (fields of law, forms of aid) is read as it stands. Plan targets are bound
# by choosing from them, never by typing them.
ChoicesSource = Callable[[], "list[tuple[str, StrOrPromise]]"]
_filter_choices: dict[tuple[str, str], ChoicesSource] = {}


def register_filter_choices(key: str, name: str, source: ChoicesSource) -> None:
    """``key`` "*" gives the values of filter ``name`` for every indicator taking it (a
    reference list such as "field"); a key's own list wins over it."""
    _filter_choices[(key, name)] = source


def filter_choices(key: str, name: str) -> list[tuple[str, StrOrPromise]] | None:
    """The values filter ``name`` of indicator ``key`` takes, or None when none were declared."""
    source = _filter_choices.get((key, name)) or _filter_choices.get(("*", name))
    return [(str(value), label) for value, label in source()] if source is not None else None


def register_target_provider(provider: TargetProvider) -> TargetProvider:
    """The planning app tells the dashboard what its plans aim at, without being imported."""
    if provider not in _target_providers:
        _target_providers.append(provider)
    return provider


def target_for(key: str, period: Period, scope: Unit | None = None, **filters: Any) -> Number | None:
    targets = memo("indicators.targets")
    memo_key = (key, period, scope.pk if scope is not None else None, repr(sorted(filters.items())))
    if targets is not None and memo_key in targets:
        return targets[memo_key]
    found = None
    for provider in _target_providers:
        target = provider(key, period, scope, filters)
        if target is not None:
            found = target
            break
    if targets is not None:
        targets[memo_key] = found
    return found


# A batch is one reading of many figures at once (a dashboard, a report): the figures read inside
# it share work through memo() (e.g. cases reads its summary rows once, targets are looked up
# once per (key, period, scope, filters)). Namespace -> its dictionary, None outside a batch.
_memos: contextvars.ContextVar[dict[str, dict] | None] = contextvars.ContextVar(
    "indicator_memos", default=None
)


@contextmanager
def batch() -> Iterator[None]:
    """Read many figures together; nested batches join the outer one."""
    if _memos.get() is not None:
        yield
        return
    token = _memos.set({})
    try:
        yield
    finally:
        _memos.reset(token)


def memo(namespace: str) -> dict | None:
    """A dictionary private to ``namespace`` (e.g. ``"cases.summary"``) that lives as long as
    the current batch: the same one for every call within it. None outside a batch."""
    memos = _memos.get()
    return memos.setdefault(namespace, {}) if memos is not None else None


# (period, scope) -> (row labels, [(series label, one value per row)]): a figure split two ways,
# e.g. plan activities by lead unit and status, drawn by the dashboard as stacked bars.
BreakdownFunction = Callable[["Period", "Unit | None"], tuple[list[str], list[tuple[str, list[Number]]]]]


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    function: BreakdownFunction

    def compute(
        self, period: Period, scope: Unit | None = None
    ) -> tuple[list[str], list[tuple[str, list[Number]]]]:
        return self.function(period, scope)


_breakdowns: dict[str, Breakdown] = {}


def register_breakdown(key: str, *, label: str) -> Callable[[BreakdownFunction], BreakdownFunction]:
    """Decorator: ``@register_breakdown("planning.activity_status_by_unit", label=...)``."""

    def decorator(function: BreakdownFunction) -> BreakdownFunction:
        existing = _breakdowns.get(key)
        if existing is not None and existing.function is not function:
            raise ValueError(f"breakdown {key!r} is already registered")
        _breakdowns[key] = Breakdown(key, label, function)
        return function

    return decorator


def get_breakdown(key: str) -> Breakdown | None:
    return _breakdowns.get(key)


def get(key: str) -> Indicator:
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"no indicator {key!r} is registered") from None


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda i: i.key)


def compute(key: str, period: Period, scope: Unit | None = None, **filters: Any) -> Number:
    return get(key).compute(period, scope, **filters)
