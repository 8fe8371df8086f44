"""The plans' figures for the dashboard: activities by status, the list behind each figure, the
targets plans set for any app's indicator, and status by lead unit; the clock frozen on
15 July 2026.

The story: the centre's 2026 plan (issued) has eight activities, the second branch has a plan
of its own, the centre's 2025 plan is closed and a 2026 draft waits. On 15 July 2026:

    1  HC-TH         Quý I/2026    nothing marked                 overdue
    2  HC-TH         Quý I/2026    marked done by hand            done
    3  NV            Quý IV/2026   100 % appraised, 120 sessions  not started
    4  NV            Cả năm 2026   no target                      on track
    5  CN1           Cả năm 2026   2 of 20 direct sessions        at risk (195/365 of the year gone)
    6  CN2           Cả năm 2026   no target                      on track
    7  CN1, NV       Quý III/2026  3 of 6 mobile (CN1 2/4, NV 1/2) on track (14/92 gone)
    8  (unmatched)   Quý II/2026   nothing marked                 overdue
    CN2's plan       Quý IV/2026   90 % appraised                 not started
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from planning import indicators as plan_figures
from planning.importer import parse_plan
from planning.models import ActivityStatus as S
from planning.models import Plan
from planning.services import (
    activity_set_status,
    plan_import,
    plan_progress,
    plan_set_status,
    target_add,
)

pytestmark = pytest.mark.django_db

TODAY = "2026-07-15 10:00 +07:00"
YEAR = Period.year(2026)
STATUS_KEYS = {
    S.NOT_STARTED: "planning.activities_not_started",
    S.ON_TRACK: "planning.activities_on_track",
    S.AT_RISK: "planning.activities_at_risk",
    S.OVERDUE: "planning.activities_overdue",
    S.DONE: "planning.activities_done",
}


def plan_text(year: int, activities: list[tuple[str, str, str]]) -> str:
    lines = [
        "Số: /KH-TGPL",
        "",
        f"Lạng Sơn, ngày 05 tháng 01 năm {year}",
        "",
        f"KẾ HOẠCH Công tác trợ giúp pháp lý năm {year}",
        "",
        "II. NỘI DUNG",
        "",
    ]
    for number, (title, lead, time) in enumerate(activities, start=1):
        lines += [f"{number}. {title}", "", f"- Chủ trì: {lead}", f"- Thời gian thực hiện: {time}", ""]
    return "\n".join(lines)


def make_plan(unit, year, activities, *, status, by) -> Plan:
    plan = plan_import(parsed=parse_plan(plan_text(year, activities)), unit=unit, by=by)
    return plan_set_status(plan=plan, status=status, by=by)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def story(org, director, test_indicators, frozen):
    centre_plan = make_plan(
        org.centre,
        2026,
        [
            (
                "Tham mưu ban hành văn bản triển khai công tác trợ giúp pháp lý",
                "Phòng Hành chính – Tổng hợp",
                "Quý I/2026",
            ),
            ("Tổng kết công tác trợ giúp pháp lý năm trước", "Phòng Hành chính – Tổng hợp", "Quý I/2026"),
            ("Kiểm tra chất lượng vụ việc trợ giúp pháp lý", "Phòng Nghiệp vụ", "Quý IV/2026"),
            ("Thực hiện trợ giúp pháp lý theo yêu cầu", "Phòng Nghiệp vụ", "Cả năm 2026"),
            ("Truyền thông trực tiếp về trợ giúp pháp lý tại các xã", "Chi nhánh số 1", "Cả năm 2026"),
            ("Tiếp nhận yêu cầu tại trụ sở chi nhánh", "Chi nhánh số 2", "Cả năm 2026"),
            (
                "Truyền thông lưu động tại vùng đồng bào dân tộc thiểu số",
                "Chi nhánh số 1, Phòng Nghiệp vụ",
                "Quý III/2026",
            ),
            ("Rà soát hợp đồng thực hiện trợ giúp pháp lý", "Các luật sư ký hợp đồng", "Quý II/2026"),
        ],
        status=Plan.Status.ISSUED,
        by=director,
    )
    branch_plan = make_plan(
        org.other_branch,
        2026,
        [
            ("Tự kiểm tra hồ sơ vụ việc của chi nhánh", "Chi nhánh số 2", "Quý IV/2026"),
        ],
        status=Plan.Status.ISSUED,
        by=director,
    )
    last_year = make_plan(
        org.centre,
        2025,
        [
            ("Truyền thông trực tiếp về trợ giúp pháp lý", "Phòng Hành chính – Tổng hợp", "Quý IV/2025"),
        ],
        status=Plan.Status.CLOSED,
        by=director,
    )
    draft = make_plan(
        org.centre,
        2026,
        [
            ("Hoạt động còn dự thảo", "Phòng Hành chính – Tổng hợp", "Cả năm 2026"),
        ],
        status=Plan.Status.DRAFT,
        by=director,
    )
    a = {int(x.number): x for x in centre_plan.activities.all()}
    (a["cn2"],) = branch_plan.activities.all()
    (a["2025"],) = last_year.activities.all()
    (a["draft"],) = draft.activities.all()
    assert all(not x.targets.exists() for x in a.values())  # the titles propose no targets

    activity_set_status(
        activity=a[2], status=S.DONE, reason="Đã tổng kết tại hội nghị", by=director, version=0
    )
    activity_set_status(activity=a["2025"], status=S.DONE, reason="Đủ 15 cuộc", by=director, version=0)
    sessions = dict(indicator_key="test.sessions", measure="cuộc")
    target_add(
        activity=a[3],
        label="100% vụ việc được thẩm định",
        quantity=Decimal(100),
        measure="%",
        indicator_key="cases.appraised_share",
    )
    target_add(
        activity=a[3],
        label="120 cuộc truyền thông",
        quantity=Decimal(120),
        measure="cuộc",
        indicator_key="outreach.sessions",
    )
    target_add(activity=a[5], label="20 cuộc", quantity=Decimal(20), filters={"kind": "direct"}, **sessions)
    target_add(activity=a[7], label="6 cuộc", quantity=Decimal(6), filters={"kind": "mobile"}, **sessions)
    target_add(
        activity=a[7],
        label="4 cuộc",
        quantity=Decimal(4),
        filters={"kind": "mobile"},
        unit=org.branch,
        **sessions,
    )
    target_add(
        activity=a[7],
        label="2 cuộc",
        quantity=Decimal(2),
        filters={"kind": "mobile"},
        unit=org.professional_department,
        **sessions,
    )
    target_add(
        activity=a["cn2"],
        label="90% vụ việc được thẩm định",
        quantity=Decimal(90),
        measure="%",
        indicator_key="cases.appraised_share",
    )
    target_add(
        activity=a["2025"], label="15 cuộc", quantity=Decimal(15), filters={"kind": "direct"}, **sessions
    )
    target_add(
        activity=a["draft"], label="999 cuộc", quantity=Decimal(999), filters={"kind": "direct"}, **sessions
    )
    test_indicators.sessions += [(date(2026, 3, 10), "CN1", "direct"), (date(2026, 5, 12), "CN1", "direct")]
    test_indicators.sessions += [(date(2026, 7, 3), "CN1", "mobile"), (date(2026, 7, 10), "CN1", "mobile")]
    test_indicators.sessions += [(date(2026, 7, 5), "NV", "mobile")]
    test_indicators.sessions += [(date(2026, 7, 20), "CN1", "direct")]  # after today: not counted yet
    return type(
        "Story",
        (),
        {
            "activities": a,
            "centre_plan": centre_plan,
            "branch_plan": branch_plan,
            "last_year": last_year,
            "draft": draft,
        },
    )


def pks(story, *names) -> set[int]:
    return {story.activities[name].pk for name in names}


def counted(period, scope, **filters) -> set[int]:
    chosen = plan_figures.services.ActivityFilters.read(**filters)
    return {row.activity.pk for row in chosen.apply(plan_figures.measured(period, scope))}


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


# --- The list behind each figure ------------------------------------------------------------------


def listed(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return {int(pk) for pk in re.findall(r'data-activity="(\d+)"', response.content.decode())}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("planning.activities", {1, 2, 3, 4, 5, 6, 7, 8, "cn2"}),
        ("planning.activities_not_started", {3, "cn2"}),
        ("planning.activities_on_track", {4, 6, 7}),
        ("planning.activities_at_risk", {5}),
        ("planning.activities_overdue", {1, 8}),
        ("planning.activities_done", {2}),
    ],
)
def test_each_figure_links_to_the_same_activities(client, org, director, story, key, expected):
    url = indicators.get(key).records_url(YEAR, org.centre)
    assert url.startswith("/ke-hoach/hoat-dong/?start=2026-01-01&end=2026-12-31&scope=")
    client.force_login(director)
    assert listed(client, url) == pks(story, *expected) == counted(YEAR, org.centre, status=_status(key))
    assert indicators.compute(key, YEAR, org.centre) == len(expected)


def _status(key):
    return next((status for status, k in STATUS_KEYS.items() if k == key), None)


def test_a_filtered_figure_links_to_the_list_filtered_the_same_way(client, org, director, story):
    client.force_login(director)
    nv = org.professional_department
    cases = [
        ("planning.activities", org.branch, {"unit": nv.pk}, {7}),
        ("planning.activities", None, {"status": [S.OVERDUE, S.AT_RISK]}, {1, 5, 8}),
        ("planning.activities_on_track", None, {"unit": nv.pk}, {4, 7}),
        ("planning.activities_not_started", None, {"plan": story.branch_plan.pk}, {"cn2"}),
    ]
    for key, scope, filters, expected in cases:
        url = indicators.get(key).records_url(YEAR, scope, **filters)
        assert listed(client, url) == pks(story, *expected), url
        assert indicators.compute(key, YEAR, scope, **filters) == len(expected)
    q2 = indicators.get("planning.activities_at_risk").records_url(Period.quarter(2026, 2), None)
    assert listed(client, q2) == pks(story, 5)


def test_the_list_shows_plan_lead_window_and_status(client, org, director, story):
    client.force_login(director)
    page = client.get(reverse("planning:activity_list"), {"scope": org.branch.pk}).content.decode()
    assert "Truyền thông lưu động tại vùng đồng bào dân tộc thiểu số" in page
    assert "Chi nhánh số 1, Phòng Nghiệp vụ" in page
    assert "01/07/2026 – 30/09/2026" in page
    assert "Công tác trợ giúp pháp lý năm 2026" in page
    assert "Có nguy cơ chậm" in page and "Đúng tiến độ" in page
    assert "tính đến ngày 15/07/2026" in page
    assert '<p id="activity-total">2 hoạt động</p>' in page


def test_the_list_pages_and_keeps_its_filters(client, director, story, monkeypatch):
    from planning import views

    monkeypatch.setattr(views, "ACTIVITIES_PER_PAGE", 4)
    client.force_login(director)
    url = reverse("planning:activity_list")
    first = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "1 / 3" in first and "start=2026-01-01&amp;end=2026-12-31&amp;trang=2" in first
    seen = set()
    for number in (1, 2, 3):
        seen |= listed(client, f"{url}?start=2026-01-01&end=2026-12-31&trang={number}")
    assert seen == counted(YEAR, None)


# --- Who may read the list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("director", 200),
        ("intake_officer", 200),
        ("assistant", 200),
        ("official", 200),
        ("administrator", 200),
        ("performer", 403),
        ("branch_intake_officer", 200),
    ],
)
def test_who_reads_the_activity_list(client, everyone, story, person, status):
    client.force_login(everyone[person])
    assert client.get(reverse("planning:activity_list")).status_code == status


def test_an_official_reads_every_activity_and_anonymous_is_sent_to_log_in(client, official, story):
    url = reverse("planning:activity_list")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(official)
    assert listed(client, url) == counted(YEAR, None)


def test_a_branch_officer_does_not_see_another_branch_s_own_plan(
    client, org, branch_officer, other_branch_officer, story
):
    url = reverse("planning:activity_list")
    client.force_login(branch_officer)
    # The centre's plan is theirs to read (the activity the other branch leads in it too), the
    # other branch's own plan is not.
    assert listed(client, url) == pks(story, 1, 2, 3, 4, 5, 6, 7, 8)
    response = client.get(url, {"scope": org.other_branch.pk})
    assert response.status_code == 400
    assert "nằm ngoài phạm vi bạn được xem" in response.content.decode()
    response = client.get(url, {"plan": story.branch_plan.pk})
    assert response.status_code == 400
    client.force_login(other_branch_officer)
    assert listed(client, f"{url}?scope={org.other_branch.pk}") == pks(story, 6, "cn2")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "31/02/2026"}, "Ghi ngày đầu kỳ theo dạng ngày/tháng/năm"),
        ({"end": "hôm nay"}, "Ghi ngày cuối kỳ theo dạng ngày/tháng/năm"),
        ({"start": "2026-07-01", "end": "2026-06-30"}, "Ngày cuối kỳ không được trước ngày đầu kỳ"),
        ({"status": "late"}, "Tình trạng hoạt động không hợp lệ: late"),
        ({"unit": "999999"}, "Đơn vị chủ trì không có hoặc nằm ngoài phạm vi bạn được xem"),
    ],
)
def test_bad_filters_get_a_clear_message(client, director, story, params, message):
    client.force_login(director)
    response = client.get(reverse("planning:activity_list"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_dates_may_be_written_day_first(client, director, story):
    client.force_login(director)
    url = reverse("planning:activity_list")
    assert listed(client, f"{url}?start=01/04/2026&end=30/06/2026") == counted(Period.quarter(2026, 2), None)


# --- Status by unit ------------------------------------------------------------------------------


def test_status_by_lead_unit_for_the_stacked_chart(org, story):
    breakdown = indicators.get_breakdown("planning.activity_status_by_unit")
    assert str(breakdown.label) == "Tình trạng hoạt động kế hoạch theo đơn vị"
    rows, series = breakdown.compute(YEAR, None)
    assert rows == ["HC-TH", "NV", "CN1", "CN2"]  # the unmatched lead of 8 has no row
    assert series == [
        ("Chưa bắt đầu", [0, 1, 0, 1]),
        ("Đúng tiến độ", [0, 2, 1, 1]),
        ("Có nguy cơ chậm", [0, 0, 1, 0]),
        ("Quá hạn", [1, 0, 0, 0]),
        ("Hoàn thành", [1, 0, 0, 0]),
    ]
    # Each bar is the figure filtered by that lead unit.
    units = [org.admin_department, org.professional_department, org.branch, org.other_branch]
    for (status, key), (_label, values) in zip(STATUS_KEYS.items(), series, strict=True):
        assert values == [indicators.compute(key, YEAR, unit=unit.pk) for unit in units], status
    assert breakdown.compute(YEAR, org.branch) == (
        ["CN1"],
        [
            ("Chưa bắt đầu", [0]),
            ("Đúng tiến độ", [1]),
            ("Có nguy cơ chậm", [1]),
            ("Quá hạn", [0]),
            ("Hoàn thành", [0]),
        ],
    )
    assert breakdown.compute(YEAR, org.court) == (
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
    assert large == small <= 12


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
