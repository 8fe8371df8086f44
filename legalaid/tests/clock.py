"""The test suite's clock: run every test at a chosen moment, and the moments of the sweep.

``TEST_NOW=2026-12-12T23:30+07:00 make test`` runs the whole suite as if it were that moment:
the clock is moved there before the database is created, and moved back there at the start of
every test (it then ticks for the few seconds the test takes), so every test sees the same
moment whatever ran before it. A test that pins its own moment with time-machine still does so.

``python -m legalaid.tests.clock`` prints the moments of the sweep (``make test-clock``), worked
out from the current year so the sweep stays near the present: a Saturday 23:30 in Vietnam
(16:30 UTC, where the UTC and Vietnam dates differ), a Sunday, the working day before Tết and
the first working day after it, 31 December 23:59 and 1 January 00:01, 29 February of the next
leap year.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
VARIABLE = "TEST_NOW"


def requested_moment() -> datetime | None:
    """The moment named by ``TEST_NOW`` (ISO 8601; Vietnam time when no offset is given)."""
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"{VARIABLE}={text!r} không phải thời điểm ISO 8601, ví dụ 2026-12-12T23:30+07:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM)


def _tet_block(year: int) -> tuple[date, date]:
    """The first and last day of the Tết (lunar new year) holidays of ``year``."""
    calendar = holidays.country_holidays("VN", years=[year])
    days = sorted(day for day in calendar if day.month <= 2 and day != date(year, 1, 1))
    first = last = days[0]
    for day in days[1:]:
        if (day - last).days > 1:
            break
        last = day
    return first, last


def sweep_moments(today: date) -> list[tuple[str, datetime]]:
    """The moments ``make test-clock`` runs the suite at, named in Vietnamese."""
    calendar = holidays.country_holidays("VN", years=range(today.year, today.year + 6))
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    first, last = _tet_block(today.year + 1)
    before = first - timedelta(days=1)
    while not calendar.is_working_day(before):
        before -= timedelta(days=1)
    after = last + timedelta(days=1)
    while not calendar.is_working_day(after):
        after += timedelta(days=1)
    leap = next(year for year in range(today.year, today.year + 5) if year % 4 == 0 and year % 100 != 0)
    if date(leap, 2, 29) < today:
        leap = next(year for year in range(leap + 1, leap + 9) if year % 4 == 0 and year % 100 != 0)
    return [
        ("Thứ Bảy 23:30 giờ Việt Nam (16:30 UTC)", _at(saturday, 23, 30)),
        (
            "Chủ nhật 06:30 giờ Việt Nam (ở UTC vẫn là thứ Bảy 23:30)",
            _at(saturday + timedelta(days=1), 6, 30),
        ),
        ("Ngày làm việc cuối trước Tết", _at(before, 16, 0)),
        ("Ngày làm việc đầu tiên sau Tết", _at(after, 8, 0)),
        ("31 tháng 12, 23:59", _at(date(today.year, 12, 31), 23, 59)),
        ("1 tháng 1, 00:01", _at(date(today.year + 1, 1, 1), 0, 1)),
        ("29 tháng 2 năm nhuận", _at(date(leap, 2, 29), 9, 0)),
    ]


_traveller = None


def start() -> None:
    """Move the process's clock to ``TEST_NOW`` for the whole session (from ``pytest_configure``)."""
    global _traveller
    moment = requested_moment()
    if moment is None:
        return
    import time_machine

    _traveller = time_machine.travel(moment, tick=True)
    _traveller.start()


def report_header() -> str | None:
    moment = requested_moment()
    if moment is None:
        return None
    local = moment.astimezone(VIETNAM)
    return f"Đồng hồ kiểm thử ({VARIABLE}): {WEEKDAYS[local.weekday()]} {local:%d/%m/%Y %H:%M} giờ Việt Nam"


@pytest.fixture(scope="session", autouse=True)
def cookies_outlive_the_clock():
    """The server's clock may be moved (``TEST_NOW``, or a test's own pin) while Chromium keeps
    the real one: a cookie whose expiry the server works out from a past moment would be dropped
    by the browser at once. Session-length cookies carry no expiry."""
    from django.conf import settings

    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture(autouse=True)
def pinned_moment():
    """Every test starts at ``TEST_NOW`` exactly, whatever the tests before it took."""
    moment = requested_moment()
    if moment is None:
        yield None
        return
    import time_machine

    with time_machine.travel(moment, tick=True):
        yield moment


def main() -> None:
    """Print the sweep's moments, one ISO 8601 moment a line (``--names`` adds their names)."""
    today = datetime.now(VIETNAM).date()
    for name, moment in sweep_moments(today):
        if "--names" in sys.argv:
            print(f"{moment.isoformat()}\t{name}")
        else:
            print(moment.isoformat())


if __name__ == "__main__":
    main()
