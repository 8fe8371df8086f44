"""The journey through the pages, as the people who do each step; PDFs checked by their text."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, time
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from cases.models import Appointment, Beneficiary, Case, QualityOutcome, Survey, SurveyLink
from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField

S = Case.Status


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def intake_data(org, **extra):
    data = {
        "unit": org.admin_department.pk,
        "request_date": timezone.localdate().isoformat(),
        "channel": "desk",
        "requester_kind": "self",
        "full_name": "Hoàng Thị Lan",
        "sex": "female",
        "date_of_birth": "1980-05-04",
        "citizen_id": "020180001234",
        "commune": org.communes[0].pk,
        "address": "Thôn Nà Cạn",
        "categories": [BeneficiaryCategory.objects.get(code="HN").pk],
        "form": LegalAidForm.objects.get(code="TGTT").pk,
        "field": LegalField.objects.get(code="DS").pk,
        "description": "Tranh chấp quyền sử dụng đất với hộ liền kề",
    }
    data.update(extra)
    return data


def test_the_whole_journey_through_the_pages(
    client, org, director, intake_officer, assistant, performers, second_assistant_user
):
    # Intake, at the desk
    client.force_login(intake_officer)
    response = client.post(reverse("cases:intake"), intake_data(org))
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.status == S.RECEIVED and case.next_deadline is not None
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Hoàng Thị Lan" in page and "Giấy chứng nhận hộ nghèo" in page

    # Verification: a scan that is not a real PDF is refused, a real one is kept
    paper_type = CategoryProof.objects.get(category__code="HN").document_type
    fake = SimpleUploadedFile("so-ho-ngheo.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    client.post(reverse("cases:paper_add", args=[case.pk]), {"document_type": paper_type.pk, "scan": fake})
    assert not case.papers.exists()
    scan = SimpleUploadedFile("so-ho-ngheo.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    client.post(
        reverse("cases:paper_add", args=[case.pk]),
        {"document_type": paper_type.pk, "number": "15/GCN", "scan": scan},
    )
    paper = case.papers.get()
    assert client.get(reverse("cases:paper_scan", args=[case.pk, paper.pk])).status_code == 200

    # Acceptance with the register number and the Phiếu hẹn
    url = reverse("cases:action", args=[case.pk, "accept"])
    response = client.post(
        url,
        {
            "version": case.version,
            "accepted_on": timezone.localdate().isoformat(),
            "national_id": "LS-2026-77",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    year = timezone.localdate().year
    assert case.register_number == f"001/{year}/TL-TGPL"
    slip = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "phieu-hen"])).content)
    assert "PHIẾU HẸN" in slip and case.register_number in slip and "Hoàng Thị Lan" in slip
    assert "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN" in slip
    token = SurveyLink.objects.get(case=case).token
    assert f"/vu-viec/khao-sat/{token}/" in slip.replace(" ", "")

    # Appointment by the director
    client.force_login(director)
    page = client.get(reverse("cases:action", args=[case.pk, "appoint"])).content.decode()
    assert "Lương Văn Đức" in page and "Đặng Thị Mai" not in page  # collaborators do not take proceedings
    response = client.post(
        reverse("cases:action", args=[case.pk, "appoint"]),
        {
            "version": case.version + 0,
            "performer": performers.assistant.pk,
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    appointment = Appointment.objects.get(case=case)
    decision = pdf_text(client.get(reverse("cases:appointment_pdf", args=[case.pk, appointment.pk])).content)
    assert (
        "QUYẾT ĐỊNH" in decision
        and "Lương Văn Đức" in decision
        and f"{appointment.number:02d}/QĐ-TGPL" in decision
    )
    assert "Về việc cử người thực hiện trợ giúp pháp lý" in decision and "Hoàng Văn Thắng" in decision

    # The assistant performs and completes
    client.force_login(assistant)
    case.refresh_from_db()
    response = client.post(
        reverse("cases:action", args=[case.pk, "log_work"]),
        {
            "version": case.version,
            "day": timezone.localdate().isoformat(),
            "kind": "meeting",
            "hours": "2",
            "description": "Gặp và nghe trình bày",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cases:action", args=[case.pk, "complete"]),
        {
            "version": case.version,
            "completed_on": timezone.localdate().isoformat(),
            "outcome": "favourable",
            "summary": "Tòa án chấp nhận yêu cầu",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    # The director assigns the appraisal to another assistant; the performer is not offered
    client.force_login(director)
    case.refresh_from_db()
    # (appraisers are offered from staffing: Hoàng Thị Thu's staffing record has her login)
    from staffing.models import Person

    thu = Person.objects.create(
        full_name="Hoàng Thị Thu",
        kind=Person.Kind.ASSISTANT,
        unit=second_assistant_user.unit,
        user=second_assistant_user,
    )
    page = client.get(reverse("cases:action", args=[case.pk, "assign_appraisal"])).content.decode()
    assert "Hoàng Thị Thu" in page and f'value="{performers.assistant.pk}"' not in page
    response = client.post(
        reverse("cases:action", args=[case.pk, "assign_appraisal"]),
        {
            "version": case.version,
            "appraiser": thu.pk,
            "assigned_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302

    # The appraiser appraises
    client.force_login(second_assistant_user)
    case.refresh_from_db()
    from cases import services

    good = QualityOutcome.objects.get(scale="appraisal", code="tot")
    response = client.post(
        reverse("cases:action", args=[case.pk, "appraise"]),
        {
            "version": case.version,
            "outcome": good.pk,
            "criteria": [c.pk for c in services.applicable_criteria(case)],
            "findings": "Hồ sơ đầy đủ, đúng thời hạn",
            "appraised_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "bao-cao-tham-dinh"])).content)
    assert "BÁO CÁO" in report and "Vụ việc đạt chất lượng tốt" in report and "Hoàng Thị Thu" in report
    case.refresh_from_db()
    assert case.status == S.APPRAISED

    # The beneficiary answers the survey once, without logging in
    client.logout()
    url = reverse("cases:survey_public", args=[token])
    answers = {"attitude": 5, "responsibility": 5, "expertise": 4, "satisfaction": 5, "comment": "Cảm ơn"}
    assert client.post(url, answers).status_code == 200
    assert Survey.objects.filter(case=case, source="public").count() == 1
    again = client.post(url, answers).content.decode()
    assert "đã được sử dụng" in again
    assert Survey.objects.filter(case=case).count() == 1


def test_a_guessed_survey_link_is_refused(client, make_case):
    make_case(S.ACCEPTED)
    response = client.get(reverse("cases:survey_public", args=["a" * 43]))
    assert "không hợp lệ" in response.content.decode()


def test_an_expired_survey_link_is_refused(client, make_case):
    case = make_case(S.ACCEPTED)
    link = SurveyLink.objects.get(case=case)
    SurveyLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    response = client.post(
        reverse("cases:survey_public", args=[link.token]),
        {"attitude": 5, "responsibility": 5, "expertise": 5, "satisfaction": 5},
    )
    assert "hết hạn" in response.content.decode()
    assert not Survey.objects.exists()


def test_intake_warns_about_a_likely_duplicate_and_lets_the_officer_reuse_the_person(
    client, org, intake_officer
):
    client.force_login(intake_officer)
    client.post(reverse("cases:intake"), intake_data(org))
    response = client.post(
        reverse("cases:intake"), intake_data(org, full_name="HOANG THI LAN", citizen_id="")
    )
    page = response.content.decode()
    assert "Có thể là cùng một người" in page and Case.objects.count() == 1
    person = Beneficiary.objects.get()
    response = client.post(reverse("cases:intake"), intake_data(org, existing_beneficiary=person.pk))
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 1 and Case.objects.count() == 2


def test_lookup_finds_people_without_diacritics(client, org, intake_officer):
    client.force_login(intake_officer)
    client.post(reverse("cases:intake"), intake_data(org))
    found = client.get(reverse("cases:person_lookup"), {"q": "hoang thi lan"}).json()["results"]
    assert [p["name"] for p in found] == ["Hoàng Thị Lan"]


def test_a_category_not_in_force_on_the_request_date_is_refused(client, org, intake_officer):
    client.force_login(intake_officer)
    juvenile_2026 = BeneficiaryCategory.objects.get(code="NCTN1618")
    response = client.post(
        reverse("cases:intake"), intake_data(org, request_date="2025-06-10", categories=[juvenile_2026.pk])
    )
    expected = (
        "Các diện sau không có hiệu lực vào ngày yêu cầu 10/06/2025: "
        f"{juvenile_2026.clause}. {juvenile_2026.name}."
    )
    form = response.context["form"]
    assert [error for errors in form.errors.values() for error in errors] == [expected]
    assert escape(expected) in response.content.decode()
    assert not Case.objects.exists()


def test_two_people_acting_at_once_one_wins_the_other_keeps_what_they_typed(
    client, make_case, intake_officer, director
):
    from cases.tests.conftest import add_all_papers

    case = make_case(S.RECEIVED)
    add_all_papers(case, intake_officer)
    case.refresh_from_db()
    opened_version = case.version
    client.force_login(director)
    url = reverse("cases:action", args=[case.pk, "refuse"])
    # The intake officer accepts first...
    from cases import services

    services.case_accept(case=case, by=intake_officer, expected_version=opened_version)
    # ...then the director's refusal, opened on the same version, arrives.
    response = client.post(
        url, {"version": opened_version, "reason": "other", "explanation": "Lý do riêng của tôi"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Người khác vừa cập nhật" in page and "Lý do riêng của tôi" in page
    case.refresh_from_db()
    assert case.status == S.ACCEPTED


def test_papers_are_served_only_to_people_who_may_see_the_case(
    client, make_case, intake_officer, other_branch_officer
):
    from cases import services

    case = make_case(S.RECEIVED)
    paper_type = CategoryProof.objects.get(category__code="HN").document_type
    paper = services.proof_paper_add(
        case=case,
        by=intake_officer,
        document_type=paper_type,
        scan=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nxxxx"),
    )
    client.force_login(other_branch_officer)
    assert client.get(reverse("cases:paper_scan", args=[case.pk, paper.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("cases:paper_scan", args=[case.pk, paper.pk])).status_code == 302


def test_refusal_notice_names_the_person_the_reason_and_the_number(client, make_case, director):
    case = make_case(S.REFUSED)
    client.force_login(director)
    text = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "tu-choi"])).content)
    assert "THÔNG BÁO" in text and "Về việc từ chối thụ lý vụ việc trợ giúp pháp lý" in text
    assert "Hoàng Thị Lan" in text and "kinh doanh, thương mại" in text
    assert f"{case.closing_number:02d}/TB-TGPL" in text


def test_the_register_lists_accepted_cases_in_order(client, make_case, director):
    first = make_case(S.ACCEPTED, name="Vi Văn Tài")
    second = make_case(S.ASSIGNED, name="Lành Thị Nga")
    client.force_login(director)
    year = timezone.localdate().year
    text = pdf_text(client.get(reverse("cases:register_pdf", args=[year])).content)
    assert "SỔ THỤ LÝ VỤ VIỆC TRỢ GIÚP PHÁP LÝ" in text
    compact = text.replace(" ", "")  # narrow columns wrap the numbers
    assert compact.index(first.register_number) < compact.index(second.register_number)
    assert "ViVănTài" in compact and "LànhThịNga" in compact
    response = client.get(reverse("cases:register_xlsx", args=[year]))
    from openpyxl import load_workbook

    vietnamese_name = quote(f"Sổ thụ lý {year}.xlsx")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"so-thu-ly-{year}.xlsx\"; filename*=UTF-8''{vietnamese_name}"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in rows[:3]] == [
        f"SỔ THỤ LÝ VỤ VIỆC TRỢ GIÚP PHÁP LÝ NĂM {year}",
        "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN",
        None,
    ]
    assert rows[3][:3] == ("Số thụ lý", "Ngày thụ lý", "Người được TGPL")
    assert [row[:3] for row in rows[4:]] == [
        (first.register_number, datetime.combine(first.accepted_on, time()), "Vi Văn Tài"),
        (second.register_number, datetime.combine(second.accepted_on, time()), "Lành Thị Nga"),
    ]


@pytest.mark.parametrize("year_day", [date(2026, 2, 13)])
def test_the_deadline_to_appoint_skips_tet(make_case, year_day, time_machine):
    time_machine.move_to(year_day)
    case = make_case(S.ACCEPTED, request_date=year_day)
    # Friday 13/02/2026 + 3 working days: Tết runs 16-20/02, so Tue 24/02... counted: 23, 24, 25.
    assert case.next_deadline == date(2026, 2, 25)


def test_a_request_received_at_a_mobile_session_points_to_it(client, org, intake_officer):
    from outreach.models import Session

    session = Session.objects.create(
        kind=Session.Kind.MOBILE,
        held_on=timezone.localdate(),
        commune=org.communes[3],
        lead_unit=org.admin_department,
        attendees=40,
    )
    client.force_login(intake_officer)
    assert "Xã Mẫu Sơn" in client.get(reverse("cases:intake")).content.decode()
    response = client.post(
        reverse("cases:intake"), intake_data(org, channel="desk", outreach_session=session.pk)
    )
    page = response.content.decode()
    assert "Chỉ ghi đợt lưu động" in page and not Case.objects.exists(), page[page.find("<main") :][:3000]
    response = client.post(
        reverse("cases:intake"), intake_data(org, channel="mobile", outreach_session=session.pk)
    )
    assert response.status_code == 302
    assert Case.objects.get().outreach_session == session


def test_the_replacement_decision_and_the_notice_of_not_continuing(
    client, make_case, director, intake_officer, performers
):
    from cases import services

    case = make_case(S.ASSIGNED)
    services.case_request_replacement(
        case=case, by=intake_officer, reason="Người thực hiện là người thân của bị hại"
    )
    replacement = services.case_decide_replacement(
        case=case, by=director, approve=True, answer="Chấp nhận", new_performer=performers.lawyer
    )
    client.force_login(director)
    text = pdf_text(client.get(reverse("cases:appointment_pdf", args=[case.pk, replacement.pk])).content)
    assert "Về việc thay thế người thực hiện trợ giúp pháp lý" in text
    assert "Thay thế Lương Văn Đức bằng" in text and "Nông Văn Bình" in text
    services.case_terminate(case=case, by=director, reason="Người được trợ giúp pháp lý rút yêu cầu")
    case.refresh_from_db()
    notice = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "tu-choi"])).content)
    assert "Về việc không tiếp tục thực hiện trợ giúp pháp lý" in notice
    assert "rút yêu cầu" in notice and f"{case.closing_number:02d}/TB-TGPL" in notice


def test_the_appraisal_assignment_decision_names_the_appraiser_and_the_deadline(client, make_case, director):
    from cases.models import Appraisal

    case = make_case(S.UNDER_APPRAISAL)
    appraisal = Appraisal.objects.get(case=case)
    client.force_login(director)
    text = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "quyet-dinh-tham-dinh"])).content)
    assert "Về việc phân công thẩm định chất lượng vụ việc trợ giúp pháp lý" in text
    assert "Hoàng Thị Thu" in text and appraisal.due_on.strftime("%d/%m/%Y") in text
    assert f"{appraisal.number:02d}/QĐ-TGPL" in text
