"""Request checks of the accounts: the idle timeout (and the absolute cap of a session)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

LAST_ACTIVITY = "_last_activity"
STARTED = "_session_started"
# The last activity is written at most this often (seconds): most requests leave the session
# unchanged, so it is not saved again on every click.
WRITE_EVERY = 60


class IdleTimeoutMiddleware:
    """Ends a signed-in session after ``SESSION_IDLE_MINUTES`` without a request, and after
    ``SESSION_COOKIE_AGE`` whatever the activity.

    Django moves a session's expiry forward each time the session is saved, and this middleware
    saves it every minute of activity: the absolute cap is therefore checked here, from the
    moment the session was first seen signed in. Times are ``timezone.now()`` (tests move it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            last = session.get(LAST_ACTIVITY)
            started = session.get(STARTED)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                return self._end(
                    request,
                    _("Your session has expired after a period without activity. Please log in again."),
                )
            if started is not None and now - started > settings.SESSION_COOKIE_AGE:
                return self._end(request, _("Your session has expired. Please log in again."))
            if started is None:
                session[STARTED] = now
            # Written when a minute has passed, or when the clock went back (tests move it).
            if last is None or not 0 <= now - last < WRITE_EVERY:
                session[LAST_ACTIVITY] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, message: str) -> HttpResponse:
        path = request.get_full_path()
        logout(request)
        messages.warning(request, message)
        return redirect_to_login(path)


def note_login(sender, request, user, **kwargs) -> None:
    """user_logged_in (connected in LegalAidConfig.ready): the session's clock starts now."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[STARTED] = request.session[LAST_ACTIVITY] = now
