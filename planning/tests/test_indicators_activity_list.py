"""The list of activities behind each plan figure of the dashboard, filtered the same way, and who
may read it; the clock frozen on 15 July 2026 (the story is told in ``plan_story``).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from legalaid import indicators
from legalaid.indicators import Period
from planning.models import ActivityStatus as S
from planning.tests.plan_story import (
    STATUS_KEYS,
    YEAR,
    counted,
    frozen_fixture,  # noqa: F401 (the fixture "frozen")
    pks,
    story_fixture,  # noqa: F401 (the fixture "story")
)

pytestmark = pytest.mark.django_db

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
