from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from legalaid.tests.factories import UserFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_periods_cover_the_whole_range_inclusively():
    assert Period.year(2025) == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert Period.quarter(2025, 4) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert Period.month(2024, 2) == Period(date(2024, 2, 1), date(2024, 2, 29))


def test_the_statistical_year_can_start_on_1_november():
    assert Period.statistical_year(2025, 11, 1) == Period(date(2024, 11, 1), date(2025, 10, 31))
    assert Period.statistical_year(2025, 1, 1) == Period.year(2025)


def test_the_same_period_last_year_handles_29_february():
    assert Period(date(2024, 2, 1), date(2024, 2, 29)).same_period_last_year() == Period(
        date(2023, 2, 1), date(2023, 2, 28)
    )


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        ((2025, 1, 1), (2025, 12, 31), ((2025, 1, 1), (2025, 12, 1)), []),
        ((2024, 11, 1), (2025, 10, 31), ((2024, 11, 1), (2025, 10, 1)), []),  # a statistical year
        ((2024, 2, 1), (2024, 2, 29), ((2024, 2, 1), (2024, 2, 1)), []),  # a leap February
        (
            (2025, 1, 15),
            (2025, 3, 10),
            ((2025, 2, 1), (2025, 2, 1)),
            [((2025, 1, 15), (2025, 1, 31)), ((2025, 3, 1), (2025, 3, 10))],
        ),
        ((2024, 12, 15), (2025, 2, 28), ((2025, 1, 1), (2025, 2, 1)), [((2024, 12, 15), (2024, 12, 31))]),
        ((2025, 2, 1), (2025, 2, 27), None, [((2025, 2, 1), (2025, 2, 27))]),  # no whole month
        ((2025, 1, 31), (2025, 2, 1), None, [((2025, 1, 31), (2025, 2, 1))]),
    ],
)
def test_a_period_splits_into_whole_months_and_the_days_around_them(start, end, months, days):
    whole, parts = Period(date(*start), date(*end)).by_months()
    assert whole == (tuple(date(*d) for d in months) if months else None)
    assert parts == [Period(date(*a), date(*b)) for a, b in days]


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_the_shared_app_registers_its_indicator_with_a_vietnamese_label():
    from django.utils import translation

    indicator = indicators.get("legalaid.active_users")
    assert indicator.unit == MeasureUnit.PEOPLE
    with translation.override("vi"):
        assert str(indicator.label) != "Active user accounts"


def test_an_unknown_indicator_or_filter_is_refused():
    with pytest.raises(LookupError):
        indicators.get("nope.nothing")
    with pytest.raises(ValueError):
        indicators.compute("legalaid.active_users", Period.year(2025), None, field="HS")


def test_registering_another_function_under_a_taken_key_is_refused():
    with pytest.raises(ValueError):
        indicators.register("legalaid.active_users", label="x", unit=MeasureUnit.COUNT)(lambda p, s: 0)


def test_a_memo_lives_as_long_as_the_batch_one_per_namespace():
    assert indicators.memo("test.a") is None
    with indicators.batch():
        kept = indicators.memo("test.a")
        assert kept == {}
        kept["question"] = "answer"
        assert indicators.memo("test.a") is kept
        assert indicators.memo("test.b") == {}
        with indicators.batch():  # a nested batch joins the outer one
            assert indicators.memo("test.a") is kept
        assert indicators.memo("test.a") is kept
    assert indicators.memo("test.a") is None
    with indicators.batch():
        assert indicators.memo("test.a") == {}


@pytest.mark.django_db
def test_active_users_counts_the_scope_subtree_at_the_end_of_the_period(org):
    joined_2024 = datetime(2024, 6, 1, 9, tzinfo=HANOI)
    UserFactory(unit=org.branch, date_joined=joined_2024)
    UserFactory(unit=org.branch, date_joined=joined_2024, is_active=False)
    UserFactory(unit=org.other_branch, date_joined=joined_2024)
    UserFactory(unit=org.admin_department, date_joined=datetime(2025, 3, 1, 9, tzinfo=HANOI))
    assert indicators.compute("legalaid.active_users", Period.year(2024), org.branch) == 1
    assert indicators.compute("legalaid.active_users", Period.year(2024), org.centre) == 2
    assert indicators.compute("legalaid.active_users", Period.year(2025), org.centre) == 3
    assert indicators.compute("legalaid.active_users", Period.year(2025), org.doj) == 3
    # a user joining late on 31 December (Vietnamese time) still counts for that year
    UserFactory(unit=org.branch, date_joined=datetime(2025, 12, 31, 23, 30, tzinfo=HANOI))
    assert indicators.compute("legalaid.active_users", Period.year(2025), org.branch) == 2
