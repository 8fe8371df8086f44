"""The parties declared on a case (opposing party, relatives of the beneficiary, other parties)
and the conflicts of interest they reveal when a performer is appointed.

Law 11/2017 on legal aid, Art. 25: a performer must refuse, or stop, a case where their
interests conflict with the beneficiary's; the beneficiary may ask for their replacement. So at
appointment (``case_appoint``, and a replacement decision that appoints) a performer is refused
who is declared on the case as one of its parties, or who has performed legal aid for its
declared opposing party in another case. Two people are the same by citizen ID when both have
one, otherwise by name without diacritics (``legalaid.text.search_key``); the refusal says which.
The director may appoint nonetheless with a written reason, kept on the appointment."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from legalaid.history import attribute_to, create_with_history
from legalaid.models import User
from legalaid.refusal import Refusal
from legalaid.roles import Role, has_role
from legalaid.text import normalize_spaces, search_key
from legalaid.validation import check_citizen_id, check_fits
from staffing.models import Person

from ..access import PAPER_STATES, in_own_subtree
from ..models import Appointment, Beneficiary, Case, CaseParty

# Opposing-party cases named in one refusal: enough to show the conflict.
CASES_NAMED = 3


def may_edit_parties(user: User, case: Case) -> bool:
    """The intake officers and directors over the case's unit declare its parties while it is
    open (select ``unit``)."""
    if case.status not in PAPER_STATES:
        return False
    if user.is_superuser:
        return True
    return has_role(user, Role.DIRECTOR, Role.INTAKE_OFFICER) and in_own_subtree(user, case.unit)


def _check_editor(user: User, case: Case) -> None:
    if may_edit_parties(user, case):
        return
    if case.status not in PAPER_STATES:
        raise Refusal(_("The parties of a case are declared while it is open."))
    raise Refusal(_("Only the intake officers and directors over the case's unit declare its parties."))


def case_party_add(
    *, case: Case, by: User, full_name: str, role: str, citizen_id: str = "", note: str = ""
) -> CaseParty:
    full_name, citizen_id, note = normalize_spaces(full_name), (citizen_id or "").strip(), note.strip()
    if not full_name:
        raise Refusal(_("Enter the party's full name."), field="full_name")
    if role not in CaseParty.Role.values:
        raise Refusal(_("Choose the party's role."), field="role")
    if citizen_id:
        check_citizen_id(citizen_id, field="citizen_id")
    check_fits(CaseParty, full_name=full_name, note=note)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
        _check_editor(by, case)
        return create_with_history(
            CaseParty,
            by=by,
            case=case,
            full_name=full_name,
            role=role,
            citizen_id=citizen_id,
            note=note,
            added_by=by,
        )


def case_party_remove(*, party: CaseParty, by: User, reason: str = "") -> None:
    """Remove a party declared by mistake; the history keeps it, with who removed it."""
    with transaction.atomic():
        party = CaseParty.objects.select_for_update().select_related("case__unit").get(pk=party.pk)
        _check_editor(by, party.case)
        attribute_to(party, by, reason=reason.strip())
        party.delete()


def _same(id_a: str, key_a: str, id_b: str, key_b: str) -> str:
    """How two people are the same ("" when they are not): by citizen ID when both have one,
    else by name without diacritics."""
    if id_a and id_b:
        return _("same citizen ID") if id_a == id_b else ""
    return _("same name, no citizen ID to compare") if key_a and key_a == key_b else ""


def performer_conflicts(case: Case, performer: Person) -> list[str]:
    """Why ``performer`` may not perform ``case`` (empty when nothing declared conflicts)."""
    found = []
    performer_key = search_key(performer.full_name)
    parties = list(CaseParty.objects.filter(case=case))
    for party in parties:
        basis = _same(party.citizen_id, party.name_search_key, performer.citizen_id, performer_key)
        if basis:
            found.append(
                _("%(performer)s is declared on this case as %(role)s “%(party)s” (%(basis)s).")
                % {
                    "performer": performer.full_name,
                    "role": party.get_role_display().lower(),
                    "party": party.full_name,
                    "basis": basis,
                }
            )
    for party in parties:
        if party.role != CaseParty.Role.OPPOSING:
            continue
        same_name = Q(name_search_key=party.name_search_key)
        people = (
            Q(citizen_id=party.citizen_id) | (Q(citizen_id="") & same_name) if party.citizen_id else same_name
        )
        others = (
            Case.objects.filter(beneficiary__in=Beneficiary.objects.filter(people))
            .filter(Q(performer=performer) | Q(appointments__performer=performer))
            .exclude(pk=case.pk)
            .select_related("beneficiary")
            .distinct()
            .order_by("request_date", "pk")[:CASES_NAMED]
        )
        for other in others:
            beneficiary = other.beneficiary
            basis = _same(
                party.citizen_id, party.name_search_key, beneficiary.citizen_id, beneficiary.name_search_key
            )
            found.append(
                _(
                    "%(performer)s performed legal aid in case %(case)s for %(beneficiary)s, "
                    "declared here as the opposing party (%(basis)s)."
                )
                % {
                    "performer": performer.full_name,
                    "case": other.register_number or f"#{other.pk}",
                    "beneficiary": other.beneficiary.full_name,
                    "basis": basis,
                }
            )
    return found


def check_conflicts(*, case: Case, performer: Person, by: User, override_reason: str = "") -> tuple[str, str]:
    """Refuse a performer in conflict with the case unless the director gives a written reason;
    return what was found and the reason (both empty when nothing conflicts)."""
    found = performer_conflicts(case, performer)
    if not found:
        return "", ""
    text = " ".join(found)
    override_reason = (override_reason or "").strip()
    if not override_reason:
        raise Refusal(
            _(
                "Conflict of interest (Law on Legal Aid, Art. 25): %(found)s Choose another performer, "
                "or the director gives the reason for appointing them nonetheless."
            )
            % {"found": text},
            field="performer",
            code="interest",
        )
    if not (by.is_superuser or has_role(by, Role.DIRECTOR)):
        raise Refusal(
            _("Only the director may appoint a performer despite a conflict of interest."),
            field="override_reason",
        )
    check_fits(Appointment, override_reason=override_reason)
    return text, override_reason
