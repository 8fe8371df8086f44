"""What the outreach pages share: the year a page opens on and the session form's context."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from legalaid.validation import YEAR_MAX, YEAR_MIN, query_int
from outreach.access import (
    leaflets_for,
    sessions_for,
)
from outreach.models import LeafletEdition

VIEW = "outreach.view_session"


def _year(request) -> int:
    """The year asked for, or the year of the latest session the user can see (the current
    year when there is none): the pages open on the year with work in it."""
    year = query_int(request, "nam", default=None, min=YEAR_MIN, max=YEAR_MAX)
    if year is not None:
        return year
    latest = sessions_for(request.user).aggregate(latest=Max("held_on"))["latest"]
    return latest.year if latest else timezone.localdate().year


def _years(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 4, this_year + 1), selected}, reverse=True)


def _editions_for(user):
    return LeafletEdition.objects.filter(leaflet__in=leaflets_for(user), leaflet__active=True).select_related(
        "leaflet"
    )


def _form_context(form, **extra) -> dict:
    return {
        "form": form,
        "lead_paths": {str(u.pk): u.path for u in form.fields["lead_unit"].queryset},
        "has_staff": form.fields["staff"].queryset.exists(),
        **extra,
    }
