"""What the outreach services share: dates written the Vietnamese way and the rule that a record
cannot be dated after today."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _not_in_future(day: date, label: str, *, field: str | None = None) -> None:
    if day > timezone.localdate():
        raise Refusal(
            _("%(what)s (%(date)s) cannot be later than today.") % {"what": label, "date": _d(day)},
            field=field,
        )
