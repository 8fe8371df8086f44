"""Settings of the cases app, and the deadlines of its procedure.

Settings (``CASES_<NAME>`` in Django settings) hold what is the centre's own choice: the
register number's format and the size of uploads. The deadlines are rules with a legal basis and
validity dates, edited in the admin (``DeadlineRule``; the defaults DOMAIN.md names are seeded,
several marked unverified): ``deadline()`` gives the last day of a period from the rule in force
on the day it starts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from legalaid.calendar import add_working_days
from legalaid.refusal import Refusal

DEFAULTS = {
    # Sổ thụ lý number: sequential per centre per year. Fields: seq, year, centre (abbreviation).
    "REGISTER_NUMBER_FORMAT": "{seq:03d}/{year}/TL-{centre}",
    # Uploaded scans and results.
    "MAX_UPLOAD_MB": 10,
    # Working days from receipt to answer a complaint. The Law on Complaints 2011 art. 28 is
    # commonly cited as 30 days for a first complaint: UNVERIFIED (DOMAIN.md says "per complaints
    # law" only); the complaints page says so.
    "COMPLAINT_ANSWER_WORKING_DAYS": 30,
}


def get(name: str):
    return getattr(settings, f"CASES_{name}", DEFAULTS[name])


def deadline_days(code: str, start: date) -> tuple[int, bool] | None:
    """The days (and whether they are working days) the rule in force on ``start`` gives."""
    from .models import DeadlineRule

    rule = DeadlineRule.objects.in_force(code, start)
    return None if rule is None else (rule.days, rule.working_days)


def deadline(code: str, start: date) -> date:
    """The last day of the period ``code`` starting on ``start``. A step whose deadline no rule
    in force gives is refused: the administrator must set the rule first."""
    found = deadline_or_none(code, start)
    if found is None:
        from .models import DeadlineRule

        raise Refusal(
            _("No deadline for “%(step)s” is in force on %(day)s; the administrator must set it.")
            % {"step": DeadlineRule.Code(code).label, "day": f"{start:%d/%m/%Y}"}
        )
    return found


def deadline_or_none(code: str, start: date) -> date | None:
    days = deadline_days(code, start)
    if days is None:
        return None
    count, working = days
    return add_working_days(start, count) if working else start + timedelta(days=count)
