"""Who is told what about a case (``legalaid.notifications`` writes and e-mails the notices).

The services call ``case_notify_*`` inside their transaction; the notices are worded and written
after it commits. A notice names the case by its register number and, for a sensitive case,
names the person only to a recipient who may see its protected data (``access.may_see_sensitive``);
it never names a category. ``deadline_notices(today)`` gives the daily job's notices
(``manage.py notify_deadlines``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from legalaid.calendar import add_working_days
from legalaid.models import User
from legalaid.notifications import Draft, Kind, notify, unit_clerks, unit_heads
from staffing.models import Person

from . import access
from .models import Appraisal, Case, Complaint

S = Case.Status


def _case(pk: int) -> Case:
    return Case.objects.select_related("beneficiary", "unit", "performer__user").get(pk=pk)


def _person(recipient: User, case: Case) -> str:
    """The beneficiary's name as the recipient may see it."""
    if not access.may_see_sensitive(recipient, case):
        return access.protected()
    return case.beneficiary.full_name


def _about(case: Case) -> dict[str, str]:
    return {"url": reverse("cases:detail", args=[case.pk]), "about": f"cases.case:{case.pk}"}


def _told_for(person: Person | None, case: Case) -> list[User]:
    """Who is told in place of a performer without a login: the directors over their unit (the
    case's, for a performer outside the centre's units) and the unit's intake officers."""
    unit = person.unit if person is not None and person.unit is not None else case.unit
    return unit_heads(unit) + unit_clerks(unit)


def _login(person: Person | None) -> User | None:
    user = person.user if person is not None else None
    return user if user is not None and user.is_active else None


# --- Events of the services --------------------------------------------------------------------


def case_notify_appointed(*, case: Case) -> None:
    """The performer just appointed (their unit, when they have no login)."""
    case_id = case.pk

    def build() -> Iterator[Draft]:
        case = _case(case_id)
        performer = case.performer
        user = _login(performer)
        if user is not None:
            text = _("You are appointed to perform case %(case)s (%(person)s).")
            yield Draft(
                user, Kind.APPOINTED, text % {"case": case, "person": _person(user, case)}, **_about(case)
            )
            return
        for head in _told_for(performer, case):
            text = _("%(performer)s (no login) is appointed to case %(case)s (%(person)s): let them know.")
            values = {"performer": performer, "case": case, "person": _person(head, case)}
            yield Draft(head, Kind.APPOINTED, text % values, **_about(case))

    notify(build)


def case_notify_replaced(*, case: Case, old: Person | None) -> None:
    """The replaced performer and the new one (their unit, for one without a login)."""
    case_id, old_id = case.pk, old.pk if old is not None else None

    def build() -> Iterator[Draft]:
        case = _case(case_id)
        new = case.performer
        previous = Person.objects.select_related("user", "unit").filter(pk=old_id).first()
        new_user, old_user = _login(new), _login(previous)
        if old_user is not None:
            text = _("You no longer perform case %(case)s: %(performer)s replaces you.")
            yield Draft(old_user, Kind.REPLACED, text % {"case": case, "performer": new}, **_about(case))
        if new_user is not None:
            text = _("You are appointed to perform case %(case)s (%(person)s) in place of %(old)s.")
            values = {"case": case, "person": _person(new_user, case), "old": previous}
            yield Draft(new_user, Kind.REPLACED, text % values, **_about(case))
        without = [p for p, u in ((previous, old_user), (new, new_user)) if p is not None and u is None]
        told: list[User] = []
        for person in without:
            told += [u for u in _told_for(person, case) if u not in told]
        for head in told:
            text = _("Case %(case)s (%(person)s): %(performer)s replaces %(old)s. Tell %(names)s (no login).")
            values = {
                "case": case,
                "person": _person(head, case),
                "performer": new,
                "old": previous,
                "names": ", ".join(str(p) for p in without),
            }
            yield Draft(head, Kind.REPLACED, text % values, **_about(case))

    notify(build)


def case_notify_appraisal(*, case: Case) -> None:
    """The appraiser just assigned (their unit, when they have no login)."""
    case_id = case.pk

    def build() -> Iterator[Draft]:
        case = _case(case_id)
        appraisal = Appraisal.objects.select_related("appraiser", "appraiser_person__unit").get(case=case)
        user = (
            appraisal.appraiser if appraisal.appraiser is not None and appraisal.appraiser.is_active else None
        )
        due = appraisal.due_on.strftime("%d/%m/%Y")
        if user is not None:
            text = _("You are assigned to appraise case %(case)s (%(person)s), due %(due)s.")
            values = {"case": case, "person": _person(user, case), "due": due}
            yield Draft(user, Kind.APPRAISAL, text % values, **_about(case))
            return
        for head in _told_for(appraisal.appraiser_person, case):
            text = _(
                "%(appraiser)s (no login) is assigned to appraise case %(case)s (%(person)s), "
                "due %(due)s: let them know."
            )
            values = {
                "appraiser": appraisal.appraiser_name,
                "case": case,
                "person": _person(head, case),
                "due": due,
            }
            yield Draft(head, Kind.APPRAISAL, text % values, **_about(case))

    notify(build)


def case_notify_papers(*, case: Case) -> None:
    """The intake officer who received the case: papers were asked for."""
    case_id = case.pk

    def build() -> Iterator[Draft]:
        case = _case(case_id)
        user = case.received_by
        text = _("Papers were requested for case %(case)s (%(person)s).")
        yield Draft(user, Kind.PAPERS, text % {"case": case, "person": _person(user, case)}, **_about(case))

    notify(build)


def complaint_notify_received(*, complaint: Complaint) -> None:
    """The directors over the unit that received the complaint."""
    complaint_id = complaint.pk

    def build() -> Iterator[Draft]:
        complaint = Complaint.objects.select_related("unit").get(pk=complaint_id)
        case = _case(complaint.case_id) if complaint.case_id else None
        link = {"url": reverse("cases:complaints"), "about": f"cases.complaint:{complaint.pk}"}
        for head in unit_heads(complaint.unit):
            # The caller of a complaint about a sensitive case may be its beneficiary.
            caller = _person(head, case) if case is not None and case.sensitive else complaint.caller
            values = {
                "date": complaint.received_on.strftime("%d/%m/%Y"),
                "caller": caller,
                "topic": complaint.get_topic_display(),
                "case": case,
            }
            if case is None:
                text = _("Complaint received on %(date)s from %(caller)s: %(topic)s.")
            else:
                text = _("Complaint about case %(case)s received on %(date)s from %(caller)s: %(topic)s.")
            yield Draft(head, Kind.COMPLAINT, text % values, **link)

    notify(build)


# --- The daily deadline notices ----------------------------------------------------------------


def deadline_notices(today: date) -> list[Draft]:
    """For every open case whose next deadline is within 2 working days (``DUE_SOON``) or
    passed (``OVERDUE``): a notice to who must act (the intake officer before acceptance, the
    directors to appoint or assign the appraisal, the performer, the appraiser; the directors
    too once it is overdue). Keyed by case, kind and deadline: each is raised once."""
    horizon = add_working_days(today, 2)
    cases = (
        Case.objects.filter(status__in=Case.OPEN_STATES, next_deadline__lte=horizon)
        .select_related("beneficiary", "unit", "received_by", "performer__user", "performer__unit")
        .order_by("next_deadline", "pk")
    )
    cases_list = list(cases)
    appraisals = {
        a.case_id: a
        for a in Appraisal.objects.filter(
            case__in=[c.pk for c in cases_list if c.status == S.UNDER_APPRAISAL]
        ).select_related("appraiser_person__user", "appraiser_person__unit")
    }
    appraisers = {pk: a.appraiser_id for pk, a in appraisals.items() if a.appraiser_id is not None}
    users = {u.pk: u for u in User.objects.filter(pk__in=set(appraisers.values()))}
    heads: dict[int, list[User]] = {}
    drafts: list[Draft] = []
    for case in cases_list:
        deadline = case.next_deadline
        assert deadline is not None  # noqa: S101 -- filtered above
        overdue = deadline < today
        kind = Kind.OVERDUE if overdue else Kind.DUE_SOON
        directors = heads.setdefault(case.unit_id, unit_heads(case.unit))
        appraisal = appraisals.get(case.pk)
        recipients = _responsible(case, directors, users.get(appraisers.get(case.pk, 0)))
        if appraisal is not None and appraisal.appraiser_id is None:
            # An appraiser without a login: told through their unit, like such a performer.
            recipients = _told_for(appraisal.appraiser_person, case)
        if overdue:
            recipients += [d for d in directors if d not in recipients]
        values = {"case": case, "what": case.deadline_label, "due": deadline.strftime("%d/%m/%Y")}
        if overdue:
            text = _("Case %(case)s (%(person)s) is overdue: “%(what)s” was due on %(due)s.")
        else:
            text = _("Case %(case)s (%(person)s): “%(what)s” is due on %(due)s.")
        for user in recipients:
            drafts.append(
                Draft(
                    user,
                    kind,
                    text % {**values, "person": _person(user, case)},
                    key=f"{kind}:cases.case:{case.pk}:{deadline.isoformat()}",
                    **_about(case),
                )
            )
    return drafts


def _responsible(case: Case, directors: list[User], appraiser: User | None) -> list[User]:
    if case.status in (S.RECEIVED, S.NEEDS_PAPERS):
        return [case.received_by]
    if case.status in (S.ACCEPTED, S.COMPLETED):
        return list(directors)
    if case.status == S.UNDER_APPRAISAL and appraiser is not None:
        return [appraiser]
    user = _login(case.performer)
    if user is not None:
        return [user]
    return _told_for(case.performer, case) if case.performer is not None else list(directors)
