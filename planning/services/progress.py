"""Measuring a plan: each target's live figure from the indicator registry, each activity's
status against its time window, and the activities of all plans in force across a period (the
dashboard's figures and the list behind them).

Progress is never typed twice: a target names an indicator of the registry and its figure is
computed live from the other apps' records through ``legalaid.indicators``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid import indicators
from legalaid.models import Unit
from planning.models import Activity, ActivityStatus, ActivityUnit, Plan, Target


@dataclass
class TargetProgress:
    target: Target
    value: Any = None
    fraction: float | None = None
    problem: str = ""

    @property
    def percent(self) -> int | None:
        return None if self.fraction is None else round(self.fraction * 100)


@dataclass
class ActivityProgress:
    activity: Activity
    status: str
    computed_status: str
    fraction: float | None
    targets: list[TargetProgress] = field(default_factory=list)
    start: date | None = None
    end: date | None = None

    @property
    def status_label(self) -> str:
        return str(ActivityStatus(self.status).label)

    @property
    def percent(self) -> int | None:
        return None if self.fraction is None else round(self.fraction * 100)

    @property
    def leads(self) -> list[ActivityUnit]:
        return [link for link in self.activity.unit_links.all() if link.role == ActivityUnit.Role.LEAD]

    @property
    def coordinating(self) -> list[ActivityUnit]:
        return [
            link for link in self.activity.unit_links.all() if link.role == ActivityUnit.Role.COORDINATING
        ]


def activity_window(activity: Activity, plan: Plan) -> tuple[date, date]:
    """The dates the status is measured against: the activity's own, else its plan's period."""
    start = activity.start_date or plan.period_start
    end = activity.deadline or activity.end_date or plan.period_end
    if activity.yearly_deadline_month and activity.yearly_deadline_day and not activity.deadline:
        end = activity.end_date or plan.period_end
    return start, max(start, end)


def status_compute(*, start: date, end: date, today: date, fraction: float | None, override: str = "") -> str:
    """not started before the window; overdue after it unless done; at risk when progress is
    behind the straight line from the first to the last day of the window; else on track."""
    if override:
        return override
    if fraction is not None and fraction >= 1:
        return ActivityStatus.DONE
    if today < start:
        return ActivityStatus.NOT_STARTED
    if today > end:
        return ActivityStatus.OVERDUE
    if fraction is not None:
        expected = (today - start).days / ((end - start).days + 1)
        if fraction < expected:
            return ActivityStatus.AT_RISK
    return ActivityStatus.ON_TRACK


def target_progress(
    target: Target, *, plan: Plan, start: date, end: date, today: date, memo: dict | None = None
) -> TargetProgress:
    """The live figure of one target. ``memo`` shares figures between targets that ask the
    registry the same question (same indicator, period, unit and filters)."""
    result = TargetProgress(target=target)
    if not target.indicator_key:
        result.problem = _("Not bound to an indicator.")
        return result
    try:
        indicator = indicators.get(target.indicator_key)
    except LookupError:
        result.problem = _("The indicator “%(key)s” is not registered (yet): no figure can be computed.") % {
            "key": target.indicator_key
        }
        return result
    period = indicators.Period(start, max(start, min(end, today)))
    unit = target.unit or plan.unit
    question = (
        target.indicator_key,
        period,
        unit.pk,
        json.dumps(target.filters or {}, sort_keys=True, default=str),
    )
    if memo is not None and question in memo:
        value, problem = memo[question]
    else:
        try:
            value, problem = indicator.compute(period, unit, **(target.filters or {})), ""
        except (ValueError, TypeError) as exc:
            value, problem = None, _("The indicator could not be computed: %(error)s") % {"error": exc}
        if memo is not None:
            memo[question] = (value, problem)
    if problem:
        result.problem = problem
        return result
    result.value = value
    quantity = float(target.quantity)
    result.fraction = max(0.0, min(1.0, float(value) / quantity)) if quantity else None
    return result


def _activity_progress(activity: Activity, plan: Plan, today: date, memo: dict) -> ActivityProgress:
    start, end = activity_window(activity, plan)
    measured = [
        target_progress(t, plan=plan, start=start, end=end, today=today, memo=memo)
        for t in activity.targets.all()
    ]
    fractions = [m.fraction for m in measured if m.fraction is not None]
    fraction = sum(fractions) / len(fractions) if fractions else None
    computed = status_compute(start=start, end=end, today=today, fraction=fraction)
    status = activity.status_override or computed
    return ActivityProgress(activity, status, computed, fraction, measured, start, end)


def plan_progress(plan: Plan, *, today: date | None = None, activities=None) -> list[ActivityProgress]:
    """Every activity of the plan with its live figures and status, in document order, in a
    fixed number of queries (plus what each bound indicator needs). The status is judged on
    ``plan_status_day(plan)`` unless ``today`` is given: a past plan as of its period's end, as
    the dashboard judges that period."""
    today = today or plan_status_day(plan)
    if activities is None:
        activities = plan.activities.all()
    activities = activities.select_related("section").prefetch_related(
        Prefetch("unit_links", queryset=ActivityUnit.objects.select_related("unit")),
        Prefetch("targets", queryset=Target.objects.select_related("unit")),
        "notes",
    )
    memo: dict = {}
    return [_activity_progress(activity, plan, today, memo) for activity in activities]


# --- Activities across plans (the dashboard's figures and the list behind them) -----------------

# Plans whose activities count: issued ones, and closed ones (a plan closed at the end of its
# year still reports on that year). Drafts never count.
PLANS_IN_FORCE = (Plan.Status.ISSUED, Plan.Status.CLOSED)


def activities_in_force(*, period: indicators.Period, scope: Unit | None = None) -> QuerySet[Activity]:
    """Activities of issued or closed plans whose window (``activity_window``) overlaps the
    period; with a scope, those of plans owned in the scope's subtree or led (ActivityUnit role
    LEAD) by a unit of that subtree."""
    window_start = Coalesce("start_date", "plan__period_start")
    window_end = Greatest(Coalesce("deadline", "end_date", "plan__period_end"), window_start)
    activities = (
        Activity.objects.filter(plan__status__in=PLANS_IN_FORCE)
        .alias(window_start=window_start, window_end=window_end)
        .filter(window_start__lte=period.end, window_end__gte=period.start)
    )
    if scope is not None:
        led_here = ActivityUnit.objects.filter(
            activity=OuterRef("pk"), role=ActivityUnit.Role.LEAD, unit__path__startswith=scope.path
        )
        activities = activities.filter(Q(plan__unit__path__startswith=scope.path) | Q(Exists(led_here)))
    return activities


def activities_progress(activities: QuerySet[Activity], *, today: date) -> list[ActivityProgress]:
    """The activities of any plans with their status on ``today``, newest plans first, in
    three queries (plus what each bound indicator needs, asked once per distinct question)."""
    activities = (
        activities.select_related("plan", "plan__unit")
        .prefetch_related(
            Prefetch("unit_links", queryset=ActivityUnit.objects.select_related("unit")),
            Prefetch("targets", queryset=Target.objects.select_related("unit")),
        )
        .order_by("-plan__period_start", "plan_id", "position")
    )
    memo: dict = {}
    return [_activity_progress(activity, activity.plan, today, memo) for activity in activities]


@dataclass(frozen=True)
class ActivityFilters:
    """The filters the plan figures and the activity list share: statuses (any of them), the
    lead unit (exactly that unit) and the plan."""

    statuses: frozenset[str] = frozenset()
    unit: int | None = None
    plan: int | None = None

    @classmethod
    def read(cls, *, status: Any = None, unit: Any = None, plan: Any = None) -> ActivityFilters:
        """Accepts a status or a list of them, and units and plans as objects or ids; refuses
        anything else with a ValueError."""
        values = [status] if isinstance(status, str) else list(status or ())
        unknown = sorted(str(v) for v in values if v not in ActivityStatus.values)
        if unknown:
            raise ValueError(f"unknown activity status {unknown}")
        return cls(frozenset(values), _id_of(unit, "unit"), _id_of(plan, "plan"))

    def apply(self, rows: Iterable[ActivityProgress], *, statuses: bool = True) -> list[ActivityProgress]:
        kept = []
        for row in rows:
            if self.plan is not None and row.activity.plan_id != self.plan:
                continue
            if self.unit is not None and all(link.unit_id != self.unit for link in row.leads):
                continue
            if statuses and self.statuses and row.status not in self.statuses:
                continue
            kept.append(row)
        return kept


def _id_of(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise ValueError(f"{name} must be an id, not {value!r}")


def status_cutoff(period: indicators.Period) -> date:
    """The day statuses are measured on: the period's last day, or today if that is earlier.
    The one rule for the dashboard's figures, the activity list, the plan page and its report:
    a past period is judged as of its end, never as of today."""
    return min(period.end, timezone.localdate())


def plan_status_day(plan: Plan) -> date:
    """The day a plan's page and report judge its activities on: ``status_cutoff`` of the
    plan's period (its last day once it is over, else today)."""
    return status_cutoff(indicators.Period(plan.period_start, plan.period_end))


def due_in_quarter(rows: list[ActivityProgress], today: date) -> dict[str, list[ActivityProgress]]:
    """Activities whose window ends in the quarter of ``today`` (or that are overdue and not
    done), grouped by lead unit."""
    period = indicators.Period.quarter(today.year, (today.month - 1) // 3 + 1)
    grouped: dict[str, list[ActivityProgress]] = {}
    for row in rows:
        if row.status == ActivityStatus.DONE:
            continue
        ends_now = row.end is not None and period.start <= row.end <= period.end
        if ends_now or row.status == ActivityStatus.OVERDUE:
            names = [link.display_name for link in row.leads] or [_("No lead unit")]
            for name in names:
                grouped.setdefault(name, []).append(row)
    return dict(sorted(grouped.items()))


def quarter_of(day: date) -> tuple[date, date]:
    period = indicators.Period.quarter(day.year, (day.month - 1) // 3 + 1)
    return period.start, period.end
