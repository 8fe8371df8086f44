# ruff: noqa: S608  (SQL here is built from this module's constants, never from input)
"""Pre-aggregated monthly figures of the cases, so the dashboard reads thousands of summary rows
instead of scanning a register of a million cases.

``MonthlyFigure`` holds, per month, handling unit and measure (requests received, cases
accepted, refused, referred, completed, completed and appraised, successful proceedings), the
number of cases split by form × field of law (rows without a category) and, separately, by
beneficiary category (rows without form and field: a case in two categories counts once in
each). Its size grows with months × units × forms × fields, not with cases.

PostgreSQL keeps it right itself, in the same transaction as the change: statement-level
triggers (migration 0006) on the cases table and on the case–category table turn the rows a
statement removed and added into per-month deltas and add them to the summary, whatever wrote
the rows (a workflow service, the admin, an import, a bulk load of a million cases). The work is
proportional to the rows changed, never to the register; the dashboard never reads a stale
figure and never pays for a refresh. ``manage.py refresh_case_figures`` recomputes everything
from the cases (after a restore made with triggers disabled, or to check the summary).

Why triggers rather than a job: officials expect the dashboard to agree with the case list it
links to, to the minute, and a trigger cannot be forgotten by a new write path. The cost is that
two transactions changing cases of the same unit, month, form and field wait for each other's
commit on the summary row they share; case transactions are short, so that wait is brief.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
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

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.measure} {self.count}"


# The month of each measure's event, as SQL over a case row ``r`` (NULL: no event).
EVENTS = (
    "(VALUES ('received', r.request_date), ('accepted', r.accepted_on), "
    "('refused', CASE WHEN r.status = 'refused' THEN r.closed_on END), "
    "('referred', CASE WHEN r.status = 'referred' THEN r.closed_on END), "
    "('completed', r.completed_on), "
    "('appraised', CASE WHEN r.status = 'appraised' THEN r.completed_on END), "
    "('successful', CASE WHEN r.successful THEN r.completed_on END)) e(measure, day)"
)
SURVEY_MEASURES = "(VALUES ('surveys', 1), ('satisfaction', s.satisfaction::int)) m(measure, value)"


def _rebuild_sql() -> str:
    zone = settings.TIME_ZONE.replace("'", "")
    survey_month = f"date_trunc('month', s.created_at AT TIME ZONE '{zone}')::date"
    categories = "JOIN cases_case_categories cc ON cc.case_id = r.id"
    return (
        "INSERT INTO cases_monthlyfigure (month, unit_id, measure, form_id, field_id, category_id, count) "
        "SELECT date_trunc('month', e.day)::date, r.unit_id, e.measure, r.form_id, r.field_id, NULL, count(*) "
        f"FROM cases_case r CROSS JOIN LATERAL {EVENTS} WHERE e.day IS NOT NULL GROUP BY 1, 2, 3, 4, 5 "
        "UNION ALL "
        "SELECT date_trunc('month', e.day)::date, r.unit_id, e.measure, NULL, NULL, cc.beneficiarycategory_id, "
        f"count(*) FROM cases_case r {categories} CROSS JOIN LATERAL {EVENTS} "
        "WHERE e.day IS NOT NULL GROUP BY 1, 2, 3, 6 "
        "UNION ALL "
        f"SELECT {survey_month}, r.unit_id, m.measure, r.form_id, r.field_id, NULL, sum(m.value) "
        f"FROM cases_survey s JOIN cases_case r ON r.id = s.case_id CROSS JOIN LATERAL {SURVEY_MEASURES} "
        "GROUP BY 1, 2, 3, 4, 5 "
        "UNION ALL "
        f"SELECT {survey_month}, r.unit_id, m.measure, NULL, NULL, cc.beneficiarycategory_id, sum(m.value) "
        f"FROM cases_survey s JOIN cases_case r ON r.id = s.case_id {categories} "
        f"CROSS JOIN LATERAL {SURVEY_MEASURES} GROUP BY 1, 2, 3, 6"
    )


def rebuild() -> int:
    """Recompute the whole summary from the cases; returns the number of summary rows. Cases
    written meanwhile wait (the table is locked against writes for the rebuild)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE cases_case, cases_case_categories, cases_survey IN SHARE MODE")
        cursor.execute("DELETE FROM cases_monthlyfigure")
        cursor.execute(_rebuild_sql())
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


@dataclass
class _Loaded:
    first: date
    last: date  # first day of the last month loaded
    # (month, measure, form code, field code, category code) -> count, over the scope's units
    counts: dict[str, list[tuple]]


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


def _load(scope: Unit | None, first: date, last: date) -> dict[str, list[tuple]]:
    # Within a batch the dashboard asks dozens of figures of the same months and scope: summary
    # rows are read once per (scope, months) and the figures summed in memory.
    loaded: dict[str, list[_Loaded]] | None = indicators.memo("cases.summary")  # by scope path
    scope_key = scope.path if scope is not None else ""
    if loaded is not None:
        for entry in loaded.get(scope_key, []):
            if entry.first <= first and last <= entry.last:
                return entry.counts
    if loaded is not None:
        # A batch reads whole calendar years: the dashboard's other figures (plan targets over
        # activity windows, charts by month) then find their months already read.
        first, last = first.replace(month=1), last.replace(month=12)
    rows = MonthlyFigure.objects.filter(month__range=(first, last))
    if scope is not None:
        rows = rows.filter(unit__path__startswith=scope.path)
    counts: dict[str, list[tuple]] = {}  # measure -> [(month, form, field, category, n)]
    for month, measure, *codes, n in rows.values_list(
        "month", "measure", "form__code", "field__code", "category__code"
    ).annotate(n=models.Sum("count")):
        counts.setdefault(measure, []).append((month, *codes, n))
    if loaded is not None:
        loaded.setdefault(scope_key, []).append(_Loaded(first, last, counts))
    return counts


def count(measure: str, first: date, last: date, scope: Unit | None, filters: dict[str, Any]) -> int:
    """The number of cases of a measure in the whole months first..last (their first days)."""
    counts = _load(scope, first, last)
    form, field_, category = filters.get("form"), filters.get("field"), filters.get("category")
    total = 0
    for month, row_form, row_field, row_category, n in counts.get(measure, ()):
        if not first <= month <= last:
            continue
        if category:
            if row_category == category:
                total += n
        elif row_category is None and (not form or row_form == form) and (not field_ or row_field == field_):
            total += n
    return total
