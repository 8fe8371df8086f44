"""Paging of the case list and of "overdue and due this week": each page holds exactly the rows
a plain ordered slice would, however deep, and the deadlines come the most overdue first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.views import lists
from legalaid import calendar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

S = Case.Status


def clones(case: Case, count: int, **varying) -> list[Case]:
    """``count`` copies of ``case`` written at once; ``varying`` maps a field to a function of
    the copy's index giving its value."""
    made = []
    for i in range(count):
        copy = Case.objects.get(pk=case.pk)
        copy.pk = None
        for name, value in varying.items():
            setattr(copy, name, value(i))
        made.append(copy)
    return Case.objects.bulk_create(made)


def test_every_page_of_the_list_is_the_plain_slice_of_the_order(client, make_case, director):
    today = timezone.localdate()
    first = make_case(S.RECEIVED, name="Lộc Văn Tám")
    # Many cases share a request date, so the id decides their order within the day.
    clones(first, 129, request_date=lambda i: today - timedelta(days=i % 7))
    expected = list(Case.objects.order_by("-request_date", "-pk").values_list("pk", flat=True))
    assert len(expected) == 130
    client.force_login(director)
    for number, rows in (
        (1, expected[:50]),
        (2, expected[50:100]),
        (3, expected[100:]),
        (99, expected[100:]),
    ):
        response = client.get(reverse("cases:index"), {"page": number})
        assert [case.pk for case, _categories in response.context["rows"]] == rows
    response = client.get(reverse("cases:index"), {"page": 2, "q": "loc van"})
    assert [case.pk for case, _categories in response.context["rows"]] == expected[50:100]


def test_a_list_page_reads_the_ids_of_its_page_only(client, make_case, director, monkeypatch):
    first = make_case(S.RECEIVED)
    clones(first, 11)
    monkeypatch.setattr(lists, "PAGE_SIZE", 5)
    client.force_login(director)
    response = client.get(reverse("cases:index"), {"page": 3})
    assert len(response.context["rows"]) == 2
    assert response.context["page"].paginator.num_pages == 3


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 2, 10, 0, tzinfo=VIETNAM),  # a Wednesday: the week ends in four days
        datetime(2026, 12, 5, 23, 30, tzinfo=VIETNAM),  # Saturday night: still Saturday in UTC
        datetime(2026, 12, 6, 6, 30, tzinfo=VIETNAM),  # Sunday morning, Saturday night in UTC
    ],
    ids=["wednesday", "saturday-night", "sunday-morning"],
)
def test_deadlines_come_fifty_a_page_most_overdue_first(client, make_case, director, intake_officer, moment):
    with time_machine.travel(moment, tick=False):
        today = timezone.localdate()
        assert today == moment.date()
        week_end = calendar.week_end(today)
        assert week_end.weekday() == 6 and 0 <= (week_end - today).days <= 6
        first = make_case(S.RECEIVED, name="Vi Thị Nga")
        first.next_deadline = today - timedelta(days=61)
        first.save(update_fields=["next_deadline"])
        clones(first, 58, next_deadline=lambda i: today - timedelta(days=60 - i))
        # Completed cases wait for their appraisal to be assigned: still open, and the most overdue.
        clones(first, 3, status=lambda i: S.COMPLETED, next_deadline=lambda i: today - timedelta(days=90))
        # Due on the last day of this week: listed. Due the day after, or later: not yet.
        due_sunday = clones(first, 1, next_deadline=lambda i: week_end)
        clones(first, 1, next_deadline=lambda i: week_end + timedelta(days=1))
        clones(first, 2, next_deadline=lambda i: today + timedelta(days=30))
        # Closed cases are never listed, however overdue.
        clones(first, 2, status=lambda i: S.REFUSED, next_deadline=lambda i: today - timedelta(days=5))
        open_cases = list(
            Case.objects.filter(status__in=Case.OPEN_STATES, next_deadline__lte=week_end)
            .order_by("next_deadline", "pk")
            .values_list("pk", flat=True)
        )
        assert len(open_cases) == 63 and open_cases[-1] == due_sunday[0].pk
        client.force_login(director)
        response = client.get(reverse("cases:deadlines"), {"scope": "unit"})
        page = response.context["page"]
        assert response.context["week_end"] == week_end
        assert page.paginator.count == 63
        assert [case.pk for case in page.object_list] == open_cases[:50]
        deadlines = [case.next_deadline for case in page.object_list]
        assert deadlines == sorted(deadlines)
        assert "?scope=unit&page=2" in response.content.decode()
        response = client.get(reverse("cases:deadlines"), {"scope": "unit", "page": 2})
        assert [case.pk for case in response.context["page"].object_list] == open_cases[50:]
        # The intake officer received them all: they are "mine" for them, not for the director.
        client.force_login(intake_officer)
        assert client.get(reverse("cases:deadlines")).context["page"].paginator.count == 63
        # A director performs none of them: "mine" is empty, so their page opens on the unit's.
        client.force_login(director)
        assert client.get(reverse("cases:deadlines")).context["page"].paginator.count == 63
        assert client.get(reverse("cases:deadlines"), {"scope": "mine"}).context["page"].paginator.count == 0


def test_a_category_is_counted_and_paged_alike_near_the_top_and_deep(
    client, make_case, director, monkeypatch
):
    today = timezone.localdate()
    first = make_case(S.RECEIVED, category="HN", name="Hà Thị Duyên")
    copies = clones(first, 7, request_date=lambda i: today - timedelta(days=i % 3))
    Through = Case.categories.through
    category = first.categories.get()
    Through.objects.bulk_create([Through(case_id=c.pk, beneficiarycategory_id=category.pk) for c in copies])
    make_case(S.RECEIVED, category="7h", name="Mã Thị Hiền")  # another category: never listed
    expected = list(
        Case.objects.filter(categories=category).order_by("-request_date", "-pk").values_list("pk", flat=True)
    )
    monkeypatch.setattr(lists, "PAGE_SIZE", 3)
    monkeypatch.setattr(lists.CappedPaginator, "DEEP", 3)  # page 2 on: the ids come from the array form
    client.force_login(director)
    for number, rows in ((1, expected[:3]), (2, expected[3:6]), (3, expected[6:])):
        response = client.get(reverse("cases:index"), {"category": category.code, "page": number})
        assert response.context["page"].paginator.count == 8
        assert [case.pk for case, _categories in response.context["rows"]] == rows


def test_a_sensitive_category_is_counted_only_over_ones_own_cases(client, make_case, intake_officer, org):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    make_case(S.RECEIVED, category="7h", name="Mã Thị Hiền")
    colleague = UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )
    for person, count in ((intake_officer, 1), (colleague, 0)):
        client.force_login(person)
        response = client.get(reverse("cases:index"), {"category": "7h"})
        assert response.context["page"].paginator.count == count
        assert len(response.context["rows"]) == count
