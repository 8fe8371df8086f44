"""Conflict of interest at appointment (Law 11/2017 on legal aid, Art. 25): a performer declared
on the case as one of its parties, or who performed for its declared opposing party in another
case, is refused unless the director writes why they appoint them nonetheless."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.models import Appointment, Case, CaseEvent, CaseParty
from legalaid.refusal import Refusal

S = Case.Status


def declare(case, by, name, role=CaseParty.Role.RELATIVE, citizen_id=""):
    return services.case_party_add(case=case, by=by, full_name=name, role=role, citizen_id=citizen_id)


def test_a_relative_of_the_beneficiary_is_refused_by_name_without_diacritics(
    make_case, director, intake_officer, performers
):
    case = make_case(S.ACCEPTED)
    declare(case, intake_officer, "nong van binh")  # the lawyer Nông Văn Bình, typed without accents
    with pytest.raises(Refusal) as refused:
        services.case_appoint(case=case, by=director, performer=performers.lawyer)
    message = refused.value.message
    assert refused.value.field == "performer"
    assert "Điều 25" in message and "người thân của người được trợ giúp pháp lý" in message
    assert "trùng họ tên" in message
    case.refresh_from_db()
    assert case.status == S.ACCEPTED and not Appointment.objects.filter(case=case).exists()
    # Someone else is appointed without a word.
    services.case_appoint(case=case, by=director, performer=performers.assistant)


def test_citizen_ids_decide_when_both_people_have_one(make_case, director, intake_officer, performers):
    performers.lawyer.citizen_id = "020180001234"
    performers.lawyer.save()
    namesake = make_case(S.ACCEPTED)
    # The same name but another citizen ID: another person.
    declare(namesake, intake_officer, "Nông Văn Bình", role=CaseParty.Role.OTHER, citizen_id="020180009999")
    services.case_appoint(case=namesake, by=director, performer=performers.lawyer)
    same_id = make_case(S.ACCEPTED, name="Vi Thị Nga")
    declare(same_id, intake_officer, "Nông Bình", role=CaseParty.Role.OTHER, citizen_id="020180001234")
    with pytest.raises(Refusal) as refused:
        services.case_appoint(case=same_id, by=director, performer=performers.lawyer)
    assert "trùng số định danh cá nhân" in refused.value.message
    assert "đương sự, người liên quan khác" in refused.value.message


def test_who_performed_for_the_opposing_party_elsewhere_is_refused(
    make_case, director, intake_officer, performers
):
    earlier = make_case(S.ACCEPTED, name="Lý Văn Hùng")
    services.case_appoint(case=earlier, by=director, performer=performers.lawyer)
    earlier.refresh_from_db()
    case = make_case(S.ACCEPTED, name="Hà Thị Thảo")
    declare(case, intake_officer, "Lý Văn Hùng", role=CaseParty.Role.OPPOSING)
    with pytest.raises(Refusal) as refused:
        services.case_appoint(case=case, by=director, performer=performers.lawyer)
    message = refused.value.message
    assert earlier.register_number in message and "bên có quyền lợi đối lập" in message
    # A performer who never worked for him is free to take the case.
    services.case_appoint(case=case, by=director, performer=performers.assistant)


def test_the_director_may_appoint_nonetheless_with_a_recorded_reason(
    client, make_case, director, intake_officer, performers
):
    case = make_case(S.ACCEPTED)
    declare(case, intake_officer, "Nông Văn Bình")
    client.force_login(director)
    url = reverse("cases:action", args=[case.pk, "appoint"])
    posted = {
        "version": case.version,
        "performer": performers.lawyer.pk,
        "decided_on": case.accepted_on.isoformat(),
    }
    response = client.post(url, posted)
    assert response.status_code == 400
    assert "Xung đột lợi ích" in response.content.decode()
    reason = "Luật sư duy nhất biết tiếng Nùng tại huyện; người được trợ giúp đồng ý bằng văn bản"
    response = client.post(url, {**posted, "override_reason": reason})
    assert response.status_code == 302
    appointment = Appointment.objects.get(case=case)
    assert appointment.override_reason == reason and "Nông Văn Bình" in appointment.conflicts
    assert appointment.history.get().history_change_reason == reason
    note = CaseEvent.objects.filter(case=case, code="appoint").get().note
    assert reason in note


def test_a_replacement_decision_checks_the_new_performer_too(make_case, director, intake_officer, performers):
    case = make_case(S.ASSIGNED)  # performed by the assistant
    declare(case, intake_officer, "Nông Văn Bình", role=CaseParty.Role.OPPOSING)
    services.case_request_replacement(case=case, by=intake_officer, reason="Người được trợ giúp đề nghị")
    with pytest.raises(Refusal) as refused:
        services.case_decide_replacement(
            case=case, by=director, approve=True, answer="Đồng ý", new_performer=performers.lawyer
        )
    assert "bên có quyền lợi đối lập" in refused.value.message
    appointment = services.case_decide_replacement(
        case=case,
        by=director,
        approve=True,
        answer="Đồng ý",
        new_performer=performers.lawyer,
        override_reason="Trùng tên với bên kia, đã xác minh là hai người khác nhau",
    )
    assert appointment.kind == Appointment.Kind.REPLACEMENT and appointment.override_reason


def test_parties_are_declared_on_the_case_page_by_the_intake_officer_only(
    client, make_case, intake_officer, collaborator
):
    case = make_case(S.RECEIVED)
    client.force_login(intake_officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="parties"' in page
    response = client.post(
        reverse("cases:party_add", args=[case.pk]),
        {"full_name": "Hà Văn Lợi", "role": "opposing", "citizen_id": "", "note": "Hộ liền kề"},
    )
    assert response.status_code == 302
    party = CaseParty.objects.get(case=case)
    assert party.history.get().history_user == intake_officer
    assert "Hà Văn Lợi" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.force_login(collaborator)
    assert client.post(reverse("cases:party_remove", args=[case.pk, party.pk])).status_code in (403, 404)
    with pytest.raises(Refusal):
        services.case_party_remove(party=party, by=collaborator)
    client.force_login(intake_officer)
    client.post(reverse("cases:party_remove", args=[case.pk, party.pk]))
    assert not CaseParty.objects.filter(case=case).exists()
    assert CaseParty.history.filter(history_type="-").get().history_user == intake_officer
