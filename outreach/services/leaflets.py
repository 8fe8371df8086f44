"""Leaflets: titles and editions, print runs, and the copies handed out from an edition's stock
(never more than the stock holds on the day, nor on any later day)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from legalaid.commands import number
from legalaid.models import Unit
from legalaid.refusal import DUPLICATE, Refusal
from outreach.models import Distribution, Leaflet, LeafletEdition, Place, PrintRun, Session
from outreach.services.common import _d, _not_in_future

if TYPE_CHECKING:
    from legalaid.models import User


def leaflet_create(
    *, title: str, unit: Unit, first_edition_on: date | None = None, notes: str = ""
) -> Leaflet:
    title = " ".join(title.split())
    if Leaflet.objects.filter(unit=unit, title__iexact=title).exists():
        raise Refusal(_("A leaflet with this title already exists."), field="title", code=DUPLICATE)
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
        raise Refusal(_("The number of copies printed must be more than zero."), field="quantity")
    _not_in_future(printed_on, _("The printing date"), field="printed_on")
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
        raise Refusal(_("The number of leaflets handed out must be more than zero."), field="quantity")
    if (place is None) == (session is None):
        raise Refusal(_("Say where the leaflets went: to a place or at a session."))
    _not_in_future(distributed_on, _("The date of handing out"), field="distributed_on")
    with transaction.atomic():
        # Lock the edition: two people handing out the last copies at once cannot both succeed.
        edition = LeafletEdition.objects.select_for_update().select_related("leaflet").get(pk=edition.pk)
        available = edition_available_on(edition, distributed_on)
        if quantity > available:
            raise Refusal(
                _(
                    "Not enough leaflets in stock: only %(available)s copies of “%(edition)s” can be handed "
                    "out on %(date)s, so %(quantity)s copies cannot be recorded."
                )
                % {
                    "available": number(available),
                    "edition": edition_label(edition),
                    "date": _d(distributed_on),
                    "quantity": number(quantity),
                },
                field="quantity",
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
