"""The application's "today" is the Vietnam date, and the test suite's clock sweep covers the
moments that broke it before (weekends, the turn of the year, Tết, 29 February)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from legalaid import calendar
from legalaid.tests import clock

UTC = ZoneInfo("UTC")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_at_half_past_eleven_at_night_utc_the_apps_today_is_already_tomorrow(client, director):
    with time_machine.travel(datetime(2026, 12, 5, 23, 30, tzinfo=UTC), tick=False):
        assert timezone.now().date() == date(2026, 12, 5)  # UTC: still Saturday
        assert timezone.localdate() == date(2026, 12, 6)  # Vietnam: Sunday 06:30
        client.force_login(director)
        response = client.get(reverse("cases:deadlines"))
        assert response.context["today"] == date(2026, 12, 6)
        # Sunday closes the week: "due this week" ends today, not next Sunday.
        assert response.context["week_end"] == date(2026, 12, 6)


def test_the_week_ends_on_sunday_whatever_the_day():
    for day in range(7, 14):  # Monday 7 to Sunday 13 December 2026
        assert calendar.week_end(date(2026, 12, day)) == date(2026, 12, 13)
    assert calendar.week_end(date(2026, 12, 31)) == date(2027, 1, 3)


def test_the_sweep_names_the_moments_that_matter(db):
    moments = dict(clock.sweep_moments(date(2026, 12, 7)))
    values = list(moments.values())
    saturday, sunday, before_tet, after_tet, new_years_eve, new_year, leap_day = values
    assert saturday == datetime(2026, 12, 12, 23, 30, tzinfo=VIETNAM)
    assert saturday.astimezone(UTC).hour == 16
    assert sunday.date().weekday() == 6
    assert sunday.astimezone(UTC).date() != sunday.date()  # where the two dates differ
    # Tết 2027: the holidays run from Thursday 4 to Wednesday 10 February.
    assert before_tet.date() == date(2027, 2, 3) and after_tet.date() == date(2027, 2, 11)
    assert not calendar.is_working_day(date(2027, 2, 4))
    assert new_years_eve == datetime(2026, 12, 31, 23, 59, tzinfo=VIETNAM)
    assert new_year == datetime(2027, 1, 1, 0, 1, tzinfo=VIETNAM)
    assert leap_day.date() == date(2028, 2, 29)
    # On a Saturday the sweep's Saturday is that very day; after 29 February the next leap year.
    later = [moment for _name, moment in clock.sweep_moments(date(2028, 3, 4))]
    assert later[0].date() == date(2028, 3, 4) and later[-1].date() == date(2032, 2, 29)


def test_a_requested_moment_without_offset_is_vietnam_time(monkeypatch):
    monkeypatch.setenv(clock.VARIABLE, "2027-01-01T00:01")
    assert clock.requested_moment() == datetime(2027, 1, 1, 0, 1, tzinfo=VIETNAM)
    monkeypatch.setenv(clock.VARIABLE, "")
    assert clock.requested_moment() is None
