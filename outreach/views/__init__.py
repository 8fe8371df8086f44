"""Outreach pages, one module per kind of record. Views read the request, call the services and
render; they hold no rules. ``outreach.urls`` names every view from here."""

from outreach.views.boards import board_detail, place_create, place_detail, place_list, replacement_list
from outreach.views.leaflets import edition_detail, leaflet_list
from outreach.views.media import media_list
from outreach.views.overview import coverage_page, index, targets
from outreach.views.sessions import (
    photo,
    session_create,
    session_detail,
    session_edit,
    session_handout_add,
    session_list,
    session_photos_add,
)

__all__ = [
    "board_detail",
    "coverage_page",
    "edition_detail",
    "index",
    "leaflet_list",
    "media_list",
    "photo",
    "place_create",
    "place_detail",
    "place_list",
    "replacement_list",
    "session_create",
    "session_detail",
    "session_edit",
    "session_handout_add",
    "session_list",
    "session_photos_add",
    "targets",
]
