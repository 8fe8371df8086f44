"""The pre-aggregated session figures (outreach/figures.py, kept by the triggers of migration
0003) give exactly what counting the sessions gives, after any writer, for every period shape,
scope and cut; the rebuild agrees with the triggers; a dashboard reading reads a fixed number
of rows whatever the number of sessions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from legalaid import indicators
from legalaid.indicators import Period
from outreach import figures
from outreach.models import Session

PERIODS = [
    Period.year(2025),
    Period.year(2024),
    Period.quarter(2025, 2),
    Period.month(2025, 3),
    Period(date(2024, 11, 1), date(2025, 10, 31)),  # a statistical year
    Period(date(2024, 12, 15), date(2025, 1, 20)),  # partial months across a new year
    Period(date(2025, 3, 5), date(2025, 3, 25)),  # inside one month
    Period(date(2025, 2, 10), date(2025, 6, 30)),  # a partial first month
]
KINDS = [(), (Session.Kind.MOBILE,), Session.REACH_KINDS]


def truth(period: Period, scope, kinds=(), commune=None) -> dict:
    sessions = Session.objects.filter(held_on__range=(period.start, period.end))
    if scope is not None:
        sessions = sessions.filter(lead_unit__path__startswith=scope.path)
    if kinds:
        sessions = sessions.filter(kind__in=kinds)
    reached = sorted(set(sessions.values_list("commune_id", flat=True)))
    if commune is not None:
        sessions = sessions.filter(commune_id=commune)
    sums = sessions.aggregate(a=Sum("attendees"), w=Sum("attendees_women"), m=Sum("attendees_minority"))
    return {
        "sessions": sessions.count(),
        "attendees": sums["a"] or 0,
        "attendees_women": sums["w"] or 0,
        "attendees_minority": sums["m"] or 0,
        "reached": reached,
    }


def summary(period: Period, scope, kinds=(), commune=None) -> dict:
    found = figures.totals(period, scope, kinds, commune)
    found["reached"] = sorted(figures.communes(period, scope, kinds or [k for k, _ in Session.Kind.choices]))
    return found


@pytest.fixture
def world(org, communes):
    """Sessions written by bulk_create (no save(), no service): the triggers see them all."""
    units = [org.professional_department, org.branch, org.other_branch]
    places = list(communes.values())
    kinds = [k for k, _label in Session.Kind.choices]
    sessions = []
    day = date(2024, 10, 3)
    for n in range(90):
        day += timedelta(days=7 + n % 5)
        sessions.append(
            Session(
                kind=kinds[n % 4],
                held_on=day,
                commune=places[n % len(places)],
                lead_unit=units[n % 3],
                attendees=20 + n,
                attendees_women=10 + n % 7,
                attendees_minority=n % 11,
                topics="Pháp luật về đất đai",
            )
        )
    return Session.objects.bulk_create(sessions)


def assert_agrees(org, communes) -> None:
    for period in PERIODS:
        for scope in (None, org.centre, org.branch):
            for kinds in KINDS:
                assert summary(period, scope, kinds) == truth(period, scope, kinds), (period, scope, kinds)
            commune = communes["Thất Khê"].pk
            assert figures.totals(period, scope, (), commune) == {
                k: v for k, v in truth(period, scope, (), commune).items() if k != "reached"
            }
    with indicators.batch():  # the same through the memoised reading, wider scope read first
        for period in PERIODS:
            for scope in (org.centre, org.branch, None):
                assert summary(period, scope) == truth(period, scope), (period, scope)


def test_the_summary_counts_what_the_sessions_hold_after_any_writer(org, communes, world):
    assert figures.MonthlyFigure.objects.exists()
    assert_agrees(org, communes)
    # queryset.update(): moved to another month, another unit, other attendees
    Session.objects.filter(pk__in=[s.pk for s in world[:10]]).update(held_on=date(2025, 3, 15))
    Session.objects.filter(pk__in=[s.pk for s in world[10:20]]).update(lead_unit=org.branch, kind="mobile")
    Session.objects.filter(pk__in=[s.pk for s in world[20:30]]).update(attendees=99, attendees_women=40)
    # save() of one session, a delete, a bulk delete
    session = Session.objects.get(pk=world[30].pk)
    session.commune = communes["Mẫu Sơn"]
    session.held_on = date(2025, 1, 1)
    session.save()
    Session.objects.get(pk=world[31].pk).delete()
    Session.objects.filter(pk__in=[s.pk for s in world[40:60]]).delete()
    assert_agrees(org, communes)
    # A change of a column the summary does not count writes nothing.
    before = figures.snapshot()
    Session.objects.filter(pk=world[61].pk).update(topics="Phòng, chống bạo lực gia đình")
    assert figures.snapshot() == before


def test_a_commune_whose_sessions_were_all_removed_is_no_longer_reached(org, communes, record_session):
    session = record_session(
        communes["Mẫu Sơn"], date(2025, 5, 6), kind=Session.Kind.MOBILE, lead_unit=org.branch
    )
    year = Period.year(2025)
    assert indicators.compute("outreach.communes_reached", year, org.centre) == 1
    Session.objects.filter(pk=session.pk).delete()
    assert figures.MonthlyFigure.objects.filter(sessions=0).exists()  # the row stays, emptied
    assert indicators.compute("outreach.communes_reached", year, org.centre) == 0
    assert indicators.compute("outreach.sessions", year, org.centre) == 0


def test_the_rebuild_equals_what_the_triggers_kept_and_the_check_says_so(org, communes, world, capsys):
    kept = figures.snapshot()
    assert figures.rebuild() > 0
    assert figures.snapshot() == kept
    call_command("refresh_outreach_figures", "--check")
    assert capsys.readouterr().out == "Bảng tổng hợp khớp với các buổi truyền thông.\n"
    figures.MonthlyFigure.objects.filter(pk=figures.MonthlyFigure.objects.first().pk).update(sessions=1000)
    with pytest.raises(CommandError, match="^Bảng tổng hợp lệch so với các buổi truyền thông ở "):
        call_command("refresh_outreach_figures", "--check")
    call_command("refresh_outreach_figures")
    assert figures.snapshot() == kept


def test_a_dashboard_reading_reads_the_same_rows_whatever_the_number_of_sessions(
    org, communes, record_session, django_assert_num_queries
):
    def reading() -> int:
        with indicators.batch():
            for period in (
                Period.year(2025),
                Period.year(2024),
                *(Period.month(2025, m) for m in range(1, 13)),
            ):
                for scope in (org.centre, org.branch, org.other_branch):
                    indicators.compute("outreach.sessions", period, scope)
                    indicators.compute("outreach.attendees", period, scope)
                    indicators.compute("outreach.sessions", period, scope, kind=Session.Kind.MOBILE)

    record_session(communes["Thất Khê"], date(2025, 2, 3), lead_unit=org.branch)
    with django_assert_num_queries(2):  # one read of the summary per calendar year, for every scope inside
        reading()
    for n in range(20):
        record_session(communes["Lộc Bình"], date(2025, 1 + n % 12, 10), lead_unit=org.other_branch)
    with django_assert_num_queries(2):
        reading()
