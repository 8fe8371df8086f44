"""The correction pages of a case: offered on the case page to those who may correct, each with
the current values and a required reason; after saving, the timeline shows the change, and the
papers already issued that printed it are offered for re-issue."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cases.models import Case, CaseEvent, Event
from cases.services import corrections

from .test_pages import pdf_text

S = Case.Status


@pytest.fixture
def colleague(org):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )


def _person_post(case, **values):
    person = case.beneficiary
    data = {
        "full_name": person.full_name,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "ethnicity": person.ethnicity_id or "",
        "citizen_id": person.citizen_id,
        "commune": person.commune_id or "",
        "address": person.address,
        "phone": person.phone,
        "seen": json.dumps(corrections.current_values(person, corrections.PERSON_FIELDS)),
        "reason": "Ghi sai khi tiếp nhận",
    }
    data.update(values)
    return data


def _case_post(case, **values):
    data = {
        "version": case.version,
        "categories": [c.pk for c in case.categories.all()],
        "form": case.form_id,
        "field": case.field_id,
        "channel": case.channel,
        "requester_kind": case.requester_kind,
        "description": case.description,
        "seen": json.dumps(corrections.current_values(case, [*corrections.CASE_FIELDS, "status"])),
        "reason": "Ghi nhầm khi tiếp nhận",
    }
    data.update(values)
    return data


def test_the_case_page_offers_the_corrections_to_those_who_may(client, make_case, intake_officer, assistant):
    case = make_case()
    client.force_login(intake_officer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Sửa thông tin" in page
    assert reverse("cases:correct_case", args=[case.pk]) in page
    assert reverse("cases:correct_person", args=[case.pk]) in page
    client.force_login(assistant)
    assert client.get(reverse("cases:correct_case", args=[case.pk])).status_code == 403


def test_outside_the_unit_the_pages_do_not_exist(client, make_case, branch_officer):
    case = make_case()
    client.force_login(branch_officer)
    for name in ("correct_case", "correct_person"):
        assert client.get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404
    assert (
        client.post(reverse("cases:paper_reissue", args=[case.pk]), {"paper": "phieu-hen"}).status_code == 404
    )


def test_the_person_form_shows_the_current_values_and_requires_a_reason(
    client, make_case, intake_officer, django_assert_max_num_queries
):
    case = make_case(citizen_id="020180001234")
    client.force_login(intake_officer)
    url = reverse("cases:correct_person", args=[case.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url).content.decode()
    assert 'value="Hoàng Thị Lan"' in page and 'value="020180001234"' in page
    assert "quyết định đính chính" in page  # what is never edited here, and why
    response = client.post(url, _person_post(case, full_name="Hoàng Thị Lanh", reason=""))
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    assert not CaseEvent.objects.filter(case=case, code=Event.CORRECT).exists()


def test_a_correction_is_shown_on_the_timeline_and_offers_the_issued_slip_for_reissue(
    client, make_case, intake_officer
):
    case = make_case(S.ACCEPTED, citizen_id="020180001234")
    client.force_login(intake_officer)
    url = reverse("cases:correct_person", args=[case.pk])
    response = client.post(url, _person_post(case, full_name="Hoàng Thị Lanh", citizen_id="020180004321"))
    assert response.status_code == 302 and "da-sua=full_name,citizen_id" in response["Location"]
    offer = client.get(response["Location"]).content.decode()
    assert "Phiếu hẹn" in offer and 'name="paper" value="phieu-hen"' in offer
    reissued = client.post(reverse("cases:paper_reissue", args=[case.pk]), {"paper": "phieu-hen"})
    assert reissued.status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Hoàng Thị Lan → Hoàng Thị Lanh" in page and "020180001234 → 020180004321" in page
    assert "Cấp lại văn bản" in page
    slip = client.get(reverse("cases:pdf", args=[case.pk, "phieu-hen"]))
    text = pdf_text(slip.content)
    assert "Hoàng Thị Lanh" in text and "020180004321" in text
    assert "Bản cấp lại ngày" in text and "thay thế bản đã cấp cùng số" in text


def test_an_appointment_decision_is_reissued_under_its_own_number(client, make_case, director):
    case = make_case(S.ASSIGNED)
    appointment = case.appointments.get()
    client.force_login(director)
    response = client.post(
        reverse("cases:correct_person", args=[case.pk]), _person_post(case, full_name="Hoàng Thị Lành")
    )
    offer = client.get(response["Location"]).content.decode()
    assert f'value="quyet-dinh-{appointment.pk}"' in offer and 'value="phieu-hen"' in offer
    client.post(reverse("cases:paper_reissue", args=[case.pk]), {"paper": f"quyet-dinh-{appointment.pk}"})
    decision = pdf_text(client.get(reverse("cases:appointment_pdf", args=[case.pk, appointment.pk])).content)
    assert "Hoàng Thị Lành" in decision and "Bản cấp lại ngày" in decision
    assert f"{appointment.number}/QĐ" in decision  # the same number
    slip = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "phieu-hen"])).content)
    assert "Hoàng Thị Lành" in slip and "Bản cấp lại" not in slip  # printed anew, not re-issued


def test_the_request_form_saves_and_goes_back_to_the_timeline(client, make_case, intake_officer):
    case = make_case()
    client.force_login(intake_officer)
    url = reverse("cases:correct_case", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Tranh chấp đất đai với hộ liền kề" in page
    response = client.post(url, _case_post(case, description="Tranh chấp đất rừng", urgent="on"))
    assert response.status_code == 302 and response["Location"].endswith("#timeline")
    case.refresh_from_db()
    assert case.description == "Tranh chấp đất rừng" and case.urgent


def test_a_stale_form_shows_the_other_change_and_keeps_what_was_typed(
    client, make_case, intake_officer, director
):
    case = make_case()
    stale = _case_post(case, description="Tranh chấp đất vườn")
    corrections.correct_case(
        case=case,
        by=director,
        version=case.version,
        changes={"requester_phone": "0912000111"},
        reason="Bổ sung",
    )
    client.force_login(intake_officer)
    response = client.post(reverse("cases:correct_case", args=[case.pk]), stale)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hoàng Văn Thắng" in page and "0912000111" in page
    form = response.context["form"]
    assert form["description"].value() == "Tranh chấp đất vườn"
    case.refresh_from_db()
    assert int(form["version"].value()) == case.version  # sent again, it is saved
    again = client.post(reverse("cases:correct_case", args=[case.pk]), {**stale, **form.data.dict()})
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.description == "Tranh chấp đất vườn" and case.requester_phone == "0912000111"


def test_a_completed_case_offers_only_the_person_correction(client, make_case, director):
    case = make_case(S.COMPLETED)
    client.force_login(director)
    assert client.get(reverse("cases:correct_case", args=[case.pk])).status_code == 403
    assert client.get(reverse("cases:correct_person", args=[case.pk])).status_code == 200
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:correct_person", args=[case.pk]) in page
    assert f'href="{reverse("cases:correct_case", args=[case.pk])}"' not in page


def test_a_sensitive_case_keeps_its_protected_data_from_a_colleague(client, make_case, colleague):
    case = make_case(category="MBN", citizen_id="020180001234")
    client.force_login(colleague)
    assert client.get(reverse("cases:correct_case", args=[case.pk])).status_code == 403
    page = client.get(reverse("cases:correct_person", args=[case.pk])).content.decode()
    assert "020180001234" not in page and 'name="citizen_id"' not in page
