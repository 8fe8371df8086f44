"""Media items (press, radio, television, websites, social networks) and the yearly targets."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from legalaid.models import Unit
from legalaid.refusal import Refusal
from outreach.models import MediaItem, Target
from outreach.services.common import _not_in_future

if TYPE_CHECKING:
    from legalaid.models import User


def media_item_record(
    *, kind: str, published_on: date, outlet: str, title: str, unit: Unit, by: User | None, link: str = ""
) -> MediaItem:
    _not_in_future(published_on, _("The date of the media item"), field="published_on")
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
        raise Refusal(_("A percentage target cannot be more than 100."), field="value")
    target, _created = Target.objects.update_or_create(
        year=year,
        unit=unit,
        measure=measure,
        session_kind=session_kind,
        place_kind=place_kind,
        defaults={"value": value, "source": source},
    )
    return target
