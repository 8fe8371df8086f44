"""Who may see and do what with the staffing records: one function per question, called by every
page, list, count, export and notice of the staffing app (and by its services).

- ``visible_people(user)``: the people a user may see at all (their unit's subtree).
- ``get_person_for_user(user, pk)``: one person, or 404 outside what the user may see.
- ``may_change_person(user)``: whether the user may change a person's status.
- ``figures_scope(user)``: the unit whose subtree a user's figures (quotas) cover.
- ``filter_units(user)``: the units a user may narrow a list to.
- ``export_units(user)`` and ``check_export(user, unit, permission)``: whose records a user may
  export for the Ministry's software (the cases' export asks the same).
- ``may_publish(user)`` and ``publishable_people(user)``: who may publish people on the public
  roster or withdraw them, and whom (their unit's subtree).
- ``public_people(on)`` and ``public_facts(person)``: who is on the public roster, and the only
  facts about them that may be published.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from legalaid.models import Unit, User
from legalaid.roles import may_see_unit, scope_queryset, visible_units
from staffing.models import Person, PersonQuerySet

CHANGE_PERSON = "staffing.change_person"
PUBLISH_PERSON = "staffing.publish_person"
EXPORT_UNIT_KINDS = (Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH)


def visible_people(user: User) -> PersonQuerySet:
    """People ``user`` may see: those of their unit's subtree (everyone for a superuser)."""
    return scope_queryset(Person.objects.all(), user)


def get_person_for_user(user: User, pk: int) -> Person:
    """One person with what their page shows, or 404 for a person outside the user's units, so a
    guessed URL reveals nothing."""
    person = (
        visible_people(user)
        .select_related("unit", "commune", "ethnicity", "user")
        .prefetch_related("fields", "minority_languages")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def may_change_person(user: User) -> bool:
    return user.has_perm(CHANGE_PERSON)


def may_publish(user: User) -> bool:
    """Whether ``user`` may publish people on the public roster and withdraw them (the centre's
    director and the administrators, staffing/apps.py)."""
    return user.is_active and user.has_perm(PUBLISH_PERSON)


def publishable_people(user: User) -> PersonQuerySet:
    """The people ``user`` may publish or withdraw: none without the permission, else those of
    their unit's subtree (a branch's director publishes only the branch's people)."""
    if not may_publish(user):
        return Person.objects.none()
    return visible_people(user)


def figures_scope(user: User) -> Unit | None:
    """The unit whose subtree the user's figures cover (None: everything)."""
    return None if user.is_superuser else user.unit


def filter_units(user: User) -> QuerySet[Unit]:
    return visible_units(user).filter(kind__in=Unit.INTERNAL_KINDS)


def export_units(user: User) -> QuerySet[Unit]:
    """The units whose records ``user`` may export: their own subtree (legalaid.roles)."""
    return visible_units(user).filter(kind__in=EXPORT_UNIT_KINDS).order_by("path")


def check_export(user: User, unit: Unit, permission: str) -> None:
    """Asked again in the background job: rights may have changed since the job was queued."""
    if not user.is_active or not user.has_perm(permission) or not may_see_unit(user, unit):
        raise PermissionDenied(_("You may not export the records of this unit."))


def public_people(*, on: date) -> PersonQuerySet:
    """Who the public roster lists on ``on``: people published by then and not withdrawn, still
    active performers with their card (and, for lawyers and advisers, their contract) in force
    that day. A card or contract that ends takes the person off without anyone acting."""
    return Person.objects.roster_eligible(on).published(on)


def public_facts(person: Person) -> dict[str, Any]:
    """The only facts the roster publishes (name, kind, unit or organisation, fields, commune,
    card number): never the citizen ID, date of birth, phone, e-mail or address. Prefetch
    ``fields`` and select ``unit`` and ``commune``."""
    return {
        "full_name": person.full_name,
        "kind": person.get_kind_display(),
        "organisation": person.public_organisation(),
        "fields": [f.name for f in person.fields.all()],
        "commune": person.commune.name if person.commune else "",
        "card_number": person.card_number,
    }
