"""Account workflows (keyword-only, named <entity>_<action>); each refuses with ``Refusal``."""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from legalaid.accounts.access import may_use_second_factor
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


# --- second factor (TOTP) --------------------------------------------------------------------


def second_factor_start(*, user: User) -> TOTPDevice:
    """The device being enrolled: its secret stays the same until it is confirmed, so reloading
    the page does not change the QR code the person has already scanned."""
    if not may_use_second_factor(user):
        raise Refusal(_("Your role does not use a second factor."))
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        raise Refusal(_("A code generator is already set up for this account."))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Code generator"), confirmed=False)
    return device


def second_factor_confirm(*, user: User, token: str) -> TOTPDevice:
    """The first code from the app proves the secret was scanned: the device is confirmed and
    from the next login on the code is asked for."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).select_for_update().first()
        if device is None:
            raise Refusal(_("Start the setup again: no code generator is waiting for confirmation."))
        verified = device.verify_token(token)
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    # Refused outside the transaction: a wrong code's throttling record is kept.
    if not verified:
        raise Refusal(
            _("The code is not correct. Check the time on your phone and try again."), field="token"
        )
    return device


def second_factor_verify(*, user: User, token: str) -> TOTPDevice:
    """The login's second step: the code of the user's confirmed device. Wrong codes make the
    device wait longer and longer before the next try (django-otp's throttling)."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update().first()
        if device is None:
            raise Refusal(_("This account has no code generator."))
        allowed, data = device.verify_is_allowed()
        verified = allowed and device.verify_token(token)
    if not allowed:
        locked_until = (data or {}).get("locked_until") or timezone.now()
        seconds = max(1, round((locked_until - timezone.now()).total_seconds()))
        raise Refusal(
            _("Too many wrong codes: wait %(seconds)s seconds before trying again.") % {"seconds": seconds},
            field="token",
        )
    # Refused outside the transaction: a wrong code's throttling record is kept.
    if not verified:
        raise Refusal(_("The code is not correct or has expired."), field="token")
    return device


def second_factor_remove(*, user: User, password: str) -> int:
    """Removes the user's code generators once they have typed their password."""
    if not user.check_password(password):
        raise Refusal(_("The password is not correct."), field="password")
    deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
    return deleted
