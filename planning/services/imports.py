"""Building a plan from its parsed text: the header and parts, the tree, the activities with the
bodies that lead and coordinate them (matched to the organisation's units), and their targets.

Reading the text is ``planning.importer``; this module saves what it read.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.history import bulk_create_with_history, create_with_history
from legalaid.models import Unit, User
from legalaid.refusal import Refusal
from legalaid.text import search_key
from planning import bindings
from planning.importer import NodeKind, ParsedPlan
from planning.importer.document import Node
from planning.models import Activity, ActivityUnit, Plan, Section, Target
from planning.services.activities import indicator_check

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
    bind_proposed: bool = False,
) -> Plan:
    """Save a parsed plan: its header and parts, the tree, the activities with their bodies
    (matched to units, created as outside bodies when asked, or kept as written), targets;
    with ``bind_proposed`` (the person confirmed the preview's proposals), each target bound to
    the indicator its words propose (``planning.bindings.propose_for``), checked like a binding
    made by hand."""
    by = by if by is not None and by.is_authenticated else None
    if not parsed.activities():
        raise Refusal(_("No activity was found in the text: nothing to import."), field="text")
    if parsed.period_start is None or parsed.period_end is None:
        raise Refusal(
            _("The plan's period could not be read from its title; add the year to the title."), field="title"
        )
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
    reason = _("Imported from the plan's text")
    plan = create_with_history(
        Plan,
        by=by,
        reason=reason,
        unit=unit,
        kind=parsed.kind,
        issuer_parent=parsed.issuer_parent or (centre.parent.name.upper() if centre.parent else ""),
        issuer=parsed.issuer or centre.name.upper(),
        number=parsed.number,
        issued_on=parsed.issued_on,
        place=parsed.place or (unit.province.name if unit.province else ""),
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
        imported_by=by,
    )
    sections: dict[int, Section] = {}
    links: list[ActivityUnit] = []
    targets: list[Target] = []
    pending: list[tuple[Activity, Node]] = []
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
            sections[id(node)] = create_with_history(
                Section,
                by=by,
                reason=reason,
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
    bulk_create_with_history([activity for activity, _node in pending], Activity, by=by, reason=reason)
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
            proposal = bindings.propose_for(spec, node) if bind_proposed else None
            if proposal is not None:
                indicator_check(*proposal)
            targets.append(
                Target(
                    activity=activity,
                    label=spec.label[:300],
                    quantity=spec.quantity,
                    measure=spec.measure[:40],
                    unit=matches.get(spec.unit_name) if spec.unit_name else None,
                    indicator_key=proposal[0] if proposal else "",
                    filters=proposal[1] if proposal else {},
                )
            )
    bulk_create_with_history(links, ActivityUnit, by=by, reason=reason, batch_size=1000)
    bulk_create_with_history(targets, Target, by=by, reason=reason, batch_size=1000)
    return plan
