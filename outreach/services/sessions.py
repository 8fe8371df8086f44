"""Communication and mobile sessions: recorded with their staff, leaflets handed out and photos,
all or nothing; changed under a version check; photos checked to be real pictures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from legalaid.models import Commune, LegalField, Unit
from legalaid.refusal import CONFLICT, Refusal
from outreach.models import LeafletEdition, Session, SessionPhoto
from outreach.services.common import _d, _not_in_future
from outreach.services.leaflets import distribution_record, edition_label, edition_lowest_stock

if TYPE_CHECKING:
    from legalaid.models import User

PHOTO_MAX_BYTES_DEFAULT = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass
class LeafletHandout:
    edition: LeafletEdition
    quantity: int


def _check_session(
    *, held_on: date, lead_unit: Unit, attendees: int, attendees_women: int, attendees_minority: int, staff
) -> None:
    _not_in_future(held_on, _("The date of the session"), field="held_on")
    if not lead_unit.is_internal:
        raise Refusal(_("The lead unit must be a unit of the centre."), field="lead_unit")
    if attendees_women > attendees:
        raise Refusal(
            _("The number of women (%(women)s) cannot be more than the number of attendees (%(total)s).")
            % {"women": attendees_women, "total": attendees},
            field="attendees_women",
        )
    if attendees_minority > attendees:
        raise Refusal(
            _(
                "The number of ethnic-minority people (%(minority)s) cannot be more than the number "
                "of attendees (%(total)s)."
            )
            % {"minority": attendees_minority, "total": attendees},
            field="attendees_minority",
        )
    outsiders = [
        p.full_name for p in staff if p.unit_id is None or not p.unit.path.startswith(lead_unit.path)
    ]
    if outsiders:
        raise Refusal(
            _("%(names)s do not work in %(unit)s; name them as partners instead.")
            % {"names": ", ".join(outsiders), "unit": lead_unit.name},
            field="staff",
        )


def session_record(
    *,
    kind: str,
    held_on: date,
    commune: Commune,
    lead_unit: Unit,
    attendees: int,
    by: User | None,
    village: str = "",
    attendees_women: int = 0,
    attendees_minority: int = 0,
    staff: Sequence = (),
    partners: str = "",
    topics: str = "",
    fields: Iterable[LegalField] = (),
    programme: str = "",
    notes: str = "",
    handouts: Sequence[LeafletHandout] = (),
    photos: Sequence = (),
) -> Session:
    """Record a session with its staff, leaflets handed out and photos, all or nothing."""
    staff = list(staff)
    _check_session(
        held_on=held_on,
        lead_unit=lead_unit,
        attendees=attendees,
        attendees_women=attendees_women,
        attendees_minority=attendees_minority,
        staff=staff,
    )
    checked_photos = [(upload, photo_validate(upload)) for upload in photos]
    saved: list[SessionPhoto] = []
    try:
        with transaction.atomic():
            session = Session.objects.create(
                kind=kind,
                held_on=held_on,
                commune=commune,
                village=" ".join(village.split()),
                lead_unit=lead_unit,
                partners=partners,
                attendees=attendees,
                attendees_women=attendees_women,
                attendees_minority=attendees_minority,
                topics=topics,
                programme=programme,
                notes=notes,
                recorded_by=by,
            )
            session.staff.set(staff)
            session.fields.set(list(fields))
            for handout in handouts:
                distribution_record(
                    edition=handout.edition,
                    distributed_on=held_on,
                    quantity=handout.quantity,
                    unit=lead_unit,
                    by=by,
                    session=session,
                )
            for upload, content_type in checked_photos:
                saved.append(_photo_save(session=session, upload=upload, content_type=content_type, by=by))
    except Exception:
        # Files are written before the rows commit: a failed session leaves no orphan on disk.
        for photo in saved:
            photo.image.delete(save=False)
        raise
    return session


SESSION_EDITABLE = (
    "kind",
    "held_on",
    "commune",
    "village",
    "lead_unit",
    "partners",
    "attendees",
    "attendees_women",
    "attendees_minority",
    "topics",
    "programme",
    "notes",
)


def session_update(
    *, session: Session, version: int, by: User | None, staff=None, fields=None, **changes
) -> Session:
    """Change a session; refused when someone else saved it since the form was opened."""
    unknown = set(changes) - set(SESSION_EDITABLE)
    if unknown:
        raise TypeError(f"session_update does not change {sorted(unknown)}")
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.version != version:
            raise Refusal(
                _(
                    "Someone else changed this session while you were editing it. "
                    "Open it again to see their changes."
                ),
                code=CONFLICT,
            )
        for key, value in changes.items():
            setattr(current, key, value)
        staff_list = list(staff) if staff is not None else list(current.staff.select_related("unit"))
        _check_session(
            held_on=current.held_on,
            lead_unit=current.lead_unit,
            attendees=current.attendees,
            attendees_women=current.attendees_women,
            attendees_minority=current.attendees_minority,
            staff=staff_list,
        )
        current.version += 1
        current.save()
        if "held_on" in changes:
            _move_session_handouts(current)
        if staff is not None:
            current.staff.set(staff_list)
        if fields is not None:
            current.fields.set(list(fields))
    return current


def _move_session_handouts(session: Session) -> None:
    """Leaflets handed out at a session go with its date; the move must leave every edition's
    stock at zero or above on every day."""
    handouts = list(session.distributions.exclude(distributed_on=session.held_on))
    if not handouts:
        return
    editions = LeafletEdition.objects.select_for_update().select_related("leaflet")
    for edition in editions.filter(pk__in={d.edition_id for d in handouts}).order_by("pk"):
        for handout in (d for d in handouts if d.edition_id == edition.pk):
            handout.distributed_on = session.held_on
            handout.save(update_fields=["distributed_on"])  # saved one by one: the history keeps it
        if edition_lowest_stock(edition) < 0:
            raise Refusal(
                _(
                    "The session cannot move to %(date)s: the leaflets “%(edition)s” handed out at it "
                    "were not yet printed or are no longer in stock on that day."
                )
                % {"date": _d(session.held_on), "edition": edition_label(edition)},
                field="held_on",
            )


def photo_max_bytes() -> int:
    return int(getattr(settings, "OUTREACH_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES_DEFAULT))


def photo_validate(upload) -> str:
    """Accept only a real JPEG or PNG picture within the size limit; return its content type.

    The content is opened with Pillow: a renamed PDF or script with a .jpg name is refused.
    """
    name = getattr(upload, "name", "") or ""
    limit = photo_max_bytes()
    if upload.size > limit:
        raise Refusal(
            _("The photo %(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": name,
                "size": f"{upload.size / 1048576:.1f}".replace(".", ","),
                "limit": limit // 1048576,
            }
        )
    if not name.lower().endswith((".jpg", ".jpeg", ".png")):
        raise Refusal(_("The file %(name)s is not a JPEG or PNG photo.") % {"name": name}, field="photos")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Refusal(
            _("The file %(name)s is not a JPEG or PNG photo.") % {"name": name}, field="photos"
        ) from None
    finally:
        upload.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise Refusal(_("The file %(name)s is not a JPEG or PNG photo.") % {"name": name}, field="photos")
    if width * height > PHOTO_MAX_PIXELS:
        raise Refusal(_("The photo %(name)s has too many pixels.") % {"name": name}, field="photos")
    return PHOTO_FORMATS[image_format]


def _photo_save(
    *, session: Session, upload, content_type: str, by: User | None, caption: str = ""
) -> SessionPhoto:
    upload.seek(0)
    photo = SessionPhoto(
        session=session, content_type=content_type, size=upload.size, caption=caption, uploaded_by=by
    )
    photo.image.save(upload.name, upload, save=False)
    try:
        photo.save()
    except Exception:
        photo.image.delete(save=False)
        raise
    return photo


def session_photo_add(*, session: Session, upload, by: User | None, caption: str = "") -> SessionPhoto:
    content_type = photo_validate(upload)
    with transaction.atomic():
        return _photo_save(session=session, upload=upload, content_type=content_type, by=by, caption=caption)
