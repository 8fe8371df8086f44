"""The plans' figures for the dashboard, registered in the indicator registry from
``PlanningConfig.ready()``: activity counts by status, the records behind each, the targets the
plans set for any app's indicator, and plan activity status by lead unit.

Which activities count (``services.activities_in_force``): those of issued or closed plans whose
window overlaps the period; with a scope, those of plans owned in the scope's subtree or led by a
unit of that subtree. Each has the status the plan page shows (``status_compute`` on the live
figures, a hand-set status winning), measured on the period's last day or today if earlier.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Number, Period
from legalaid.models import Unit
from planning import services
from planning.models import ActivityStatus, Target

S = ActivityStatus
FILTERS = ("unit", "plan")

# Inside an indicators.batch() (a dashboard), the activities of one (period, scope) are measured
# once and shared by the six counts and the breakdown, and the targets are read once.
MEMO = "planning"


def measured(period: Period, scope: Unit | None) -> list[services.ActivityProgress]:
    """Every activity counted for (period, scope) with its status at the cutoff."""
    cutoff = services.status_cutoff(period)
    memo = indicators.memo(MEMO)
    question = (period, scope.pk if scope is not None else None, cutoff)
    if memo is not None and question in memo:
        return memo[question]
    rows = services.activities_progress(
        services.activities_in_force(period=period, scope=scope), today=cutoff
    )
    if memo is not None:
        memo[question] = rows
    return rows


# --- Counts ------------------------------------------------------------------------------------


def activities(period: Period, scope: Unit | None = None, status=None, unit=None, plan=None) -> int:
    """Activities counted for the period; ``status`` one status or a list (any of them),
    ``unit`` the lead unit (exactly it), ``plan`` one plan."""
    chosen = services.ActivityFilters.read(status=status, unit=unit, plan=plan)
    return len(chosen.apply(measured(period, scope)))


def activities_not_started(period: Period, scope: Unit | None = None, unit=None, plan=None) -> int:
    return activities(period, scope, status=S.NOT_STARTED, unit=unit, plan=plan)


def activities_on_track(period: Period, scope: Unit | None = None, unit=None, plan=None) -> int:
    return activities(period, scope, status=S.ON_TRACK, unit=unit, plan=plan)


def activities_at_risk(period: Period, scope: Unit | None = None, unit=None, plan=None) -> int:
    return activities(period, scope, status=S.AT_RISK, unit=unit, plan=plan)


def activities_overdue(period: Period, scope: Unit | None = None, unit=None, plan=None) -> int:
    return activities(period, scope, status=S.OVERDUE, unit=unit, plan=plan)


def activities_done(period: Period, scope: Unit | None = None, unit=None, plan=None) -> int:
    return activities(period, scope, status=S.DONE, unit=unit, plan=plan)


def list_link(status: str | None = None):
    """The activity list filtered like the figure: same period, scope, statuses, unit, plan."""

    def link(period: Period, scope: Unit | None, filters: dict[str, Any]) -> str:
        chosen = services.ActivityFilters.read(
            status=status or filters.get("status"), unit=filters.get("unit"), plan=filters.get("plan")
        )
        query: dict[str, Any] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        if scope is not None:
            query["scope"] = scope.pk
        if chosen.statuses:
            query["status"] = [value for value in S.values if value in chosen.statuses]
        if chosen.unit is not None:
            query["unit"] = chosen.unit
        if chosen.plan is not None:
            query["plan"] = chosen.plan
        return f"{reverse('planning:activity_list')}?{urlencode(query, doseq=True)}"

    return link


# --- Breakdown ---------------------------------------------------------------------------------


def activity_status_by_unit(period: Period, scope: Unit | None = None):
    """Rows: the lead units of the scope's subtree that lead a counted activity (short names, in
    tree order); series: the five statuses in order, each (label, values, meaning); values:
    activities per unit and status.
    An activity led by two units counts in both rows."""
    counted: dict[int, set[int]] = defaultdict(set)  # unit -> activities already counted
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(S.values, 0))
    units: dict[int, Unit] = {}
    for row in measured(period, scope):
        for link in row.leads:
            unit = link.unit
            if unit is None or not _within(unit.path, scope.path if scope is not None else None):
                continue
            if row.activity.pk in counted[unit.pk]:
                continue  # the same unit named twice as lead of one activity
            counted[unit.pk].add(row.activity.pk)
            units[unit.pk] = unit
            counts[unit.pk][row.status] += 1
    ordered = sorted(units.values(), key=lambda u: u.path)
    labels = [unit.short_name or unit.name for unit in ordered]
    series = [
        (str(label), [counts[unit.pk][value] for unit in ordered], MEANINGS[value])
        for value, label in S.choices
    ]
    return labels, series


# What each status means to a reader of the stacked chart (legalaid.charts.MEANING_COLOURS).
MEANINGS = {
    S.NOT_STARTED: "idle",
    S.ON_TRACK: "good",
    S.AT_RISK: "warning",
    S.OVERDUE: "bad",
    S.DONE: "complete",
}


# --- Targets -----------------------------------------------------------------------------------


def _normal(filters: dict[str, Any] | None) -> dict[str, Any]:
    """Filters compared as the registry reads them: empty values mean no filter; ids and codes
    compare as text; a list is a set of values."""
    normal = {}
    for name, value in (filters or {}).items():
        if value is None or value == "" or value == [] or value == ():
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple | set | frozenset):
            normal[name] = tuple(sorted(str(v.pk if hasattr(v, "pk") else v) for v in value))
        else:
            normal[name] = str(value)
    return normal


def _within(path: str, scope_path: str | None) -> bool:
    return scope_path is None or path.startswith(scope_path)


def _targets_in_force(key: str, period: Period, scope: Unit | None) -> list[Target]:
    """Targets bound to ``key`` in the plans in force over the period, for the scope's plans and
    those above it. Inside a batch, the targets of every key are read once per (period, scope)."""
    memo = indicators.memo(MEMO)
    targets = Target.objects.filter(
        activity__plan__status__in=services.PLANS_IN_FORCE,
        activity__plan__period_start__lte=period.end,
        activity__plan__period_end__gte=period.start,
    ).select_related("activity__plan__unit", "unit")
    if scope is not None:
        above = [scope.path[:i] for i in range(Unit.PATH_STEP, len(scope.path) + 1, Unit.PATH_STEP)]
        targets = targets.filter(
            Q(activity__plan__unit__path__startswith=scope.path) | Q(activity__plan__unit__path__in=above)
        )
    if memo is None:
        return list(targets.filter(indicator_key=key))
    memo_key = ("targets", period, scope_path_of(scope))
    if memo_key not in memo:
        by_key: dict[str, list[Target]] = defaultdict(list)
        for target in targets.exclude(indicator_key=""):
            by_key[target.indicator_key].append(target)
        memo[memo_key] = by_key
    return memo[memo_key].get(key, [])


def scope_path_of(scope: Unit | None) -> str | None:
    return scope.path if scope is not None else None


def plan_target(key: str, period: Period, scope: Unit | None, filters: dict[str, Any]) -> Number | None:
    """The target the plans in force set for an indicator (any app's), in one query.

    Targets bound to ``key`` with the same filters, in issued or closed plans, on activities
    whose window lies inside the period (a whole-year target answers for that year, not for
    one of its quarters). A target is for its unit (a per-unit share) or else its plan's unit.
    Per activity: the targets for the scope unit; else the topmost ones for units below it
    (the shares of its departments add up). When no activity has either, the plan of the
    nearest unit above the scope speaks for it, through its activities not split per unit.
    Counts add up over the activities and plans; a percentage is the highest one set."""
    wanted = _normal(filters)
    scope_path = scope.path if scope is not None else None
    by_activity: dict[int, list[tuple[Target, Unit]]] = defaultdict(list)
    for target in _targets_in_force(key, period, scope):
        activity, plan = target.activity, target.activity.plan
        start, end = services.activity_window(activity, plan)
        if start < period.start or end > period.end or _normal(target.filters) != wanted:
            continue
        by_activity[activity.pk].append((target, target.unit or plan.unit))
    chosen: list[Target] = []
    for found in by_activity.values():
        own = [t for t, unit in found if scope is not None and unit.pk == scope.pk]
        if own:
            chosen += own
            continue
        below = [(t, unit) for t, unit in found if _within(unit.path, scope_path) and unit.path != scope_path]
        chosen += [
            t
            for t, unit in below
            if not any(other.path != unit.path and unit.path.startswith(other.path) for _t, other in below)
        ]
    if not chosen and scope is not None:
        # The plan of the nearest unit above speaks for the scope, through activities it did
        # not split per unit (a split that gives the scope no share sets it no target).
        unsplit = [found for found in by_activity.values() if all(t.unit_id is None for t, _u in found)]
        owners = [unit for found in unsplit for _t, unit in found if scope.path.startswith(unit.path)]
        if owners:
            nearest = max(owners, key=lambda u: len(u.path))
            chosen = [t for found in unsplit for t, unit in found if unit.pk == nearest.pk]
    if not chosen:
        return None
    if _is_percent(key, chosen):
        value = max(t.quantity for t in chosen)
    else:
        value = sum((t.quantity for t in chosen), Decimal(0))
    return int(value) if value == value.to_integral_value() else float(value)


def _is_percent(key: str, targets: list[Target]) -> bool:
    try:
        return indicators.get(key).unit == MeasureUnit.PERCENT
    except LookupError:
        return all(t.is_percent for t in targets)


# --- Registration ------------------------------------------------------------------------------

STATUS_INDICATORS = [
    (
        "planning.activities_not_started",
        S.NOT_STARTED,
        _("Plan activities not started"),
        activities_not_started,
    ),
    ("planning.activities_on_track", S.ON_TRACK, _("Plan activities on track"), activities_on_track),
    ("planning.activities_at_risk", S.AT_RISK, _("Plan activities at risk of delay"), activities_at_risk),
    ("planning.activities_overdue", S.OVERDUE, _("Plan activities overdue"), activities_overdue),
    ("planning.activities_done", S.DONE, _("Plan activities done"), activities_done),
]


def register_all() -> None:
    count = MeasureUnit.COUNT
    indicators.register(
        "planning.activities",
        label=_("Plan activities in the period"),
        unit=count,
        filters=("status", *FILTERS),
        link=list_link(),
        description=_("Activities of issued or closed plans whose time window overlaps the period."),
    )(activities)
    for key, status, label, function in STATUS_INDICATORS:
        indicators.register(
            key,
            label=label,
            unit=count,
            filters=FILTERS,
            link=list_link(status),
            description=_("Status on the period's last day, or today if earlier."),
        )(function)
    indicators.register_target_provider(plan_target)
    indicators.register_breakdown(
        "planning.activity_status_by_unit", label=_("Plan activity status by unit")
    )(activity_status_by_unit)
