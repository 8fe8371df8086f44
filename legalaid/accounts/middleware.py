"""Request checks of the accounts: the idle timeout (and the absolute cap of a session), and the
second factor a session owes before the user may go on."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from legalaid.accounts.access import must_use_second_factor

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


# What the session still owes before the user may use the system; worked out at login (one
# query then, none on the following requests).
SECOND_FACTOR = "_second_factor"
NONE, CODE, ENROL = "none", "code", "enrol"
# Pages a user who owes a code (or an enrolment) may still open.
OPEN_WHILE_OWING = {
    CODE: {"login_code", "logout", "set_language"},
    ENROL: {"second_factor_enrol", "logout", "set_language"},
}


def second_factor_owed(user) -> str:
    if user_has_device(user, confirmed=True):
        return CODE
    if must_use_second_factor(user):
        return ENROL
    return NONE


def note_login(sender, request, user, **kwargs) -> None:
    """user_logged_in (connected in LegalAidConfig.ready): the session's clock starts now, and
    it notes whether the session must give a code, or enrol, before going on."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[STARTED] = request.session[LAST_ACTIVITY] = now
        request.session[SECOND_FACTOR] = second_factor_owed(user)


class SecondFactorMiddleware:
    """A signed-in user with a confirmed code generator is sent to the code page until the
    session is verified (``django_otp.login``); one whose role must use a second factor and has
    none is sent to enrol. After ``OTPMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        owed = request.session.get(SECOND_FACTOR)
        if owed is None:  # a session from before this check: work it out once
            owed = request.session[SECOND_FACTOR] = second_factor_owed(user)
        if owed == NONE or user.is_verified():  # type: ignore[attr-defined]  # OTPMiddleware adds it
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE_OWING[owed]:
            return None
        target = reverse("login_code" if owed == CODE else "second_factor_enrol")
        if owed == ENROL:
            messages.info(request, _("Your role must log in with a code: set up a code generator first."))
        return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()}, safe='/')}")


def second_factor_settled(request: HttpRequest, device) -> None:
    """The session gave its code (or enrolled): it owes nothing more."""
    django_otp.login(request, device)
    request.session[SECOND_FACTOR] = NONE
