"""What one can do with staffing records. Views, the admin, the importer and other apps call
these; they hold the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from legalaid.history import attribute_to, bulk_update_with_history
from legalaid.models import Job, LegalAidForm, LegalField, Unit, User
from legalaid.refusal import Refusal
from staffing import access
from staffing.models import Person, PersonQuerySet

# Which kinds may perform each form of legal aid (Law on Legal Aid 2017, Art. 19-24 and 27):
# collaborators give legal advice only; legal advisers also represent outside proceedings;
# assistants and lawyers do all three. Keyed by LegalAidForm.code.
KINDS_FOR_FORM: dict[str, tuple[str, ...]] = {
    "TGTT": (Person.Kind.ASSISTANT, Person.Kind.LAWYER),
    "DDNTT": (Person.Kind.ASSISTANT, Person.Kind.LAWYER, Person.Kind.ADVISER),
    "TVPL": (Person.Kind.ASSISTANT, Person.Kind.LAWYER, Person.Kind.ADVISER, Person.Kind.COLLABORATOR),
}


def performers_for_appointment(
    *,
    form: LegalAidForm | None = None,
    field: LegalField | None = None,
    unit: Unit | None = None,
    on: date | None = None,
) -> QuerySet[Person]:
    """Active performers who may be appointed to a case of this form and field, for this unit.

    Lawyers and advisers need a contract in force on ``on`` (today by default). With a unit, only
    people of the same centre are offered, those of the unit's own subtree first.
    """
    day = on or timezone.localdate()
    people = Person.objects.performers()
    if form is not None:
        people = people.filter(kind__in=KINDS_FOR_FORM.get(form.code, Person.PERFORMER_KINDS))
    if field is not None:
        people = people.filter(fields=field)
    people = people.with_contract_in_force(day)
    if unit is not None:
        centre = unit.centre() or unit
        people = (
            people.filter(unit__path__startswith=centre.path)
            .annotate(
                _own_unit=Case(
                    When(unit__path__startswith=unit.path, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("_own_unit", "name_sort_key", "pk")
        )
    return people.select_related("unit")


# Allowed status changes: every status may move to any other, with a reason and a date.
STATUS_TRANSITIONS = {
    Person.Status.ACTIVE: {Person.Status.SUSPENDED, Person.Status.ENDED},
    Person.Status.SUSPENDED: {Person.Status.ACTIVE, Person.Status.ENDED},
    Person.Status.ENDED: {Person.Status.ACTIVE},
}


def person_change_status(
    *, person: Person, status: str, reason: str = "", on: date | None = None, by: User | None = None
) -> Person:
    """Suspend, end or reinstate a person; the history keeps who did it, when and why."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.status == status:
            return locked
        if status not in STATUS_TRANSITIONS[Person.Status(locked.status)]:
            raise Refusal(
                _("A person whose status is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": locked.get_status_display(),
                    "new": dict(Person.Status.choices).get(status, status),
                },
                field="status",
            )
        locked.status = status
        locked.status_reason = reason
        locked.status_date = on or timezone.localdate()
        if by is not None:
            attribute_to(locked, by)
        locked.save(update_fields=["status", "status_reason", "status_date", "updated_at"])
    person.refresh_from_db()
    return person


# --- Warnings, obligations and figures ----------------------------------------------------------

WARNING_DAYS = 30


def expiry_warnings(
    *, people: PersonQuerySet | None = None, today: date | None = None, days: int = WARNING_DAYS
):
    """Active people whose contract or card ends within ``days`` (or has ended while they are
    still active): ``[(person, what, end_date, days_left)]`` soonest first."""
    from datetime import timedelta

    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    people = (people if people is not None else Person.objects.all()).active()
    warnings = []
    for person in people.filter(
        Q(contract_end__lte=horizon) | Q(card_expires_on__lte=horizon)
    ).select_related("unit"):
        if person.contract_end and person.contract_end <= horizon:
            warnings.append((person, "contract", person.contract_end, (person.contract_end - today).days))
        if person.card_expires_on and person.card_expires_on <= horizon:
            warnings.append((person, "card", person.card_expires_on, (person.card_expires_on - today).days))
    warnings.sort(key=lambda w: (w[2], w[0].name_sort_key))
    return warnings


def training_obligation(year: int) -> float:
    from staffing.models import StaffingYear

    setting = StaffingYear.objects.filter(year=year).first()
    return float(setting.training_hours) if setting else 0.0


def training_hours_by_person(*, year: int, people: QuerySet[Person]) -> dict[int, float]:
    """Hours of training each person completed in trainings that started in ``year``."""
    from staffing.models import Attendance

    hours: dict[int, float] = {}
    rows = Attendance.objects.filter(
        person__in=people, training__start_date__year=year, completed=True
    ).values_list("person_id", "hours", "training__hours")
    for person_id, own, full in rows:
        hours[person_id] = hours.get(person_id, 0.0) + float(own if own is not None else full)
    return hours


def people_behind_on_training(*, year: int, people: PersonQuerySet | None = None):
    """Active performers below the year's obligation: ``[(person, hours, required)]``."""
    required = training_obligation(year)
    people = people if people is not None else Person.objects.all()
    performers = people.performers().select_related("unit")
    hours = training_hours_by_person(year=year, people=performers)
    if not required:
        return []
    return [(p, hours.get(p.pk, 0.0), required) for p in performers if hours.get(p.pk, 0.0) < required]


def _quota(year: int):
    """An assistant's quota of proceedings cases for ``year``, as an expression over Person:
    their own quota if one is set for the year, else the year's default, else 0."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from staffing.models import AssistantQuota, StaffingYear

    own = AssistantQuota.objects.filter(person=OuterRef("pk"), year=year).order_by().values("cases")[:1]
    default = StaffingYear.objects.filter(year=year).order_by().values("assistant_case_quota")[:1]
    return Coalesce(Subquery(own), Subquery(default), Value(0))


def assistant_quota(*, person: Person, year: int) -> int:
    return (
        Person.objects.filter(pk=person.pk).annotate(quota=_quota(year)).values_list("quota", flat=True).get()
    )


def person_record_training(*, person: Person, training, hours=None, completed: bool = True):
    from staffing.models import Attendance

    attendance, _created = Attendance.objects.update_or_create(
        training=training, person=person, defaults={"hours": hours, "completed": completed}
    )
    if completed and training.is_lawyer_course and not person.has_lawyer_training:
        person.has_lawyer_training = True
        person.save(update_fields=["has_lawyer_training", "updated_at"])
    return attendance


def roster_rows(*, commune=None, field=None, kind: str | None = None, on: date | None = None) -> list[dict]:
    """The public roster: the people ``access.public_people`` lists, with only
    ``access.public_facts`` about each, grouped by commune."""
    from django.db.models import Prefetch

    people = access.public_people(on=on or timezone.localdate())
    if commune is not None:
        people = people.filter(commune=commune)
    if field is not None:
        people = people.filter(fields=field)
    if kind:
        people = people.filter(kind=kind)
    people = people.select_related("unit", "commune").prefetch_related(
        Prefetch("fields", queryset=LegalField.objects.order_by("position", "code"))
    )
    rows = [
        {
            **access.public_facts(p),
            "commune_key": p.commune.name_search_key if p.commune else "~",
            "sort": p.name_sort_key,
        }
        for p in people
    ]
    rows.sort(key=lambda r: (r["commune_key"], r["sort"]))
    return rows


def _active_assistants(scope: Unit | None) -> QuerySet[Person]:
    people = Person.objects.active().filter(kind=Person.Kind.ASSISTANT)
    if scope is not None:
        people = people.filter(unit__path__startswith=scope.path)
    return people


def assistant_quotas(*, year: int, scope: Unit | None = None) -> dict[int, int]:
    """Each active assistant's quota of proceedings cases for ``year`` (``_quota``), by person
    id, in one query."""
    return dict(_active_assistants(scope).order_by().annotate(quota=_quota(year)).values_list("pk", "quota"))


def assistant_quota_progress(*, year: int, scope: Unit | None = None, period=None) -> list[dict]:
    """Each active assistant's completed proceedings cases against their quota for ``year``,
    with the Person (for pages that list them; the dashboard's share does not need instances).

    The count comes from the cases app's indicator through the registry (staffing never imports
    cases); without it, ``done`` is None."""
    from legalaid import indicators

    period = period or indicators.Period.year(year)
    people = _active_assistants(scope).select_related("unit")
    quotas = assistant_quotas(year=year, scope=scope)
    try:
        indicator = indicators.get("cases.proceedings_per_assistant")
    except LookupError:
        indicator = None
    rows = []
    with indicators.batch():  # the cases app counts every assistant's cases in one query
        for person in people:
            done = int(indicator.compute(period, None, person=person.pk)) if indicator else None
            rows.append({"person": person, "quota": quotas.get(person.pk, 0), "done": done})
    return rows


def home_notices(user) -> list:
    """Home-page notices (legalaid.notices): cards and contracts ending within 30 days, for the
    people the user may see and only for those who may open the staffing pages."""
    from django.urls import reverse

    from legalaid.notices import Notice

    if not user.has_perm("staffing.view_person"):
        return []
    warnings = expiry_warnings(people=access.visible_people(user))
    notices = []
    for person, what, end, days_left in warnings[:10]:
        template = (
            _("The contract of %(name)s ends on %(date)s")
            if what == "contract"
            else _("The card of %(name)s expires on %(date)s")
        )
        text = template % {"name": person.full_name, "date": end.strftime("%d/%m/%Y")}
        level = "warning" if days_left <= 7 else "info"
        notices.append(Notice(text, reverse("staffing:person_detail", args=[person.pk]), level))
    return notices


# --- The public roster: who publishes whom ----------------------------------------------------

# The reason the importer gives every history row it writes (staffing/importer/writer.py), in
# whichever language the import ran: one import is the rows written at one moment with it.
IMPORT_REASON = gettext_noop("Imported from a spreadsheet")
IMPORT_JOB_KIND = "staffing.import"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PUBLICATION_FIELDS = ["published_on", "published_by", "unpublished_on", "unpublish_reason", "updated_at"]


@dataclass(frozen=True)
class ImportBatch:
    """One import of people: the moment its history rows were written, who imported, and the
    people it created or changed."""

    moment: datetime
    by_id: int | None
    person_ids: tuple[int, ...]

    @property
    def stamp(self) -> int:
        """The moment as whole microseconds since 1970 (the import's address in a URL)."""
        return (self.moment - EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class PublishOutcome:
    published: int
    skipped: int


def _import_reasons() -> set[str]:
    reasons = {IMPORT_REASON}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reasons.add(_(IMPORT_REASON))
    return reasons


def _import_rows():
    return Person.history.filter(history_change_reason__in=_import_reasons(), history_type__in=["+", "~"])


def moment_of_stamp(stamp: int) -> datetime:
    return EPOCH + timedelta(microseconds=stamp)


def import_batch(moment: datetime) -> ImportBatch | None:
    """The import whose history rows were written at ``moment`` (None: no import then)."""
    rows = list(_import_rows().filter(history_date=moment).values_list("id", "history_user_id"))
    if not rows:
        return None
    return ImportBatch(moment=moment, by_id=rows[0][1], person_ids=tuple(sorted({pk for pk, _u in rows})))


def latest_import_stamp() -> int:
    """The address of the latest import (0 when there has been none)."""
    moment = _import_rows().order_by("-history_date").values_list("history_date", flat=True).first()
    return ImportBatch(moment, None, ()).stamp if moment is not None else 0


def import_batch_of_job(job: Job) -> ImportBatch | None:
    """The import a finished background import job wrote (legalaid.jobs; staffing/tasks.py): the
    import rows its creator wrote while it ran. None for another kind of job, one not finished,
    or one that wrote nobody."""
    if job.kind != IMPORT_JOB_KIND or job.status != Job.Status.DONE or job.finished_at is None:
        return None
    moment = (
        _import_rows()
        .filter(
            history_user_id=job.created_by_id,
            history_date__gte=job.created_at,
            history_date__lte=job.finished_at,
        )
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return import_batch(moment) if moment is not None else None


def recent_imports(user: User, *, limit: int = 20) -> list[dict]:
    """The latest imports that wrote people ``user`` may publish, newest first: one dict each with
    ``moment``, ``stamp`` (its address), ``by`` (who imported), ``people`` (how many of the
    user's people it wrote) and ``waiting`` (how many of them wait to be published)."""
    today = timezone.localdate()
    mine = access.publishable_people(user)
    rows = (
        _import_rows()
        .filter(id__in=mine.values("pk"))
        .values("history_date", "history_user__full_name")
        .annotate(people=Count("id", distinct=True))
        .order_by("-history_date")[:limit]
    )
    result = []
    for row in rows:
        ids = _import_rows().filter(history_date=row["history_date"]).values("id")
        result.append(
            {
                "moment": row["history_date"],
                "stamp": ImportBatch(row["history_date"], None, ()).stamp,
                "by": row["history_user__full_name"] or "",
                "people": row["people"],
                "waiting": mine.filter(pk__in=ids).waiting_publication(today).count(),
            }
        )
    return result


def _publish(people: list[Person], *, by: User, day: date, reason: str) -> None:
    moment = timezone.now()
    for person in people:
        person.published_on = day
        person.published_by = by
        person.unpublished_on = None
        person.unpublish_reason = ""
        person.updated_at = moment
        person._history_date = moment  # type: ignore[attr-defined]  # one moment for the batch
    bulk_update_with_history(people, Person, PUBLICATION_FIELDS, by=by, reason=reason)


def _check_may_publish(by: User) -> None:
    if not access.may_publish(by):
        raise Refusal(_("You may not publish people on the public roster."), code="forbidden")


def _locked_in_scope(ids, by: User) -> list[Person]:
    """The people of ``ids``, locked; refused when one of them is outside what ``by`` may publish."""
    people = list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    allowed = set(access.publishable_people(by).filter(pk__in=ids).values_list("pk", flat=True))
    for person in people:
        if person.pk not in allowed:
            raise Refusal(
                _("%(name)s is not in your units: you may not publish or withdraw them.")
                % {"name": person.full_name},
                code="scope",
            )
    return people


def _publish_refusal(person: Person, day: date) -> str | None:
    if person.is_published:
        return _("%(name)s is already on the public roster.") % {"name": person.full_name}
    why = person.roster_refusal(day)
    if why:
        return _("%(name)s cannot be published: %(why)s") % {"name": person.full_name, "why": why}
    return None


def people_publish(*, people, by: User, on: date | None = None) -> int:
    """Publish the chosen people on the public roster, all or none: refused when one of them is
    outside the user's units, not of a kind the roster lists, not active, without a card or
    contract in force, or already published. Returns how many were published."""
    _check_may_publish(by)
    day = on or timezone.localdate()
    ids = [p.pk if isinstance(p, Person) else int(p) for p in people]
    if not ids:
        raise Refusal(_("Choose the people to publish."), field="people", code="empty")
    with transaction.atomic():
        locked = _locked_in_scope(ids, by)
        for person in locked:
            why = _publish_refusal(person, day)
            if why:
                raise Refusal(why, code="not_publishable")
        _publish(locked, by=by, day=day, reason=_("Published on the public roster"))
    return len(locked)


def person_publish(*, person: Person, by: User, on: date | None = None) -> Person:
    """Publish one person on the public roster (the rules of ``people_publish``)."""
    people_publish(people=[person], by=by, on=on)
    person.refresh_from_db()
    return person


def person_unpublish(*, person: Person, by: User, reason: str, on: date | None = None) -> Person:
    """Withdraw a person from the public roster, with the reason; the history keeps who and when.
    The date of their publication stays: withdrawn people do not wait to be published again."""
    _check_may_publish(by)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give the reason for the withdrawal."), field="reason", code="reason")
    with transaction.atomic():
        (locked,) = _locked_in_scope([person.pk], by)
        if not locked.is_published:
            raise Refusal(
                _("%(name)s is not on the public roster.") % {"name": locked.full_name}, code="not_published"
            )
        locked.unpublished_on = on or timezone.localdate()
        locked.unpublish_reason = reason
        why = _("Withdrawn from the public roster: %(reason)s") % {"reason": reason}
        attribute_to(locked, by, reason=why)
        locked.save(update_fields=["unpublished_on", "unpublish_reason", "updated_at"])
    person.refresh_from_db()
    return person


def import_publish(job_or_batch: Job | ImportBatch, *, by: User, on: date | None = None) -> PublishOutcome:
    """Publish every person one import created or changed (a finished background import job, or
    the import written at one moment) who may be on the roster and is not on it yet; the others
    (already published, withdrawn, card or contract not in force) are counted as skipped.
    Refused when the import holds someone outside the user's units, or nobody to publish."""
    _check_may_publish(by)
    batch = import_batch_of_job(job_or_batch) if isinstance(job_or_batch, Job) else job_or_batch
    if batch is None or not batch.person_ids:
        raise Refusal(_("This import wrote nobody."), code="empty")
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked_in_scope(batch.person_ids, by)
        ready = [p for p in locked if p.published_on is None and p.roster_refusal(day) is None]
        if not ready:
            raise Refusal(_("Nobody of this import is waiting to be published."), code="nothing")
        _publish(ready, by=by, day=day, reason=_("Published on the public roster with their import"))
    return PublishOutcome(published=len(ready), skipped=len(locked) - len(ready))
