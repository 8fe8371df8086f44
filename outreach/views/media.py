"""Media items: press, radio, television and online."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal, add_to_form
from outreach import services
from outreach.access import (
    media_for,
)
from outreach.forms import (
    MediaItemForm,
)
from outreach.views.common import _year, _years


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
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The media item is recorded."))
                return redirect(f"{request.path}?nam={form.cleaned_data['published_on'].year}")
    items = media_for(request.user).filter(published_on__year=year).select_related("unit")
    page = Paginator(items, 100).get_page(request.GET.get("trang"))
    return render(
        request, "outreach/media_list.html", {"page": page, "form": form, "year": year, "years": _years(year)}
    )
