"""The officials' dashboard: figures from the indicator registry only, so the dashboard, the
plans and the reports always agree. Tiles whose indicator no app has registered are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid import indicators
from legalaid.charts import Series, bar_chart, horizontal_bars
from legalaid.indicators import MeasureUnit, Period
from legalaid.models import Unit
from legalaid.widgets import parse_date_text


@dataclass(frozen=True)
class TileSpec:
    key: str
    filters: dict[str, Any] = field(default_factory=dict)
    label: Any = None  # overrides the indicator's label (e.g. for a filtered figure)


@dataclass(frozen=True)
class Section:
    title: Any
    tiles: list[TileSpec]


# What officials look at, in the order they read it (DOMAIN.md §9.3).
SECTIONS = [
    Section(
        gettext_lazy("Cases"),
        [
            TileSpec("cases.requests_received"),
            TileSpec("cases.accepted"),
            TileSpec("cases.refused"),
            TileSpec("cases.referred"),
            TileSpec("cases.completed"),
            TileSpec("cases.appraised_share"),
            TileSpec("cases.successful_proceedings"),
            TileSpec("cases.overdue"),
            TileSpec("cases.average_satisfaction"),
            TileSpec("cases.complaints"),
        ],
    ),
    Section(
        gettext_lazy("Outreach"),
        [
            TileSpec("outreach.sessions"),
            TileSpec("outreach.attendees"),
            TileSpec("outreach.communes_reached"),
            TileSpec("outreach.commune_coverage"),
            TileSpec("outreach.board_coverage"),
            TileSpec("outreach.leaflets_distributed"),
            TileSpec("outreach.media_items"),
        ],
    ),
    Section(
        gettext_lazy("Staffing"),
        [
            TileSpec("staffing.active_collaborators"),
            TileSpec("staffing.assistants"),
            TileSpec("staffing.contracted_lawyers"),
            TileSpec("staffing.assistants_meeting_quota"),
            TileSpec("staffing.trained_share"),
        ],
    ),
    Section(
        gettext_lazy("Plans"),
        [
            TileSpec("planning.activities_done"),
            TileSpec("planning.activities_on_track"),
            TileSpec("planning.activities_at_risk"),
            TileSpec("planning.activities_overdue"),
        ],
    ),
    Section(gettext_lazy("System"), [TileSpec("legalaid.active_users")]),
]


@dataclass
class Tile:
    key: str
    label: str
    unit: str
    value: indicators.Number
    previous: indicators.Number
    target: indicators.Number | None
    url: str | None

    @property
    def change(self) -> float | None:
        """Change against the same period last year, in percent (None when last year was 0)."""
        if not self.previous:
            return None
        return (float(self.value) - float(self.previous)) * 100 / float(self.previous)

    @property
    def unit_label(self) -> str:
        return str(MeasureUnit.LABELS.get(self.unit, ""))

    @property
    def target_met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target


def statistical_year_start() -> tuple[int, int]:
    month, day = settings.STATISTICAL_YEAR_START
    return month, day


PERIOD_KINDS = [
    ("year", gettext_lazy("Year")),
    ("statistical", gettext_lazy("Statistical year")),
    ("quarter", gettext_lazy("Quarter")),
    ("month", gettext_lazy("Month")),
    ("custom", gettext_lazy("From date to date")),
]


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    kind: str
    label: str


def choose_period(params: dict[str, str], today: date | None = None) -> PeriodChoice:
    """Read the period selector (year, quarter, month, statistical year or custom range)."""
    today = today or timezone.localdate()
    kind = params.get("kind") or "year"
    year = _int(params.get("year"), today.year, 2000, 2100)
    if kind == "quarter":
        quarter = _int(params.get("quarter"), (today.month - 1) // 3 + 1, 1, 4)
        return PeriodChoice(
            Period.quarter(year, quarter), kind, _("Quarter %(q)s/%(y)s") % {"q": quarter, "y": year}
        )
    if kind == "month":
        month = _int(params.get("month"), today.month, 1, 12)
        return PeriodChoice(Period.month(year, month), kind, _("Month %(m)s/%(y)s") % {"m": month, "y": year})
    if kind == "statistical":
        start_month, start_day = statistical_year_start()
        if not params.get("year"):
            # The statistical year in progress: it ends in the next calendar year once its start
            # day has passed (e.g. from 01/11/2025 the year 01/11/2025-31/10/2026).
            starts_late = (start_month, start_day) != (1, 1)
            year = (
                today.year + 1
                if starts_late and (today.month, today.day) >= (start_month, start_day)
                else year
            )
        period = Period.statistical_year(year, start_month, start_day)
        label = _("Statistical year %(y)s (%(start)s – %(end)s)") % {
            "y": year,
            "start": period.start.strftime("%d/%m/%Y"),
            "end": period.end.strftime("%d/%m/%Y"),
        }
        return PeriodChoice(period, kind, label)
    if kind == "custom":
        # ISO dates from links, dd/mm/yyyy as the date widget types them.
        start, end = parse_date_text(params.get("start", "")), parse_date_text(params.get("end", ""))
        if start and end and start <= end:
            period = Period(start, end)
            label = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
            return PeriodChoice(period, kind, label)
    return PeriodChoice(Period.year(year), "year", _("Year %(y)s") % {"y": year})


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if low <= value <= high else default


def _split(name: str | None, value: Any) -> dict[str, Any]:
    """The filter of one series of a split chart (none for the series of everything)."""
    return {name: value} if name and value else {}


def _filters_for(indicator: indicators.Indicator, spec: TileSpec, commune: int | None) -> dict[str, Any]:
    filters = dict(spec.filters)
    if commune is not None and "commune" in indicator.filters:
        filters["commune"] = commune
    return filters


def build_sections(period: Period, scope: Unit | None, commune: int | None = None) -> list[dict[str, Any]]:
    with indicators.batch():
        return _build_sections(period, scope, commune)


def _build_sections(period: Period, scope: Unit | None, commune: int | None) -> list[dict[str, Any]]:
    registered = {i.key: i for i in indicators.all_indicators()}
    sections = []
    last_year = period.same_period_last_year()
    for section in SECTIONS:
        tiles = []
        for spec in section.tiles:
            indicator = registered.get(spec.key)
            if indicator is None:
                continue
            if commune is not None and "commune" not in indicator.filters:
                continue  # a figure that cannot be cut by commune is not shown for one commune
            filters = _filters_for(indicator, spec, commune)
            tiles.append(
                Tile(
                    key=spec.key,
                    label=str(spec.label or indicator.label),
                    unit=indicator.unit,
                    value=indicator.compute(period, scope, **filters),
                    previous=indicator.compute(last_year, scope, **filters),
                    target=indicators.target_for(spec.key, period, scope, **filters),
                    url=indicator.records_url(period, scope, **filters),
                )
            )
        if tiles:
            sections.append({"title": section.title, "tiles": tiles})
    return sections


@dataclass(frozen=True)
class ChartSpec:
    title: Any
    key: str
    by_month: bool = False
    split_filter: str | None = None  # one series (or one bar) per value of this filter
    split_values: tuple[tuple[Any, Any], ...] = ()  # (label, filter value)
    split_source: Callable[[], list[tuple[str, Any]]] | None = None  # the same, read when drawn


def _fields() -> list[tuple[str, Any]]:
    from legalaid.models import LegalField

    return [(f.name, f.code) for f in LegalField.objects.filter(active=True).order_by("position")]


def _categories() -> list[tuple[str, Any]]:
    from legalaid.models import BeneficiaryCategory

    return [
        (f"{c.clause}. {c.name}", c.code)
        for c in BeneficiaryCategory.objects.filter(active=True).order_by("position")
    ]


CHARTS = [
    ChartSpec(
        gettext_lazy("Requests received per month, by form of legal aid"),
        "cases.requests_received",
        by_month=True,
        split_filter="form",
        split_values=(
            (gettext_lazy("Legal advice"), "TVPL"),
            (gettext_lazy("Proceedings"), "TGTT"),
            (gettext_lazy("Out-of-court representation"), "DDNTT"),
        ),
    ),
    ChartSpec(
        gettext_lazy("Cases accepted, by field of law"),
        "cases.accepted",
        split_filter="field",
        split_source=_fields,
    ),
    ChartSpec(
        gettext_lazy("Cases accepted, by beneficiary category"),
        "cases.accepted",
        split_filter="category",
        split_source=_categories,
    ),
    ChartSpec(gettext_lazy("Outreach sessions per month"), "outreach.sessions", by_month=True),
]

# Two indicators side by side as bars (e.g. communes reached and not yet reached).
PAIRS = [
    (
        gettext_lazy("Communes reached and not yet reached"),
        "outreach.communes_reached",
        "outreach.communes_not_reached",
    ),
]


# Figures split two ways, drawn as stacked bars (registered with indicators.register_breakdown).
BREAKDOWNS = ["planning.activity_status_by_unit"]


def _months(period: Period) -> list[Period]:
    months = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        whole = Period.month(year, month)
        months.append(Period(max(whole.start, period.start), min(whole.end, period.end)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def build_charts(period: Period, scope: Unit | None) -> list[str]:
    with indicators.batch():
        return _build_charts(period, scope)


def _build_charts(period: Period, scope: Unit | None) -> list[str]:
    registered = {i.key: i for i in indicators.all_indicators()}
    charts = []
    for spec in CHARTS:
        indicator = registered.get(spec.key)
        if indicator is None or (spec.split_filter and spec.split_filter not in indicator.filters):
            continue
        splits = spec.split_source() if spec.split_source else (spec.split_values or (("", None),))
        if spec.by_month:
            months = _months(period)
            series = [
                Series(
                    str(label) or str(indicator.label),
                    [float(indicator.compute(m, scope, **_split(spec.split_filter, value))) for m in months],
                )
                for label, value in splits
            ]
            categories = [f"{m.start.month:02d}/{m.start.year % 100:02d}" for m in months]
            charts.append(bar_chart(categories, series, title=str(spec.title), stacked=len(series) > 1))
        else:
            rows = [
                (str(label), float(indicator.compute(period, scope, **{str(spec.split_filter): value})))
                for label, value in splits
            ]
            charts.append(horizontal_bars(rows, title=str(spec.title)))
    for title, first, second in PAIRS:
        if first in registered and second in registered:
            rows = [
                (str(registered[key].label), float(registered[key].compute(period, scope)))
                for key in (first, second)
            ]
            charts.append(horizontal_bars(rows, title=str(title)))
    for key in BREAKDOWNS:
        breakdown = indicators.get_breakdown(key)
        if breakdown is None:
            continue
        labels, values = breakdown.compute(period, scope)
        if labels:
            series = [_series(item) for item in values]
            charts.append(bar_chart(labels, series, title=str(breakdown.label), stacked=len(series) > 1))
    return charts


def _series(item: Sequence[Any]) -> Series:
    """A breakdown's series: (label, values), or (label, values, meaning) when its colour says
    something (``charts.MEANING_COLOURS``: a status on track is green whatever its position)."""
    meaning = str(item[2]) if len(item) > 2 else ""
    return Series(str(item[0]), [float(v) for v in item[1]], meaning=meaning)
