"""Outreach pages. Views read the request, call the services and render; they hold no rules."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.indicators import Period
from legalaid.models import Unit
from legalaid.roles import get_unit_for_user, scope_queryset
from legalaid.text import search_key
from outreach import coverage, services
from outreach.access import (
    boards_for,
    get_board_for_user,
    get_edition_for_user,
    get_photo_for_user,
    get_place_for_user,
    get_session_for_user,
    leaflets_for,
    media_for,
    places_for,
    sessions_for,
    user_scope,
)
from outreach.forms import (
    BoardForm,
    DistributionForm,
    HandoutForm,
    InspectionForm,
    LeafletForm,
    MediaItemForm,
    PhotoForm,
    PlaceForm,
    PlanForm,
    PrintRunForm,
    ReplaceForm,
    SessionForm,
    TargetForm,
    lead_units_for,
)
from outreach.models import Board, Distribution, LeafletEdition, Place, Session, Target

VIEW = "outreach.view_session"


def _year(request) -> int:
    """The year asked for, or the year of the latest session the user can see (the current
    year when there is none): the pages open on the year with work in it."""
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = 0
    if 2000 <= year <= 2100:
        return year
    latest = sessions_for(request.user).aggregate(latest=Max("held_on"))["latest"]
    return latest.year if latest else timezone.localdate().year


def _years(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 4, this_year + 1), selected}, reverse=True)


def _fail(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


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
    if request.GET.get("don-vi", "").isdigit():
        scope = get_unit_for_user(request.user, int(request.GET["don-vi"]))
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


# --- Sessions ----------------------------------------------------------------------------------


@permission_required(VIEW, raise_exception=True)
def session_list(request):
    year = _year(request)
    sessions = (
        sessions_for(request.user)
        .filter(held_on__year=year)
        .select_related("commune", "lead_unit")
        .annotate(photo_count=Count("photos", distinct=True))
        .order_by("-held_on", "-id")
    )
    kind = request.GET.get("loai", "")
    if kind in Session.Kind.values:
        sessions = sessions.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        sessions = sessions.filter(commune__name_search_key__contains=search_key(query))
    page = Paginator(sessions, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "outreach/session_list.html",
        {
            "page": page,
            "year": year,
            "years": _years(year),
            "kind": kind,
            "kinds": Session.Kind.choices,
            "q": query,
        },
    )


@permission_required("outreach.add_session", raise_exception=True)
def session_create(request):
    editions = _editions_for(request.user)
    form = SessionForm(request.POST or None, request.FILES or None, user=request.user, editions=editions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        handouts = [services.LeafletHandout(data["edition"], data["leaflets"])] if data.get("edition") else []
        try:
            session = services.session_record(
                kind=data["kind"],
                held_on=data["held_on"],
                commune=data["commune"],
                village=data["village"],
                lead_unit=data["lead_unit"],
                attendees=data["attendees"],
                attendees_women=data["attendees_women"],
                attendees_minority=data["attendees_minority"],
                staff=data["staff"],
                partners=data["partners"],
                topics=data["topics"],
                fields=data["legal_fields"],
                programme=data["programme"],
                notes=data["notes"],
                handouts=handouts,
                photos=data["photos"],
                by=request.user,
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request, _("The session in %(commune)s is recorded.") % {"commune": session.commune}
            )
            return redirect("outreach:session_detail", pk=session.pk)
    return render(request, "outreach/session_form.html", _form_context(form))


@permission_required(VIEW, raise_exception=True)
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    editions = _editions_for(request.user)
    context = {
        "session": session,
        "staff": session.staff.select_related("unit").order_by("name_sort_key"),
        "fields": session.fields.all(),
        "photos": session.photos.all(),
        "distributions": session.distributions.select_related("edition", "edition__leaflet"),
        "photo_form": PhotoForm(),
        "handout_form": HandoutForm(editions=editions),
        "linked": _linked_records(session),
    }
    return render(request, "outreach/session_detail.html", context)


def _linked_records(session: Session) -> list[tuple[str, int]]:
    """Records of other apps that point at the session (requests received at it, from case
    intake), counted through the relation they declare: outreach never imports those apps."""
    linked = []
    for relation in Session._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "outreach" or model.__name__.startswith("Historical"):
            continue
        count = model._default_manager.filter(**{relation.field.name: session}).count()
        linked.append((str(model._meta.verbose_name_plural), count))
    return linked


@permission_required("outreach.change_session", raise_exception=True)
def session_edit(request, pk: int):
    session = get_session_for_user(request.user, pk)
    initial = {
        **{name: getattr(session, name) for name in services.SESSION_EDITABLE},
        "staff": list(session.staff.all()),
        "legal_fields": list(session.fields.all()),
        "version": session.version,
    }
    form = SessionForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.SESSION_EDITABLE}
        try:
            services.session_update(
                session=session,
                version=data["version"] or 0,
                by=request.user,
                staff=data["staff"],
                fields=data["legal_fields"],
                **changes,
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("outreach:session_detail", pk=session.pk)
    return render(
        request,
        "outreach/session_form.html",
        _form_context(form, session=session),
    )


@require_POST
@permission_required("outreach.add_sessionphoto", raise_exception=True)
def session_photos_add(request, pk: int):
    session = get_session_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        added = 0
        for upload in form.cleaned_data["photos"]:
            try:
                services.session_photo_add(
                    session=session, upload=upload, by=request.user, caption=form.cleaned_data["caption"]
                )
                added += 1
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        if added:
            messages.success(request, _("%(count)s photo(s) added.") % {"count": added})
    else:
        messages.error(request, _("Choose at least one JPEG or PNG photo."))
    return redirect("outreach:session_detail", pk=session.pk)


@require_POST
@permission_required("outreach.add_distribution", raise_exception=True)
def session_handout_add(request, pk: int):
    session = get_session_for_user(request.user, pk)
    form = HandoutForm(request.POST, editions=_editions_for(request.user))
    if form.is_valid():
        try:
            services.distribution_record(
                edition=form.cleaned_data["edition"],
                distributed_on=session.held_on,
                quantity=form.cleaned_data["quantity"],
                unit=session.lead_unit,
                by=request.user,
                session=session,
            )
            messages.success(request, _("The leaflets handed out are recorded."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Choose the leaflet and give the number handed out."))
    return redirect("outreach:session_detail", pk=session.pk)


@permission_required(VIEW, raise_exception=True)
def photo(request, pk: int):
    """A session photo, only to those who may see the session; never from a public URL."""
    picture = get_photo_for_user(request.user, pk)
    try:
        handle = picture.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=picture.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="anh-{picture.pk}.{picture.image.name.rsplit(".", 1)[-1]}"'
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Places and boards -------------------------------------------------------------------------


@permission_required("outreach.view_place", raise_exception=True)
def place_list(request):
    places = places_for(request.user).filter(active=True).select_related("commune", "unit", "body")
    places = places.prefetch_related(
        Prefetch("boards", queryset=Board.objects.order_by("kind", "installed_on"))
    )
    kind = request.GET.get("loai", "")
    if kind in Place.Kind.values:
        places = places.filter(kind=kind)
    query = request.GET.get("q", "").strip()
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
        except ValidationError as error:
            _fail(form, error)
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
            except ValidationError as error:
                _fail(form, error)
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
            except ValidationError as error:
                _fail(form, error)
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


# --- Leaflets ----------------------------------------------------------------------------------


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
            except ValidationError as error:
                _fail(form, error)
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
            except ValidationError as error:
                _fail(print_form, error)
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
            except ValidationError as error:
                _fail(give_form, error)
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


# --- Media -------------------------------------------------------------------------------------


@permission_required("outreach.view_mediaitem", raise_exception=True)
def media_list(request):
    year = _year(request)
    form = MediaItemForm(
        request.POST or None, user=request.user, initial={"published_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not request.user.has_perm("outreach.add_mediaitem"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.media_item_record(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("The media item is recorded."))
                return redirect(f"{request.path}?nam={form.cleaned_data['published_on'].year}")
    items = media_for(request.user).filter(published_on__year=year).select_related("unit")
    page = Paginator(items, 100).get_page(request.GET.get("trang"))
    return render(
        request, "outreach/media_list.html", {"page": page, "form": form, "year": year, "years": _years(year)}
    )


# --- Targets -----------------------------------------------------------------------------------


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
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("The target is saved."))
                return redirect(f"{request.path}?nam={year}")
    rows = scope_queryset(Target.objects.filter(year=year), request.user, "unit").select_related("unit")
    context = {
        "rows": rows.order_by("unit__path", "measure", "session_kind", "place_kind"),
        "form": form,
        "year": year,
        "years": _years(year),
    }
    return render(request, "outreach/targets.html", context)
