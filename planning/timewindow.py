"""Time windows of plan activities: the original words parsed into dates and a recurrence.

A pure function (no database): ``parse_time_window("Quý I - III năm 2021")`` gives the window
01/01/2021-30/09/2021. Relative deadlines ("Chậm nhất 05 ngày làm việc kể từ ngày nhận được hồ
sơ hợp lệ") keep the number of working days and the trigger; ``TimeWindow.deadline_after(day)``
turns them into a date with the working-day calendar once the trigger happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta


class Recurrence:
    ONCE = "once"
    YEARLY = "yearly"
    CONTINUOUS = "continuous"
    ON_CHANGE = "on_change"
    ON_EVENT = "on_event"


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"(i{1,3}|iv|[1-4])"  # a quarter in Roman or Arabic numerals
_SEP = r"\s*(?:-|–|—|đến)\s*"
_YEAR = r"((?:19|20)\d{2})"


@dataclass
class TimeWindow:
    text: str = ""
    start: date | None = None
    end: date | None = None
    recurrence: str = Recurrence.ONCE
    deadline: date | None = None
    yearly_deadline: tuple[int, int] | None = None  # (month, day), e.g. "trước ngày 30/8 hàng năm"
    relative_working_days: int | None = None
    trigger: str = ""
    schedule: list[tuple[int, str]] = field(default_factory=list)
    parsed: bool = False

    def deadline_after(self, trigger_day: date) -> date | None:
        """The deadline of a relative window once its trigger happened on ``trigger_day``."""
        if self.relative_working_days is None:
            return None
        from legalaid.calendar import add_working_days

        return add_working_days(trigger_day, self.relative_working_days)

    def describe(self) -> str:
        """A compact, language-neutral rendering: '2021-01-01..2021-09-30 once'."""
        parts = []
        if self.start or self.end:
            parts.append(f"{_iso(self.start)}..{_iso(self.end)}")
        parts.append(self.recurrence)
        if self.deadline:
            parts.append(f"deadline {self.deadline.isoformat()}")
        if self.yearly_deadline:
            parts.append(f"deadline {self.yearly_deadline[1]:02d}/{self.yearly_deadline[0]:02d} yearly")
        if self.relative_working_days is not None:
            parts.append(f"{self.relative_working_days} working days after: {self.trigger}")
        if self.schedule:
            parts.append("schedule " + ", ".join(str(year) for year, _ in self.schedule))
        return " ".join(parts)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "?"


def _quarter_start(year: int, q: int) -> date:
    return date(year, 3 * (q - 1) + 1, 1)


def _quarter_end(year: int, q: int) -> date:
    return _month_end(year, 3 * q)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _q(value: str) -> int:
    return ROMAN.get(value) or int(value)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_time_window(
    text: str,
    *,
    default_year: int | None = None,
    context: tuple[date | None, date | None] = (None, None),
) -> TimeWindow:
    """Parse the words of "Thời gian thực hiện". ``default_year`` completes phrases without a
    year ("Cả năm", "Quý IV"); ``context`` (the plan's or phase's window) bounds recurring and
    open-ended phrases ("Hàng năm", "Thường xuyên", "từ nay đến năm 2015")."""
    words = " ".join((text or "").split()).strip()
    window = TimeWindow(text=words)
    low = words.lower().rstrip(".;")
    ctx_start, ctx_end = context
    if not low:
        return window

    def done(**values) -> TimeWindow:
        for key, value in values.items():
            setattr(window, key, value)
        window.parsed = True
        return window

    # Relative deadline in working days: "Chậm nhất 05 ngày làm việc kể từ ngày ...".
    m = re.search(r"(\d+)\s+ngày làm việc\s*(?:,\s*)?(?:kể\s+)?từ\s+(.+)$", low)
    if m:
        trigger = words[m.start(2) : m.start(2) + len(m.group(2))].rstrip(".;")
        return done(recurrence=Recurrence.ON_EVENT, relative_working_days=int(m.group(1)), trigger=trigger)

    # Per-year schedule: "Năm 2013: ...; Năm 2014: ...; Năm 2015: ...".
    items = list(re.finditer(r"năm\s+" + _YEAR + r"\s*:", low))
    if len(items) >= 2:
        schedule = []
        for i, item in enumerate(items):
            end = items[i + 1].start() if i + 1 < len(items) else len(words)
            schedule.append((int(item.group(1)), words[item.end() : end].strip(" ;+.-")))
        years = [year for year, _ in schedule]
        return done(start=date(min(years), 1, 1), end=date(max(years), 12, 31), schedule=schedule)

    # Yearly deadline: "trước ngày 30 tháng 9 hàng năm", "trước ngày 30/8 hàng năm".
    m = re.search(r"trước ngày\s+(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})\s+(?:hàng|hằng) năm", low)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        deadline = _safe_date(default_year, month, day) if default_year else None
        return done(
            recurrence=Recurrence.YEARLY,
            yearly_deadline=(month, day),
            deadline=deadline,
            start=ctx_start,
            end=ctx_end,
        )

    # Absolute deadline: "hoàn thành trước 31/10/2025", "trước ngày 15 tháng 12 năm 2025".
    m = re.search(r"trước(?: ngày)?\s+(\d{1,2})/(\d{1,2})/" + _YEAR, low) or re.search(
        r"trước(?: ngày)?\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+" + _YEAR, low
    )
    if m:
        deadline = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if deadline:
            start = ctx_start if ctx_start and ctx_start <= deadline else date(deadline.year, 1, 1)
            return done(start=start, end=deadline, deadline=deadline)

    # Explicit date range: "từ ngày 01/3/2025 đến ngày 30/6/2025".
    m = re.search(
        r"(\d{1,2})/(\d{1,2})/" + _YEAR + r"\s*(?:-|–|đến)\s*(?:ngày\s+)?(\d{1,2})/(\d{1,2})/" + _YEAR, low
    )
    if m:
        start = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        end = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        if start and end and start <= end:
            return done(start=start, end=end)

    # Quarters: "Quý I - III năm 2021", "Quý II - III /2017", "Quý IV năm 2021", "Quý I/2025".
    m = re.search(r"quý\s+" + _Q + _SEP + r"(?:quý\s+)?" + _Q + r"(?:\s*(?:/|năm)\s*" + _YEAR + ")?", low)
    if m and (m.group(3) or default_year):
        year = int(m.group(3) or default_year)
        first, last = _q(m.group(1)), _q(m.group(2))
        if first <= last:
            return done(start=_quarter_start(year, first), end=_quarter_end(year, last))
    m = re.search(r"quý\s+" + _Q + r"\b(?:\s*(?:/|năm)\s*" + _YEAR + ")?", low)
    if m and (m.group(2) or default_year):
        year, q = int(m.group(2) or default_year), _q(m.group(1))
        return done(start=_quarter_start(year, q), end=_quarter_end(year, q))

    # Half years: "6 tháng đầu năm 2025", "6 tháng cuối năm".
    m = re.search(r"6 tháng (đầu|cuối) năm(?:\s+" + _YEAR + ")?", low)
    if m and (m.group(2) or default_year):
        year = int(m.group(2) or default_year)
        if m.group(1) == "đầu":
            return done(start=date(year, 1, 1), end=date(year, 6, 30))
        return done(start=date(year, 7, 1), end=date(year, 12, 31))

    # Months: "Tháng 3/2025", "tháng 10 năm 2025", "tháng 3 - 5/2025".
    m = re.search(r"tháng\s+(\d{1,2})" + _SEP + r"(\d{1,2})\s*(?:/|năm)\s*" + _YEAR, low)
    if m and 1 <= int(m.group(1)) <= int(m.group(2)) <= 12:
        year = int(m.group(3))
        return done(start=date(year, int(m.group(1)), 1), end=_month_end(year, int(m.group(2))))
    m = re.search(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*" + _YEAR, low)
    if m and 1 <= int(m.group(1)) <= 12:
        year, month = int(m.group(2)), int(m.group(1))
        return done(start=date(year, month, 1), end=_month_end(year, month))

    # "từ nay đến năm 2015": from the plan's start (or its date) to the end of that year.
    m = re.search(r"từ nay đến (?:hết )?năm\s+" + _YEAR, low)
    if m:
        end = date(int(m.group(1)), 12, 31)
        return done(start=ctx_start if ctx_start and ctx_start <= end else None, end=end)

    # Year ranges: "Năm 2016 - 2020 (...)", "giai đoạn 2021 - 2025", "2020 - 2030".
    m = re.search(_YEAR + _SEP + r"(?:năm\s+)?" + _YEAR, low)
    if m and int(m.group(1)) <= int(m.group(2)):
        return done(start=date(int(m.group(1)), 1, 1), end=date(int(m.group(2)), 12, 31))

    # Recurring and open-ended phrases.
    if re.search(r"(?:hàng|hằng) năm|định kỳ năm", low):
        return done(recurrence=Recurrence.YEARLY, start=ctx_start, end=ctx_end)
    if re.search(r"khi có (?:sự )?thay đổi", low):
        return done(recurrence=Recurrence.ON_CHANGE, start=ctx_start, end=ctx_end)
    if re.search(r"khi có yêu cầu|khi phát sinh|theo yêu cầu", low):
        return done(recurrence=Recurrence.ON_EVENT, start=ctx_start, end=ctx_end)
    if re.search(r"thường xuyên|liên tục", low):
        return done(recurrence=Recurrence.CONTINUOUS, start=ctx_start, end=ctx_end)

    # A whole year: "Cả năm 2025", "Năm 2025", "Trong năm 2025", or "Cả năm" of the plan's year.
    m = re.search(r"năm\s+" + _YEAR, low) or re.fullmatch(_YEAR, low)
    if m:
        year = int(m.group(1))
        return done(start=date(year, 1, 1), end=date(year, 12, 31))
    if re.search(r"cả năm|trong năm", low) and default_year:
        return done(start=date(default_year, 1, 1), end=date(default_year, 12, 31))
    return window
