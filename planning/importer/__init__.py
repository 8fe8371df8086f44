"""Read a plan from plain text (or a .docx turned into text): header, parts, the tree of phases,
topics and activities, attribute lines, closing, recipients and signature.

Pure Python, no database: ``parse_plan(text)`` returns a ``ParsedPlan`` the preview page shows
and ``planning.services.plan_import`` saves. Everything it could not place is listed in
``unparsed``. The package: ``document`` (what a plan is read into), ``lines`` (reading one line
and a Word file), ``parser`` (the walk through the text).
"""

from planning.importer.document import NodeKind, ParsedPlan, PartKind, PlanKind, TargetSpec, UnitRef
from planning.importer.lines import docx_to_text, parse_units
from planning.importer.parser import parse_plan

__all__ = [
    "NodeKind",
    "ParsedPlan",
    "PartKind",
    "PlanKind",
    "TargetSpec",
    "UnitRef",
    "docx_to_text",
    "parse_plan",
    "parse_units",
]
