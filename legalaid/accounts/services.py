"""Account workflows (keyword-only, named <entity>_<action>); each refuses with ``Refusal``."""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from legalaid.models import User
from legalaid.refusal import Refusal


def login_unlock(*, users: Iterable[User]) -> int:
    """Forget the failed logins of ``users``: their accounts, and the failures they brought on
    the addresses they tried from, are unlocked. Returns how many failure records were removed."""
    return sum(axes_reset(username=user.get_username()) for user in users)


def password_reset_link(*, user: User, by: User) -> str:
    """The path of a one-time link that lets ``user`` set a new password, for an administrator
    to hand over where the deployment sends no mail.

    Django's reset token: it stops working once the password is set (the token signs the
    password hash and the last login) and after ``PASSWORD_RESET_TIMEOUT``."""
    if not user.is_active:
        raise Refusal(_("This account is disabled: enable it before giving a password link."))
    if user.is_superuser and not by.is_superuser:
        raise Refusal(_("Only a superuser may give a password link for a superuser's account."))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
