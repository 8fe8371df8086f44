from datetime import date

import pytest

from legalaid.calendar import add_working_days, holiday_name, is_working_day, working_days_between
from legalaid.models import CalendarOverride


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Friday before Tết 2026 -> Monday after it
        (date(2026, 2, 12), 5, date(2026, 2, 26)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # Saturday 26/04/2025 is a make-up working day
        (date(2025, 4, 26), 3, date(2025, 5, 5)),  # across 30/4, 1/5 and the substitute 2/5
        (date(2025, 1, 24), 3, date(2025, 2, 5)),  # across Tết 2025
        (date(2026, 11, 20), 0, date(2026, 11, 20)),
    ],
)
def test_add_working_days_counts_vietnamese_holidays_and_make_up_saturdays(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 2, 13), 1, date(2026, 2, 23)),
        (date(2026, 2, 12), 5, date(2026, 2, 26)),
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
        (date(2025, 4, 26), 3, date(2025, 5, 5)),
    ],
)
def test_working_days_between_is_the_inverse_of_add_working_days(start, n, expected):
    assert working_days_between(start, expected) == n
    assert working_days_between(expected, start) == -n


@pytest.mark.django_db
def test_an_administrators_extra_day_off_moves_the_deadline():
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)  # 24/11: Ngày Văn hóa Việt Nam
    CalendarOverride.objects.create(
        day=date(2026, 11, 25), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ bù"
    )
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 26)
    assert holiday_name(date(2026, 11, 25)) == "Nghỉ bù"
    assert not is_working_day(date(2026, 11, 25))


@pytest.mark.django_db
def test_an_extra_working_saturday_counts_as_a_working_day():
    saturday = date(2026, 12, 5)
    assert not is_working_day(saturday)
    CalendarOverride.objects.create(day=saturday, kind=CalendarOverride.Kind.WORKING_DAY, reason="Làm bù")
    assert is_working_day(saturday)
    assert add_working_days(date(2026, 12, 4), 1) == saturday


@pytest.mark.django_db
def test_holidays_have_their_vietnamese_names():
    assert "Quốc khánh" in holiday_name(date(2025, 9, 2))
    assert holiday_name(date(2025, 9, 10)) is None


@pytest.mark.django_db
def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


@pytest.mark.django_db
def test_a_deadline_across_a_long_span_takes_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_working_days(date(2026, 1, 5), 20) > date(2026, 1, 30)
