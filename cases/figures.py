"""Pre-aggregated monthly figures of the cases, so the dashboard reads thousands of summary rows
instead of scanning a register of a million cases.

``MonthlyFigure`` holds, per month, handling unit and measure (requests received, cases
accepted, refused, referred, completed, completed and appraised, successful proceedings), the
number of cases split by form × field of law (rows without a category) and, separately, by
beneficiary category (rows without form and field: a case in two categories counts once in
each). Its size grows with months × units, not with cases.

It is kept right by PostgreSQL itself: statement-level triggers (migration 0006) on the cases
table and on the case–category table note each (unit, month) whose figures a change touches
in ``FigureDirty``, whatever wrote the row (a workflow service, the admin, an import, a bulk
load). Readers call :func:`refresh` first, which recomputes only the dirty (unit, month) pairs
through the indexed date columns: a handful of small queries after a day's work, nothing when
nothing changed. ``manage.py refresh_case_figures --rebuild`` recomputes everything.

Why triggers and refresh-on-read rather than a nightly job: officials expect the dashboard to
agree with the case list they open from it, to the minute; a trigger cannot be forgotten by a
new write path; and the dirty set is bounded by units × months however many cases changed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection, models, transaction

from legalaid.indicators import Period
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField, Unit


class Measure(models.TextChoices):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    REFERRED = "referred"
    COMPLETED = "completed"
    APPRAISED = "appraised"  # completed in the month and appraised since
    SUCCESSFUL = "successful"  # completed in the month and marked successful


class MonthlyFigure(models.Model):
    month = models.DateField()  # the first day of the month
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    measure = models.CharField(max_length=12, choices=Measure.choices)
    form = models.ForeignKey(
        LegalAidForm, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    field = models.ForeignKey(
        LegalField, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    category = models.ForeignKey(
        BeneficiaryCategory, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "unit"], name="case_figure_month_unit_idx")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.measure} {self.count}"


class FigureDirty(models.Model):
    """A (unit, month) whose figures changed since they were last computed."""

    pk = models.CompositePrimaryKey("unit_id", "month")
    unit_id = models.BigIntegerField()
    month = models.DateField()

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y}"


# The event dates behind each measure: SQL giving the date (or NULL) from a case row ``c``.
MEASURE_DATES: dict[str, str] = {
    Measure.RECEIVED: "c.request_date",
    Measure.ACCEPTED: "c.accepted_on",
    Measure.REFUSED: "CASE WHEN c.status = 'refused' THEN c.closed_on END",
    Measure.REFERRED: "CASE WHEN c.status = 'referred' THEN c.closed_on END",
    Measure.COMPLETED: "c.completed_on",
    Measure.APPRAISED: "CASE WHEN c.status = 'appraised' THEN c.completed_on END",
    Measure.SUCCESSFUL: "CASE WHEN c.successful THEN c.completed_on END",
}
# The plain date column each measure is found through (indexed).
MEASURE_COLUMNS: dict[str, str] = {
    Measure.RECEIVED: "request_date",
    Measure.ACCEPTED: "accepted_on",
    Measure.REFUSED: "closed_on",
    Measure.REFERRED: "closed_on",
    Measure.COMPLETED: "completed_on",
    Measure.APPRAISED: "completed_on",
    Measure.SUCCESSFUL: "completed_on",
}
REFRESH_LOCK = 7_310_2020  # pg advisory lock: one refresher at a time


def _recompute_sql(source: str) -> str:
    """INSERT the figures of the (unit, month) pairs in ``source`` (a relation with unit_id and
    month), found through each measure's indexed date column."""
    parts = []
    for measure, expression in MEASURE_DATES.items():
        column = MEASURE_COLUMNS[measure]
        found = (
            f"FROM {source} d JOIN cases_case c ON c.unit_id = d.unit_id "
            f"AND c.{column} >= d.month AND c.{column} < (d.month + interval '1 month')::date "
            f"WHERE ({expression}) IS NOT NULL"
        )
        parts.append(
            f"SELECT d.month, d.unit_id, '{measure}', c.form_id, c.field_id, NULL::bigint, count(*) "
            f"{found} GROUP BY d.month, d.unit_id, c.form_id, c.field_id"
        )
        parts.append(
            f"SELECT d.month, d.unit_id, '{measure}', NULL::bigint, NULL::bigint, cc.beneficiarycategory_id, "
            f"count(*) {found.replace('WHERE', 'JOIN cases_case_categories cc ON cc.case_id = c.id WHERE')} "
            f"GROUP BY d.month, d.unit_id, cc.beneficiarycategory_id"
        )
    return (
        "INSERT INTO cases_monthlyfigure (month, unit_id, measure, form_id, field_id, category_id, count) "
        + " UNION ALL ".join(parts)
    )


def refresh() -> int:
    """Recompute the figures of every dirty (unit, month); returns how many pairs were redone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cases_figuredirty LIMIT 1")
        if cursor.fetchone() is None:
            return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
        cursor.execute(
            "CREATE TEMPORARY TABLE figure_refresh ON COMMIT DROP AS "
            "WITH taken AS (DELETE FROM cases_figuredirty RETURNING unit_id, month) "
            "SELECT DISTINCT unit_id, month FROM taken"
        )
        cursor.execute("SELECT count(*) FROM figure_refresh")
        pairs = cursor.fetchone()[0]
        cursor.execute(
            "DELETE FROM cases_monthlyfigure f USING figure_refresh d "
            "WHERE f.unit_id = d.unit_id AND f.month = d.month"
        )
        cursor.execute(_recompute_sql("figure_refresh"))
        cursor.execute("DROP TABLE figure_refresh")
    return pairs


def rebuild() -> int:
    """Mark every (unit, month) that holds a case dirty, then refresh."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_monthlyfigure")
        columns = sorted(set(MEASURE_COLUMNS.values()))
        selects = " UNION ".join(
            f"SELECT unit_id, date_trunc('month', {column})::date FROM cases_case WHERE {column} IS NOT NULL"  # noqa: S608
            for column in columns
        )
        # The columns are this module's constants, not input.
        cursor.execute(f"INSERT INTO cases_figuredirty (unit_id, month) {selects} ON CONFLICT DO NOTHING")  # noqa: S608
    return refresh()


# --- reading -------------------------------------------------------------------------------

SUMMARY_FILTERS = {"form", "field", "category"}


def answers(filters: dict[str, Any]) -> bool:
    """Whether the summary can give a figure cut by these filters: by form and/or field, or by
    one category (single codes). Anything else is counted from the cases themselves."""
    given = {k: v for k, v in filters.items() if v not in (None, "", [], ())}
    if not set(given) <= SUMMARY_FILTERS:
        return False
    if any(isinstance(v, list | tuple | set) for v in given.values()):
        return False
    return not ("category" in given and len(given) > 1)


@dataclass
class _Loaded:
    first: date
    last: date  # first day of the last month loaded
    # (month, measure, form code, field code, category code) -> count, over the scope's units
    counts: dict[tuple, int]


@dataclass
class _Batch:
    refreshed: bool = False
    loaded: dict[str, list[_Loaded]] = field(default_factory=dict)


# Within a request the dashboard asks dozens of figures of the same months and scope: the dirty
# months are refreshed once, summary rows are read once per (scope, months) and the figures
# summed in memory.
_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("case_figures", default=None)


@contextmanager
def batch() -> Iterator[None]:
    if _batch.get() is not None:
        yield
        return
    token = _batch.set(_Batch())
    try:
        yield
    finally:
        _batch.reset(token)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after the one of ``day``."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def whole_months(period: Period) -> tuple[date, date] | None:
    """The first days of the first and last whole months inside the period, or None."""
    first = period.start if period.start.day == 1 else next_month(period.start)
    if next_month(period.end) - timedelta(days=1) == period.end:
        last = _month_start(period.end)
    else:
        last = _month_start(_month_start(period.end) - timedelta(days=1))
    return (first, last) if first <= last else None


def _load(scope: Unit | None, first: date, last: date) -> dict[tuple, int]:
    current = _batch.get()
    scope_key = scope.path if scope is not None else ""
    if current is not None:
        for entry in current.loaded.get(scope_key, []):
            if entry.first <= first and last <= entry.last:
                return entry.counts
    rows = MonthlyFigure.objects.filter(month__range=(first, last))
    if scope is not None:
        rows = rows.filter(unit__path__startswith=scope.path)
    counts: dict[tuple, int] = {}
    for *key, n in rows.values_list(
        "month", "measure", "form__code", "field__code", "category__code"
    ).annotate(n=models.Sum("count")):
        counts[tuple(key)] = n
    if current is not None:
        current.loaded.setdefault(scope_key, []).append(_Loaded(first, last, counts))
    return counts


def _ensure_fresh() -> None:
    current = _batch.get()
    if current is None:
        refresh()
    elif not current.refreshed:
        refresh()
        current.refreshed = True


def count(measure: str, first: date, last: date, scope: Unit | None, filters: dict[str, Any]) -> int:
    """The number of cases of a measure in the whole months first..last (their first days)."""
    _ensure_fresh()
    counts = _load(scope, first, last)
    form, field_, category = filters.get("form"), filters.get("field"), filters.get("category")
    total = 0
    for (month, row_measure, row_form, row_field, row_category), n in counts.items():
        if row_measure != measure or not first <= month <= last:
            continue
        if category:
            if row_category == category:
                total += n
        elif row_category is None and (not form or row_form == form) and (not field_ or row_field == field_):
            total += n
    return total
