"""The home page's work queue for the roster: the director finds the people waiting to be
published, and the count is the count of the list it links to; others are not offered it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from legalaid.tests.clock import VIETNAM
from staffing import services
from staffing.models import Person
from staffing.tests.factories import PersonFactory

NOW = datetime(2026, 12, 8, 9, 30, tzinfo=VIETNAM)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    time_machine.move_to(NOW)


def roster_group(client) -> str:
    page = client.get("/").content.decode()
    if 'id="queue-staffing-roster"' not in page:
        return ""
    return page.split('id="queue-staffing-roster"', 1)[1].split("</section>", 1)[0]


def test_the_director_finds_the_people_waiting_for_the_roster_and_the_count_is_the_lists(
    client, org, director, intake_officer
):
    today = timezone.localdate()
    waiting = [PersonFactory(full_name=f"Hoàng Văn Chờ {i}", unit=org.branch) for i in range(7)]
    PersonFactory(full_name="Lý Thị Hết Hạn", unit=org.branch, card_expires_on=today - timedelta(days=1))
    PersonFactory(full_name="Nông Văn Cán Bộ", kind=Person.Kind.STAFF, unit=org.branch)
    published = PersonFactory(full_name="Vi Thị Đã Đăng", unit=org.branch)
    services.person_publish(person=published, by=director)
    client.force_login(director)
    group = roster_group(client)
    count = int(re.search(r'class="count">(\d+)<', group).group(1))
    assert count == len(waiting)
    assert group.count("Hoàng Văn Chờ") == 5  # the first lines, the rest behind "Xem tất cả"
    assert sum(f'href="/nhan-su/{person.pk}/"' in group for person in waiting) == 5
    assert "Lý Thị Hết Hạn" not in group and "Vi Thị Đã Đăng" not in group
    url = re.search(r'class="see-all" href="([^"]+)"', group).group(1).replace("&amp;", "&")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    # Who does not publish is not offered the group.
    client.force_login(intake_officer)
    assert roster_group(client) == ""
