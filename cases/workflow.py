"""The case state machine in one table: which action may be taken from which state, into which
state, by whom, through which form and which service. ``cases.services`` has one function per
action; the case page asks ``allowed_actions`` which buttons to show, and the one action view
(``cases.views.case.action``) binds the action's form and calls its service. Nothing else
changes ``Case.status``.

Actors are roles (``legalaid.roles.Role``) or a relation to the case: ``PERFORMER_OF_CASE`` is
the user account of the person appointed to perform it, ``APPRAISER_OF_CASE`` the assistant
assigned to appraise it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from legalaid.refusal import Refusal
from legalaid.roles import Role, roles_of

from .models import Case, CaseEvent, Event

S = Case.Status
PERFORMER_OF_CASE = "case_performer"
APPRAISER_OF_CASE = "case_appraiser"


# The steps of the table are the events of the same names, under the labels of their buttons:
# declared once, in cases.models.Event.
STEPS = [
    Event.REQUEST_PAPERS,
    Event.ACCEPT,
    Event.REFUSE,
    Event.REFER,
    Event.APPOINT,
    Event.REQUEST_REPLACEMENT,
    Event.DECIDE_REPLACEMENT,
    Event.LOG_WORK,
    Event.SUSPEND,
    Event.RESUME,
    Event.TERMINATE,
    Event.COMPLETE,
    Event.ASSIGN_APPRAISAL,
    Event.APPRAISE,
]
Action = models.TextChoices("Action", [(step.name, (step.value, step.label)) for step in STEPS])


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the case stays in its state
    actors: frozenset[str]
    # Dotted paths, imported when first used: the services import this table, and the forms
    # import the services.
    form: str = ""
    service: str = ""

    @property
    def form_class(self) -> type:
        """The action's form: ``Form(data, files, *, case, user, params)``, whose
        ``service_kwargs()`` are the service's arguments besides the case and the actor."""
        return import_string(self.form)

    @property
    def service_function(self) -> Callable[..., Any]:
        """The service that takes the action: ``service(case=…, by=…, **form.service_kwargs())``."""
        return import_string(self.service)


def _t(sources, target, actors, form: str, service: str) -> Transition:
    return Transition(
        frozenset(str(s) for s in sources),
        str(target) if target else None,
        frozenset(str(a) for a in actors),
        form=f"cases.forms.{form}",
        service=f"cases.services.{service}",
    )


D, IO = Role.DIRECTOR, Role.INTAKE_OFFICER
OPEN_BEFORE_COMPLETION = (S.RECEIVED, S.NEEDS_PAPERS, S.ACCEPTED, S.ASSIGNED, S.SUSPENDED)

BEFORE_ACCEPTANCE = (S.RECEIVED, S.NEEDS_PAPERS)
PERFORMED = (S.ASSIGNED, S.SUSPENDED)
PERFORMER = (PERFORMER_OF_CASE, D)

# action: (from, to, who, form in cases.forms, service in cases.services)
TRANSITIONS: dict[str, Transition] = {
    Action.REQUEST_PAPERS: _t(
        BEFORE_ACCEPTANCE, S.NEEDS_PAPERS, (IO, D), "RequestPapersForm", "case_request_papers"
    ),
    Action.ACCEPT: _t(BEFORE_ACCEPTANCE, S.ACCEPTED, (IO, D), "AcceptForm", "case_accept"),
    Action.REFUSE: _t(BEFORE_ACCEPTANCE, S.REFUSED, (D,), "RefuseForm", "case_refuse"),
    Action.REFER: _t(BEFORE_ACCEPTANCE, S.REFERRED, (IO, D), "ReferForm", "case_refer"),
    Action.APPOINT: _t([S.ACCEPTED], S.ASSIGNED, (D,), "AppointForm", "case_appoint"),
    Action.REQUEST_REPLACEMENT: _t(
        PERFORMED, None, (IO, D), "ReplacementRequestForm", "case_request_replacement"
    ),
    Action.DECIDE_REPLACEMENT: _t(PERFORMED, None, (D,), "DecideReplacementForm", "case_decide_replacement"),
    Action.LOG_WORK: _t([S.ASSIGNED], None, PERFORMER, "WorkForm", "case_log_work"),
    Action.SUSPEND: _t([S.ASSIGNED], S.SUSPENDED, (D,), "SuspendForm", "case_suspend"),
    Action.RESUME: _t([S.SUSPENDED], S.ASSIGNED, (D,), "ResumeForm", "case_resume"),
    Action.TERMINATE: _t(OPEN_BEFORE_COMPLETION, S.TERMINATED, (D,), "TerminateForm", "case_terminate"),
    Action.COMPLETE: _t([S.ASSIGNED], S.COMPLETED, PERFORMER, "CompleteForm", "case_complete"),
    Action.ASSIGN_APPRAISAL: _t(
        [S.COMPLETED], S.UNDER_APPRAISAL, (D,), "AssignAppraisalForm", "appraisal_assign"
    ),
    Action.APPRAISE: _t(
        [S.UNDER_APPRAISAL], S.APPRAISED, (APPRAISER_OF_CASE,), "AppraiseForm", "appraisal_record"
    ),
}


def actor_roles(case: Case, user) -> frozenset[str]:
    """The user's roles plus their relation to this case."""
    if not user.is_authenticated:
        return frozenset()
    roles = set(roles_of(user))
    if user.is_superuser:
        roles.add(str(Role.DIRECTOR))
    performer = case.performer if case.performer_id else None
    if performer is not None and performer.user_id == user.pk:
        roles.add(PERFORMER_OF_CASE)
    appraisal = getattr(case, "appraisal", None) if case.pk else None
    if appraisal is not None and appraisal.appraiser_id == user.pk:
        roles.add(APPRAISER_OF_CASE)
    elif (
        appraisal is not None
        and appraisal.appraiser_id is None
        and str(Role.DIRECTOR) in roles
        and (user.is_superuser or (user.unit_id is not None and case.unit.path.startswith(user.unit.path)))
    ):
        # An appraiser without a login hands in the paper report: a director over the case's
        # unit records it for them, as for a performer without a login.
        roles.add(APPRAISER_OF_CASE)
    return frozenset(roles)


def _may_act_in_scope(case: Case, user, roles: frozenset[str]) -> bool:
    """Role-based actors act only on cases of their own subtree; relations act anywhere."""
    if user.is_superuser or roles & {PERFORMER_OF_CASE, APPRAISER_OF_CASE}:
        return True
    return user.unit_id is not None and case.unit.path.startswith(user.unit.path)


def right_refusal(case: Case, action: str, user) -> str | None:
    """Why ``user`` has no right to take ``action`` on ``case`` whatever its state (role, unit),
    or None when they have it. Asked before anything else about the request, the version the
    form was opened at included: a user without the right learns only that."""
    transition = TRANSITIONS.get(str(action))
    if transition is None:
        return str(_("Unknown action."))
    roles = actor_roles(case, user)
    allowed_roles = transition.actors & roles
    if not allowed_roles:
        return str(_("Your role does not allow this action on this case."))
    if allowed_roles <= {str(Role.DIRECTOR), str(Role.INTAKE_OFFICER)} and not _may_act_in_scope(
        case, user, roles
    ):
        return str(_("This case belongs to a unit outside yours."))
    return None


def state_refusal(case: Case, action: str, *, explain: bool = False) -> str | None:
    """Why ``action`` cannot be taken on ``case`` in its present state, or None. ``explain``:
    say since when and by whom the case is in that state (one query; for the person refused,
    not for choosing which buttons to show)."""
    transition = TRANSITIONS.get(str(action))
    if transition is None:
        return str(_("Unknown action."))
    if case.status not in transition.sources:
        moved = moved_on(case) if explain else None
        if moved is not None:
            return str(
                _(
                    "This step is no longer possible: the case moved on. It is now “%(status)s” "
                    "since %(when)s, moved there by %(who)s."
                )
                % {"status": case.get_status_display(), **moved}
            )
        return str(
            _("This action is not possible while the case is “%(status)s”.")
            % {"status": case.get_status_display()}
        )
    return None


def moved_on(case: Case) -> dict[str, str] | None:
    """When and by whom the case was moved into its present state (the latest timeline event
    that brought it there), or None when the timeline does not say."""
    event = (
        CaseEvent.objects.filter(case=case, to_status=case.status)
        .exclude(from_status=models.F("to_status"))
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if event is None:
        return None
    return {
        "when": timezone.localtime(event.at).strftime("%H:%M %d/%m/%Y"),
        "who": event.actor.full_name if event.actor is not None else str(_("the system")),
    }


def refusal(case: Case, action: str, user) -> str | None:
    """Why ``user`` may not take ``action`` on ``case`` now, or None when they may: the right
    to act first, then the state."""
    return right_refusal(case, action, user) or state_refusal(case, action)


def check_right(case: Case, action: str, user) -> None:
    reason = right_refusal(case, action, user)
    if reason is not None:
        raise Refusal(reason)


def check(case: Case, action: str, user) -> Transition:
    reason = right_refusal(case, action, user) or state_refusal(case, action, explain=True)
    if reason is not None:
        raise Refusal(reason)
    return TRANSITIONS[str(action)]


def allowed_actions(case: Case, user) -> list[str]:
    return [str(action) for action in Action if refusal(case, action, user) is None]
