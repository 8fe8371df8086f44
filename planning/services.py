"""What one can do to a plan: import it, measure it, mark an activity, copy it to next year.

Progress is never typed twice: a target names an indicator of the registry and its figure is
computed live from the other apps' records through ``legalaid.indicators``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from legalaid import indicators
from legalaid.models import Unit, User
from legalaid.text import search_key
from planning.importer import NodeKind, ParsedPlan
from planning.models import (
    Activity,
    ActivityStatus,
    ActivityUnit,
    Plan,
    ProgressNote,
    Section,
    StatusChange,
    Target,
)


class PlanError(ValueError):
    """A request the rules refuse; the message is shown to the user as is."""


# --- Access ------------------------------------------------------------------------------------


def plans_for_user(user: User):
    """Plans of the user's subtree, and the plans of the units above them (a department's
    staff work to their centre's plan)."""
    qs = Plan.objects.select_related("unit")
    if user.is_superuser:
        return qs
    if not user.is_authenticated or user.unit_id is None:
        return qs.none()
    path = user.unit.path
    above = [path[:i] for i in range(Unit.PATH_STEP, len(path) + 1, Unit.PATH_STEP)]
    return qs.filter(Q(unit__path__startswith=path) | Q(unit__path__in=above))


def units_in_sight(user: User):
    """The units whose plans a user reads: their subtree and the units above them."""
    if user.is_superuser:
        return Unit.objects.all()
    if not user.is_authenticated or user.unit_id is None:
        return Unit.objects.none()
    path = user.unit.path
    above = [path[:i] for i in range(Unit.PATH_STEP, len(path) + 1, Unit.PATH_STEP)]
    return Unit.objects.filter(Q(path__startswith=path) | Q(path__in=above))


def get_plan_for_user(user: User, pk: int) -> Plan:
    plan = plans_for_user(user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_activity_for_user(user: User, pk: int) -> Activity:
    activity = Activity.objects.select_related("plan", "plan__unit").filter(pk=pk).first()
    if activity is None or not plans_for_user(user).filter(pk=activity.plan_id).exists():
        raise Http404
    return activity


# --- Units -------------------------------------------------------------------------------------


def unit_key(name: str) -> str:
    """Diacritic-insensitive key that also ignores dash styles: 'Phòng Hành Chính – Tổng hợp'
    and 'Phòng Hành chính - Tổng hợp' are the same unit."""
    key = search_key(re.sub(r"\s*[-–—]\s*", " - ", name))
    return key.strip(" .;,")


def candidate_units(unit: Unit):
    """Units a plan of ``unit`` may name: the tree under its Department of Justice (internal
    units and the outside bodies kept there), or under the unit itself."""
    root = unit
    for ancestor in unit.ancestors():
        if ancestor.kind == Unit.Kind.DOJ:
            root = ancestor
    return Unit.objects.filter(path__startswith=root.path, active=True)


def unit_match(names: list[str], units) -> dict[str, Unit | None]:
    """Each name to the one unit it names: equal keys first, then a unit whose name starts
    with the written name ('Sở Tư pháp' -> 'Sở Tư pháp tỉnh Lạng Sơn'); None when unsure."""
    by_key: dict[str, list[Unit]] = {}
    pool = list(units)
    for unit in pool:
        by_key.setdefault(unit_key(unit.name), []).append(unit)
    result: dict[str, Unit | None] = {}
    for name in names:
        key = unit_key(name)
        exact = by_key.get(key, [])
        if len(exact) == 1:
            result[name] = exact[0]
            continue
        prefixed = [u for u in pool if unit_key(u.name).startswith(key + " ")]
        result[name] = prefixed[0] if len(prefixed) == 1 else None
    return result


# --- Import ------------------------------------------------------------------------------------


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedPlan,
    unit: Unit,
    by: User | None,
    unit_choices: dict[str, int | None] | None = None,
    create_units: set[str] | frozenset[str] = frozenset(),
    title: str | None = None,
) -> Plan:
    """Save a parsed plan: its header and parts, the tree, the activities with their bodies
    (matched to units, created as outside bodies when asked, or kept as written), targets."""
    if not parsed.activities():
        raise PlanError(_("No activity was found in the text: nothing to import."))
    if parsed.period_start is None or parsed.period_end is None:
        raise PlanError(_("The plan's period could not be read from its title; add the year to the title."))
    pool = candidate_units(unit)
    matches = unit_match(parsed.unit_names(), pool)
    for name, chosen in (unit_choices or {}).items():
        matches[name] = pool.filter(pk=chosen).first() if chosen else None
    outside_parent = next((a for a in unit.ancestors() if a.kind == Unit.Kind.DOJ), unit)
    for name in sorted(create_units):
        if matches.get(name) is None and name.strip():
            matches[name] = Unit.objects.create(
                name=name.strip()[:200], kind=Unit.Kind.OTHER, parent=outside_parent, province=unit.province
            )
    centre = unit.centre() or unit
    plan = Plan.objects.create(
        unit=unit,
        kind=parsed.kind,
        issuer_parent=parsed.issuer_parent or (centre.parent.name.upper() if centre.parent_id else ""),
        issuer=parsed.issuer or centre.name.upper(),
        number=parsed.number,
        issued_on=parsed.issued_on,
        place=parsed.place or (unit.province.name if unit.province_id else ""),
        document_type=parsed.document_type or "KẾ HOẠCH",
        title=(title or parsed.title or _("Plan")).strip(),
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        preamble=parsed.preamble,
        legal_bases=parsed.legal_bases,
        purpose=parsed.purpose,
        funding=parsed.funding,
        implementation=parsed.implementation,
        closing=parsed.closing,
        recipients="\n".join(parsed.recipients),
        signer_authority=parsed.signer_authority,
        signer_name=parsed.signer_name,
        imported_by=by if by is not None and by.is_authenticated else None,
    )
    sections: dict[int, Section] = {}
    links: list[ActivityUnit] = []
    targets: list[Target] = []
    pending: list[tuple[Activity, object]] = []
    position = 0

    def depth_of(node) -> int:
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return depth

    for node in parsed.nodes():
        position += 1
        parent_section = sections.get(id(node.parent)) if node.parent is not None else None
        if node.kind != NodeKind.ACTIVITY:
            sections[id(node)] = Section.objects.create(
                plan=plan,
                parent=parent_section,
                kind=node.kind if node.kind != NodeKind.TOPIC else "topic",
                number=node.number,
                title=node.title,
                text="\n".join(node.text),
                position=position,
                depth=depth_of(node),
            )
            continue
        window = node.window
        activity = Activity(
            plan=plan,
            section=parent_section,
            number=node.number,
            title=node.title,
            text="\n".join(node.text),
            position=position,
            depth=depth_of(node),
            lead_text=node.lead_text,
            coordinating_text=node.coordinating_text,
            time_text=node.time_text,
            start_date=window.start if window else None,
            end_date=window.end if window else None,
            recurrence=window.recurrence if window else "once",
            deadline=window.deadline if window else None,
            yearly_deadline_month=window.yearly_deadline[0] if window and window.yearly_deadline else None,
            yearly_deadline_day=window.yearly_deadline[1] if window and window.yearly_deadline else None,
            relative_working_days=window.relative_working_days if window else None,
            trigger_text=(window.trigger if window else "")[:300],
            time_understood=bool(window and window.parsed) or not node.time_text,
            result_text=node.result_text,
        )
        pending.append((activity, node))
    # One insert for all activities (with their history rows), then their units and targets.
    bulk_create_with_history([activity for activity, _node in pending], Activity, batch_size=500)
    for activity, node in pending:
        for role, refs in (
            (ActivityUnit.Role.LEAD, node.lead),
            (ActivityUnit.Role.COORDINATING, node.coordinating),
        ):
            for i, ref in enumerate(refs):
                links.append(
                    ActivityUnit(
                        activity=activity,
                        role=role,
                        unit=matches.get(ref.name),
                        name=ref.name[:300],
                        share=ref.share[:300],
                        position=i,
                    )
                )
        for spec in node.targets:
            targets.append(
                Target(
                    activity=activity,
                    label=spec.label[:300],
                    quantity=spec.quantity,
                    measure=spec.measure[:40],
                    unit=matches.get(spec.unit_name) if spec.unit_name else None,
                )
            )
    bulk_create_with_history(links, ActivityUnit, batch_size=1000)
    bulk_create_with_history(targets, Target, batch_size=1000)
    return plan


# --- Measuring ---------------------------------------------------------------------------------


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
    fixed number of queries (plus what each bound indicator needs)."""
    today = today or timezone.localdate()
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
    """The day statuses are measured on: the period's last day, or today if that is earlier."""
    return min(period.end, timezone.localdate())


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


# --- Changing ----------------------------------------------------------------------------------


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, reason: str, by: User, version: int) -> Activity:
    """Set (or clear, with status "") the status by hand. A reason is required; the change is
    kept in the history. ``version`` is the one the user saw: a concurrent change refuses."""
    reason = (reason or "").strip()
    if status and status not in ActivityStatus.values:
        raise PlanError(_("Unknown status."))
    if not reason:
        raise PlanError(_("Give the reason for setting the status by hand."))
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.version != version:
        raise PlanError(_("Someone else changed this activity meanwhile; reload the page and try again."))
    locked.status_override = status
    locked.status_reason = reason if status else ""
    locked.version += 1
    locked.save(update_fields=["status_override", "status_reason", "version", "updated_at"])
    StatusChange.objects.create(activity=locked, status=status, reason=reason, by=by)
    return locked


def progress_note_add(*, activity: Activity, day: date, text: str, evidence: str, by: User) -> ProgressNote:
    text = (text or "").strip()
    if not text:
        raise PlanError(_("Write what was done."))
    if day > timezone.localdate():
        raise PlanError(_("A progress note cannot be dated in the future."))
    return ProgressNote.objects.create(
        activity=activity, day=day, text=text, evidence=evidence.strip(), by=by
    )


def indicator_check(indicator_key: str, filters: dict) -> None:
    try:
        indicator = indicators.get(indicator_key)
    except LookupError:
        raise PlanError(_("The indicator “%(key)s” is not registered.") % {"key": indicator_key}) from None
    unknown = sorted(set(filters) - set(indicator.filters))
    if unknown:
        raise PlanError(
            _("The indicator “%(key)s” does not take the filters: %(names)s.")
            % {"key": indicator_key, "names": ", ".join(unknown)}
        )


@transaction.atomic
def target_bind(*, target: Target, indicator_key: str, filters: dict, by: User) -> Target:
    """Bind a target to an indicator of the registry (empty key: unbind)."""
    if not isinstance(filters, dict):
        raise PlanError(_('Filters must be a JSON object, e.g. {"kind": "direct"}.'))
    if indicator_key:
        indicator_check(indicator_key, filters)
    locked = Target.objects.select_for_update().get(pk=target.pk)
    locked.indicator_key = indicator_key
    locked.filters = filters if indicator_key else {}
    locked.save(update_fields=["indicator_key", "filters", "updated_at"])
    return locked


def target_add(
    *,
    activity: Activity,
    label: str,
    quantity: Decimal,
    measure: str,
    unit: Unit | None = None,
    indicator_key: str = "",
    filters: dict | None = None,
) -> Target:
    if quantity is None or quantity <= 0:
        raise PlanError(_("A target needs a quantity greater than zero."))
    if indicator_key:
        indicator_check(indicator_key, filters or {})
    return Target.objects.create(
        activity=activity,
        label=(label or f"{quantity} {measure}").strip()[:300],
        quantity=quantity,
        measure=measure.strip()[:40] or "%",
        unit=unit,
        indicator_key=indicator_key,
        filters=filters or {},
    )


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shift_words(text: str, years: int) -> str:
    return re.sub(r"(?<!\d)((?:19|20)\d{2})(?!\d)", lambda m: str(int(m.group(1)) + years), text)


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, by: User) -> Plan:
    """A draft of the same plan one year on: sections, activities, units, windows shifted a
    year (dates and the years in the words), targets kept; progress, notes and hand-set
    statuses cleared."""
    years = 1
    copy = Plan.objects.create(
        unit=plan.unit,
        kind=plan.kind,
        status=Plan.Status.DRAFT,
        issuer_parent=plan.issuer_parent,
        issuer=plan.issuer,
        number=re.sub(r"^\s*\d+\s*/", "/", plan.number),
        issued_on=None,
        place=plan.place,
        document_type=plan.document_type,
        title=_shift_words(plan.title, years),
        period_start=_shift(plan.period_start, years),
        period_end=_shift(plan.period_end, years),
        preamble="",
        legal_bases=plan.legal_bases,
        purpose=_shift_words(plan.purpose, years),
        funding=plan.funding,
        implementation=plan.implementation,
        closing=_shift_words(plan.closing, years),
        recipients=plan.recipients,
        signer_authority=plan.signer_authority,
        signer_name=plan.signer_name,
        copied_from=plan,
        imported_by=by,
    )
    section_map: dict[int, Section] = {}
    for section in plan.sections.order_by("position"):
        section_map[section.pk] = Section.objects.create(
            plan=copy,
            parent=section_map.get(section.parent_id),
            kind=section.kind,
            number=section.number,
            title=_shift_words(section.title, years),
            text=_shift_words(section.text, years),
            position=section.position,
            depth=section.depth,
        )
    links, targets = [], []
    for activity in plan.activities.prefetch_related("unit_links", "targets").order_by("position"):
        new = Activity.objects.create(
            plan=copy,
            section=section_map.get(activity.section_id),
            number=activity.number,
            title=_shift_words(activity.title, years),
            text=_shift_words(activity.text, years),
            position=activity.position,
            depth=activity.depth,
            lead_text=activity.lead_text,
            coordinating_text=activity.coordinating_text,
            time_text=_shift_words(activity.time_text, years),
            start_date=_shift(activity.start_date, years),
            end_date=_shift(activity.end_date, years),
            recurrence=activity.recurrence,
            deadline=_shift(activity.deadline, years),
            yearly_deadline_month=activity.yearly_deadline_month,
            yearly_deadline_day=activity.yearly_deadline_day,
            relative_working_days=activity.relative_working_days,
            trigger_text=activity.trigger_text,
            time_understood=activity.time_understood,
            result_text=_shift_words(activity.result_text, years),
        )
        links += [
            ActivityUnit(
                activity=new,
                role=link.role,
                unit_id=link.unit_id,
                name=link.name,
                share=link.share,
                position=link.position,
            )
            for link in activity.unit_links.all()
        ]
        targets += [
            Target(
                activity=new,
                label=t.label,
                quantity=t.quantity,
                measure=t.measure,
                unit_id=t.unit_id,
                indicator_key=t.indicator_key,
                filters=t.filters,
            )
            for t in activity.targets.all()
        ]
    bulk_create_with_history(links, ActivityUnit, batch_size=1000)
    bulk_create_with_history(targets, Target, batch_size=1000)
    return copy


def plan_set_status(*, plan: Plan, status: str, by: User) -> Plan:
    if status not in Plan.Status.values:
        raise PlanError(_("Unknown status."))
    updated = Plan.objects.filter(pk=plan.pk).exclude(status=status).update(status=status)
    if updated:
        plan.status = status
    return plan


def quarter_of(day: date) -> tuple[date, date]:
    period = indicators.Period.quarter(day.year, (day.month - 1) // 3 + 1)
    return period.start, period.end
