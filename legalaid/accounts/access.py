"""Who may, and who must, sign in with a second factor (a TOTP code)."""

from __future__ import annotations

from django.conf import settings

from legalaid.models import User
from legalaid.roles import Role, has_role

# The roles whose accounts reach the most: they may add a second factor to their login.
SECOND_FACTOR_ROLES: tuple[str, ...] = (Role.DIRECTOR, Role.ADMINISTRATOR, Role.OFFICIAL)


def must_use_second_factor(user: User) -> bool:
    """The roles named in ``OTP_REQUIRED_ROLES`` must enrol before they use the system."""
    required = tuple(settings.OTP_REQUIRED_ROLES)
    return bool(required) and has_role(user, *required)


def may_use_second_factor(user: User) -> bool:
    return user.is_superuser or has_role(user, *SECOND_FACTOR_ROLES) or must_use_second_factor(user)
