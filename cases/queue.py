"""The cases' part of the home page's work queue (``legalaid.queue``): the cases waiting for the
user's next step, one group per step, most urgent first.

Each group is a filter on ``access.visible_cases(user)``; the case list applies the same filter
for ``?todo=<key>`` (and the deadlines page for the overdue cases), so the count on the home page
is the count of the list it links to. A group is offered to the roles that take its step, or to
the user the case names (its performer, its appraiser). Each group costs a count and, when it is
not empty, one query for its first lines and at most one for the sensitive-data rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.queue import LINES_SHOWN, QueueGroup, QueueLine, count_each
from legalaid.roles import Role, has_role

from . import access
from .models import Case, Survey

S = Case.Status


@dataclass(frozen=True)
class CaseGroup:
    key: str
    title: str
    # Who is offered the group: a role test (the step's actors, cases.workflow.TRANSITIONS).
    offered: Callable[..., bool]
    # The cases of the group among those the user sees.
    rule: Callable[..., Q]
    # The step a line's button opens, when the whole group may take it.
    action: str = ""
    # How the first lines are picked from a large register, each way walking an index and
    # stopping at the first lines: "deadline" (the states that have one: the dated cases by the
    # deadline index), "age" (the states that have none: the oldest first, by id), "any" (the
    # groups of one person's cases, few enough to sort).
    lines_by: str = "deadline"
    # The order of the group's list and lines: the most urgent first.
    order: tuple = ()


def _roles(*roles: Role) -> Callable[..., bool]:
    return lambda user: user.is_superuser or has_role(user, *roles)


def _anyone(user) -> bool:
    return True


def _overdue(user, today: date) -> Q:
    return Q(status__in=Case.OPEN_STATES, next_deadline__lt=today)


# Days after completion during which a case without a survey waits for one.
SURVEY_DAYS = 90

GROUPS = [
    # The director's view over the unit: every open case past its deadline, whoever holds it.
    CaseGroup(
        "overdue",
        gettext_lazy("Overdue cases of the unit"),
        lambda user: user.is_superuser or bool(access.managed_paths(user)),
        _overdue,
    ),
    CaseGroup(
        "answer",
        gettext_lazy("Requests to accept or refuse"),
        _roles(Role.DIRECTOR, Role.INTAKE_OFFICER),
        lambda user, today: Q(status=S.RECEIVED),
        "accept",
    ),
    CaseGroup(
        "verify",
        gettext_lazy("Papers to verify (requested from the applicant)"),
        _roles(Role.DIRECTOR, Role.INTAKE_OFFICER),
        lambda user, today: Q(status=S.NEEDS_PAPERS),
        "accept",
        lines_by="age",
    ),
    CaseGroup(
        "appoint",
        gettext_lazy("Cases to appoint a performer for"),
        _roles(Role.DIRECTOR),
        lambda user, today: Q(status=S.ACCEPTED),
        "appoint",
    ),
    CaseGroup(
        "perform",
        gettext_lazy("My cases, by next deadline"),
        _anyone,
        lambda user, today: Q(performer__user=user, status__in=(S.ASSIGNED, S.SUSPENDED)),
        lines_by="any",
    ),
    CaseGroup(
        "appraise",
        gettext_lazy("Cases to appraise"),
        _anyone,
        lambda user, today: Q(appraisal__appraiser=user, status=S.UNDER_APPRAISAL),
        "appraise",
        lines_by="any",
    ),
    # The satisfaction survey is asked once the work is done: the cases completed in the last
    # SURVEY_DAYS without an answer, the oldest first (the first to leave the window).
    CaseGroup(
        "survey",
        gettext_lazy("Satisfaction surveys to send"),
        _roles(Role.DIRECTOR, Role.INTAKE_OFFICER),
        lambda user, today: (
            Q(
                status__in=(S.COMPLETED, S.UNDER_APPRAISAL, S.APPRAISED),
                completed_on__gte=today - timedelta(days=SURVEY_DAYS),
            )
            & ~Exists(Survey.objects.filter(case=OuterRef("pk")))
        ),
        lines_by="any",
        order=("completed_on", "pk"),
    ),
    CaseGroup(
        "assign_appraisal",
        gettext_lazy("Appraisals to assign"),
        _roles(Role.DIRECTOR),
        lambda user, today: Q(status=S.COMPLETED),
        "assign_appraisal",
    ),
]
BY_KEY = {group.key: group for group in GROUPS}

# Most urgent first: the earliest deadline, then the oldest record (the deadlines page's order,
# which walks the deadline index and stops at the first lines).
URGENCY = (F("next_deadline").asc(nulls_last=True), "pk")

LINE_COLUMNS = (
    "register_number",
    "request_date",
    "status",
    "next_deadline",
    "deadline_label",
    "sensitive",
    "received_by_id",
    "unit__path",
    "unit__short_name",
    "unit__name",
    "beneficiary__full_name",
    "performer__full_name",
    "performer__user_id",
    "completed_on",
)


def todo_cases(user, key: str, today: date) -> QuerySet[Case] | None:
    """The cases of group ``key`` that ``user`` sees (the case list's ``?todo=``), or None for
    an unknown key."""
    group = BY_KEY.get(key)
    if group is None:
        return None
    return access.visible_cases(user).filter(group.rule(user, today))


def list_url(key: str) -> str:
    """The list showing a group's cases: the deadlines page for the overdue (the list a director
    keeps open), the case list filtered by the group for the others."""
    if key == "overdue":
        return f"{reverse('cases:deadlines')}?{urlencode({'scope': 'unit', 'overdue': 1})}"
    return f"{reverse('cases:index')}?{urlencode({'todo': key})}"


def _line(user, case: Case, group: CaseGroup, today: date, appraised: set[int]) -> QueueLine:
    name = case.beneficiary.full_name
    if not access.may_see_sensitive(user, case, appraised=appraised):
        name = access.protected()
    title = case.register_number or _("Request of %(date)s") % {"date": f"{case.request_date:%d/%m/%Y}"}
    detail = [case.unit.short_name or case.unit.name]
    if group.key != "perform" and case.performer_id:
        detail.append(case.performer.full_name)
    action_url = ""
    if group.action and not (group.key == "perform" and case.status != S.ASSIGNED):
        action_url = reverse("cases:action", args=[case.pk, group.action])
    return QueueLine(
        text=f"{title} · {name}",
        url=reverse("cases:detail", args=[case.pk]),
        due=case.next_deadline,
        due_label=case.deadline_label,
        overdue=case.is_overdue(today),
        detail=" · ".join(detail),
        action_url=action_url,
        action_label=str(ACTION_LABELS.get(group.action, "")),
    )


ACTION_LABELS = {
    "accept": gettext_lazy("Accept the case"),
    "appoint": gettext_lazy("Appoint a performer"),
    "appraise": gettext_lazy("Record the appraisal"),
    "assign_appraisal": gettext_lazy("Assign the appraisal"),
}


def ordering(key: str) -> tuple:
    """The order of a group's list and of its first lines."""
    return BY_KEY[key].order or URGENCY


def _first_lines(group: CaseGroup, cases: QuerySet[Case]) -> QuerySet[Case]:
    """The group's first lines as its list orders them. A dated group's lines are its dated
    cases (a step no deadline rule covers has none: such cases are counted and listed last)."""
    if group.lines_by == "age":
        return cases.order_by("pk")[:LINES_SHOWN]
    if group.lines_by == "deadline":
        cases = cases.filter(next_deadline__isnull=False)
    return cases.order_by(*ordering(group.key))[:LINES_SHOWN]


def home_queue(user, today: date) -> list[QueueGroup]:
    """The case groups waiting for ``user`` (legalaid.queue provider): every group counted in
    one query, the first lines of all of them picked in a second and read in a third."""
    if not user.has_perm("cases.view_case"):
        return []
    offered = [group for group in GROUPS if group.offered(user)]
    visible = access.visible_cases(user)
    chosen = [visible.filter(group.rule(user, today)) for group in offered]
    # Counted as far as the case list counts (it says "more than 5,000" beyond): a centre's
    # register holds hundreds of thousands of cases.
    from .views.lists import CappedPaginator

    counts = count_each(chosen, [CappedPaginator.CAP] * len(chosen))
    waiting = [
        (group, cases, count) for group, cases, count in zip(offered, chosen, counts, strict=True) if count
    ]
    if not waiting:
        return []
    firsts = [
        _first_lines(group, cases).annotate(queue_group=Value(index)).values_list("pk", "queue_group")
        for index, (group, cases, _count) in enumerate(waiting)
    ]
    picked = list(firsts[0].union(*firsts[1:], all=True)) if len(firsts) > 1 else list(firsts[0])
    rows = {
        case.pk: case
        for case in Case.objects.filter(pk__in={pk for pk, _index in picked})
        .select_related("beneficiary", "unit", "performer")
        .only(*LINE_COLUMNS)
    }
    appraised = access.appraised_among(user, [pk for pk, case in rows.items() if case.sensitive])
    found = []
    for index, (group, _cases, count) in enumerate(waiting):
        cases_of_group = sorted(
            (rows[pk] for pk, of in picked if of == index),
            key=lambda case: (
                (case.completed_on, case.pk)
                if group.key == "survey"
                else (case.next_deadline or date.max, case.pk)
            ),
        )
        lines = [_line(user, case, group, today, appraised) for case in cases_of_group]
        found.append(
            QueueGroup(
                key=f"cases-{group.key}",
                title=str(group.title),
                count=count,
                list_url=list_url(group.key),
                lines=lines,
                first_due=lines[0].due if lines else None,
                overdue=sum(line.overdue for line in lines),
                priority=0 if group.key == "overdue" else 1,
                cap=CappedPaginator.CAP,
            )
        )
    return found


def complaints_list_url() -> str:
    return f"{reverse('cases:complaints')}?{urlencode({'open': 'on'})}"


def complaints_queue(user, today: date) -> list[QueueGroup]:
    """The complaints still to handle in the user's units, for those who record and handle them:
    the complaint list's "open" filter, so the count is the count of the list it links to. The
    caller is not named (a complaint about a sensitive case may name its beneficiary): the line
    says what and since when. A count and the first lines: two queries."""
    from legalaid.roles import visible_units

    from .models import Complaint

    if not user.has_perm("cases.add_complaint"):
        return []
    waiting = Complaint.objects.filter(unit__in=visible_units(user), resolved_on__isnull=True)
    (count,) = count_each([waiting])
    if not count:
        return []
    first = (
        waiting.select_related("handler")
        .only("topic", "received_on", "due_on", "status", "handler__full_name", "handler__username")
        .order_by(F("due_on").asc(nulls_last=True), "received_on", "pk")[:LINES_SHOWN]
    )
    url = complaints_list_url()
    lines = []
    for complaint in first:
        handler = complaint.handler
        lines.append(
            QueueLine(
                text=_("%(topic)s, received %(date)s")
                % {
                    "topic": complaint.get_topic_display(),
                    "date": complaint.received_on.strftime("%d/%m/%Y"),
                },
                url=url,
                due=complaint.due_on,
                due_label=_("answer"),
                overdue=complaint.overdue_on(today),
                detail=(handler.full_name or handler.username) if handler else _("no handler yet"),
            )
        )
    dated = [line.due for line in lines if line.due is not None]
    return [
        QueueGroup(
            key="cases-complaints",
            title=_("Complaints to handle"),
            count=count,
            list_url=url,
            lines=lines,
            first_due=min(dated) if dated else None,
            overdue=sum(1 for line in lines if line.overdue),
        )
    ]
