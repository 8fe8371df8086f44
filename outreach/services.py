"""Outreach workflows (keyword-only, named <entity>_<action>) and the coverage figures.

Every write that touches several rows runs in one transaction; the rows a rule depends on are
locked first (a board for its log, an edition for its stock, a session for its version).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import Commune, LegalField, Unit
from outreach.models import (
    Board,
    BoardInspection,
    Distribution,
    Leaflet,
    LeafletEdition,
    MediaItem,
    Place,
    PrintRun,
    Session,
    SessionPhoto,
    Target,
)

if TYPE_CHECKING:
    from legalaid.models import User

PHOTO_MAX_BYTES_DEFAULT = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def _n(value: int) -> str:
    """12345 -> '12.345', the Vietnamese way of writing quantities."""
    return f"{value:,}".replace(",", ".")


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _not_in_future(day: date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            _("%(what)s (%(date)s) cannot be later than today.") % {"what": label, "date": _d(day)}
        )


# --- Places and boards -------------------------------------------------------------------------


def _check_place_body(kind: str, body: Unit | None) -> None:
    wanted = Place.BODY_KINDS.get(kind)
    if wanted is not None and body is None:
        raise ValidationError(
            _("A place of the kind “%(kind)s” must name its body from the organisation list.")
            % {"kind": Place.Kind(kind).label}
        )
    if body is not None and body.is_internal:
        raise ValidationError(
            _("%(body)s is a unit of the centre, not an outside body.") % {"body": body.name}
        )
    if body is not None and wanted is not None and body.kind != wanted:
        raise ValidationError(
            _("%(body)s is not a body of the kind “%(kind)s”.")
            % {"body": body.name, "kind": Place.Kind(kind).label}
        )


def place_create(
    *, name: str, kind: str, commune: Commune, unit: Unit, body: Unit | None = None, address: str = ""
) -> Place:
    _check_place_body(kind, body)
    if not unit.is_internal:
        raise ValidationError(_("The unit in charge must be a unit of the centre."))
    return Place.objects.create(
        name=name.strip(), kind=kind, commune=commune, unit=unit, body=body, address=address
    )


def place_update(*, place: Place, by: User | None = None, **changes) -> Place:
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place.pk)
        for key, value in changes.items():
            setattr(place, key, value)
        _check_place_body(place.kind, place.body)
        place.save()
    return place


def board_install(
    *, place: Place, installed_on: date, by: User | None, kind: str = Board.Kind.BOARD, notes: str = ""
) -> Board:
    _not_in_future(installed_on, _("The installation date"))
    with transaction.atomic():
        board = Board.objects.create(place=place, kind=kind, installed_on=installed_on, notes=notes)
        BoardInspection.objects.create(
            board=board,
            kind=BoardInspection.Kind.INSTALLED,
            on=installed_on,
            condition=Board.Condition.GOOD,
            recorded_by=by,
        )
    return board


def _board_refresh(board: Board) -> None:
    """The board's current state is its log's latest entry; the replaced and inspected dates
    are the latest of each kind."""
    entries = list(board.inspections.order_by("-on", "-id"))
    latest = entries[0]
    board.condition = latest.condition
    board.last_inspected_on = next((e.on for e in entries if e.kind == BoardInspection.Kind.INSPECTED), None)
    board.replaced_on = next((e.on for e in entries if e.kind == BoardInspection.Kind.REPLACED), None)
    if not board.needs_replacement:
        board.planned_year = board.planned_quarter = None
    board.save(
        update_fields=[
            "condition",
            "last_inspected_on",
            "replaced_on",
            "planned_year",
            "planned_quarter",
            "updated_at",
        ]
    )


def _board_entry(
    *, board: Board, kind: str, on: date, condition: str, by: User | None, notes: str
) -> BoardInspection:
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        _not_in_future(on, _("The inspection date"))
        if on < board.installed_on:
            raise ValidationError(
                _("The date %(date)s is before the board was installed (%(installed)s).")
                % {"date": _d(on), "installed": _d(board.installed_on)}
            )
        entry = BoardInspection.objects.create(
            board=board, kind=kind, on=on, condition=condition, notes=notes, recorded_by=by
        )
        _board_refresh(board)
    return entry


def board_inspect(
    *, board: Board, on: date, condition: str, by: User | None, notes: str = ""
) -> BoardInspection:
    if condition not in Board.Condition.values:
        raise ValidationError(_("Choose the condition found at the inspection."))
    return _board_entry(
        board=board, kind=BoardInspection.Kind.INSPECTED, on=on, condition=condition, by=by, notes=notes
    )


def board_replace(*, board: Board, on: date, by: User | None, notes: str = "") -> BoardInspection:
    """A new board or box put up in place of a worn, damaged or missing one."""
    return _board_entry(
        board=board,
        kind=BoardInspection.Kind.REPLACED,
        on=on,
        condition=Board.Condition.GOOD,
        by=by,
        notes=notes,
    )


def board_plan_replacement(
    *, board: Board, year: int | None, quarter: int | None, by: User | None = None
) -> Board:
    if (year is None) != (quarter is None):
        raise ValidationError(_("Give both the year and the quarter of the replacement, or neither."))
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError(_("The quarter must be I, II, III or IV."))
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        if not board.needs_replacement and year is not None:
            raise ValidationError(_("This board is in good condition: there is nothing to replace."))
        board.planned_year, board.planned_quarter = year, quarter
        board.save(update_fields=["planned_year", "planned_quarter", "updated_at"])
    return board


def replacement_list(boards: QuerySet[Board]) -> list[Board]:
    """Boards and boxes now worn, damaged or missing: planned ones by quarter, unplanned last."""
    rows = list(
        boards.filter(condition__in=Board.NEEDS_REPLACEMENT, place__active=True).select_related(
            "place", "place__commune"
        )
    )
    rows.sort(
        key=lambda b: (
            b.planned_year is None,
            b.planned_year or 0,
            b.planned_quarter or 0,
            b.place.commune.name_search_key,
            b.place.name,
        )
    )
    return rows


# --- Leaflets ----------------------------------------------------------------------------------


def leaflet_create(
    *, title: str, unit: Unit, first_edition_on: date | None = None, notes: str = ""
) -> Leaflet:
    title = " ".join(title.split())
    if Leaflet.objects.filter(unit=unit, title__iexact=title).exists():
        raise ValidationError(_("A leaflet with this title already exists."))
    with transaction.atomic():
        leaflet = Leaflet.objects.create(title=title, unit=unit, notes=notes)
        LeafletEdition.objects.create(leaflet=leaflet, number=1, published_on=first_edition_on)
    return leaflet


def edition_create(*, leaflet: Leaflet, published_on: date | None = None, notes: str = "") -> LeafletEdition:
    with transaction.atomic():
        Leaflet.objects.select_for_update().get(pk=leaflet.pk)
        last = leaflet.editions.order_by("-number").values_list("number", flat=True).first() or 0
        return LeafletEdition.objects.create(
            leaflet=leaflet, number=last + 1, published_on=published_on, notes=notes
        )


def print_run_record(
    *, edition: LeafletEdition, printed_on: date, quantity: int, by: User | None, printer: str = ""
) -> PrintRun:
    if quantity <= 0:
        raise ValidationError(_("The number of copies printed must be more than zero."))
    _not_in_future(printed_on, _("The printing date"))
    with transaction.atomic():
        LeafletEdition.objects.select_for_update().get(pk=edition.pk)
        return PrintRun.objects.create(
            edition=edition, printed_on=printed_on, quantity=quantity, printer=printer, recorded_by=by
        )


def edition_stock(edition: LeafletEdition, on: date | None = None) -> int:
    """Copies printed minus copies handed out, up to ``on`` (all time when None)."""
    printed = edition.print_runs.all()
    given = edition.distributions.all()
    if on is not None:
        printed, given = printed.filter(printed_on__lte=on), given.filter(distributed_on__lte=on)
    return (printed.aggregate(n=Sum("quantity"))["n"] or 0) - (given.aggregate(n=Sum("quantity"))["n"] or 0)


def edition_available_on(edition: LeafletEdition, day: date) -> int:
    """How many copies can be handed out on ``day`` without the stock going below zero on that
    day or on any later day (a back-dated distribution must not empty the store retroactively)."""
    events: dict[date, int] = defaultdict(int)
    for printed_on, quantity in edition.print_runs.values_list("printed_on", "quantity"):
        events[printed_on] += quantity
    for distributed_on, quantity in edition.distributions.values_list("distributed_on", "quantity"):
        events[distributed_on] -= quantity
    stock_on_day = sum(q for when, q in events.items() if when <= day)
    lowest, running = stock_on_day, stock_on_day
    for when in sorted(w for w in events if w > day):
        running += events[when]
        lowest = min(lowest, running)
    return max(lowest, 0)


def distribution_record(
    *,
    edition: LeafletEdition,
    distributed_on: date,
    quantity: int,
    unit: Unit,
    by: User | None,
    place: Place | None = None,
    session: Session | None = None,
) -> Distribution:
    """Hand out leaflets from an edition's stock; more than the stock holds is refused."""
    if quantity <= 0:
        raise ValidationError(_("The number of leaflets handed out must be more than zero."))
    if (place is None) == (session is None):
        raise ValidationError(_("Say where the leaflets went: to a place or at a session."))
    _not_in_future(distributed_on, _("The date of handing out"))
    with transaction.atomic():
        # Lock the edition: two people handing out the last copies at once cannot both succeed.
        edition = LeafletEdition.objects.select_for_update().select_related("leaflet").get(pk=edition.pk)
        available = edition_available_on(edition, distributed_on)
        if quantity > available:
            raise ValidationError(
                _(
                    "Not enough leaflets in stock: only %(available)s copies of “%(edition)s” can be handed "
                    "out on %(date)s, so %(quantity)s copies cannot be recorded."
                )
                % {
                    "available": _n(available),
                    "edition": edition_label(edition),
                    "date": _d(distributed_on),
                    "quantity": _n(quantity),
                }
            )
        return Distribution.objects.create(
            edition=edition,
            distributed_on=distributed_on,
            quantity=quantity,
            unit=unit,
            place=place,
            session=session,
            recorded_by=by,
        )


def edition_label(edition: LeafletEdition) -> str:
    return _("%(title)s, edition %(number)s") % {"title": edition.leaflet.title, "number": edition.number}


# --- Sessions ----------------------------------------------------------------------------------


@dataclass
class LeafletHandout:
    edition: LeafletEdition
    quantity: int


def _check_session(
    *, held_on: date, lead_unit: Unit, attendees: int, attendees_women: int, attendees_minority: int, staff
) -> None:
    _not_in_future(held_on, _("The date of the session"))
    if not lead_unit.is_internal:
        raise ValidationError(_("The lead unit must be a unit of the centre."))
    if attendees_women > attendees:
        raise ValidationError(
            _("The number of women (%(women)s) cannot be more than the number of attendees (%(total)s).")
            % {"women": attendees_women, "total": attendees}
        )
    if attendees_minority > attendees:
        raise ValidationError(
            _(
                "The number of ethnic-minority people (%(minority)s) cannot be more than the number "
                "of attendees (%(total)s)."
            )
            % {"minority": attendees_minority, "total": attendees}
        )
    outsiders = [
        p.full_name for p in staff if p.unit_id is None or not p.unit.path.startswith(lead_unit.path)
    ]
    if outsiders:
        raise ValidationError(
            _("%(names)s do not work in %(unit)s; name them as partners instead.")
            % {"names": ", ".join(outsiders), "unit": lead_unit.name}
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
            raise ValidationError(
                _(
                    "Someone else changed this session while you were editing it. Open it again to see their changes."
                )
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
            raise ValidationError(
                _(
                    "The session cannot move to %(date)s: the leaflets “%(edition)s” handed out at it were not "
                    "yet printed or are no longer in stock on that day."
                )
                % {"date": _d(session.held_on), "edition": edition_label(edition)}
            )


def edition_lowest_stock(edition: LeafletEdition) -> int:
    """The lowest stock the edition ever reaches, day by day (negative: the records disagree)."""
    events: dict[date, int] = defaultdict(int)
    for printed_on, quantity in edition.print_runs.values_list("printed_on", "quantity"):
        events[printed_on] += quantity
    for distributed_on, quantity in edition.distributions.values_list("distributed_on", "quantity"):
        events[distributed_on] -= quantity
    running, lowest = 0, 0
    for when in sorted(events):
        running += events[when]
        lowest = min(lowest, running)
    return lowest


def photo_max_bytes() -> int:
    return int(getattr(settings, "OUTREACH_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES_DEFAULT))


def photo_validate(upload) -> str:
    """Accept only a real JPEG or PNG picture within the size limit; return its content type.

    The content is opened with Pillow: a renamed PDF or script with a .jpg name is refused.
    """
    from PIL import Image, UnidentifiedImageError

    name = getattr(upload, "name", "") or ""
    limit = photo_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The photo %(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": name,
                "size": f"{upload.size / 1048576:.1f}".replace(".", ","),
                "limit": limit // 1048576,
            }
        )
    if not name.lower().endswith((".jpg", ".jpeg", ".png")):
        raise ValidationError(_("The file %(name)s is not a JPEG or PNG photo.") % {"name": name})
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file %(name)s is not a JPEG or PNG photo.") % {"name": name}) from None
    finally:
        upload.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("The file %(name)s is not a JPEG or PNG photo.") % {"name": name})
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(_("The photo %(name)s has too many pixels.") % {"name": name})
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


def media_item_record(
    *, kind: str, published_on: date, outlet: str, title: str, unit: Unit, by: User | None, link: str = ""
) -> MediaItem:
    _not_in_future(published_on, _("The date of the media item"))
    return MediaItem.objects.create(
        kind=kind,
        published_on=published_on,
        outlet=outlet.strip(),
        title=title.strip(),
        link=link,
        unit=unit,
        recorded_by=by,
    )


def target_set(
    *,
    year: int,
    unit: Unit,
    measure: str,
    value: int,
    session_kind: str = "",
    place_kind: str = "",
    source: str = "",
) -> Target:
    if measure in (Target.Measure.BOARD_COVERAGE, Target.Measure.COMMUNE_COVERAGE) and value > 100:
        raise ValidationError(_("A percentage target cannot be more than 100."))
    target, _created = Target.objects.update_or_create(
        year=year,
        unit=unit,
        measure=measure,
        session_kind=session_kind,
        place_kind=place_kind,
        defaults={"value": value, "source": source},
    )
    return target
