"""Sessions: the list, recording and changing one, its photos and the leaflets handed out at it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import Refusal, add_to_form
from legalaid.text import search_key
from legalaid.validation import query_text
from outreach import services
from outreach.access import (
    get_photo_for_user,
    get_session_for_user,
    sessions_for,
)
from outreach.forms import (
    HandoutForm,
    PhotoForm,
    SessionForm,
)
from outreach.models import Session
from outreach.views.common import VIEW, _editions_for, _form_context, _year, _years


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
    query = query_text(request, "q")
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
        except Refusal as refusal:
            add_to_form(form, refusal)
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
        except Refusal as refusal:
            add_to_form(form, refusal)
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
            except Refusal as refusal:
                messages.error(request, str(refusal))
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
        except Refusal as refusal:
            messages.error(request, str(refusal))
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
