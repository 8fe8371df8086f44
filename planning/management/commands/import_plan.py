"""python manage.py import_plan PATH [--dry-run] [--unit ID] [--json]

Prints one line per activity (number, title, lead, coordinating, time window: the original
words -> the dates and recurrence read from them), the lines it could not place, the leads it
found in no unit of the organisation, and a last line with the counts. With ``--dry-run --json``,
one JSON object describing the plan: ``{"sections", "activities": [{"title", "lead",
"coordinating", "start", "end"}], "unparsed"}``; with ``--json`` alone, the import's counts in
the shape every import command prints. Without --dry-run the plan is saved for the unit given
(default: the first legal-aid centre).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from legalaid.commands import BaseCommand, number
from legalaid.models import Unit
from legalaid.refusal import Refusal
from planning.importer import ParsedPlan, docx_to_text, parse_plan
from planning.importer.document import Node, UnitRef
from planning.models import Recurrence
from planning.services import candidate_units, plan_import, unit_match
from planning.timewindow import TimeWindow


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, in the active language
        return _(
            "Import a plan from a .docx or plain-text file. With --dry-run --json, print the plan read as "
            'one JSON object: {"sections", "activities": [{"title", "lead", "coordinating", "start", '
            '"end"}], "unparsed"}. With --json alone, print the import\'s counts: {"new", "updated", '
            '"unchanged", "invalid", "errors": [{"row", "column", "message"}]}, "row" being the line of the '
            "text file or the paragraph of the Word document, counted from 1."
        )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help=_("Read and report, save nothing."))
        parser.add_argument("--unit", type=int, help=_("Primary key of the unit the plan belongs to."))
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("Print one JSON object for scripts.")
        )

    def handle(self, *args, path, dry_run, unit=None, as_json=False, **options):
        parsed = parse_plan(read_text(Path(path)))
        if dry_run and as_json:
            self.stdout.write(dumps(preview(parsed, unit_names(parsed, unit))))
            return
        if not as_json:
            for activity in parsed.activities():
                self.stdout.write(describe_activity(activity))
            for row, text in parsed.unparsed:
                self.stdout.write(_("Line %(row)s not placed: %(text)s") % {"row": row, "text": text})
            names = unit_names(parsed, unit)
            unmatched = [ref.name for ref in lead_refs(parsed) if names.get(ref.name) is None]
            if unmatched and names.organisation:
                self.stdout.write(
                    _("Leads not found in the organisation: %(names)s")
                    % {"names": "; ".join(dict.fromkeys(unmatched))}
                )
            self.stdout.write(
                _("sections: %(sections)s, activities: %(activities)s, lines not understood: %(unparsed)s")
                % {
                    "sections": number(len(parsed.sections())),
                    "activities": number(len(parsed.activities())),
                    "unparsed": number(len(parsed.unparsed)),
                }
            )
        created = len(parsed.activities())
        if not dry_run:
            plan = plan_import(parsed=parsed, unit=owner_unit(unit), by=None)
            created = plan.activities.count()
            if not as_json:
                self.stdout.write(
                    _("Plan %(pk)s saved: %(count)s activities.") % {"pk": plan.pk, "count": number(created)}
                )
        if as_json:
            self.stdout.write(dumps(summary(parsed, created)))


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def read_text(file: Path) -> str:
    if not file.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": file})
    data = file.read_bytes()
    if file.suffix.lower() == ".docx":
        return docx_to_text(data, name=file.name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal(_("The file is neither a Word .docx document nor UTF-8 text.")) from None


def owner_unit(pk: int | None) -> Unit:
    owner = Unit.objects.filter(pk=pk).first() if pk else Unit.objects.filter(kind=Unit.Kind.CENTRE).first()
    if owner is None:
        raise Refusal(_("No unit to own the plan: give --unit ID of a legal-aid centre."))
    return owner


def lead_refs(parsed: ParsedPlan) -> list[UnitRef]:
    return [ref for activity in parsed.activities() for ref in activity.lead]


class UnitNames(dict):
    """Each body the plan names -> the name of the unit it matches, or None."""

    organisation = False  # whether there was an organisation to match against


def unit_names(parsed: ParsedPlan, pk: int | None) -> UnitNames:
    """Each body the plan names to the name of the unit it matches in the organisation tree of
    the owner (``--unit``, else the first centre), or None; all None without an organisation."""
    owner = Unit.objects.filter(pk=pk).first() if pk else Unit.objects.filter(kind=Unit.Kind.CENTRE).first()
    names = parsed.unit_names()
    result = UnitNames.fromkeys(names)
    if owner is not None:
        result.organisation = True
        for name, unit in unit_match(names, candidate_units(owner)).items():
            result[name] = unit.name if unit else None
    return result


def preview(parsed: ParsedPlan, names: dict[str, str | None]) -> dict:
    """What a dry run with --json prints: the sections counted, each activity with its lead and
    coordinating bodies (as matched in the organisation, else as written), its window's first and
    last days (ISO, or null), and the lines that could not be placed."""

    def name(ref: UnitRef) -> str:
        return names.get(ref.name) or ref.name

    activities = []
    for node in parsed.activities():
        window = node.window if node.window is not None and node.window.parsed else TimeWindow()
        end = window.end or window.deadline
        activities.append(
            {
                "title": node.title,
                "lead": "; ".join(dict.fromkeys(name(ref) for ref in node.lead)) or None,
                "coordinating": list(dict.fromkeys(name(ref) for ref in node.coordinating)),
                "start": window.start.isoformat() if window.start else None,
                "end": end.isoformat() if end else None,
            }
        )
    return {
        "sections": len(parsed.sections()),
        "activities": activities,
        "unparsed": [text for _row, text in parsed.unparsed],
    }


def summary(parsed: ParsedPlan, created: int) -> dict:
    """The import's figures in the shape every import command prints with --json."""
    errors = []
    times = {}
    for activity in parsed.activities():
        if activity.time_text and activity.window is not None and not activity.window.parsed:
            times[activity.time_line or activity.line] = activity
    for row, text in parsed.unparsed:
        if row in times:
            errors.append(
                {
                    "row": row,
                    "column": _("time window"),
                    "message": _("The time “%(words)s” was not understood.")
                    % {"words": times[row].time_text},
                }
            )
        else:
            errors.append(
                {"row": row, "column": "", "message": _("Line not understood: %(text)s") % {"text": text}}
            )
    return {"new": created, "updated": 0, "unchanged": 0, "invalid": len(errors), "errors": errors}


def describe_activity(node: Node) -> str:
    """One line per activity: number, title, lead, coordinating, time window."""
    window = node.window or TimeWindow()
    return _(
        "%(number)s | %(title)s | lead: %(lead)s | coordinating: %(coordinating)s "
        "| time: %(words)s → %(window)s"
    ) % {
        "number": node.number,
        "title": node.title,
        "lead": ", ".join(ref.name for ref in node.lead) or "-",
        "coordinating": ", ".join(ref.name for ref in node.coordinating) or "-",
        "words": node.time_text or _("(as the part above)"),
        "window": describe_window(window) if window.parsed else _("NOT UNDERSTOOD"),
    }


def describe_window(window: TimeWindow) -> str:
    """'01/01/2025 – 31/03/2025, once': the dates and recurrence read from the words."""
    parts = []
    if window.start or window.end:
        parts.append(f"{_day(window.start)} – {_day(window.end)}")
    parts.append(str(Recurrence(window.recurrence).label))
    if window.deadline:
        parts.append(_("deadline %(date)s") % {"date": _day(window.deadline)})
    if window.yearly_deadline:
        month, day = window.yearly_deadline
        parts.append(_("by %(date)s every year") % {"date": f"{day:02d}/{month:02d}"})
    if window.relative_working_days is not None:
        parts.append(
            _("%(days)s working days after: %(trigger)s")
            % {"days": window.relative_working_days, "trigger": window.trigger}
        )
    if window.schedule:
        parts.append(_("in %(years)s") % {"years": ", ".join(str(year) for year, _words in window.schedule)})
    return ", ".join(parts)


def _day(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "?"
