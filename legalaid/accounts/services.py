"""Account workflows (keyword-only, named <entity>_<action>); each refuses with ``Refusal``."""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset as axes_reset

from legalaid.models import User


def login_unlock(*, users: Iterable[User]) -> int:
    """Forget the failed logins of ``users``: their accounts, and the failures they brought on
    the addresses they tried from, are unlocked. Returns how many failure records were removed."""
    return sum(axes_reset(username=user.get_username()) for user in users)
