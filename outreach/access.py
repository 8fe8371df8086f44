"""Who sees which outreach record: the users of the record's unit subtree (a session's lead
unit, a place's unit in charge, a distribution's or media item's unit). Leaflet titles are the
centre's catalogue, so they are also seen from the units below the publishing one.

Every helper 404s outside the user's scope, so a guessed URL reveals nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from legalaid.models import Unit
from legalaid.roles import scope_queryset
from outreach.models import Board, Leaflet, LeafletEdition, MediaItem, Place, Session, SessionPhoto, Target

if TYPE_CHECKING:
    from legalaid.models import User


def user_scope(user: User) -> Unit | None:
    """The unit whose subtree the user sees (None: everything, for superusers)."""
    if user.is_superuser:
        return None
    return user.unit


def sessions_for(user: User) -> QuerySet[Session]:
    return scope_queryset(Session.objects.all(), user, "lead_unit")


def places_for(user: User) -> QuerySet[Place]:
    return scope_queryset(Place.objects.all(), user, "unit")


def boards_for(user: User) -> QuerySet[Board]:
    return scope_queryset(Board.objects.all(), user, "place__unit")


def media_for(user: User) -> QuerySet[MediaItem]:
    return scope_queryset(MediaItem.objects.all(), user, "unit")


def targets_for(user: User) -> QuerySet[Target]:
    """Yearly targets set for the units of the user's subtree."""
    return scope_queryset(Target.objects.all(), user, "unit")


def leaflets_for(user: User) -> QuerySet[Leaflet]:
    if user.is_superuser:
        return Leaflet.objects.all()
    if user.unit is None:
        return Leaflet.objects.none()
    path = user.unit.path
    above = [path[:i] for i in range(Unit.PATH_STEP, len(path) + 1, Unit.PATH_STEP)]
    return Leaflet.objects.filter(Q(unit__path__startswith=path) | Q(unit__path__in=above))


def _one(queryset: QuerySet, pk: int):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_session_for_user(user: User, pk: int) -> Session:
    return _one(sessions_for(user).select_related("commune", "lead_unit", "recorded_by"), pk)


def get_place_for_user(user: User, pk: int) -> Place:
    return _one(places_for(user).select_related("commune", "unit", "body"), pk)


def get_board_for_user(user: User, pk: int) -> Board:
    return _one(boards_for(user).select_related("place", "place__commune", "place__unit"), pk)


def get_edition_for_user(user: User, pk: int) -> LeafletEdition:
    editions = LeafletEdition.objects.filter(leaflet__in=leaflets_for(user)).select_related(
        "leaflet", "leaflet__unit"
    )
    return _one(editions, pk)


def get_photo_for_user(user: User, pk: int) -> SessionPhoto:
    return _one(SessionPhoto.objects.filter(session__in=sessions_for(user)), pk)
