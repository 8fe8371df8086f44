"""Access policies of the planning app's URLs (legalaid.policy explains the declaration).

Reading reaches the plans of the units above the user (their centre's plan); writing only their
own subtree (and a centre's department its centre): ``planning.access``."""

from __future__ import annotations

from legalaid.policy import FORM, POST, Kind, Policy, Scope

from . import access

NAMESPACE = "planning"
VIEW = "planning.view_plan"


def _activities(plans):
    from .models import Activity

    return lambda user: Activity.objects.filter(plan__in=plans(user))


PLAN = Scope("planning.Plan", access.plans_for_user)
PLAN_WRITE = Scope("planning.Plan", access.plans_to_write)
ACTIVITY = Scope("planning.Activity", _activities(access.plans_for_user), unit="plan__unit")
ACTIVITY_WRITE = Scope("planning.Activity", _activities(access.plans_to_write), unit="plan__unit")


def _target_kwargs(target):
    return {"pk": target.activity_id, "target_pk": target.pk}


def _targets(plans):
    from .models import Target

    return lambda user: Target.objects.filter(activity__plan__in=plans(user))


TARGETS = Scope("planning.Target", _targets(access.plans_for_user), unit="activity__plan__unit")
TARGET_WRITE = Scope(
    "planning.Target", _targets(access.plans_to_write), unit="activity__plan__unit", kwargs=_target_kwargs
)

POLICIES = {
    "index": Policy(Kind.PAGE, VIEW),
    "import": Policy(Kind.PAGE, "planning.add_plan", methods=FORM, writes=True),
    "plan": Policy(Kind.PAGE, VIEW, scope=PLAN),
    "plan_pdf": Policy(Kind.PDF, VIEW, scope=PLAN),
    "report_pdf": Policy(Kind.PDF, VIEW, scope=PLAN),
    "copy": Policy(Kind.ACTION, "planning.add_plan", methods=POST, writes=True, scope=PLAN_WRITE),
    "plan_status": Policy(Kind.ACTION, "planning.change_plan", methods=POST, writes=True, scope=PLAN_WRITE),
    "plan_revise": Policy(Kind.ACTION, "planning.add_plan", methods=POST, writes=True, scope=PLAN_WRITE),
    "activity_list": Policy(Kind.PAGE, VIEW),
    "activity": Policy(Kind.PAGE, VIEW, scope=ACTIVITY, lists=(TARGETS,)),
    "activity_status": Policy(
        Kind.ACTION, "planning.change_activity", methods=POST, writes=True, scope=ACTIVITY_WRITE
    ),
    "activity_note": Policy(
        Kind.ACTION, "planning.add_progressnote", methods=POST, writes=True, scope=ACTIVITY_WRITE
    ),
    "target_add": Policy(Kind.ACTION, "planning.add_target", methods=POST, writes=True, scope=ACTIVITY_WRITE),
    "target_bind": Policy(
        Kind.ACTION, "planning.change_target", methods=POST, writes=True, scope=TARGET_WRITE
    ),
}
