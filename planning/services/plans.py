"""A plan's life: its status (``TRANSITIONS``), its new versions and its copy to the next year."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.history import attribute_to, bulk_create_with_history, create_with_history
from legalaid.models import User
from legalaid.refusal import Refusal
from planning.models import Activity, ActivityUnit, Plan, Section, Target


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


_Y = r"(?:19|20)\d{2}"
# A year (or a range of years) standing as a word: not inside a date ("16/5/2023") or a document
# number ("03/2022/TT-BTP", "1918/BTP-TGPL").
_YEAR_WORD = re.compile(rf"(?<![\d/.\-])({_Y})(?:(\s*[-–]\s*)({_Y}))?(?![\d/])")
_ANY_YEAR = re.compile(rf"(?<!\d)({_Y})(?!\d)")
# "ngày 16 tháng 5 năm 2023": the date of a cited document, written in words.
_DATE_IN_WORDS = re.compile(r"tháng\s+\d{1,2}\s*,?\s+năm\s+$", re.IGNORECASE)


def _shift_plan_years(text: str, years: set[int], by: int) -> str:
    """Move by ``by`` the years of ``years`` that ``text`` names as the plan's years ("năm 2025",
    "giai đoạn 2021 - 2025"); years of cited documents (their numbers and dates) never move."""

    def replace(match: re.Match[str]) -> str:
        first, dash, second = match.group(1), match.group(2), match.group(3)
        if _DATE_IN_WORDS.search(text[: match.start()]):
            return match.group(0)
        if second is not None:
            if {int(first), int(second)} <= years:
                return f"{int(first) + by}{dash}{int(second) + by}"
            return match.group(0)
        return str(int(first) + by) if int(first) in years else first

    return _YEAR_WORD.sub(replace, text)


def _shift_window_words(text: str, years: set[int], by: int) -> str:
    """The time words of a window ("Quý I/2025", "hoàn thành trước 31/10/2025") move with it:
    every year of the window's own years."""
    return _ANY_YEAR.sub(
        lambda m: str(int(m.group(1)) + by) if int(m.group(1)) in years else m.group(1), text
    )


def _years(start: date, end: date) -> set[int]:
    return set(range(start.year, end.year + 1))


def _activity_years(activity: Activity, plan_years: set[int]) -> set[int]:
    days = [d for d in (activity.start_date, activity.end_date, activity.deadline) if d is not None]
    return plan_years | {day.year for day in days}


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, by: User) -> Plan:
    """A draft of the same plan one year on: its period and every activity's window move a year
    (29 February becomes 28 February), with the time words that state them ("Quý I/2025") and
    the plan's year where the title names it; every other text (legal bases, purpose, sections,
    activities, results), and with it every cited document's number and date, is copied byte
    for byte. Units and targets (with their bindings) are kept; notes and hand-set statuses are
    not. The copy's own number is left for the clerk. Every history row of the copy names
    ``by``."""
    reason = _("Copied from the plan “%(title)s”") % {"title": plan.title}
    return _copy_plan(plan, by=by, reason=reason, years=1, copied_from=plan)


def _copy_plan(plan: Plan, *, by: User, reason: str, years: int, **fields) -> Plan:
    plan_years = _years(plan.period_start, plan.period_end)
    copy = create_with_history(
        Plan,
        by=by,
        reason=reason,
        unit=plan.unit,
        kind=plan.kind,
        status=Plan.Status.DRAFT,
        issuer_parent=plan.issuer_parent,
        issuer=plan.issuer,
        number=re.sub(r"^\s*\d+\s*/", "/", plan.number),
        issued_on=None,
        place=plan.place,
        document_type=plan.document_type,
        title=_shift_plan_years(plan.title, plan_years, years),
        period_start=_shift(plan.period_start, years),
        period_end=_shift(plan.period_end, years),
        preamble="",
        legal_bases=plan.legal_bases,
        purpose=plan.purpose,
        funding=plan.funding,
        implementation=plan.implementation,
        closing=plan.closing,
        recipients=plan.recipients,
        signer_authority=plan.signer_authority,
        signer_name=plan.signer_name,
        imported_by=by,
        **fields,
    )
    section_map: dict[int | None, Section] = {}
    for section in plan.sections.order_by("position"):
        section_map[section.pk] = create_with_history(
            Section,
            by=by,
            reason=reason,
            plan=copy,
            parent=section_map.get(section.parent_id),
            kind=section.kind,
            number=section.number,
            title=section.title,
            text=section.text,
            position=section.position,
            depth=section.depth,
        )
    originals = list(plan.activities.prefetch_related("unit_links", "targets").order_by("position"))
    copies = [
        Activity(
            plan=copy,
            section=section_map.get(activity.section_id),
            number=activity.number,
            title=activity.title,
            text=activity.text,
            position=activity.position,
            depth=activity.depth,
            lead_text=activity.lead_text,
            coordinating_text=activity.coordinating_text,
            time_text=_shift_window_words(activity.time_text, _activity_years(activity, plan_years), years),
            start_date=_shift(activity.start_date, years),
            end_date=_shift(activity.end_date, years),
            recurrence=activity.recurrence,
            deadline=_shift(activity.deadline, years),
            yearly_deadline_month=activity.yearly_deadline_month,
            yearly_deadline_day=activity.yearly_deadline_day,
            relative_working_days=activity.relative_working_days,
            trigger_text=activity.trigger_text,
            time_understood=activity.time_understood,
            result_text=activity.result_text,
        )
        for activity in originals
    ]
    # One insert for the activities and their history rows (PostgreSQL returns their keys).
    bulk_create_with_history(copies, Activity, by=by, reason=reason)
    links, targets = [], []
    for activity, new in zip(originals, copies, strict=True):
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
    bulk_create_with_history(links, ActivityUnit, by=by, reason=reason, batch_size=1000)
    bulk_create_with_history(targets, Target, by=by, reason=reason, batch_size=1000)
    return copy


# --- Status ---------------------------------------------------------------------------------------

S = Plan.Status

# status -> the statuses a person may move it to. An issued plan never goes back to draft: it is
# changed by a new version (``plan_revise``), which supersedes it when that version is issued.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED, S.CANCELLED),
    S.SUBMITTED: (S.ISSUED, S.DRAFT, S.CANCELLED),
    S.ISSUED: (S.CLOSED, S.CANCELLED),
    S.SUPERSEDED: (),
    S.CLOSED: (),
    S.CANCELLED: (),
}

# The button of each move, as the plan page shows it.
ACTIONS: dict[str, Any] = {
    S.SUBMITTED: gettext_lazy("Submit for approval"),
    S.ISSUED: gettext_lazy("Issue"),
    S.DRAFT: gettext_lazy("Return to draft"),
    S.CLOSED: gettext_lazy("Close the plan"),
    S.CANCELLED: gettext_lazy("Cancel the plan"),
}

# Moves that undo work or end a plan early must say why.
REASON_REQUIRED = frozenset({S.DRAFT, S.CANCELLED})


def plan_transitions(plan: Plan) -> list[tuple[str, str]]:
    """The moves allowed from the plan's status: (status, button label)."""
    return [(status, str(ACTIONS[status])) for status in TRANSITIONS.get(plan.status, ())]


def _label(status: str) -> str:
    return str(S(status).label) if status in S.values else status


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, by: User, reason: str = "") -> Plan:
    """Move the plan along ``TRANSITIONS``; its history row names ``by`` and the reason.
    Issuing a new version supersedes the version it revises."""
    reason = (reason or "").strip()
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if status == locked.status:
        return locked
    if status not in TRANSITIONS.get(locked.status, ()):
        raise Refusal(
            _("A plan cannot go from “%(current)s” to “%(asked)s”.")
            % {"current": _label(locked.status), "asked": _label(status)},
            field="status",
            code="transition",
        )
    if status in REASON_REQUIRED and not reason:
        raise Refusal(
            _("Give the reason for moving the plan to “%(asked)s”.") % {"asked": _label(status)},
            field="reason",
        )
    if status == S.ISSUED and locked.revises_id is not None:
        _supersede(locked, by=by)
    locked.status = status
    # The history row is the record of who moved the plan, when and why.
    attribute_to(locked, by, reason=reason or str(ACTIONS[status]))
    locked.save(update_fields=["status", "updated_at"])
    plan.status = locked.status
    return locked


def _supersede(revision: Plan, *, by: User) -> None:
    old = Plan.objects.select_for_update().get(pk=revision.revises_id or 0)
    if old.status != S.ISSUED:
        raise Refusal(
            _("The plan this version replaces is “%(current)s”, no longer issued: it cannot be replaced.")
            % {"current": _label(old.status)},
            field="status",
            code="transition",
        )
    old.status = S.SUPERSEDED
    attribute_to(old, by, reason=_("Replaced by version %(version)d") % {"version": revision.version})
    old.save(update_fields=["status", "updated_at"])


@transaction.atomic
def plan_revise(*, plan: Plan, by: User, reason: str) -> Plan:
    """A new draft version of an issued plan, the same period and text, for the changes the
    issued one cannot take; issuing it supersedes ``plan``."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give the reason for a new version of the plan."), field="reason")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != S.ISSUED:
        raise Refusal(
            _("Only an issued plan gets a new version; this plan is “%(current)s”.")
            % {"current": _label(locked.status)},
            field="status",
            code="transition",
        )
    pending = locked.revisions.filter(status__in=(S.DRAFT, S.SUBMITTED)).first()
    if pending is not None:
        raise Refusal(
            _("Version %(version)d of this plan is already being prepared.") % {"version": pending.version},
            code="duplicate",
            pk=pending.pk,
        )
    return _copy_plan(
        locked,
        by=by,
        reason=reason,
        years=0,
        revises=locked,
        version=locked.version + 1,
        copied_from=locked.copied_from,
    )
