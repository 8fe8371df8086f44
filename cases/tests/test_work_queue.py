"""The home page's work queue for the cases: each role finds what waits for its next step, the
most urgent first, and every group's count is the count of the list it links to."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.test_lists import clones

S = Case.Status
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# A Tuesday in an ordinary week: the cases received a month earlier are overdue.
NOW = datetime(2026, 12, 8, 9, 30, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def colleague(org):
    """An intake officer of the same department who did not receive any case."""
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )


def groups_on_home(client) -> dict[str, int]:
    """The groups the home page shows, with their counts."""
    page = client.get("/").content.decode()
    found = re.findall(
        r'<section class="queue-group" id="queue-([a-z0-9_.-]+)".*?class="count">(\d+)<', page, re.S
    )
    return {key: int(count) for key, count in found}


def see_all(client, key: str) -> str:
    page = client.get("/").content.decode()
    section = page.split(f'id="queue-{key}"', 1)[1]
    return re.search(r'class="see-all" href="([^"]+)"', section).group(1).replace("&amp;", "&")


def rows_listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.fixture
def register(make_case):
    """Cases in every state of the journey, some received a month ago (so overdue)."""
    month_ago = timezone.localdate() - timedelta(days=30)
    made = {
        "received_old": make_case(S.RECEIVED, name="Lộc Văn Cũ", request_date=month_ago),
        "received_older": make_case(
            S.RECEIVED, name="Lăng Thị Xưa", request_date=month_ago - timedelta(days=9)
        ),
        "received": make_case(S.RECEIVED, name="Hoàng Thị Mới"),
        "needs_papers": make_case(S.NEEDS_PAPERS, name="Vi Văn Thiếu"),
        "accepted": make_case(S.ACCEPTED, name="Nông Thị Chờ", request_date=month_ago),
        "assigned": make_case(S.ASSIGNED, name="Triệu Văn Làm"),
        "completed": make_case(S.COMPLETED, name="Mã Văn Xong"),
        "appraising": make_case(S.UNDER_APPRAISAL, name="Hà Thị Thẩm"),
        "closed": make_case(S.REFUSED, name="Lý Văn Đóng"),
    }
    return made


ROLE_GROUPS = [
    (
        "director",
        {
            "cases-overdue",
            "cases-answer",
            "cases-verify",
            "cases-appoint",
            "cases-assign_appraisal",
            "cases-survey",
            "staffing-roster",  # the performers of the story were never published
        },
    ),
    ("intake_officer", {"cases-answer", "cases-verify", "cases-survey"}),
    ("assistant", {"cases-perform"}),
    ("second_assistant", {"cases-appraise"}),
    ("official", set()),
]


@pytest.mark.parametrize(("role", "expected"), ROLE_GROUPS)
def test_each_role_finds_its_groups_and_each_count_is_the_count_of_the_list_it_links_to(
    client, register, everyone, second_assistant_user, role, expected
):
    user = second_assistant_user if role == "second_assistant" else everyone[role]
    client.force_login(user)
    shown = groups_on_home(client)
    assert set(shown) == expected
    for key, count in shown.items():
        assert count > 0
        assert rows_listed(client, see_all(client, key)) == count, key


def test_the_directors_overdue_cases_come_first_marked_overdue_with_their_date(client, register, director):
    client.force_login(director)
    page = client.get("/").content.decode()
    assert page.index('id="queue-cases-overdue"') < page.index('id="queue-cases-answer"')
    overdue = page.split('id="queue-cases-overdue"', 1)[1].split("</section>", 1)[0]
    for case in (register["received_old"], register["received_older"]):
        assert f'href="/vu-viec/{case.pk}/"' in overdue
        assert f"quá hạn, hạn {case.next_deadline:%d/%m/%Y}" in overdue
    assert "Lộc Văn Cũ" in overdue and "Hoàng Thị Mới" not in overdue
    # The oldest deadline first.
    first, second = register["received_older"], register["received_old"]
    assert first.next_deadline < second.next_deadline
    assert overdue.index(f"/vu-viec/{first.pk}/") < overdue.index(f"/vu-viec/{second.pk}/")


def test_the_directors_deadlines_page_opens_on_the_units_overdue_cases_and_agrees_with_the_case_list(
    client, register, director
):
    client.force_login(director)
    # A director performs no case: "my cases" would be empty; the unit's are shown.
    response = client.get(reverse("cases:deadlines"))
    assert response.context["scope"] == "unit"
    assert response.context["page"].paginator.count >= 2
    overdue = rows_listed(client, reverse("cases:deadlines") + "?overdue=1")
    assert overdue == 2
    assert overdue == rows_listed(client, reverse("cases:index") + "?overdue=1")
    assert overdue == groups_on_home(client)["cases-overdue"]


def test_the_intake_officer_is_offered_the_step_with_its_legal_deadline(client, register, intake_officer):
    client.force_login(intake_officer)
    page = client.get("/").content.decode()
    answer = page.split('id="queue-cases-answer"', 1)[1].split("</section>", 1)[0]
    case = register["received"]
    assert f'href="/vu-viec/{case.pk}/thao-tac/accept/"' in answer
    assert f"hạn {case.next_deadline:%d/%m/%Y}" in answer
    assert "Trả lời yêu cầu" in answer  # what is due


def test_a_performer_finds_the_cases_they_perform_through_their_staffing_record(
    client, register, assistant, collaborator
):
    client.force_login(assistant)
    page = client.get("/").content.decode()
    mine = page.split('id="queue-cases-perform"', 1)[1].split("</section>", 1)[0]
    assert f'href="/vu-viec/{register["assigned"].pk}/"' in mine
    assert "Triệu Văn Làm" in mine
    client.force_login(collaborator)  # performs nothing
    assert "queue-cases-perform" not in client.get("/").content.decode()


def test_a_sensitive_beneficiarys_name_is_shown_only_to_those_who_may_see_it(
    client, make_case, director, intake_officer, colleague
):
    case = make_case(S.RECEIVED, category="7h", name="Mã Thị Hiền")
    assert case.sensitive
    for user, sees in ((director, True), (intake_officer, True), (colleague, False)):
        client.force_login(user)
        answer = client.get("/").content.decode().split('id="queue-cases-answer"', 1)[1]
        answer = answer.split("</section>", 1)[0]
        assert f"/vu-viec/{case.pk}/" in answer
        assert ("Mã Thị Hiền" in answer) is sees, user
        assert ("được bảo mật" in answer) is not sees, user


def test_the_list_of_a_group_is_ordered_most_urgent_first(client, register, director):
    client.force_login(director)
    response = client.get(reverse("cases:index") + "?todo=answer")
    listed = [case.pk for case, _categories in response.context["rows"]]
    assert listed == [register["received_older"].pk, register["received_old"].pk, register["received"].pk]
    assert response.context["chosen"]["todo"] == "answer"
    # An unknown group filters nothing.
    assert client.get(reverse("cases:index") + "?todo=nothing").context["chosen"]["todo"] == ""


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "role", ["director", "intake_officer", "assistant", "performer", "official", "administrator"]
)
def test_the_home_page_takes_the_same_number_of_queries_with_5_and_50_cases_of_each_group(
    client, make_case, everyone, second_assistant_user, role
):
    user = everyone[role]
    month_ago = timezone.localdate() - timedelta(days=30)
    states = [S.RECEIVED, S.NEEDS_PAPERS, S.ACCEPTED, S.ASSIGNED, S.COMPLETED]
    made = [make_case(state, request_date=month_ago) for state in states]
    client.force_login(user)
    client.get("/")  # the first page of a session stamps its last activity
    with_five = _home_queries(client)
    for case in made:
        clones(case, 9, register_seq=lambda i: None)
    assert Case.objects.count() == 50
    assert _home_queries(client) == with_five


def test_a_case_completed_lately_waits_for_its_survey_until_one_is_recorded(client, register, intake_officer):
    from cases import services

    client.force_login(intake_officer)
    waiting = [register["completed"], register["appraising"]]
    assert groups_on_home(client)["cases-survey"] == len(waiting)
    listed = client.get(see_all(client, "cases-survey")).context["rows"]
    assert {case.pk for case, _categories in listed} == {case.pk for case in waiting}
    scores = {"attitude": 5, "responsibility": 5, "expertise": 4, "satisfaction": 5}
    services.survey_record(case=register["completed"], by=intake_officer, scores=scores)
    assert groups_on_home(client)["cases-survey"] == 1
    assert rows_listed(client, see_all(client, "cases-survey")) == 1
