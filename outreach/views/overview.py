"""The outreach home page, the coverage page and the yearly targets: the figures against the plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.indicators import Period
from legalaid.models import Unit
from legalaid.refusal import Refusal, add_to_form
from legalaid.roles import get_unit_for_user
from legalaid.validation import query_id
from outreach import coverage, services
from outreach.access import (
    boards_for,
    sessions_for,
    targets_for,
    user_scope,
)
from outreach.forms import (
    TargetForm,
    lead_units_for,
)
from outreach.models import Board, Session, Target
from outreach.views.common import VIEW, _year, _years


@permission_required(VIEW, raise_exception=True)
def index(request):
    year = _year(request)
    period = Period.year(year)
    scope = user_scope(request.user)
    reach = coverage.commune_coverage(period=period, scope=scope)
    sessions = coverage.sessions_in(period, scope)
    totals = sessions.aggregate(n=Count("id"), people=Sum("attendees"))
    figures = {
        "sessions": totals["n"],
        "attendees": totals["people"] or 0,
        "reached": len(reach.reached),
        "universe": reach.universe,
        "not_reached": reach.not_reached[:8],
        "not_reached_count": len(reach.not_reached),
        "leaflets": coverage.leaflets_distributed(period, scope),
        "leaflet_target": coverage.target_value(year=year, scope=scope, measure=Target.Measure.LEAFLETS),
        "media": coverage.indicator_media_items(period, scope),
        "to_replace": boards_for(request.user)
        .filter(condition__in=Board.NEEDS_REPLACEMENT, place__active=True)
        .count(),
    }
    recent = sessions_for(request.user).select_related("commune", "lead_unit")[:5]
    return render(
        request,
        "outreach/index.html",
        {"year": year, "years": _years(year), "scope": scope, "figures": figures, "recent": recent},
    )


@permission_required(VIEW, raise_exception=True)
def coverage_page(request):
    year = _year(request)
    period = Period.year(year)
    scope = user_scope(request.user)
    units = list(lead_units_for(request.user).filter(kind__in=[Unit.Kind.CENTRE, Unit.Kind.BRANCH]))
    unit_id = query_id(request, "don-vi")
    if unit_id is not None:
        scope = get_unit_for_user(request.user, unit_id)
    reach = coverage.commune_coverage(period=period, scope=scope)
    end = min(period.end, timezone.localdate()) if year == timezone.localdate().year else period.end
    boards = coverage.board_coverage(on=end, scope=scope)
    for row in boards:
        row.target = coverage.target_value(
            year=year, scope=scope, measure=Target.Measure.BOARD_COVERAGE, place_kind=row.kind
        )
    rows, total = coverage.sessions_by_unit(period=period, scope=scope)
    kinds = Session.Kind.choices
    table = [
        {
            "unit": r.unit,
            "cells": [(r.counts.get(k, 0), r.targets.get(k)) for k, _label in kinds],
            "total": r.total,
            "target": r.targets.get(""),
        }
        for r in rows
    ]
    total_row = None
    if total is not None:
        total_row = {
            "cells": [(total.counts.get(k, 0), total.targets.get(k)) for k, _label in kinds],
            "total": total.total,
            "target": total.targets.get(""),
        }
    context = {
        "year": year,
        "years": _years(year),
        "scope": scope,
        "units": units,
        "reach": reach,
        "boards": [b for b in boards if b.places or b.target],
        "board_date": end,
        "kinds": kinds,
        "table": table,
        "total_row": total_row,
        "commune_target": coverage.target_value(
            year=year, scope=scope, measure=Target.Measure.COMMUNE_COVERAGE
        ),
    }
    return render(request, "outreach/coverage.html", context)


@permission_required("outreach.view_target", raise_exception=True)
def targets(request):
    year = _year(request)
    form = TargetForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("outreach.add_target"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.target_set(year=year, **form.cleaned_data)
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The target is saved."))
                return redirect(f"{request.path}?nam={year}")
    rows = targets_for(request.user).filter(year=year).select_related("unit")
    context = {
        "rows": rows.order_by("unit__path", "measure", "session_kind", "place_kind"),
        "form": form,
        "year": year,
        "years": _years(year),
    }
    return render(request, "outreach/targets.html", context)
