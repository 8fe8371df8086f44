"""Places where information is posted, their boards and boxes, and the replacements due."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal, add_to_form
from legalaid.text import search_key
from legalaid.validation import query_text
from outreach import services
from outreach.access import (
    boards_for,
    get_board_for_user,
    get_place_for_user,
    places_for,
)
from outreach.forms import (
    BoardForm,
    InspectionForm,
    PlaceForm,
    PlanForm,
    ReplaceForm,
)
from outreach.models import Board, Place


@permission_required("outreach.view_place", raise_exception=True)
def place_list(request):
    places = places_for(request.user).filter(active=True).select_related("commune", "unit", "body")
    places = places.prefetch_related(
        Prefetch("boards", queryset=Board.objects.order_by("kind", "installed_on"))
    )
    kind = request.GET.get("loai", "")
    if kind in Place.Kind.values:
        places = places.filter(kind=kind)
    query = query_text(request, "q")
    if query:
        places = places.filter(commune__name_search_key__contains=search_key(query))
    page = Paginator(places, 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "outreach/place_list.html",
        {"page": page, "kind": kind, "kinds": Place.Kind.choices, "q": query},
    )


@permission_required("outreach.add_place", raise_exception=True)
def place_create(request):
    form = PlaceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.place_create(**form.cleaned_data)
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("The place is added."))
            return redirect("outreach:place_detail", pk=place.pk)
    return render(request, "outreach/place_form.html", {"form": form})


@permission_required("outreach.view_place", raise_exception=True)
def place_detail(request, pk: int):
    place = get_place_for_user(request.user, pk)
    form = BoardForm(request.POST or None, initial={"installed_on": timezone.localdate()})
    if request.method == "POST":
        if not request.user.has_perm("outreach.add_board"):
            raise PermissionDenied
        if form.is_valid():
            try:
                board = services.board_install(place=place, by=request.user, **form.cleaned_data)
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The board is recorded."))
                return redirect("outreach:board_detail", pk=board.pk)
    boards = place.boards.order_by("kind", "installed_on")
    return render(request, "outreach/place_detail.html", {"place": place, "boards": boards, "form": form})


@permission_required("outreach.view_board", raise_exception=True)
def board_detail(request, pk: int):
    board = get_board_for_user(request.user, pk)
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "inspect": InspectionForm(request.POST if action == "inspect" else None, initial={"on": today}),
        "replace": ReplaceForm(request.POST if action == "replace" else None, initial={"on": today}),
        "plan": PlanForm(
            request.POST if action == "plan" else None,
            initial={"year": board.planned_year, "quarter": board.planned_quarter},
        ),
    }
    if action in forms:
        if not request.user.has_perm("outreach.add_boardinspection"):
            raise PermissionDenied
        form = forms[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "inspect":
                    services.board_inspect(board=board, by=request.user, **data)
                elif action == "replace":
                    services.board_replace(board=board, by=request.user, **data)
                else:
                    services.board_plan_replacement(
                        board=board, year=data["year"], quarter=data["quarter"], by=request.user
                    )
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The board's log is updated."))
                return redirect("outreach:board_detail", pk=board.pk)
    log = board.inspections.select_related("recorded_by").order_by("-on", "-id")
    return render(request, "outreach/board_detail.html", {"board": board, "log": log, **forms})


@permission_required("outreach.view_board", raise_exception=True)
def replacement_list(request):
    boards = services.replacement_list(boards_for(request.user))
    groups = [
        (key, list(items))
        for key, items in groupby(boards, key=lambda b: (b.planned_year, b.planned_quarter))
    ]
    return render(request, "outreach/replacement_list.html", {"groups": groups, "count": len(boards)})
