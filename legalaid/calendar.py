"""Working days: Vietnamese public holidays (package ``holidays``: Tết, substitute days and
make-up working Saturdays) plus the administrator's own overrides (``CalendarOverride``).

Every deadline shown to a user is computed here.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays

_VN = holidays.country_holidays("VN", language="vi")
_MAX_SPAN_DAYS = 3660  # a deadline more than ten years out is a bug, not a deadline


def _overrides(start: date, end: date) -> dict[date, bool]:
    from legalaid.models import CalendarOverride

    rows = CalendarOverride.objects.filter(day__range=(start, end)).values_list("day", "kind")
    return {day: kind == CalendarOverride.Kind.WORKING_DAY for day, kind in rows}


def _is_working(day: date, overrides: dict[date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return _VN.is_working_day(day)


def week_end(day: date) -> date:
    """The Sunday that closes ``day``'s week (Monday to Sunday): "due this week" means up to it."""
    return day + timedelta(days=6 - day.weekday())


def is_working_day(day: date) -> bool:
    return _is_working(day, _overrides(day, day))


def holiday_name(day: date) -> str | None:
    """The holiday's Vietnamese name, or the reason of an administrator's day off."""
    overrides = _overrides(day, day)
    if overrides.get(day) is False:
        from legalaid.models import CalendarOverride

        return CalendarOverride.objects.get(day=day).reason
    return _VN.get(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts; n=0 gives start)."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    # Fetch the overrides of a window wide enough for n working days across Tết, in one query.
    window_end = start + timedelta(days=n * 2 + 30)
    overrides = _overrides(start, window_end)
    day, found = start, 0
    while found < n:
        day += timedelta(days=1)
        if day > window_end:
            overrides |= _overrides(day, day + timedelta(days=n * 2 + 30))
            window_end = day + timedelta(days=n * 2 + 30)
        if (day - start).days > _MAX_SPAN_DAYS:
            raise ValueError("no working day found within ten years")
        if _is_working(day, overrides):
            found += 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``: add_working_days(a, n) == b gives n.

    Negative when ``b`` comes before ``a`` (a deadline already passed by that many days)."""
    if b < a:
        return -working_days_between(b, a)
    overrides = _overrides(a, b)
    return sum(
        1 for offset in range(1, (b - a).days + 1) if _is_working(a + timedelta(days=offset), overrides)
    )


def year_calendar(year: int) -> tuple[dict[date, str], list[date]]:
    """For the date widget's calendar: the days off that are not plain weekends (holidays and
    an administrator's days off; a holiday on a weekend too, for its name) with their names, and
    the weekend days that are working days (make-up Saturdays). One query."""
    from legalaid.models import CalendarOverride

    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = list(CalendarOverride.objects.filter(day__range=(start, end)).values_list("day", "kind", "reason"))
    overrides = {day: kind == CalendarOverride.Kind.WORKING_DAY for day, kind, _reason in rows}
    reasons = {day: reason for day, kind, reason in rows if kind == CalendarOverride.Kind.DAY_OFF}
    days_off: dict[date, str] = {}
    working_weekends: list[date] = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        working = _is_working(day, overrides)
        weekend = day.weekday() >= 5
        name = reasons.get(day) or _VN.get(day) or ""
        if not working and (name or not weekend):
            days_off[day] = name
        elif working and weekend:
            working_weekends.append(day)
    return days_off, working_weekends
