"""Who may read and who may write which plans: one function per question, called by every page,
PDF and action of the app.

Reading reaches up as well as down: a department's or a branch's staff work to their centre's
plan, so they read the plans of the units above them. Writing reaches only down: a user changes
the plans of their own unit's subtree; a department (Phòng) of a centre is part of the centre's
office and follows the centre's plan up ("theo dõi, đôn đốc"), so it writes to the centre's plan
too. A branch never writes to the centre's plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from legalaid.models import Unit
from planning.models import Activity, Plan

if TYPE_CHECKING:
    from legalaid.models import User


def units_in_sight(user: User) -> QuerySet[Unit]:
    """The units whose plans a user reads: their subtree and the units above them."""
    if user.is_superuser:
        return Unit.objects.all()
    unit = user.unit if user.is_authenticated else None
    if unit is None:
        return Unit.objects.none()
    path = unit.path
    above = [path[:i] for i in range(Unit.PATH_STEP, len(path) + 1, Unit.PATH_STEP)]
    return Unit.objects.filter(Q(path__startswith=path) | Q(path__in=above))


def units_to_write(user: User) -> QuerySet[Unit]:
    """The units whose plans a user may change: their own subtree, and their centre when they
    work in one of its departments; never a unit above them otherwise."""
    if user.is_superuser:
        return Unit.objects.all()
    unit = user.unit if user.is_authenticated else None
    if unit is None:
        return Unit.objects.none()
    own = Q(path__startswith=unit.path)
    if unit.kind == Unit.Kind.DEPARTMENT and (centre := unit.centre()) is not None:
        own |= Q(pk=centre.pk)
    return Unit.objects.filter(own)


def plans_for_user(user: User) -> QuerySet[Plan]:
    """Plans a user reads: those of the units in their sight."""
    qs = Plan.objects.select_related("unit")
    if user.is_superuser:
        return qs
    return qs.filter(unit__in=units_in_sight(user))


def plans_to_write(user: User) -> QuerySet[Plan]:
    """Plans a user may change (their activities, targets, status, a copy to next year)."""
    qs = Plan.objects.select_related("unit")
    if user.is_superuser:
        return qs
    return qs.filter(unit__in=units_to_write(user))


def owner_units(user: User) -> QuerySet[Unit]:
    """Units a user may import a plan for: the internal units they write to."""
    return units_to_write(user).filter(kind__in=Unit.INTERNAL_KINDS).order_by("path")


def get_plan_for_user(user: User, pk: int, *, write: bool = False) -> Plan:
    """The plan, or 404 when the user may not read it (or, with ``write``, may not change it)."""
    plans = plans_to_write(user) if write else plans_for_user(user)
    plan = plans.filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_activity_for_user(user: User, pk: int, *, write: bool = False) -> Activity:
    """The activity with its plan, or 404 as for ``get_plan_for_user``."""
    activity = Activity.objects.select_related("plan", "plan__unit").filter(pk=pk).first()
    plans = plans_to_write(user) if write else plans_for_user(user)
    if activity is None or not plans.filter(pk=activity.plan_id).exists():
        raise Http404
    return activity
