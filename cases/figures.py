# ruff: noqa: S608  (SQL here is built from this module's constants, never from input)
"""Pre-aggregated monthly figures of the cases, so the dashboard reads thousands of summary rows
instead of scanning a register of a million cases.

``MonthlyFigure`` holds, per month, handling unit and measure (requests received, cases
accepted, refused, referred, completed, completed and appraised, successful proceedings; and
open cases by the month of their next deadline), the number of cases split by form × field of
law (rows without a category) and, separately, by beneficiary category (rows without form and
field: a case in two categories counts once in each). Its size grows with months × units ×
forms × fields, not with cases.

PostgreSQL keeps it right itself, in the same transaction as the change: statement-level
triggers (migrations 0006 and 0011) on the cases table and on the case–category table turn
the rows a statement removed and added into per-month deltas and add them to the summary,
whatever wrote the rows (a workflow service, the admin, an import, a bulk load of a million
cases). The work is proportional to the rows changed, never to the register; the dashboard
never reads a stale figure and never pays for a refresh. ``manage.py refresh_case_figures``
recomputes everything from the cases (after a restore made with triggers disabled, or to check the summary).

Why triggers rather than a job: officials expect the dashboard to agree with the case list it
links to, to the minute, and a trigger cannot be forgotten by a new write path. The cost is that
two transactions changing cases of the same unit, month, form and field wait for each other's
commit on the summary row they share; case transactions are short, so that wait is brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from typing import Any

from django.db import connection, models, transaction

from legalaid import indicators
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
    SURVEYS = "surveys"  # satisfaction surveys answered in the month
    SATISFACTION = "satisfaction"  # the sum of their overall satisfaction scores
    # Open cases (Case.OPEN_STATES) by the month of their next deadline: not an event but a
    # state, moved by the triggers when a deadline moves or a case closes or reopens.
    OPEN_DUE = "open_due"


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
    count = models.IntegerField()

    class Meta:
        constraints = [
            # The triggers add deltas to the row of this key (NULLs equal: rows without a category).
            models.UniqueConstraint(
                fields=["month", "unit", "measure", "form", "field", "category"],
                name="case_figure_key",
                nulls_distinct=False,
            )
        ]
        indexes = [
            # "Open cases past their deadline" (count_before): the open_due rows of every month,
            # without reading the other measures' rows of all those months.
            models.Index(
                fields=["month"],
                condition=models.Q(measure=Measure.OPEN_DUE),
                name="case_figure_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.measure} {self.count}"


# The migration whose SQL the triggers run now: the rebuild counts with the same pieces, so the
# two cannot disagree on what a case counts for. A migration replacing the triggers moves this.
TRIGGERS = "cases.migrations.0011_open_cases_by_deadline_month"


def rebuild() -> int:
    """Recompute the whole summary from the cases; returns the number of summary rows. Cases
    written meanwhile wait (the table is locked against writes for the rebuild)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE cases_case, cases_case_categories, cases_survey IN SHARE MODE")
        cursor.execute("DELETE FROM cases_monthlyfigure")
        triggers = import_module(TRIGGERS)
        cursor.execute(triggers.base.apply(*triggers.case_parts("cases_case r", 1)))
        return cursor.rowcount


def snapshot() -> set[tuple]:
    """The summary's non-zero rows, to compare two states."""
    rows = MonthlyFigure.objects.exclude(count=0)
    return set(rows.values_list("month", "unit_id", "measure", "form_id", "field_id", "category_id", "count"))


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


class _Counts:
    """The summary rows of one measure indexed by month, so that a figure over some months is
    a few dictionary lookups a month (the dashboard asks hundreds of them of the same rows)."""

    def __init__(self, rows) -> None:
        # month -> [total without category, by form, by field, by (form, field), by category]
        self.months: dict[date, list] = {}
        for month, form, field_, category, n in rows:
            by = self.months.get(month)
            if by is None:
                by = self.months[month] = [0, {}, {}, {}, {}]
            if category is not None:
                by[4][category] = by[4].get(category, 0) + n
                continue
            by[0] += n
            by[1][form] = by[1].get(form, 0) + n
            by[2][field_] = by[2].get(field_, 0) + n
            by[3][form, field_] = by[3].get((form, field_), 0) + n

    def total(self, first: date, last: date, filters: dict[str, Any]) -> int:
        """The count of the months first..last that match the filters (one category, or a form
        and/or a field, codes)."""
        form, field_, category = filters.get("form"), filters.get("field"), filters.get("category")
        total = 0
        for month, (plain, by_form, by_field, by_both, by_category) in self.months.items():
            if not first <= month <= last:
                continue
            if category:
                total += by_category.get(category, 0)
            elif form and field_:
                total += by_both.get((form, field_), 0)
            elif form:
                total += by_form.get(form, 0)
            elif field_:
                total += by_field.get(field_, 0)
            else:
                total += plain
        return total


@dataclass
class _Loaded:
    first: date
    last: date  # first day of the last month loaded
    counts: dict[str, _Counts]  # by measure, over the scope's units


def next_month(day: date) -> date:
    """The first day of the month after the one of ``day``."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def whole_months(period: Period) -> tuple[date, date] | None:
    """The first days of the first and last whole months inside the period, or None."""
    return period.by_months()[0]


def _codes() -> dict[str, dict[int, str]]:
    """Reference ids -> codes (a few dozen rows), in one query per batch."""
    memo = indicators.memo("cases.codes")
    if memo:
        return memo
    found: dict[str, dict[int, str]] = {"form": {}, "field": {}, "category": {}}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'form', id, code FROM legalaid_legalaidform UNION ALL "
            "SELECT 'field', id, code FROM legalaid_legalfield UNION ALL "
            "SELECT 'category', id, code FROM legalaid_beneficiarycategory"
        )
        for kind, pk, code in cursor.fetchall():
            found[kind][pk] = code
    if memo is not None:
        memo.update(found)
    return found


def _read(where: str, params: list, scope: Unit | None) -> dict[str, list[tuple]]:
    """measure -> [(month, form code, field code, category code, n)] of the summary rows
    matching ``where``, summed over the scope's units. Plain SQL on ids: the ORM's joins for the
    codes and its per-value converters cost more than the read itself on a large summary."""
    if scope is not None:
        where += " AND unit_id IN (SELECT id FROM legalaid_unit WHERE path LIKE %s)"
        params = [*params, scope.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]
    codes = _codes()
    forms, fields, categories = codes["form"], codes["field"], codes["category"]
    found: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT measure, month, form_id, field_id, category_id, sum(count) FROM cases_monthlyfigure "
            f"WHERE {where} GROUP BY 1, 2, 3, 4, 5",
            params,
        )
        for measure, month, form, field_, category, n in cursor.fetchall():
            found.setdefault(measure, []).append(
                (month, forms.get(form), fields.get(field_), categories.get(category), int(n))
            )
    return found


def _load(scope: Unit | None, first: date, last: date) -> dict[str, _Counts]:
    # Within a batch the dashboard asks dozens of figures of the same months and scope: summary
    # rows are read once per (scope, months) and the figures summed in memory.
    loaded: dict[str, list[_Loaded]] | None = indicators.memo("cases.summary")  # by scope path
    scope_key = scope.path if scope is not None else ""
    if loaded is not None:
        for entry in loaded.get(scope_key, []):
            if entry.first <= first and last <= entry.last:
                return entry.counts
    if loaded is not None:
        # A batch reads whole calendar years, and the year before with them (one pass over the
        # summary, not two): the dashboard's other figures (last year's, plan targets over
        # activity windows, charts by month) then find their months already read.
        first, last = first.replace(year=first.year - 1, month=1), last.replace(month=12)
    rows = _read("month BETWEEN %s AND %s", [first, last], scope)
    counts = {measure: _Counts(found) for measure, found in rows.items()}
    if loaded is not None:
        loaded.setdefault(scope_key, []).append(_Loaded(first, last, counts))
    return counts


def count(measure: str, first: date, last: date, scope: Unit | None, filters: dict[str, Any]) -> int:
    """The number of cases of a measure in the whole months first..last (their first days)."""
    counts = _load(scope, first, last).get(measure)
    return counts.total(first, last, filters) if counts is not None else 0


def count_before(measure: str, before: date, scope: Unit | None, filters: dict[str, Any]) -> int:
    """The number of cases of a measure in every month before ``before`` (a first day), from
    the first on record: e.g. the open cases whose deadline fell in those months."""
    # One measure over all its months, not every measure of the period as _load reads: within a
    # batch once per scope, for every cutoff asked (this year's and last year's).
    loaded: dict[tuple, _Counts] | None = indicators.memo("cases.summary_all_months")
    key = (measure, scope.path if scope is not None else "")
    if loaded is not None and key in loaded:
        counts = loaded[key]
    else:
        where, params = "measure = %s", [measure]
        if loaded is None:
            where, params = where + " AND month < %s", [measure, before]
        counts = _Counts(_read(where, params, scope).get(measure, ()))
        if loaded is not None:
            loaded[key] = counts
    return counts.total(date.min, before - timedelta(days=1), filters)
