# ruff: noqa: S608  (SQL here is built from this module's constants, never from input)
"""Pre-aggregated monthly figures of the outreach sessions, so the dashboard reads a summary
whose size does not grow with the sessions.

``MonthlyFigure`` holds, per month, lead unit, commune and kind of session, the number of
sessions and their attendees (all, women, ethnic-minority people). A province of 65 communes
and a handful of units has at most a few thousand rows a year however many sessions are held.

PostgreSQL keeps it right in the same transaction as the change: statement-level triggers
(migration 0003) turn the sessions a statement removed and added into deltas, whatever wrote
them (the phone form, the admin, an import, ``bulk_create``, ``queryset.update()``); the work is
proportional to the rows changed. ``manage.py refresh_outreach_figures`` recomputes the summary
from the sessions (after a restore made with triggers disabled) or checks it (``--check``).
Why triggers rather than a job: the figures link to the session list and must agree with it.

Reading (``totals``, ``communes``): whole months of a period come from the summary, the days of
a partial first or last month from the sessions themselves (the date index). Inside an
indicator batch (the dashboard) the summary of a calendar year and scope is read once, grouped
by month, lead unit and kind, and a narrower scope (a branch, for a plan's target) is cut from
it in memory.

The summary's model, ``MonthlyFigure``, lives in ``outreach.models`` with the others; this
module depends on the models, never the reverse, and ``outreach.coverage`` reads through it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum

from legalaid import indicators
from legalaid.models import Unit
from outreach.models import MonthlyFigure, Session

if TYPE_CHECKING:
    from legalaid.indicators import Period


KEY = "month, lead_unit_id, commune_id, kind"
VALUES = "sessions, attendees, attendees_women, attendees_minority"


def deltas(rows: str, sign: int) -> str:
    """The summary rows of the session rows ``rows`` (aliased s), each counted ``sign`` times."""
    return (
        f"SELECT date_trunc('month', s.held_on)::date AS month, s.lead_unit_id, s.commune_id, s.kind, "
        f"{sign} AS sessions, {sign} * s.attendees::bigint AS attendees, "
        f"{sign} * s.attendees_women::bigint AS attendees_women, "
        f"{sign} * s.attendees_minority::bigint AS attendees_minority FROM {rows}"
    )


def apply(*parts: str) -> str:
    """Add the deltas to the summary, in key order so that concurrent writers lock rows in one order."""
    sums = ", ".join(f"sum({v})" for v in VALUES.split(", "))
    updates = ", ".join(f"{v} = f.{v} + EXCLUDED.{v}" for v in VALUES.split(", "))
    return (
        f"INSERT INTO outreach_monthlyfigure AS f ({KEY}, {VALUES}) SELECT {KEY}, {sums} FROM ("
        + " UNION ALL ".join(parts)
        + f") x GROUP BY {KEY} HAVING sum(sessions) <> 0 OR sum(attendees) <> 0 ORDER BY {KEY} "
        f"ON CONFLICT ON CONSTRAINT outreach_figure_key DO UPDATE SET {updates};"
    )


COUNTED = (
    "held_on",
    "lead_unit_id",
    "commune_id",
    "kind",
    "attendees",
    "attendees_women",
    "attendees_minority",
)
CHANGED = (
    f"({', '.join('o.' + c for c in COUNTED)}) IS DISTINCT FROM ({', '.join('n.' + c for c in COUNTED)})"
)


def rebuild() -> int:
    """Recompute the whole summary from the sessions; returns the number of summary rows.
    Sessions written meanwhile wait (the table is locked against writes for the rebuild)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE outreach_session IN SHARE MODE")
        cursor.execute("DELETE FROM outreach_monthlyfigure")
        cursor.execute(apply(deltas("outreach_session s", 1)))
        return cursor.rowcount


def snapshot() -> set[tuple]:
    """The summary's non-empty rows, to compare two states."""
    rows = MonthlyFigure.objects.exclude(sessions=0, attendees=0)
    return set(rows.values_list("month", "lead_unit_id", "commune_id", "kind", *VALUES.split(", ")))


# --- reading -------------------------------------------------------------------------------

MEMO = "outreach.figures"
COLUMNS = {"": "attendees", "women": "attendees_women", "minority": "attendees_minority"}


def in_scope(queryset, scope: Unit | None, unit_field: str):
    """``queryset`` narrowed to rows whose ``unit_field`` lies in the scope's subtree."""
    return queryset if scope is None else queryset.filter(**{f"{unit_field}__path__startswith": scope.path})


def commune_code(commune) -> int:
    return int(getattr(commune, "pk", commune))


def kinds_of(kind) -> list[str]:
    if kind is None or kind == "":
        return []
    return [kind] if isinstance(kind, str) else list(kind)


def sessions_in(period: Period, scope: Unit | None, kind=None, commune=None) -> QuerySet[Session]:
    """Sessions held in the period, led by a unit of the scope, of a kind (or kinds), in one
    commune if given: what the summary counts, read from the sessions themselves."""
    sessions = in_scope(Session.objects.filter(held_on__range=(period.start, period.end)), scope, "lead_unit")
    if commune:
        sessions = sessions.filter(commune_id=commune_code(commune))
    kinds = kinds_of(kind)
    return sessions.filter(kind__in=kinds) if kinds else sessions


def _year(year: int, scope: Unit | None) -> list[tuple]:
    """(month, lead unit path, kind, sessions, attendees, women, minority) of a calendar year,
    read once per batch; a scope inside one already read is cut from it."""
    memo = indicators.memo(MEMO)
    path = scope.path if scope is not None else ""
    if memo is not None:
        for (kind, read_year, read_path), rows in memo.items():
            if kind == "year" and read_year == year and path.startswith(read_path):
                return rows if read_path == path else [r for r in rows if r[1].startswith(path)]
    rows = in_scope(
        MonthlyFigure.objects.filter(month__range=(date(year, 1, 1), date(year, 12, 1))), scope, "lead_unit"
    )
    found = list(
        rows.values_list("month", "lead_unit__path", "kind").annotate(
            n=Sum("sessions"), a=Sum("attendees"), w=Sum("attendees_women"), m=Sum("attendees_minority")
        )
    )
    if memo is not None:
        memo["year", year, path] = found
    return found


def totals(period: Period, scope: Unit | None, kinds=(), commune=None) -> dict[str, int]:
    """Sessions and attendees (all, women, minority) of the sessions held in the period, led by
    a unit of the scope, of the given kinds (all when empty), in one commune if given."""
    result = dict.fromkeys(("sessions", *COLUMNS.values()), 0)
    months, partial = period.by_months()
    if months is not None:
        first, last = months
        if commune is None:
            for year in range(first.year, last.year + 1):
                for month, _path, kind, n, a, w, m in _year(year, scope):
                    if first <= month <= last and (not kinds or kind in kinds):
                        for name, value in zip(result, (n, a, w, m), strict=True):
                            result[name] += value
        else:
            rows = in_scope(
                MonthlyFigure.objects.filter(month__range=(first, last), commune_id=commune),
                scope,
                "lead_unit",
            )
            if kinds:
                rows = rows.filter(kind__in=kinds)
            summed = rows.aggregate(sessions=Sum("sessions"), **{c: Sum(c) for c in COLUMNS.values()})
            for name in result:
                result[name] += summed[name] or 0
    for part in partial:
        counted = sessions_in(part, scope, list(kinds), commune).aggregate(
            sessions=Count("id"), **{c: Sum(c) for c in COLUMNS.values()}
        )
        for name in result:
            result[name] += counted[name] or 0
    return result


def communes(period: Period, scope: Unit | None, kinds) -> dict[int, int]:
    """Commune code -> sessions of the given kinds held there in the period, led by a unit of
    the scope (communes without one are left out)."""
    found: dict[int, int] = defaultdict(int)
    months, partial = period.by_months()
    if months is not None:
        rows = in_scope(MonthlyFigure.objects.filter(month__range=months, kind__in=kinds), scope, "lead_unit")
        for code, n in (
            rows.values_list("commune_id").annotate(n=Sum("sessions")).values_list("commune_id", "n")
        ):
            found[code] += n
    for part in partial:
        sessions = sessions_in(part, scope, list(kinds))
        for code, n in (
            sessions.values_list("commune_id").annotate(n=Count("id")).values_list("commune_id", "n")
        ):
            found[code] += n
    return {code: n for code, n in found.items() if n > 0}
