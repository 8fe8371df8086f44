"""A plan's life: its status (draft, issued, closed) and its copy to the next year."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.history import bulk_create_with_history, create_with_history
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


def _shift_words(text: str, years: int) -> str:
    return re.sub(r"(?<!\d)((?:19|20)\d{2})(?!\d)", lambda m: str(int(m.group(1)) + years), text)


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, by: User) -> Plan:
    """A draft of the same plan one year on: sections, activities, units, windows shifted a
    year (dates and the years in the words), targets kept; progress, notes and hand-set
    statuses cleared. Every history row of the copy names ``by``."""
    years = 1
    reason = _("Copied from the plan “%(title)s”") % {"title": plan.title}
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
            title=_shift_words(section.title, years),
            text=_shift_words(section.text, years),
            position=section.position,
            depth=section.depth,
        )
    originals = list(plan.activities.prefetch_related("unit_links", "targets").order_by("position"))
    copies = [
        Activity(
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


def plan_set_status(*, plan: Plan, status: str, by: User) -> Plan:
    if status not in Plan.Status.values:
        raise Refusal(_("Unknown status."), field="status")
    updated = Plan.objects.filter(pk=plan.pk).exclude(status=status).update(status=status)
    if updated:
        plan.status = status
    return plan
