"""The plans' figures for the dashboard: activities by status, status by lead unit, the
targets plans set for any app's indicator, and the queries they take; the clock frozen on
15 July 2026 (the story is told in ``plan_story``).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from planning import indicators as plan_figures
from planning.models import ActivityStatus as S
from planning.models import Plan
from planning.services import plan_progress, target_add
from planning.tests.plan_story import (
    STATUS_KEYS,
    YEAR,
    counted,
    frozen_fixture,  # noqa: F401 (the fixture "frozen")
    make_plan,
    pks,
    story_fixture,  # noqa: F401 (the fixture "story")
)

pytestmark = pytest.mark.django_db

# --- The figures ---------------------------------------------------------------------------------


def test_every_status_is_counted_as_the_plan_page_shows_it(story):
    values = {key: indicators.compute(key, YEAR) for key in STATUS_KEYS.values()}
    assert values == {
        "planning.activities_not_started": 2,  # 3, CN2's
        "planning.activities_on_track": 3,  # 4, 6, 7
        "planning.activities_at_risk": 1,  # 5
        "planning.activities_overdue": 2,  # 1, 8
        "planning.activities_done": 1,  # 2, set by hand
    }
    assert indicators.compute("planning.activities", YEAR) == 9  # the draft's activity never counts
    # The plan page (computed today) shows every activity with the same status.
    rows = {row.activity.pk: row.status for row in plan_figures.measured(YEAR, None)}
    page = {row.activity.pk: row.status for row in plan_progress(story.centre_plan)}
    assert page == {pk: status for pk, status in rows.items() if pk in page} and len(page) == 8
    assert page[story.activities[2].pk] == S.DONE and page[story.activities[5].pk] == S.AT_RISK


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (None, {1, 2, 3, 4, 5, 6, 7, 8, "cn2"}),
        ("doj", {1, 2, 3, 4, 5, 6, 7, 8, "cn2"}),
        ("centre", {1, 2, 3, 4, 5, 6, 7, 8, "cn2"}),  # its plan, led by anyone; its branch's plan
        ("branch", {5, 7}),  # what the branch leads in the centre's plan
        ("other_branch", {6, "cn2"}),  # what it leads, and its own plan
        ("professional_department", {3, 4, 7}),
        ("admin_department", {1, 2}),
        ("court", set()),
    ],
)
def test_the_scope_is_the_plans_owned_in_the_subtree_and_the_activities_it_leads(org, story, scope, expected):
    unit = getattr(org, scope) if scope else None
    assert counted(YEAR, unit) == pks(story, *expected)
    assert indicators.compute("planning.activities", YEAR, unit) == len(expected)


def test_a_branch_sees_its_own_statuses(org, story):
    figures = {status: indicators.compute(key, YEAR, org.branch) for status, key in STATUS_KEYS.items()}
    assert figures == {S.NOT_STARTED: 0, S.ON_TRACK: 1, S.AT_RISK: 1, S.OVERDUE: 0, S.DONE: 0}


def test_the_filters_narrow_by_lead_unit_status_and_plan(org, story):
    nv = org.professional_department
    assert indicators.compute("planning.activities", YEAR, unit=nv.pk) == 3
    assert indicators.compute("planning.activities", YEAR, unit=str(nv.pk), status=S.ON_TRACK) == 2  # 4, 7
    assert indicators.compute("planning.activities_on_track", YEAR, unit=nv) == 2
    assert indicators.compute("planning.activities", YEAR, status=[S.AT_RISK, S.OVERDUE]) == 3
    assert indicators.compute("planning.activities", YEAR, plan=story.branch_plan.pk) == 1
    assert indicators.compute("planning.activities", YEAR, org.branch, unit=nv.pk) == 1  # 7, led by both
    with pytest.raises(ValueError, match="unknown activity status"):
        indicators.compute("planning.activities", YEAR, status="late")
    with pytest.raises(ValueError, match="unit must be an id"):
        indicators.compute("planning.activities", YEAR, unit="Phòng Nghiệp vụ")
    with pytest.raises(ValueError, match="does not take filters"):
        indicators.compute("planning.activities_done", YEAR, status=S.DONE)


def test_the_status_is_the_one_at_the_end_of_the_period(story):
    # The second quarter: the activities whose window overlaps it, as they stood on 30 June.
    q2 = Period.quarter(2026, 2)
    assert counted(q2, None) == pks(story, 4, 5, 6, 8)
    assert indicators.compute("planning.activities_on_track", q2) == 3  # 8 was still within its window
    assert indicators.compute("planning.activities_at_risk", q2) == 1  # 5: 2 of 20 by 30 June
    assert indicators.compute("planning.activities_overdue", q2) == 0


def test_last_year_counts_the_closed_plan(story):
    last_year = YEAR.same_period_last_year()
    assert counted(last_year, None) == pks(story, "2025")
    assert indicators.compute("planning.activities_done", last_year) == 1


# --- Status by unit ------------------------------------------------------------------------------


def test_status_by_lead_unit_for_the_stacked_chart(org, story):
    breakdown = indicators.get_breakdown("planning.activity_status_by_unit")
    assert str(breakdown.label) == "Tình trạng hoạt động kế hoạch theo đơn vị"
    rows, series = breakdown.compute(YEAR, None)
    assert rows == ["HC-TH", "NV", "CN1", "CN2"]  # the unmatched lead of 8 has no row
    assert series == [
        ("Chưa bắt đầu", [0, 1, 0, 1], "idle"),
        ("Đúng tiến độ", [0, 2, 1, 1], "good"),
        ("Có nguy cơ chậm", [0, 0, 1, 0], "warning"),
        ("Quá hạn", [1, 0, 0, 0], "bad"),
        ("Hoàn thành", [1, 0, 0, 0], "complete"),
    ]
    # Each bar is the figure filtered by that lead unit.
    units = [org.admin_department, org.professional_department, org.branch, org.other_branch]
    for (status, key), (_label, values, _meaning) in zip(STATUS_KEYS.items(), series, strict=True):
        assert values == [indicators.compute(key, YEAR, unit=unit.pk) for unit in units], status
    rows, series = breakdown.compute(YEAR, org.branch)
    assert (rows, [(label, values) for label, values, _meaning in series]) == (
        ["CN1"],
        [
            ("Chưa bắt đầu", [0]),
            ("Đúng tiến độ", [1]),
            ("Có nguy cơ chậm", [1]),
            ("Quá hạn", [0]),
            ("Hoàn thành", [0]),
        ],
    )
    rows, series = breakdown.compute(YEAR, org.court)
    assert (rows, [(label, values) for label, values, _meaning in series]) == (
        [],
        [
            (label, [])
            for label in ["Chưa bắt đầu", "Đúng tiến độ", "Có nguy cơ chậm", "Quá hạn", "Hoàn thành"]
        ],
    )


# --- Targets -------------------------------------------------------------------------------------


def test_the_plans_set_targets_for_any_app_s_indicator(org, story):
    assert indicators.target_for("cases.appraised_share", YEAR, org.centre) == 100
    assert indicators.target_for("outreach.sessions", YEAR, org.centre) == 120
    assert (
        indicators.target_for("test.sessions", YEAR, org.centre, kind="direct") == 20
    )  # not the draft's 999
    assert indicators.target_for("test.sessions", YEAR, org.centre, kind="mobile") == 6
    assert indicators.target_for("test.sessions", YEAR, org.centre) is None  # no target for all kinds
    assert indicators.target_for("cases.completed", YEAR, org.centre) is None  # nothing bound to it


def test_a_target_is_for_the_unit_it_names_or_speaks_for_the_units_below(org, story):
    mobile = {"kind": "mobile"}
    assert indicators.target_for("test.sessions", YEAR, org.branch, **mobile) == 4  # its share
    assert indicators.target_for("test.sessions", YEAR, org.professional_department, **mobile) == 2
    assert indicators.target_for("test.sessions", YEAR, org.doj, **mobile) == 6  # the centre's, not 6+4+2
    assert indicators.target_for("test.sessions", YEAR, None, **mobile) == 6
    # A split that gives a unit no share sets it no target ...
    assert indicators.target_for("test.sessions", YEAR, org.admin_department, **mobile) is None
    # ... otherwise the nearest plan above speaks for it.
    assert indicators.target_for("test.sessions", YEAR, org.branch, kind="direct") == 20
    assert indicators.target_for("cases.appraised_share", YEAR, org.branch) == 100
    # The other branch's own plan sets its own; for the centre a percentage is the highest set.
    assert indicators.target_for("cases.appraised_share", YEAR, org.other_branch) == 90
    assert indicators.target_for("cases.appraised_share", YEAR, org.doj) == 100


def test_a_target_answers_for_a_period_that_holds_its_activity_s_window(org, story):
    mobile = {"kind": "mobile"}
    assert indicators.target_for("test.sessions", Period.quarter(2026, 3), org.centre, **mobile) == 6
    assert indicators.target_for("test.sessions", Period.quarter(2026, 2), org.centre, **mobile) is None
    assert indicators.target_for("test.sessions", Period.quarter(2026, 3), org.centre, kind="direct") is None
    # The closed plan of 2025 still tells what 2025 aimed at.
    assert indicators.target_for("test.sessions", Period.year(2025), org.centre, kind="direct") == 15


def test_counts_add_up_over_activities(org, story, director):
    a = story.activities
    target_add(
        activity=a[4],
        label="5 cuộc",
        quantity=Decimal("5.5"),
        measure="cuộc",
        indicator_key="test.sessions",
        filters={"kind": "direct"},
    )
    assert indicators.target_for("test.sessions", YEAR, org.centre, kind="direct") == 25.5


# --- Queries -------------------------------------------------------------------------------------


def _bulk_plan(org, director, n: int) -> Plan:
    leads = ["Phòng Hành chính – Tổng hợp", "Phòng Nghiệp vụ", "Chi nhánh số 1", "Chi nhánh số 2"]
    times = ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026", "Cả năm 2026"]
    activities = [(f"Hoạt động thường xuyên thứ {i}", leads[i % 4], times[i % 5]) for i in range(n)]
    plan = make_plan(org.centre, 2026, activities, status=Plan.Status.ISSUED, by=director)
    for activity in plan.activities.all():  # every one measured against a figure of the registry
        target_add(
            activity=activity,
            label="4 cuộc",
            quantity=Decimal(4),
            measure="cuộc",
            indicator_key="test.sessions",
            filters={"kind": "direct"},
        )
    return plan


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_figures_take_three_queries_however_many_activities(org, director, test_indicators, frozen):
    def figures():
        for key in ("planning.activities", *STATUS_KEYS.values()):
            indicators.compute(key, YEAR, org.centre)
        indicators.get_breakdown("planning.activity_status_by_unit").compute(YEAR, org.centre)

    plan = _bulk_plan(org, director, 12)
    assert indicators.compute("planning.activities", YEAR, org.centre) == 12
    assert _queries(lambda: indicators.compute("planning.activities_on_track", YEAR, org.centre)) == 3
    with indicators.batch():  # a dashboard reads them all once
        small = _queries(figures)
    _bulk_plan(org, director, 36)
    assert indicators.compute("planning.activities", YEAR, org.centre) == 48
    assert _queries(lambda: indicators.compute("planning.activities_on_track", YEAR, org.centre)) == 3
    with indicators.batch():
        assert _queries(figures) == small == 3
    assert (
        plan.activities.count() == 12 and indicators.compute("planning.activities", YEAR, plan=plan.pk) == 12
    )


def test_the_same_question_to_an_indicator_is_asked_once(org, director, test_indicators, frozen):
    calls = []

    def counting(period, scope):
        calls.append((period, scope))
        return 1

    indicators.register("test.counting", label="Counting (test)", unit=MeasureUnit.COUNT)(counting)
    try:
        plan = _bulk_plan(org, director, 10)
        for activity in plan.activities.all():
            target_add(
                activity=activity,
                label="2 cuộc",
                quantity=Decimal(2),
                measure="cuộc",
                indicator_key="test.counting",
            )
        indicators.compute("planning.activities", YEAR)
        assert len(calls) == 5  # five windows, each asked once for the centre
    finally:
        indicators._registry.pop("test.counting", None)


def test_the_target_provider_takes_one_query(org, director, test_indicators, frozen):
    _bulk_plan(org, director, 10)
    assert (
        _queries(lambda: plan_figures.plan_target("test.sessions", YEAR, org.centre, {"kind": "direct"})) == 1
    )
    assert plan_figures.plan_target("test.sessions", YEAR, org.centre, {"kind": "direct"}) == 40
    _bulk_plan(org, director, 30)
    assert (
        _queries(lambda: plan_figures.plan_target("test.sessions", YEAR, org.branch, {"kind": "direct"})) == 1
    )
    assert plan_figures.plan_target("test.sessions", YEAR, org.centre, {"kind": "direct"}) == 160


def test_the_list_takes_the_same_queries_however_many_activities(
    client, org, director, test_indicators, frozen
):
    client.force_login(director)
    url = reverse("planning:activity_list")
    _bulk_plan(org, director, 10)
    small = _queries(lambda: client.get(url, {"scope": org.centre.pk, "status": S.ON_TRACK}))
    _bulk_plan(org, director, 40)
    large = _queries(lambda: client.get(url, {"scope": org.centre.pk, "status": S.ON_TRACK}))
    assert large == small <= 13  # 12, and the header's unread count


def tile(page: str, key: str) -> str:
    return page.split(f'data-indicator="{key}"', 1)[1].split('<div class="tile"', 1)[0]


def test_the_dashboard_shows_the_plan_tiles_targets_links_and_status_by_unit(client, org, official, story):
    client.force_login(official)
    page = client.get(
        "/bang-dieu-hanh/", {"kind": "year", "year": "2026", "unit": org.centre.pk}
    ).content.decode()
    at_risk = tile(page, "planning.activities_at_risk")
    url = indicators.get("planning.activities_at_risk").records_url(YEAR, org.centre)
    assert f'<a href="{url.replace("&", "&amp;")}">1</a>' in at_risk
    assert ">2</a>" in tile(page, "planning.activities_overdue")
    assert "100%" in tile(page, "cases.appraised_share")  # the plan's target beside the figure
    assert "Tình trạng hoạt động kế hoạch theo đơn vị" in page


def test_the_registry_holds_the_plan_figures():
    assert indicators.get("planning.activities").filters == ("status", "unit", "plan")
    for key in STATUS_KEYS.values():
        indicator = indicators.get(key)
        assert (indicator.filters, indicator.unit, indicator.link is not None) == (
            ("unit", "plan"),
            MeasureUnit.COUNT,
            True,
        )
    assert plan_figures.plan_target in indicators._target_providers
