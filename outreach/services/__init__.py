"""Outreach workflows (keyword-only, named <entity>_<action>), one module per kind of work:

- ``boards``: places where information is posted, their boards and boxes;
- ``leaflets``: leaflets, editions, print runs and the copies handed out;
- ``sessions``: communication and mobile sessions with their staff, handouts and photos;
- ``media``: media items and the yearly targets.

Every write that touches several rows runs in one transaction; the rows a rule depends on are
locked first (a board for its log, an edition for its stock, a session for its version). A
service that refuses raises ``legalaid.refusal.Refusal`` with a Vietnamese message and, where it
concerns one input, the form field. Every name is importable from ``outreach.services``.
"""

from outreach.services.boards import (
    board_inspect,
    board_install,
    board_plan_replacement,
    board_replace,
    place_create,
    place_update,
    replacement_list,
)
from outreach.services.leaflets import (
    distribution_record,
    edition_available_on,
    edition_create,
    edition_label,
    edition_lowest_stock,
    edition_stock,
    leaflet_create,
    print_run_record,
)
from outreach.services.media import media_item_record, target_set
from outreach.services.sessions import (
    PHOTO_FORMATS,
    PHOTO_MAX_BYTES_DEFAULT,
    PHOTO_MAX_PIXELS,
    SESSION_EDITABLE,
    LeafletHandout,
    photo_max_bytes,
    photo_validate,
    session_photo_add,
    session_record,
    session_update,
)

__all__ = [
    "PHOTO_FORMATS",
    "PHOTO_MAX_BYTES_DEFAULT",
    "PHOTO_MAX_PIXELS",
    "SESSION_EDITABLE",
    "LeafletHandout",
    "board_inspect",
    "board_install",
    "board_plan_replacement",
    "board_replace",
    "distribution_record",
    "edition_available_on",
    "edition_create",
    "edition_label",
    "edition_lowest_stock",
    "edition_stock",
    "leaflet_create",
    "media_item_record",
    "photo_max_bytes",
    "photo_validate",
    "place_create",
    "place_update",
    "print_run_record",
    "replacement_list",
    "session_photo_add",
    "session_record",
    "session_update",
    "target_set",
]
