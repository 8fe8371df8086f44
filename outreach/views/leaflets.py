"""Leaflets: editions with their stock, print runs and the copies handed out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.indicators import Period
from legalaid.refusal import Refusal, add_to_form
from outreach import coverage, services
from outreach.access import (
    get_edition_for_user,
    leaflets_for,
    places_for,
    user_scope,
)
from outreach.forms import (
    DistributionForm,
    LeafletForm,
    PrintRunForm,
)
from outreach.models import Distribution, LeafletEdition, Target
from outreach.views.common import _year, _years


@permission_required("outreach.view_leaflet", raise_exception=True)
def leaflet_list(request):
    year = _year(request)
    period = Period.year(year)
    scope = user_scope(request.user)
    leaflets = leaflets_for(request.user)
    form = LeafletForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("outreach.add_leaflet") or request.user.unit_id is None:
            raise PermissionDenied
        if form.is_valid():
            unit = request.user.unit.centre() or request.user.unit
            try:
                leaflet = services.leaflet_create(
                    title=form.cleaned_data["title"],
                    unit=unit,
                    first_edition_on=form.cleaned_data["published_on"],
                )
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The leaflet is added."))
                return redirect("outreach:edition_detail", pk=leaflet.editions.get().pk)
    editions = LeafletEdition.objects.filter(leaflet__in=leaflets).order_by("leaflet__title", "number")
    stock = coverage.stock_by_edition(editions)
    given_in_year = dict(
        Distribution.objects.filter(edition__in=editions, distributed_on__year=year)
        .values_list("edition_id")
        .annotate(n=Sum("quantity"))
        .values_list("edition_id", "n")
    )
    rows = [
        {
            "edition": e,
            "printed": printed,
            "given": given,
            "stock": printed - given,
            "year": given_in_year.get(e.pk, 0),
        }
        for e, printed, given in stock
    ]
    context = {
        "rows": rows,
        "year": year,
        "years": _years(year),
        "total_year": coverage.leaflets_distributed(period, scope),
        "target": coverage.target_value(year=year, scope=scope, measure=Target.Measure.LEAFLETS),
        "form": form,
    }
    return render(request, "outreach/leaflet_list.html", context)


@permission_required("outreach.view_leaflet", raise_exception=True)
def edition_detail(request, pk: int):
    edition = get_edition_for_user(request.user, pk)
    today = timezone.localdate()
    places = places_for(request.user).filter(active=True).select_related("commune")
    action = request.POST.get("action") if request.method == "POST" else None
    print_form = PrintRunForm(request.POST if action == "print" else None, initial={"printed_on": today})
    give_form = DistributionForm(
        request.POST if action == "give" else None, places=places, initial={"distributed_on": today}
    )
    if action == "new_edition":
        if not request.user.has_perm("outreach.add_leafletedition"):
            raise PermissionDenied
        new = services.edition_create(leaflet=edition.leaflet, published_on=today)
        messages.success(request, _("Edition %(number)s is added.") % {"number": new.number})
        return redirect("outreach:edition_detail", pk=new.pk)
    if action == "print":
        if not request.user.has_perm("outreach.add_printrun"):
            raise PermissionDenied
        if print_form.is_valid():
            try:
                services.print_run_record(edition=edition, by=request.user, **print_form.cleaned_data)
            except Refusal as refusal:
                add_to_form(print_form, refusal)
            else:
                messages.success(request, _("The print run is recorded."))
                return redirect("outreach:edition_detail", pk=edition.pk)
    if action == "give":
        if not request.user.has_perm("outreach.add_distribution") or request.user.unit_id is None:
            raise PermissionDenied
        if give_form.is_valid():
            data = give_form.cleaned_data
            try:
                services.distribution_record(
                    edition=edition,
                    distributed_on=data["distributed_on"],
                    quantity=data["quantity"],
                    place=data["place"],
                    unit=data["place"].unit,
                    by=request.user,
                )
            except Refusal as refusal:
                add_to_form(give_form, refusal)
            else:
                messages.success(request, _("The leaflets handed out are recorded."))
                return redirect("outreach:edition_detail", pk=edition.pk)
    context = {
        "edition": edition,
        "editions": edition.leaflet.editions.order_by("number"),
        "stock": services.edition_stock(edition),
        "print_runs": edition.print_runs.order_by("-printed_on", "-id"),
        "distributions": edition.distributions.select_related("place", "session", "session__commune", "unit")[
            :200
        ],
        "print_form": print_form,
        "give_form": give_form,
    }
    return render(request, "outreach/edition_detail.html", context)
