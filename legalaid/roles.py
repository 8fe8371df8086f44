"""Roles, their permissions, and the one place that answers "may this user see this unit".

Roles are Django groups. Each app adds the permissions its roles need with ``grant()`` in its
``AppConfig.ready()``; after every migration ``sync_roles`` makes the groups match. Scoping is
by the organisation tree: a user sees their own unit and everything below it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from legalaid.models import Unit, User


class Role(models.TextChoices):
    DIRECTOR = "director", _("Centre director")
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    ASSISTANT = "assistant", _("Legal-aid assistant")
    PERFORMER = "performer", _("Contracted lawyer or collaborator")
    OFFICIAL = "official", _("Department of Justice official")
    ADMINISTRATOR = "administrator", _("Administrator")


# role -> {"app_label.codename", ...}; filled by grant() from each app's ready().
_ROLE_PERMISSIONS: dict[str, set[str]] = defaultdict(set)


def grant(role: Role | str, *permissions: str) -> None:
    _ROLE_PERMISSIONS[str(role)].update(permissions)


def role_permissions(role: Role | str) -> frozenset[str]:
    return frozenset(_ROLE_PERMISSIONS[str(role)])


def sync_roles(using: str = "default", **kwargs) -> None:
    """post_migrate: one group per role, holding exactly the permissions granted to it.

    Django sends post_migrate once per app and this receiver runs before auth's own, so the
    permissions of every app are created first: otherwise the last app's would be missing."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = role_permissions(role)
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:  # an app not migrated yet: the next post_migrate adds it
                perms.append(perm)
        group.permissions.set(perms)


def roles_of(user: User) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get("_role_cache")
    if cached is None:
        cached = user.__dict__["_role_cache"] = frozenset(user.groups.values_list("name", flat=True))
    return cached


def has_role(user: User, *roles: Role | str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def assign_role(user: User, role: Role | str) -> None:
    user.groups.add(Group.objects.get(name=str(role)))
    user.__dict__.pop("_role_cache", None)


def visible_units(user: User) -> models.QuerySet[Unit]:
    """The units whose records this user may see: their unit's subtree (all for superusers)."""
    from legalaid.models import Unit

    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    unit = user.unit
    if unit is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=unit.path)


def scope_queryset(queryset: models.QuerySet, user: User, unit_field: str = "unit"):
    """Restrict any queryset of records that belong to a unit to what ``user`` may see."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    unit = user.unit if user.is_authenticated else None
    if unit is None:
        return queryset.none()
    return queryset.filter(**{f"{unit_field}__path__startswith": unit.path})


def may_see_unit(user: User, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    own = user.unit
    return own is not None and unit.path.startswith(own.path)


def get_unit_for_user(user: User, pk: int) -> Unit:
    """The access helper for units: 404 for a unit outside the user's subtree, so a guessed
    URL reveals nothing, not even that the unit exists."""
    from legalaid.models import Unit

    unit = Unit.objects.select_related("parent", "province").filter(pk=pk).first()
    if unit is None or not may_see_unit(user, unit):
        raise Http404
    return unit


def require_permission(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def home_centre(user: User) -> Unit | None:
    """The centre a user works for, or the first centre in their scope (officials above it)."""
    from legalaid.models import Unit

    if user.unit is not None:
        own = user.unit.centre()
        if own is not None:
            return own
    return visible_units(user).filter(kind=Unit.Kind.CENTRE).order_by("path").first()
