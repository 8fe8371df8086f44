"""Tiếp nhận: receiving a request, with its beneficiary (new or reused) and the duplicate check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField, Unit, User
from legalaid.refusal import DUPLICATE, Refusal
from legalaid.roles import has_role
from legalaid.text import search_key
from legalaid.validation import PAST, RECORD, check_citizen_id, check_date, check_fits

from ..access import RECEIVE_ROLES, hidden_contact_people, in_own_subtree, visible_beneficiaries
from ..eligibility import CONTRADICTED, ROLE_UNFIT, contradictions, role_contradictions
from ..models import Beneficiary, Case, CaseEvent, Event, Sex
from .common import refresh_deadline


def beneficiary_duplicates(
    *,
    citizen_id: str = "",
    full_name: str = "",
    date_of_birth: date | None = None,
    exclude_pk: int | None = None,
) -> QuerySet[Beneficiary]:
    """Likely the same person: same citizen ID, or same name (without diacritics) and birth date."""
    match = Q(pk__in=[])
    if citizen_id:
        match |= Q(citizen_id=citizen_id)
    if full_name and date_of_birth:
        match |= Q(name_search_key=search_key(full_name), date_of_birth=date_of_birth)
    found = Beneficiary.objects.filter(match).select_related("commune")
    return found.exclude(pk=exclude_pk) if exclude_pk else found


def intake_sessions(by: User) -> QuerySet:
    """The mobile sessions whose requests ``by`` may take in: those led by a unit of the user's
    subtree, and those led by the departments of the user's centre (a branch's clerk, or the
    centre's desk, takes in a request noted at a session the centre's department led)."""
    from outreach.models import Session

    sessions = Session.objects.filter(kind=Session.Kind.MOBILE)
    if by.is_superuser:
        return sessions
    own = by.unit
    if own is None:
        return sessions.none()
    centre = own.centre()
    led = Q(lead_unit__path__startswith=own.path)
    if centre is not None:
        led |= Q(lead_unit__path__startswith=centre.path, lead_unit__kind=Unit.Kind.DEPARTMENT)
    return sessions.filter(led)


@dataclass
class BeneficiaryData:
    full_name: str
    sex: str
    date_of_birth: date | None = None
    ethnicity_id: int | None = None
    citizen_id: str = ""
    commune_id: int | None = None
    address: str = ""
    phone: str = ""


def case_receive(
    *,
    by: User,
    unit: Unit,
    request_date: date,
    categories: Sequence[BeneficiaryCategory],
    form: LegalAidForm,
    field: LegalField,
    description: str,
    beneficiary: Beneficiary | None = None,
    new_beneficiary: BeneficiaryData | None = None,
    allow_duplicate: bool = False,
    channel: str = Case.Channel.DESK,
    urgent: bool = False,
    requester_kind: str = Case.RequesterKind.SELF,
    requester_name: str = "",
    requester_relation: str = "",
    requester_phone: str = "",
    requester_agency: Unit | None = None,
    forwarding_document: str = "",
    outreach_session=None,
    category_override_reason: str = "",
    procedural_role: str = "",
) -> Case:
    """Tiếp nhận: record a request with its beneficiary (new or reused) and categories valid on
    the request date. A category the person's data contradicts on that date
    (``cases.eligibility``) is refused, unless ``category_override_reason`` says why the proof
    papers say otherwise: the reason is then kept on the timeline and in the case's history."""
    if not by.is_superuser and not has_role(by, *RECEIVE_ROLES):
        raise Refusal(_("Only intake officers and the director receive requests."))
    if not in_own_subtree(by, unit):
        raise Refusal(_("You can only receive requests for your own unit."))
    centre = unit.centre()
    if centre is None:
        raise Refusal(_("The unit “%(unit)s” does not belong to a legal-aid centre.") % {"unit": unit})
    today = timezone.localdate()
    if request_date > today:
        raise Refusal(_("The request date cannot be in the future."), field="request_date")
    check_date(request_date, field="request_date", bounds=RECORD, label=_("request date"))
    if not categories:
        raise Refusal(_("Choose at least one beneficiary category."), field="categories")
    invalid = [c for c in categories if not c.is_valid_on(request_date)]
    if invalid:
        raise Refusal(
            _("These categories are not in force on the request date %(date)s: %(names)s.")
            % {
                "date": request_date.strftime("%d/%m/%Y"),
                "names": "; ".join(f"{c.clause}. {c.name}" for c in invalid),
            },
            field="categories",
        )
    if procedural_role not in ("", *Case.ProceduralRole.values):
        raise Refusal(_("Choose the procedural role from the list."), field="procedural_role")
    unfit = role_contradictions(categories, procedural_role)
    if unfit:
        raise Refusal(" ".join(unfit), field="procedural_role", code=ROLE_UNFIT)
    if not description.strip():
        raise Refusal(_("Describe the matter briefly."), field="description")
    if requester_kind == Case.RequesterKind.AGENCY and (
        requester_agency is None or not forwarding_document.strip()
    ):
        raise Refusal(
            _("A request forwarded by a procedural body needs the body and its forwarding document."),
            field="requester_agency" if requester_agency is None else "forwarding_document",
        )
    if (
        requester_kind in (Case.RequesterKind.RELATIVE, Case.RequesterKind.REPRESENTATIVE)
        and not requester_name.strip()
    ):
        raise Refusal(
            _("Give the name of the relative or representative who makes the request."),
            field="requester_name",
        )
    if outreach_session is not None and channel != Case.Channel.MOBILE:
        raise Refusal(
            _("A session can be named only for a request received at a mobile session."),
            field="outreach_session",
        )
    if outreach_session is not None and not intake_sessions(by).filter(pk=outreach_session.pk).exists():
        raise Refusal(
            _("Choose a session of your unit or one led by a department of your centre."),
            field="outreach_session",
        )
    if outreach_session is not None and outreach_session.held_on > request_date:
        raise Refusal(_("The session is dated after the request."), field="outreach_session")
    check_fits(
        Case,
        description=description,
        requester_name=requester_name,
        requester_relation=requester_relation,
        requester_phone=requester_phone,
        forwarding_document=forwarding_document,
    )
    if (beneficiary is None) == (new_beneficiary is None):
        raise Refusal(_("Choose an existing person or enter a new one."))
    with transaction.atomic():
        if new_beneficiary is not None:
            data = new_beneficiary
            if not data.full_name.strip():
                raise Refusal(_("Enter the beneficiary's full name."), field="full_name")
            if data.sex not in Sex.values:
                raise Refusal(_("Choose the beneficiary's sex."), field="sex")
            check_citizen_id(data.citizen_id, field="citizen_id")
            check_date(data.date_of_birth, field="date_of_birth", bounds=PAST, label=_("date of birth"))
            if data.date_of_birth and data.date_of_birth > request_date:
                raise Refusal(_("The date of birth is after the request date."), field="date_of_birth")
            check_fits(Beneficiary, **data.__dict__)
            duplicates = list(
                beneficiary_duplicates(
                    citizen_id=data.citizen_id, full_name=data.full_name, date_of_birth=data.date_of_birth
                )[:5]
            )
            if duplicates and (
                not allow_duplicate
                or any(d.citizen_id and d.citizen_id == data.citizen_id for d in duplicates)
            ):
                # The warning names only the people the clerk may see; others are counted.
                yours = set(
                    visible_beneficiaries(by)
                    .filter(pk__in=[d.pk for d in duplicates])
                    .values_list("pk", flat=True)
                )
                raise Refusal(
                    _(
                        "This person may already be registered. Use the existing record, or confirm "
                        "that it is a different person."
                    ),
                    code=DUPLICATE,
                    candidates=[d for d in duplicates if d.pk in yours],
                    elsewhere=len(duplicates) - len(yours),
                )
            beneficiary = Beneficiary(unit=unit, **data.__dict__)
            attribute_to(beneficiary, by)
            beneficiary.save()
        person: Beneficiary = beneficiary  # type: ignore[assignment]  # one of the two, checked above
        # A person already registered may have a sensitive case whose contact data the clerk
        # may not see: the refusal then does not print the date of birth either.
        protected = person.pk is not None and person.pk in hidden_contact_people(by, [person.pk])
        contradicted = contradictions(categories, person, request_date, protected=protected)
        override = category_override_reason.strip() if contradicted else ""
        if contradicted and not override:
            raise Refusal(
                " ".join(
                    [
                        *contradicted,
                        _(
                            "Correct the categories or the person's data, or write why the proof "
                            "papers show otherwise."
                        ),
                    ]
                ),
                field="categories",
                code=CONTRADICTED,
                contradictions=contradicted,
            )
        note = (
            _("Categories kept although the data contradicts them: %(found)s Reason: %(reason)s")
            % {"found": " ".join(contradicted), "reason": override}
            if override
            else ""
        )[:2000]
        case = Case(
            centre=centre,
            unit=unit,
            request_date=request_date,
            received_by=by,
            channel=channel,
            urgent=urgent,
            requester_kind=requester_kind,
            requester_name=requester_name.strip(),
            requester_relation=requester_relation.strip(),
            requester_phone=requester_phone.strip(),
            requester_agency=requester_agency if requester_kind == Case.RequesterKind.AGENCY else None,
            forwarding_document=forwarding_document.strip(),
            beneficiary=beneficiary,
            form=form,
            outreach_session=outreach_session,
            field=field,
            description=description.strip(),
            procedural_role=procedural_role,
            sensitive=any(c.sensitive for c in categories),
        )
        refresh_deadline(case)
        attribute_to(case, by, reason=note)
        case.save()
        case.categories.set(categories)
        CaseEvent.objects.create(case=case, code=Event.RECEIVE, actor=by, to_status=case.status, note=note)
    return case
