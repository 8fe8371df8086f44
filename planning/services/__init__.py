"""What one can do to a plan, one module per thing a reader looks for:

- ``imports``: build a plan from its parsed text (``planning.importer`` reads the text);
- ``plans``: a plan's life: its status (the transition table), new versions, the copy to the
  next year;
- ``activities``: an activity followed up: status by hand, progress notes, targets;
- ``progress``: the live figures and statuses, of one plan and of all plans in force.

Every name is importable from ``planning.services`` as well. A service that refuses raises
``legalaid.refusal.Refusal`` with a Vietnamese message.
"""

from planning.services.activities import (
    activity_set_status,
    indicator_check,
    progress_note_add,
    target_add,
    target_bind,
)
from planning.services.imports import candidate_units, plan_import, unit_key, unit_match
from planning.services.plans import (
    TRANSITIONS,
    plan_copy_to_next_year,
    plan_revise,
    plan_set_status,
    plan_transitions,
)
from planning.services.progress import (
    PLANS_IN_FORCE,
    ActivityFilters,
    ActivityProgress,
    TargetProgress,
    activities_in_force,
    activities_progress,
    activity_window,
    due_in_quarter,
    plan_progress,
    plan_status_day,
    quarter_of,
    status_compute,
    status_cutoff,
    target_progress,
)

__all__ = [
    "PLANS_IN_FORCE",
    "TRANSITIONS",
    "ActivityFilters",
    "ActivityProgress",
    "TargetProgress",
    "activities_in_force",
    "activities_progress",
    "activity_set_status",
    "activity_window",
    "candidate_units",
    "due_in_quarter",
    "indicator_check",
    "plan_copy_to_next_year",
    "plan_import",
    "plan_progress",
    "plan_status_day",
    "plan_revise",
    "plan_set_status",
    "plan_transitions",
    "progress_note_add",
    "quarter_of",
    "status_compute",
    "status_cutoff",
    "target_add",
    "target_bind",
    "target_progress",
    "unit_key",
    "unit_match",
]
