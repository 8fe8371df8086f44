"""The dashboard's pre-aggregated case figures (cases/figures.py) always equal a count of the
cases themselves: after inserts, updates, deletes and category changes made by any writer,
for whole months, partial months and ranges across years, with and without filters. So does
"open cases past their deadline", read from the open cases by deadline month, whatever day
today is."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from importlib import import_module
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import figures
from cases import indicators as ci
from cases.figures import MonthlyFigure
from cases.models import Beneficiary, Case, Survey
from legalaid import indicators
from legalaid.indicators import Period
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField

S = Case.Status
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LIVE = {
    "cases.requests_received": ci._received,
    "cases.accepted": ci._accepted,
    "cases.refused": ci._refused,
    "cases.referred": ci._referred,
    "cases.completed": ci._completed,
}
PERIODS = [
    Period.year(2025),
    Period.year(2026),
    Period.quarter(2026, 2),
    Period.month(2026, 2),
    Period(date(2025, 11, 1), date(2026, 10, 31)),  # a statistical year
    Period(date(2026, 1, 15), date(2026, 3, 10)),  # partial months at both ends
    Period(date(2026, 3, 3), date(2026, 3, 20)),  # inside one month
    Period(date(2025, 12, 31), date(2026, 1, 1)),  # across a new year
]


# Days "today" is on when overdue figures are read: mid-month (the cutoff's own month partly
# counted from the cases), the first of a month (nothing of it), the last day of one.
TODAYS = [date(2026, 9, 10), date(2026, 10, 1), date(2026, 3, 31)]


def on(day: date):
    return time_machine.travel(datetime.combine(day, time(10), tzinfo=ZONE), tick=False)


def live(key: str, period: Period, scope=None, **filters) -> int:
    if key == "cases.successful_proceedings":
        return ci._count(ci._successful(ci._cases(scope, **{**filters, "form": "TGTT"}), period))
    return ci._count(LIVE[key](ci._cases(scope, **filters), period))


@pytest.fixture
def register(org, intake_officer):
    """Two hundred cases with random dates and states in four units, written the way a bulk
    import would (bulk_create, no services)."""
    rng = random.Random(2026)  # noqa: S311
    forms, fields = list(LegalAidForm.objects.all()), list(LegalField.objects.all())
    categories = list(BeneficiaryCategory.objects.all()[:6])
    units = [org.professional_department, org.admin_department, org.branch, org.other_branch]
    people = Beneficiary.objects.bulk_create(
        Beneficiary(full_name=f"Người Thứ {i}", sex="female" if i % 2 else "male", unit=org.centre)
        for i in range(50)
    )
    rows = []
    for i in range(200):
        received = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        status = rng.choice(list(S))
        accepted = (
            received + timedelta(days=rng.randrange(10)) if status not in (S.RECEIVED, S.REFUSED) else None
        )
        closed = received + timedelta(days=rng.randrange(20)) if status in (S.REFUSED, S.REFERRED) else None
        done = (
            accepted + timedelta(days=rng.randrange(90))
            if accepted and status in (S.COMPLETED, S.UNDER_APPRAISAL, S.APPRAISED)
            else None
        )
        unit = units[i % 4]
        deadline = received + timedelta(days=rng.randrange(3, 150)) if rng.random() < 0.85 else None
        rows.append(
            Case(
                centre=org.centre,
                unit=unit,
                status=status,
                request_date=received,
                received_by=intake_officer,
                beneficiary=people[i % 50],
                form=rng.choice(forms),
                field=rng.choice(fields),
                description="—",
                accepted_on=accepted,
                closed_on=closed,
                completed_on=done,
                successful=bool(done) and rng.random() < 0.5,
                next_deadline=deadline,
            )
        )
    cases = Case.objects.bulk_create(rows)
    through = Case.categories.through
    through.objects.bulk_create(
        through(case_id=case.pk, beneficiarycategory_id=category.pk)
        for case in cases
        for category in rng.sample(categories, rng.choice([1, 1, 2]))
    )
    surveys = Survey.objects.bulk_create(
        Survey(case=case, source="staff", attitude=4, responsibility=4, expertise=5, satisfaction=1 + i % 5)
        for i, case in enumerate(cases[::3])
    )
    # Answered on chosen local days (created_at is set on save: move them afterwards).
    for i, survey in enumerate(surveys):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        Survey.objects.filter(pk=survey.pk).update(
            created_at=datetime(day.year, day.month, day.day, 6 if i % 2 else 23, 30, tzinfo=ZONE)
        )
    return type("Register", (), {"cases": cases, "categories": categories, "forms": forms, "fields": fields})


def live_satisfaction(period: Period, scope=None, **filters) -> float:
    count, total = ci._surveys_live(ci._cases(scope, **filters), period)
    return round(total / count, 2) if count else 0.0


def live_overdue(period: Period, scope=None, **filters) -> int:
    cutoff = min(period.end, timezone.localdate())
    cases = ci._cases(scope, **filters).filter(status__in=Case.OPEN_STATES, next_deadline__lt=cutoff)
    return ci._count(cases)


def check_overdue(org, register) -> None:
    """For every day of TODAYS: every period (a year ending before today, one ending after it,
    months, ranges), three scopes and the cuts the summary answers; read alone and in a batch."""
    forms, fields, categories = register.forms, register.fields, register.categories
    cuts = [{}, {"form": forms[0].code}, {"field": fields[1].code}]
    cuts += [{"form": forms[1].code, "field": fields[2].code}, {"category": categories[0].code}]
    asked = [(p, scope, cut) for p in PERIODS for scope in (None, org.centre, org.branch) for cut in cuts]
    for today in TODAYS:
        with on(today):
            expected = [live_overdue(period, scope, **cut) for period, scope, cut in asked]
            alone = [
                indicators.compute("cases.overdue", period, scope, **cut) for period, scope, cut in asked
            ]
            with indicators.batch():
                batched = [indicators.compute("cases.overdue", p, scope, **cut) for p, scope, cut in asked]
        for (period, scope, cut), want, got, in_batch in zip(asked, expected, alone, batched, strict=True):
            assert (got, in_batch) == (want, want), (today, period, scope, cut)


def check_all(org, register) -> None:
    check_overdue(org, register)
    forms, fields, categories = register.forms, register.fields, register.categories
    for period in PERIODS:
        for scope in (None, org.centre, org.branch):
            for key in (*LIVE, "cases.successful_proceedings"):
                cuts = [{}, {"form": forms[0].code}, {"field": fields[1].code}]
                cuts += [{"form": forms[1].code, "field": fields[2].code}, {"category": categories[0].code}]
                for cut in cuts:
                    got = indicators.compute(key, period, scope, **cut)
                    assert got == live(key, period, scope, **cut), (key, period, scope, cut)
            for cut in ({}, {"form": forms[0].code}, {"category": categories[0].code}):
                got = indicators.compute("cases.average_satisfaction", period, scope, **cut)
                assert got == live_satisfaction(period, scope, **cut), (period, scope, cut)


def test_the_summary_equals_the_cases_after_a_bulk_load(org, register):
    assert MonthlyFigure.objects.exists()
    check_all(org, register)


def test_the_summary_follows_updates_deletes_and_category_changes_by_any_writer(org, register):
    check_all(org, register)
    cases = register.cases
    # A queryset update (no save(), no signal), a change of unit, of dates and of state.
    Case.objects.filter(pk__in=[c.pk for c in cases[:20]]).update(status=S.APPRAISED)
    Case.objects.filter(pk=cases[20].pk).update(unit=org.other_branch, request_date=date(2026, 6, 30))
    Case.objects.filter(pk=cases[21].pk).update(accepted_on=None)
    Case.objects.filter(pk=cases[22].pk).update(completed_on=date(2026, 3, 1), successful=True)
    # Categories added and removed through the m2m manager, and a case deleted.
    cases[23].categories.set([register.categories[0]])
    cases[24].categories.clear()
    cases[25].categories.add(*register.categories)
    Survey.objects.filter(case=cases[26]).delete()
    Case.objects.filter(pk=cases[26].pk).delete()
    # Surveys: a score changed, one moved to another day, one added, one removed.
    Survey.objects.filter(case=cases[0]).update(satisfaction=1)
    Survey.objects.filter(case=cases[3]).update(created_at=datetime(2026, 4, 30, 23, 59, tzinfo=ZONE))
    Survey.objects.create(
        case=cases[1], source="staff", attitude=5, responsibility=5, expertise=5, satisfaction=5
    )
    Survey.objects.filter(case=cases[6]).delete()
    Case.objects.filter(pk=cases[9].pk).update(unit=org.branch, form=register.forms[2])
    check_all(org, register)
    assert figures.snapshot() == _rebuilt()


def _open_with_deadline(cases) -> list[Case]:
    return [c for c in cases if c.status in Case.OPEN_STATES and c.next_deadline]


def test_open_cases_by_deadline_follow_deadlines_closings_and_reopenings(org, register):
    cases = register.cases[30:]
    due, closed = _open_with_deadline(cases), [c for c in cases if c.status not in Case.OPEN_STATES]
    move = Case.objects.filter
    # Deadlines moved: to another month, into "today's" own month (before and on the day), gone.
    move(pk=due[0].pk).update(next_deadline=date(2025, 2, 3))
    move(pk=due[1].pk).update(next_deadline=date(2026, 9, 5))
    move(pk=due[2].pk).update(next_deadline=date(2026, 9, 10))
    move(pk=due[3].pk).update(next_deadline=date(2026, 9, 1), description="Hạn mới")
    move(pk=due[4].pk).update(next_deadline=None)
    # Many deadlines pushed back in one statement, some across a month's end.
    move(pk__in=[c.pk for c in due[5:25]]).update(next_deadline=F("next_deadline") + timedelta(days=20))
    # Cases closed (with and without their deadline cleared) and cases reopened.
    move(pk=due[25].pk).update(status=S.TERMINATED, closed_on=date(2026, 5, 4))
    move(pk=due[26].pk).update(status=S.REFUSED, closed_on=date(2026, 5, 4), next_deadline=None)
    move(pk__in=[c.pk for c in closed[:2]]).update(status=S.ACCEPTED, next_deadline=date(2026, 8, 31))
    move(pk=closed[2].pk).update(status=S.ASSIGNED, next_deadline=date(2026, 9, 9), unit=org.branch)
    # Another unit, form and field; categories of an open case changed; an open case deleted.
    move(pk=due[27].pk).update(unit=org.other_branch, form=register.forms[2], field=register.fields[3])
    due[28].categories.set([register.categories[0]])
    due[29].categories.add(*register.categories)
    due[30].categories.clear()
    Survey.objects.filter(case=due[31]).delete()
    move(pk=due[31].pk).delete()
    # A case created open with a deadline, the way a service would.
    Case.objects.create(
        centre=org.centre,
        unit=org.branch,
        status=S.ASSIGNED,
        request_date=date(2026, 8, 1),
        received_by=due[0].received_by,
        beneficiary=due[0].beneficiary,
        form=register.forms[0],
        field=register.fields[1],
        description="—",
        accepted_on=date(2026, 8, 2),
        next_deadline=date(2026, 9, 2),
    ).categories.set([register.categories[0]])
    check_overdue(org, register)
    assert figures.snapshot() == _rebuilt()
    call_command("refresh_case_figures", "--check", stdout=StringIO())


def _rebuilt() -> set:
    figures.rebuild()
    return figures.snapshot()


def test_an_edit_that_changes_no_figure_writes_nothing_and_a_change_writes_deltas(org, register):
    before = figures.snapshot()
    # A closed case's deadline counts nowhere; an open case's description neither.
    case = next(c for c in register.cases if c.status not in Case.OPEN_STATES)
    Case.objects.filter(pk=case.pk).update(description="Sửa mô tả", next_deadline=date(2026, 1, 5))
    open_case = _open_with_deadline(register.cases)[0]
    Case.objects.filter(pk=open_case.pk).update(description="Sửa mô tả")
    assert figures.snapshot() == before
    Case.objects.filter(pk=case.pk).update(request_date=date(2026, 2, 14))
    after = figures.snapshot()
    changed = before ^ after
    # The old month's rows lose one, the new month's gain one: plain rows and category rows.
    assert changed
    assert {row[:3] for row in changed} <= {
        (case.request_date.replace(day=1), case.unit_id, "received"),
        (date(2026, 2, 1), case.unit_id, "received"),
    }
    # An open case's deadline moved: only open_due moves, from the old month to the new one.
    Case.objects.filter(pk=open_case.pk).update(next_deadline=date(2027, 6, 30))
    assert {row[:3] for row in after ^ figures.snapshot()} == {
        (open_case.next_deadline.replace(day=1), open_case.unit_id, "open_due"),
        (date(2027, 6, 1), open_case.unit_id, "open_due"),
    }
    assert figures.snapshot() == _rebuilt()


def test_the_command_checks_and_rebuilds(org, register):
    out = StringIO()
    call_command("refresh_case_figures", "--check", stdout=out)
    assert out.getvalue() == "Bảng tổng hợp khớp với các vụ việc.\n"
    MonthlyFigure.objects.filter(measure="received").update(count=0)
    with pytest.raises(CommandError, match=r"^Bảng tổng hợp lệch so với các vụ việc ở \d+ dòng\.$"):
        call_command("refresh_case_figures", "--check", stdout=out)
    call_command("refresh_case_figures", stdout=out)
    call_command("refresh_case_figures", "--check", stdout=out)


def test_within_a_batch_the_summary_is_read_once_for_many_figures(org, register):
    year, last_year = Period.year(2026), Period.year(2025)
    with CaptureQueriesContext(connection) as captured, indicators.batch():
        for period in (year, last_year):
            for key in LIVE:
                indicators.compute(key, period, org.centre)
        for month in range(1, 13):
            for form in register.forms:
                indicators.compute(
                    "cases.requests_received", Period.month(2026, month), org.centre, form=form.code
                )
    # One read of the summary (the year asked and the year before it, together), and one of
    # the reference codes.
    assert len(captured) == 2, [q["sql"][:120] for q in captured]
    assert sum("cases_monthlyfigure" in q["sql"] for q in captured) == 1


def test_within_a_batch_overdue_reads_the_open_cases_by_deadline_once_and_only_the_cutoffs_month(
    org, register
):
    with on(date(2026, 9, 10)), CaptureQueriesContext(connection) as captured, indicators.batch():
        for period in (Period.year(2026), Period.year(2025)):
            for cut in ({}, {"form": register.forms[0].code}, {"category": register.categories[0].code}):
                indicators.compute("cases.overdue", period, org.centre, **cut)
    summary = [q["sql"] for q in captured if "cases_monthlyfigure" in q["sql"]]
    codes = [q["sql"] for q in captured if q["sql"].startswith("SELECT 'form', id, code")]
    cases = [q["sql"] for q in captured if q["sql"] not in summary + codes]
    assert len(codes) == 1  # the reference codes, once
    assert len(summary) == 1
    # Per period and cut, the deadlines of the cutoff's month up to the day before it.
    assert len(cases) == 6
    assert all("2026-09-01" in sql and "2026-09-10" in sql for sql in cases[:3])
    assert all("2025-12-01" in sql and "2025-12-31" in sql for sql in cases[3:])


def test_figures_that_the_summary_cannot_cut_are_counted_from_the_cases(org, register):
    period = Period.year(2026)
    for cut in ({"sex": "female"}, {"minority": True}, {"form": [f.code for f in register.forms[:2]]}):
        assert indicators.compute("cases.accepted", period, None, **cut) == live(
            "cases.accepted", period, **cut
        )
    both = {"category": register.categories[0].code, "form": register.forms[0].code}
    assert indicators.compute("cases.accepted", period, None, **both) == live(
        "cases.accepted", period, **both
    )
    assert not figures.answers(both)
    with on(date(2026, 9, 10)):
        for cut in ({"sex": "female"}, {"form": [f.code for f in register.forms[:2]]}, both):
            assert indicators.compute("cases.overdue", period, None, **cut) == live_overdue(period, **cut)


def test_the_migrations_open_states_are_the_models():
    """0011 freezes the open states its triggers count: a change of Case.OPEN_STATES wants a
    migration replacing the trigger functions (and refresh_case_figures)."""
    migration = import_module("cases.migrations.0011_open_cases_by_deadline_month")
    assert tuple(Case.OPEN_STATES) == migration.OPEN_STATES


def test_the_migration_fills_the_open_cases_already_there(org, register):
    migration = import_module("cases.migrations.0011_open_cases_by_deadline_month")
    before = figures.snapshot()
    assert any(row[2] == "open_due" for row in before)
    MonthlyFigure.objects.filter(measure="open_due").delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert figures.snapshot() == before


def test_whole_months_of_a_period():
    assert figures.whole_months(Period.year(2026)) == (date(2026, 1, 1), date(2026, 12, 1))
    assert figures.whole_months(Period(date(2026, 1, 15), date(2026, 3, 10))) == (
        date(2026, 2, 1),
        date(2026, 2, 1),
    )
    assert figures.whole_months(Period(date(2026, 3, 3), date(2026, 3, 20))) is None
    assert figures.whole_months(Period(date(2024, 2, 1), date(2024, 2, 29))) == (
        date(2024, 2, 1),
        date(2024, 2, 1),
    )
    assert figures.whole_months(Period(date(2025, 12, 2), date(2026, 1, 30))) is None
