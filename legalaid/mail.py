"""``EMAIL_URL`` read into Django's ``EMAIL_*`` settings (imported by the settings: no models).

- ``smtp://user:password@host:25``: plain SMTP (port 25 by default);
- ``smtp+tls://user:password@host:587``: STARTTLS (587 by default);
- ``smtp+ssl://…`` or ``smtps://…``: SMTP over TLS (465 by default);
- ``console://``: every message printed on the console (the demo, ``make run``);
- ``locmem://``: kept in memory (tests).

The user name and password are percent-decoded (``%40`` for an ``@`` in a login).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
SMTP_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtp+ssl": (465, False, True)}
SMTP_SCHEMES["smtps"] = SMTP_SCHEMES["smtp+ssl"]


def email_settings(url: str) -> dict[str, Any]:
    """The ``EMAIL_*`` settings ``url`` names; an unknown scheme stops the start with its reason."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in BACKENDS:
        return {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r}; use smtp://, smtp+tls://, smtp+ssl://, console:// or locmem://"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL: name the mail server, e.g. smtp+tls://user:password@host:587")
    default_port, tls, ssl = SMTP_SCHEMES[scheme]
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL: {error}") from error
    return {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }
