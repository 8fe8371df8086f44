"""The user's inbox of notifications (``legalaid.notifications``): the list, opening one (marked
read, then its page) and marking them all read. A user reaches their own notices only: another
user's id answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.models import Notification
from legalaid.notifications import inbox, notification_read, notifications_read_all

PAGE_SIZE = 30


def get_notification_for_user(user, pk: int) -> Notification:
    return get_object_or_404(inbox(user), pk=pk)


def notifications(request):
    rows = inbox(request.user).only("pk", "kind", "text", "url", "created_at", "read_at")
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    unread = inbox(request.user).filter(read_at__isnull=True).exists()
    return render(request, "legalaid/inbox.html", {"page": page, "any_unread": unread})


def notification_open(request, pk: int):
    notice = get_notification_for_user(request.user, pk)
    notification_read(notification=notice, by=request.user)
    target = notice.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=set(), require_https=False):
        return redirect(target)
    return redirect("notifications")


@require_POST
def notifications_mark_all_read(request):
    count = notifications_read_all(by=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications")
