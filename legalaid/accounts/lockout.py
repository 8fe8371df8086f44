"""django-axes' hooks: the client's address and the answer to a locked-out login.

Axes counts failures per account and per address separately (``AXES_LOCKOUT_PARAMETERS``);
both are keyed by the address this module names, so behind a reverse proxy the address must be
the client's, not the proxy's.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext


@cache
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXY)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, unless it is one of the ``TRUSTED_PROXY``.

    Behind a trusted proxy, ``X-Forwarded-For`` is read from the right (the part our own
    proxies wrote) and the first address that is not a trusted proxy is the client: whatever
    a client writes itself in that header lies further left and is never believed.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not settings.TRUSTED_PROXY or not _is_trusted(remote):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return remote  # a malformed hop: trust nothing further left
        if not _is_trusted(address):
            return address
    return remote


def lockout_message() -> str:
    return gettext(
        "This account is temporarily locked after too many failed logins; try again in "
        "%(minutes)s minutes or ask an administrator to unlock it."
    ) % {"minutes": settings.AXES_COOLOFF_MINUTES}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, with the lockout message.

    The project's login form already shows the message (``LoginForm``), so its page is kept
    with axes' status code; any other login (the admin's) is sent to that page."""
    match = request.resolver_match
    if original_response is not None and match is not None and match.view_name == "login":
        original_response.status_code = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
        return original_response
    messages.error(request, lockout_message())
    return redirect(settings.LOGIN_URL)
