"""Access policies of the outreach app's URLs (legalaid.policy explains the declaration)."""

from __future__ import annotations

from legalaid.policy import FORM, POST, Kind, Policy, Scope

from . import access

NAMESPACE = "outreach"
VIEW = "outreach.view_session"


def _editions(user):
    from .models import LeafletEdition

    return LeafletEdition.objects.filter(leaflet__in=access.leaflets_for(user))


def _photos(user):
    from .models import SessionPhoto

    return SessionPhoto.objects.filter(session__in=access.sessions_for(user))


SESSION = Scope("outreach.Session", access.sessions_for, unit="lead_unit")
PLACE = Scope("outreach.Place", access.places_for)
BOARD = Scope("outreach.Board", access.boards_for, unit="place__unit")
EDITION = Scope("outreach.LeafletEdition", _editions, unit="leaflet__unit")
PHOTO = Scope("outreach.SessionPhoto", _photos, unit="session__lead_unit")

POLICIES = {
    "index": Policy(Kind.PAGE, VIEW),
    "coverage": Policy(Kind.PAGE, VIEW),
    "session_list": Policy(Kind.PAGE, VIEW),
    "session_create": Policy(Kind.PAGE, "outreach.add_session", methods=FORM, writes=True),
    "session_detail": Policy(Kind.PAGE, VIEW, scope=SESSION),
    "session_edit": Policy(Kind.PAGE, "outreach.change_session", methods=FORM, writes=True, scope=SESSION),
    "session_photos_add": Policy(
        Kind.ACTION, "outreach.add_sessionphoto", methods=POST, writes=True, scope=SESSION
    ),
    "session_handout_add": Policy(
        Kind.ACTION, "outreach.add_distribution", methods=POST, writes=True, scope=SESSION
    ),
    "photo": Policy(Kind.FILE, VIEW, scope=PHOTO),
    "place_list": Policy(Kind.PAGE, "outreach.view_place"),
    "place_create": Policy(Kind.PAGE, "outreach.add_place", methods=FORM, writes=True),
    "place_detail": Policy(Kind.PAGE, "outreach.view_place", methods=FORM, scope=PLACE),
    "board_detail": Policy(Kind.PAGE, "outreach.view_board", methods=FORM, scope=BOARD),
    "replacement_list": Policy(Kind.PAGE, "outreach.view_board"),
    "leaflet_list": Policy(Kind.PAGE, "outreach.view_leaflet", methods=FORM),
    "edition_detail": Policy(Kind.PAGE, "outreach.view_leaflet", methods=FORM, scope=EDITION),
    "media_list": Policy(Kind.PAGE, "outreach.view_mediaitem", methods=FORM),
    "targets": Policy(Kind.PAGE, "outreach.view_target", methods=FORM),
}
