"""Every time phrasing of DOMAIN.md §8.3 (and a few more real plans use), read into dates."""

from datetime import date

import pytest

from planning.timewindow import Recurrence, parse_time_window

PLAN_2021 = (date(2021, 1, 1), date(2021, 12, 31))
STRATEGY = (date(2013, 5, 9), date(2030, 12, 31))

CASES = [
    # words, default year, context, start, end, recurrence
    ("Cả năm 2021", None, (None, None), date(2021, 1, 1), date(2021, 12, 31), Recurrence.ONCE),
    ("Cả năm 2025.", None, (None, None), date(2025, 1, 1), date(2025, 12, 31), Recurrence.ONCE),
    ("Quý I - III năm 2021", None, (None, None), date(2021, 1, 1), date(2021, 9, 30), Recurrence.ONCE),
    ("Quý IV năm 2021", None, (None, None), date(2021, 10, 1), date(2021, 12, 31), Recurrence.ONCE),
    ("Quý II - III /2017", None, (None, None), date(2017, 4, 1), date(2017, 9, 30), Recurrence.ONCE),
    (
        "Quý I/2025 và thời gian theo các Kế hoạch khác được giao",
        None,
        (None, None),
        date(2025, 1, 1),
        date(2025, 3, 31),
        Recurrence.ONCE,
    ),
    ("Hàng năm", None, STRATEGY, STRATEGY[0], STRATEGY[1], Recurrence.YEARLY),
    ("Thường xuyên khi có sự thay đổi", 2021, PLAN_2021, PLAN_2021[0], PLAN_2021[1], Recurrence.ON_CHANGE),
    ("Thường xuyên", 2021, PLAN_2021, PLAN_2021[0], PLAN_2021[1], Recurrence.CONTINUOUS),
    (
        "Năm 2016 - 2020 (sơ kết 05 năm thực hiện Chiến lược vào năm 2020)",
        None,
        STRATEGY,
        date(2016, 1, 1),
        date(2020, 12, 31),
        Recurrence.ONCE,
    ),
    ("Giai đoạn 2020 - 2030", None, STRATEGY, date(2020, 1, 1), date(2030, 12, 31), Recurrence.ONCE),
    ("Giai đoạn từ nay đến năm 2015", None, STRATEGY, date(2013, 5, 9), date(2015, 12, 31), Recurrence.ONCE),
    (
        "hoàn thành trước 31/10/2025",
        2025,
        (None, None),
        date(2025, 1, 1),
        date(2025, 10, 31),
        Recurrence.ONCE,
    ),
    ("Cả năm", 2025, (None, None), date(2025, 1, 1), date(2025, 12, 31), Recurrence.ONCE),
    ("Quý III", 2025, (None, None), date(2025, 7, 1), date(2025, 9, 30), Recurrence.ONCE),
    ("Tháng 3/2025", None, (None, None), date(2025, 3, 1), date(2025, 3, 31), Recurrence.ONCE),
    ("6 tháng đầu năm 2025", None, (None, None), date(2025, 1, 1), date(2025, 6, 30), Recurrence.ONCE),
    (
        "Từ ngày 01/3/2025 đến ngày 30/6/2025",
        None,
        (None, None),
        date(2025, 3, 1),
        date(2025, 6, 30),
        Recurrence.ONCE,
    ),
]


@pytest.mark.parametrize(("words", "year", "context", "start", "end", "recurrence"), CASES)
def test_each_phrasing_gives_its_window(words, year, context, start, end, recurrence):
    window = parse_time_window(words, default_year=year, context=context)
    assert window.parsed, words
    assert (window.start, window.end, window.recurrence) == (start, end, recurrence)
    assert window.text == words


def test_the_original_words_are_kept_with_the_parsed_fields():
    window = parse_time_window("Quý I/2025 và thời gian theo các Kế hoạch khác được giao")
    assert window.text == "Quý I/2025 và thời gian theo các Kế hoạch khác được giao"


def test_a_per_year_schedule_spans_its_years_and_keeps_each_year_s_work():
    window = parse_time_window(
        "Năm 2013: Sửa chữa Chi nhánh huyện Năm Căn và xây dựng mới ở huyện Phú Tân; "
        "Năm 2014: Xây dựng mới ở các huyện: U Minh, Trần Văn Thời; Năm 2015: Xây dựng mới ở Ngọc Hiển."
    )
    assert (window.start, window.end) == (date(2013, 1, 1), date(2015, 12, 31))
    assert [year for year, _ in window.schedule] == [2013, 2014, 2015]
    assert window.schedule[0][1] == "Sửa chữa Chi nhánh huyện Năm Căn và xây dựng mới ở huyện Phú Tân"
    assert window.schedule[1][1].startswith("Xây dựng mới ở các huyện: U Minh")


@pytest.mark.parametrize(
    ("words", "month", "day"),
    [("trước ngày 30 tháng 9 hàng năm", 9, 30), ("trước ngày 30/8 hàng năm", 8, 30)],
)
def test_a_yearly_deadline_recurs_every_year_of_the_plan(words, month, day):
    window = parse_time_window(words, default_year=2025, context=STRATEGY)
    assert window.recurrence == Recurrence.YEARLY
    assert window.yearly_deadline == (month, day)
    assert window.deadline == date(2025, month, day)
    assert (window.start, window.end) == STRATEGY


def test_a_deadline_on_a_date_ends_the_window_there():
    window = parse_time_window("Các vụ việc hoàn thành trước 31/10/2025", context=(date(2025, 1, 1), None))
    assert window.deadline == date(2025, 10, 31)
    assert window.end == date(2025, 10, 31)
    assert window.recurrence == Recurrence.ONCE


@pytest.mark.parametrize(
    ("words", "trigger"),
    [
        (
            "Chậm nhất 05 ngày làm việc kể từ ngày có một trong các căn cứ nêu trên",
            "ngày có một trong các căn cứ nêu trên",
        ),
        ("Chậm nhất 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ", "ngày nhận được hồ sơ hợp lệ"),
    ],
)
def test_a_relative_deadline_keeps_its_working_days_and_trigger(words, trigger):
    window = parse_time_window(words)
    assert window.parsed
    assert window.recurrence == Recurrence.ON_EVENT
    assert window.relative_working_days == 5
    assert window.trigger == trigger
    assert (window.start, window.end) == (None, None)


@pytest.mark.django_db
def test_a_relative_deadline_counts_working_days_across_tet():
    window = parse_time_window("Chậm nhất 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ")
    # Received Friday 24/01/2025; Tết holidays 27/01-31/01/2025: five working days end on 07/02.
    assert window.deadline_after(date(2025, 1, 24)) == date(2025, 2, 7)
    # An ordinary week: Monday 03/03/2025 + 5 working days = Monday 10/03/2025.
    assert window.deadline_after(date(2025, 3, 3)) == date(2025, 3, 10)


@pytest.mark.parametrize("words", ["", "Theo chỉ đạo của lãnh đạo", "Quý V/2025", "Cả năm"])
def test_words_it_cannot_read_are_reported_not_guessed(words):
    window = parse_time_window(words)
    assert not window.parsed
    assert (window.start, window.end) == (None, None)
