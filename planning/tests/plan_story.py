"""The story the planning indicator tests read, the clock frozen on 15 July 2026.

The centre's 2026 plan (issued) has eight activities, the second branch has a plan of its own,
the centre's 2025 plan is closed and a 2026 draft waits. On 15 July 2026:

    1  HC-TH         Quý I/2026    nothing marked                 overdue
    2  HC-TH         Quý I/2026    marked done by hand            done
    3  NV            Quý IV/2026   100 % appraised, 120 sessions  not started
    4  NV            Cả năm 2026   no target                      on track
    5  CN1           Cả năm 2026   2 of 20 direct sessions        at risk (195/365 of the year gone)
    6  CN2           Cả năm 2026   no target                      on track
    7  CN1, NV       Quý III/2026  3 of 6 mobile (CN1 2/4, NV 1/2) on track (14/92 gone)
    8  (unmatched)   Quý II/2026   nothing marked                 overdue
    CN2's plan       Quý IV/2026   90 % appraised                 not started

The fixtures ``story`` and ``frozen`` are defined here as ``story_fixture`` and
``frozen_fixture``: a test module imports them (``# noqa: F401``) and its tests ask for
``story`` and ``frozen``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from legalaid.indicators import Period
from planning import indicators as plan_figures
from planning.importer import parse_plan
from planning.models import ActivityStatus as S
from planning.models import Plan
from planning.services import activity_set_status, plan_import, plan_set_status, target_add

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
    return walk_to(plan, status, by=by)


# The way a plan goes, through the service's transition table, to each status a story needs.
PATHS = {
    Plan.Status.DRAFT: (),
    Plan.Status.ISSUED: (Plan.Status.SUBMITTED, Plan.Status.ISSUED),
    Plan.Status.CLOSED: (Plan.Status.SUBMITTED, Plan.Status.ISSUED, Plan.Status.CLOSED),
}


def walk_to(plan: Plan, status, *, by) -> Plan:
    for step in PATHS[status]:
        plan = plan_set_status(plan=plan, status=step, by=by)
    return plan


@pytest.fixture(name="frozen")
def frozen_fixture():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(name="story")
def story_fixture(org, director, test_indicators, frozen):
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
