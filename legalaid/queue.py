"""The home page's work queue: what waits for the user now, most urgent first.

Apps register providers, legalaid imports none (as ``legalaid.notices``). A provider is
``provider(user, today) -> list[QueueGroup]``, registered in the app's ``AppConfig.ready()`` with
``register(provider)``; it answers only for the groups the user's roles and relations give, in a
small fixed number of queries per group (a count and the first few rows), however many records
wait. Each group links to the list that shows the same records filtered the same way, so the
count on the home page is the count of that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from legalaid.models import User

# Lines shown per group; the rest are behind the group's "xem tất cả" link.
LINES_SHOWN = 5


@dataclass(frozen=True)
class QueueLine:
    """One thing to do: what it is about, where to open it, and by when."""

    text: str
    url: str
    due: date | None = None
    due_label: str = ""
    overdue: bool = False
    detail: str = ""
    action_url: str = ""
    action_label: str = ""


@dataclass(frozen=True)
class QueueGroup:
    key: str
    title: str
    count: int
    list_url: str
    lines: list[QueueLine] = field(default_factory=list)
    # Groups with overdue lines come first, then by their most urgent line.
    first_due: date | None = None
    overdue: int = 0
    # Breaks ties between groups as urgent as each other (lower first): a summary group such as
    # the unit's overdue cases before the steps that hold the same cases.
    priority: int = 1
    # Counted up to this many (the list it links to says "more than ..." beyond).
    cap: int | None = None

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.count > self.cap

    @property
    def shown_count(self) -> int:
        return min(self.count, self.cap) if self.cap is not None else self.count

    @property
    def more(self) -> bool:
        return self.count > len(self.lines)


Provider = Callable[["User", date], list[QueueGroup]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def count_each(querysets: list[QuerySet], caps: list[int | None] | None = None) -> list[int]:
    """The number of rows of each queryset, in one query: a provider's groups are counted
    together (one round trip, each count still planned on its own indexes). With a cap, a
    count stops at ``cap + 1`` rows, as a list that says "more than ..." counts."""
    if not querysets:
        return []
    parts: list[str] = []
    params: list[Any] = []
    for queryset, cap in zip(querysets, caps or [None] * len(querysets), strict=True):
        rows = queryset.order_by().values("pk")
        if cap is not None:
            rows = rows[: cap + 1]
        sql, part_params = rows.query.sql_with_params()
        # The SQL Django compiled from the querysets, its values left as parameters.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return [int(n) for n in row]


def _urgency(group: QueueGroup) -> tuple[bool, date, int, str]:
    return (not group.overdue, group.first_due or date.max, group.priority, group.key)


def queue_for(user: User, today: date | None = None) -> list[QueueGroup]:
    """Every non-empty group waiting for ``user``, the most urgent group first."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    found: list[QueueGroup] = []
    for provider in _providers:
        found.extend(group for group in provider(user, today) if group.count)
    return sorted(found, key=_urgency)
