"""Activity status at the edges of its window, with a frozen clock; the hand-set status."""

from datetime import date

import pytest
import time_machine

from legalaid.refusal import Refusal
from planning.models import ActivityStatus as S
from planning.services import activity_set_status, plan_progress, status_compute

START, END = date(2025, 1, 1), date(2025, 3, 31)  # Quý I/2025: 90 days

TABLE = [
    # today, fraction (None: no measurable target), expected
    (date(2024, 12, 31), None, S.NOT_STARTED),
    (date(2025, 1, 1), None, S.ON_TRACK),
    (date(2025, 3, 31), None, S.ON_TRACK),
    (date(2025, 4, 1), None, S.OVERDUE),
    (date(2024, 12, 31), 0.0, S.NOT_STARTED),
    (date(2025, 1, 1), 0.0, S.ON_TRACK),  # nothing is expected on the first day
    (date(2025, 1, 2), 0.0, S.AT_RISK),  # 1 of 90 days gone, nothing done
    (date(2025, 2, 15), 0.5, S.ON_TRACK),  # 45 of 90 days: exactly on the line
    (date(2025, 2, 16), 0.5, S.AT_RISK),  # 46 of 90 days: just behind it
    (date(2025, 3, 31), 0.98, S.AT_RISK),  # 89/90 = 0.989 expected
    (date(2025, 3, 31), 0.99, S.ON_TRACK),
    (date(2025, 4, 1), 0.99, S.OVERDUE),
    (date(2025, 4, 1), 1.0, S.DONE),
    (date(2024, 12, 31), 1.0, S.DONE),  # reached early is done
]


@pytest.mark.parametrize(("today", "fraction", "expected"), TABLE)
def test_status_against_the_straight_line_of_the_window(today, fraction, expected):
    assert status_compute(start=START, end=END, today=today, fraction=fraction) == expected


def test_a_status_set_by_hand_wins():
    assert (
        status_compute(start=START, end=END, today=date(2025, 6, 1), fraction=0.1, override=S.DONE) == S.DONE
    )


def _row(plan, number):
    return next(r for r in plan_progress(plan) if r.activity.number == number)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frozen", "expected"),
    [
        ("2024-12-31 23:00 +07:00", S.NOT_STARTED),
        ("2025-01-01 08:00 +07:00", S.ON_TRACK),
        ("2025-03-31 16:00 +07:00", S.ON_TRACK),
        ("2025-04-01 07:30 +07:00", S.OVERDUE),
    ],
)
def test_an_activity_without_targets_at_its_window_edges(lang_son_plan, frozen, expected):
    with time_machine.travel(frozen, tick=False):
        row = _row(lang_son_plan, "1")  # Quý I/2025
    assert (row.start, row.end) == (START, END)
    assert row.status == expected


@pytest.mark.django_db
def test_sessions_against_a_whole_year_target_with_a_frozen_clock(lang_son_plan, test_indicators):
    activity = lang_son_plan.activities.get(number="2.1")
    total = activity.targets.get(unit=None)  # "20 cuộc"
    total.indicator_key = "test.sessions"
    total.save()
    # 2 July 2025 is day 182 of 365: the straight line expects 182/365 = 49.9 % = 9.97 sessions.
    test_indicators.sessions.extend([(date(2025, 2, d), "HC-TH", "direct") for d in range(1, 10)])
    with time_machine.travel("2025-07-02 10:00 +07:00", tick=False):
        assert _row(lang_son_plan, "2.1").status == S.AT_RISK  # 9 of 20
        test_indicators.sessions.append((date(2025, 7, 2), "NV", "direct"))
        row = _row(lang_son_plan, "2.1")
        assert (row.status, row.percent) == (S.ON_TRACK, 50)  # 10 of 20
        test_indicators.sessions.append((date(2025, 7, 3), "NV", "direct"))  # tomorrow: not counted yet
        assert [tp.value for tp in _row(lang_son_plan, "2.1").targets if tp.target.unit is None] == [10]
    with time_machine.travel("2026-01-01 08:00 +07:00", tick=False):
        # The plan's year is over: judged as it stood on 31 December, as the dashboard judges
        # 2025 (11 of 20 against 364/365 of the line), not as overdue on the day it is read.
        assert _row(lang_son_plan, "2.1").status == S.AT_RISK
        test_indicators.sessions.append((date(2026, 1, 1), "NV", "direct"))  # next year's: not counted
        assert _row(lang_son_plan, "2.1").percent == 55
        test_indicators.sessions.extend([(date(2025, 12, d), "NV", "direct") for d in range(1, 10)])
        assert _row(lang_son_plan, "2.1").status == S.DONE  # 20 of 20


@pytest.mark.django_db
def test_setting_the_status_by_hand_needs_a_reason_and_keeps_history(lang_son_plan, director, intake_officer):
    activity = lang_son_plan.activities.get(number="1")
    with pytest.raises(Refusal, match="lý do"):
        activity_set_status(
            activity=activity, status=S.DONE, reason="  ", by=director, version=activity.version
        )
    activity = activity_set_status(
        activity=activity, status=S.DONE, reason="Đã ban hành đủ các kế hoạch", by=director, version=0
    )
    with time_machine.travel("2025-06-01 09:00 +07:00", tick=False):
        assert _row(lang_son_plan, "1").status == S.DONE
        assert _row(lang_son_plan, "1").computed_status == S.OVERDUE
    # Someone who saw the old version cannot overwrite the change silently.
    with pytest.raises(Refusal, match="vừa thay đổi hoạt động này"):
        activity_set_status(activity=activity, status=S.AT_RISK, reason="Chậm", by=intake_officer, version=0)
    activity_set_status(
        activity=activity, status="", reason="Tính lại theo số liệu", by=intake_officer, version=1
    )
    activity.refresh_from_db()
    assert (activity.status_override, activity.status_reason, activity.version) == ("", "", 2)
    history = list(activity.status_changes.values_list("status", "reason", "by__username"))
    assert history == [
        ("", "Tính lại theo số liệu", "tiepnhan"),
        ("done", "Đã ban hành đủ các kế hoạch", "giamdoc"),
    ]
    assert activity.history.count() == 3  # created, set, cleared
