from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The main menu. An entry appears once its app provides the page (its URL name resolves) and
# the user holds the permission it names.
MENU = [
    ("cases:index", _("Cases"), "cases.view_case"),
    ("staffing:index", _("Staffing"), "staffing.view_person"),
    ("outreach:index", _("Outreach"), "outreach.view_session"),
    ("planning:index", _("Planning"), "planning.view_plan"),
    ("dashboard:index", _("Dashboard"), "legalaid.view_dashboard"),
    ("dashboard:reports", _("Reports"), "legalaid.view_periodicreport"),
    ("units", _("Organisation"), "legalaid.view_unit"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = []
    for url_name, label, permission in MENU:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"menu": items}


def notifications(request):
    """The unread count in the header: one query, made only when a page shows it, none for the
    anonymous (the partial index ``notification_unread_idx`` answers it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from legalaid.notifications import unread_count

    counted: list[int] = []

    def unread() -> int:
        if not counted:
            counted.append(unread_count(user))
        return counted[0]

    return {"unread_notifications": unread}
