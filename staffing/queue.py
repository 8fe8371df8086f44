"""The staffing part of the home page's work queue (``legalaid.queue``): the people who may be on
the public roster but wait to be published, for those who publish them.

The group is the person list's "waiting" filter over the people the user may publish (their
unit's subtree), so its count is the count of the list it links to. A count and the first lines:
two queries, however many people wait.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from legalaid.queue import LINES_SHOWN, QueueGroup, QueueLine, count_each

from . import access


def waiting_list_url() -> str:
    return f"{reverse('staffing:person_list')}?{urlencode({'waiting': 'on'})}"


def home_queue(user, today: date) -> list[QueueGroup]:
    if not access.may_publish(user):
        return []
    waiting = access.publishable_people(user).waiting_publication(today)
    (count,) = count_each([waiting])
    if not count:
        return []
    people = waiting.select_related("unit").only("full_name", "kind", "unit__name", "unit__short_name")
    lines = [
        QueueLine(
            text=person.full_name,
            url=reverse("staffing:person_detail", args=[person.pk]),
            detail=f"{person.get_kind_display()} · {person.unit.short_name or person.unit.name}",
        )
        for person in people.order_by("name_sort_key", "pk")[:LINES_SHOWN]
    ]
    return [
        QueueGroup(
            key="staffing-roster",
            title=_("People to publish on the public roster"),
            count=count,
            list_url=waiting_list_url(),
            lines=lines,
        )
    ]
