"""Who may see what of a case: one function per question, called by every page, list, count,
filter, lookup, PDF and export of the cases app (and by its services).

- ``visible_cases(user)``: the cases a user may see at all (their unit's subtree for directors,
  intake officers and officials; for everyone, the cases they perform or appraise).
- ``get_case_for_user(user, pk)``: one case, or 404 outside what the user may see.
- ``may_see_sensitive(user, case)`` and its queryset form ``sensitive_shown(user)``: on a
  sensitive case (victims of violence, trafficking…) the categories, the matter and the person's
  contact data (citizen ID, address, phone, date of birth) are shown only to those working on the
  case: who received it, who performs it, who appraises it, the directors over its unit (their
  subtree) and superusers. ``categories_text`` and ``beneficiary_contact`` give what a page, a
  paper or an export shows, masked with the one word ``protected()``.
- ``in_own_subtree(user, unit)``: the unit is the user's own or below it, where role-based staff
  may write (receive a request, draw an evaluation sample).
- ``may_add_papers(user, case)``: who records the papers proving a case's categories, and when.
- ``may_act`` lives in ``cases.workflow`` (``refusal(case, action, user)``): the transition table
  says who may take which step.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from legalaid.models import Unit, User
from legalaid.roles import Role, has_role
from staffing.models import Person

from .models import Appointment, Appraisal, Beneficiary, Case

# The roles that receive requests and record their papers.
RECEIVE_ROLES = (Role.DIRECTOR, Role.INTAKE_OFFICER)
# Papers can be added until the case is completed, refused, referred or stopped.
PAPER_STATES = (
    Case.Status.RECEIVED,
    Case.Status.NEEDS_PAPERS,
    Case.Status.ACCEPTED,
    Case.Status.ASSIGNED,
    Case.Status.SUSPENDED,
)


def visible_cases(user: User) -> QuerySet[Case]:
    """Cases ``user`` may see.

    Written as plain column tests (unit ids, performer ids, a case-id subquery) rather than an
    OR across joins, so PostgreSQL keeps using the case indexes on large registers."""
    cases = Case.objects.all()
    if not user.is_authenticated:
        return cases.none()
    if user.is_superuser:
        return cases
    # Worked out once per request: a page asks for it several times (list, counts, filters).
    cached = user.__dict__.get("_cases_visibility")
    if cached is None:
        cached = user.__dict__["_cases_visibility"] = _visibility(user)
    return cases.filter(cached)


def _visibility(user: User) -> Q:
    person_ids = list(Person.objects.filter(user=user).values_list("pk", flat=True))
    appraised = Appraisal.objects.filter(appraiser=user).values("case_id")
    unit = user.unit
    if unit is None or not has_role(user, Role.DIRECTOR, Role.INTAKE_OFFICER, Role.OFFICIAL):
        return Q(pk__in=appraised) | Q(performer_id__in=person_ids)
    unit_ids = list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    # Cases they perform or appraise outside their subtree are few: name them, so that the
    # usual test stays a plain "unit_id IN (...)".
    extra = list(appraised.exclude(case__unit_id__in=unit_ids).values_list("case_id", flat=True)[:1000])
    if person_ids:
        extra += list(
            Case.objects.filter(performer_id__in=person_ids)
            .exclude(unit_id__in=unit_ids)
            .values_list("pk", flat=True)[:1000]
        )
    return Q(unit_id__in=unit_ids) | Q(pk__in=extra) if extra else Q(unit_id__in=unit_ids)


def get_case_for_user(user: User, pk: int) -> Case:
    """The access helper: 404 outside what the user may see, so a guessed URL reveals nothing."""
    if not user.has_perm("cases.view_case"):
        raise Http404
    # The relations every page of a case shows are joined; the others (mostly empty, or only on
    # the papers) are fetched apart: with all of them joined, planning the query took longer
    # than running it (20 ms against 1 ms on a register of 200,000 cases).
    case = (
        visible_cases(user)
        .select_related(
            "beneficiary__commune",
            "beneficiary__ethnicity",
            "form",
            "field",
            "unit",
            "centre",
            "received_by",
            "performer__user",
        )
        .prefetch_related(
            "centre__parent",
            "centre__province",
            "requester_agency",
            "referred_to",
            "outreach_session__commune",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        replaced = replacement_of(user, pk)
        if replaced is not None:
            raise CaseReassigned(replaced)
        raise Http404
    return case


class CaseReassigned(Http404):
    """The case is out of the user's sight because they were replaced as its performer. Any
    page answers 404 as for every case out of sight; the case page (``cases:detail``) catches
    it and says who reassigned the case and when, with nothing of the case but its number."""

    def __init__(self, appointment: Appointment) -> None:
        super().__init__("reassigned")
        self.appointment = appointment


def replacement_of(user: User, pk: int) -> Appointment | None:
    """The latest decision that replaced ``user`` (through their staffing person) as the
    performer of case ``pk``, or None."""
    if not user.is_authenticated:
        return None
    return (
        Appointment.objects.filter(case_id=pk, kind=Appointment.Kind.REPLACEMENT, replaced__user=user)
        .select_related("case", "decided_by")
        .order_by("-decided_on", "-pk")
        .first()
    )


def managed_paths(user: User) -> list[str]:
    """The unit paths under which ``user`` manages every case (a director: their subtree)."""
    unit = user.unit if user.is_authenticated else None
    if unit is not None and has_role(user, Role.DIRECTOR):
        return [unit.path]
    return []


def is_manager(user: User, case: Case) -> bool:
    """The user directs the case's unit (or one above it), or administers the whole system."""
    return user.is_superuser or any(case.unit.path.startswith(path) for path in managed_paths(user))


def appraised_among(user: User, case_ids: Collection[int]) -> set[int]:
    """Which of these cases ``user`` appraises: one query for a whole list or export."""
    if not user.is_authenticated or not case_ids:
        return set()
    return set(
        Appraisal.objects.filter(appraiser=user, case_id__in=case_ids).values_list("case_id", flat=True)
    )


def may_see_sensitive(user: User, case: Case, *, appraised: Collection[int] | None = None) -> bool:
    """The one rule: a sensitive case's protected data (its categories, its matter, the person's
    contact data) is shown to those working on it (received, performs, appraises), to the
    directors over its unit and to superusers. ``appraised``: the ids of the cases the user
    appraises, when a list has looked them up at once (``appraised_among``). The answer is kept
    on the case for the rest of the request (a page asks for the categories and the contact)."""
    if not case.sensitive or not user.is_authenticated:
        return not case.sensitive
    answers = case.__dict__.setdefault("_sensitive_answers", {})
    if user.pk not in answers:
        answers[user.pk] = _works_on_or_manages(user, case, appraised)
    return answers[user.pk]


def _works_on_or_manages(user: User, case: Case, appraised: Collection[int] | None) -> bool:
    if is_manager(user, case) or case.received_by_id == user.pk:
        return True
    if case.performer is not None and case.performer.user_id == user.pk:
        return True
    if appraised is not None:
        return case.pk in appraised
    return Appraisal.objects.filter(case=case, appraiser=user).exists()


def sensitive_shown(user: User) -> Q:
    """``may_see_sensitive`` as a filter on cases: the rows whose categories ``user`` may see
    (and so may find by a sensitive category, and count)."""
    if user.is_superuser:
        return Q()
    if not user.is_authenticated:
        return Q(sensitive=False)
    working = Q(received_by=user) | Q(performer__user=user) | Q(appraisal__appraiser=user)
    rule = Q(sensitive=False) | working
    for path in managed_paths(user):
        rule |= Q(unit__path__startswith=path)
    return rule


def protected() -> str:
    """The one word shown in place of protected data ("được bảo mật")."""
    return _("protected")


# The person's contact data, protected on a sensitive case as its categories are.
CONTACT_FIELDS = ("citizen_id", "address", "phone", "date_of_birth")


def categories_text(user: User, case: Case, *, appraised: Collection[int] | None = None) -> str:
    """A case's categories as a list or an export shows them, masked when the rule says so
    (prefetch ``categories`` and select ``unit`` and ``performer``)."""
    if not may_see_sensitive(user, case, appraised=appraised):
        return protected()
    return ", ".join(f"{category.clause}" for category in case.categories.all())


def beneficiary_contact(
    user: User, case: Case, *, appraised: Collection[int] | None = None
) -> dict[str, Any]:
    """The person's contact data on ``case`` as ``user`` may see it: ``citizen_id``, ``address``,
    ``phone``, ``date_of_birth`` (a date, or None), or the mask in each of them, and
    ``protected`` (True when masked) for a template to word it."""
    person = case.beneficiary
    if not may_see_sensitive(user, case, appraised=appraised):
        return {**dict.fromkeys(CONTACT_FIELDS, protected()), "protected": True}
    return {**{name: getattr(person, name) for name in CONTACT_FIELDS}, "protected": False}


def shown_sensitive(
    user: User, cases: Collection[Case], *, appraised: Collection[int] | None = None
) -> list[Case]:
    """The sensitive cases among ``cases`` whose protected data ``user`` is shown: the rows the
    log of sensitive views records (``cases.services.privacy.log_views``)."""
    return [case for case in cases if case.sensitive and may_see_sensitive(user, case, appraised=appraised)]


def hidden_contact_people(user: User, person_ids: Collection[int]) -> set[int]:
    """Of these people, those with a sensitive case whose protected data ``user`` may not see:
    a lookup of people masks their contact data as that case's page does (one query)."""
    if user.is_superuser or not person_ids:
        return set()
    shown = Case.objects.filter(sensitive_shown(user)).values("pk")
    hidden = Case.objects.filter(beneficiary_id__in=person_ids, sensitive=True).exclude(pk__in=shown)
    return set(hidden.values_list("beneficiary_id", flat=True))


def may_review_sensitive_views(user: User) -> bool:
    """The log of views of sensitive data is read by directors (for their subtree) and superusers."""
    return user.is_authenticated and (user.is_superuser or bool(managed_paths(user)))


def sensitive_views_scope(user: User) -> Q:
    """The log rows a reviewer reads: views of the cases of their subtree, and data-subject
    exports of people who have a case there (on ``SensitiveView``)."""
    if user.is_superuser:
        return Q()
    rule = Q(pk__in=[])
    for path in managed_paths(user):
        held = Case.objects.filter(beneficiary=OuterRef("beneficiary"), unit__path__startswith=path)
        rule |= Q(case__unit__path__startswith=path) | Q(Exists(held), case__isnull=True)
    return rule


def subject_export_scope(user: User) -> QuerySet[Case]:
    """The cases through whose person ``user`` may produce a data-subject export (everything
    held about that person): those of the user's subtree, for directors and intake officers;
    any, for a superuser."""
    cases = Case.objects.all()
    if user.is_superuser:
        return cases
    unit = user.unit if user.is_authenticated else None
    if unit is None or not has_role(user, *RECEIVE_ROLES):
        return cases.none()
    return cases.filter(unit__path__startswith=unit.path)


def may_export_subject(user: User, case: Case) -> bool:
    """The button on the case page: directors and intake officers whose subtree holds the case
    (select ``unit``)."""
    return user.is_superuser or (has_role(user, *RECEIVE_ROLES) and in_own_subtree(user, case.unit))


def in_own_subtree(user: User, unit: Unit) -> bool:
    """``unit`` is the user's own unit or one below it (for a superuser: any unit)."""
    own = user.unit
    return user.is_superuser or (own is not None and unit.path.startswith(own.path))


def may_add_papers(user: User, case: Case) -> bool:
    """Proving papers are recorded by the intake officers and directors over the case's unit,
    while the case is open before completion (select ``unit``)."""
    if case.status not in PAPER_STATES:
        return False
    return user.is_superuser or (has_role(user, *RECEIVE_ROLES) and in_own_subtree(user, case.unit))


def visible_beneficiaries(user: User) -> QuerySet[Beneficiary]:
    """The people a user may find, choose at intake, or be warned of as a likely duplicate: the
    people of the cases the user may see. A person posted from a form outside it is refused as
    a URL outside it would be (404)."""
    return Beneficiary.objects.filter(pk__in=visible_cases(user).values("beneficiary_id"))
