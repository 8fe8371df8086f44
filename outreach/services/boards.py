"""Places where information is posted, and their boards and boxes: installed, inspected,
replaced, and their replacement planned by quarter."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from legalaid.models import Commune, Unit
from legalaid.refusal import Refusal
from outreach.models import Board, BoardInspection, Place
from outreach.services.common import _d, _not_in_future

if TYPE_CHECKING:
    from legalaid.models import User


def _check_place_body(kind: str, body: Unit | None) -> None:
    wanted = Place.BODY_KINDS.get(kind)
    if wanted is not None and body is None:
        raise Refusal(
            _("A place of the kind “%(kind)s” must name its body from the organisation list.")
            % {"kind": Place.Kind(kind).label},
            field="body",
        )
    if body is not None and body.is_internal:
        raise Refusal(
            _("%(body)s is a unit of the centre, not an outside body.") % {"body": body.name}, field="body"
        )
    if body is not None and wanted is not None and body.kind != wanted:
        raise Refusal(
            _("%(body)s is not a body of the kind “%(kind)s”.")
            % {"body": body.name, "kind": Place.Kind(kind).label},
            field="body",
        )


def place_create(
    *, name: str, kind: str, commune: Commune, unit: Unit, body: Unit | None = None, address: str = ""
) -> Place:
    _check_place_body(kind, body)
    if not unit.is_internal:
        raise Refusal(_("The unit in charge must be a unit of the centre."), field="unit")
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
    _not_in_future(installed_on, _("The installation date"), field="installed_on")
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
        _not_in_future(on, _("The inspection date"), field="on")
        if on < board.installed_on:
            raise Refusal(
                _("The date %(date)s is before the board was installed (%(installed)s).")
                % {"date": _d(on), "installed": _d(board.installed_on)},
                field="on",
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
        raise Refusal(_("Choose the condition found at the inspection."), field="condition")
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
        raise Refusal(
            _("Give both the year and the quarter of the replacement, or neither."), field="quarter"
        )
    if quarter is not None and not 1 <= quarter <= 4:
        raise Refusal(_("The quarter must be I, II, III or IV."), field="quarter")
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        if not board.needs_replacement and year is not None:
            raise Refusal(_("This board is in good condition: there is nothing to replace."))
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
