"""What one can do with staffing records. Views, the admin, the importer and other apps call
these; they hold the rules."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from legalaid.models import LegalAidForm, LegalField, Unit, User
from staffing.models import Person

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
    people = people.exclude(
        Q(kind__in=Person.CONTRACT_KINDS) & (Q(contract_end__lt=day) | Q(contract_start__gt=day))
    )
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


class StatusChangeError(ValueError):
    pass


def person_change_status(
    *, person: Person, status: str, reason: str = "", on: date | None = None, by: User | None = None
) -> Person:
    """Suspend, end or reinstate a person; the history keeps who did it, when and why."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.status == status:
            return locked
        if status not in STATUS_TRANSITIONS[Person.Status(locked.status)]:
            raise StatusChangeError(f"{locked.status} -> {status}")
        locked.status = status
        locked.status_reason = reason
        locked.status_date = on or timezone.localdate()
        if by is not None:
            locked._history_user = by
        locked.save(update_fields=["status", "status_reason", "status_date", "updated_at"])
    person.refresh_from_db()
    return person
