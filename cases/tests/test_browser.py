"""The journey in real Chromium, each step by the person who does it: intake and verification
by the intake officer, acceptance, appointment by the director, completion by the assistant who
performs it, appraisal assigned by the director to another assistant who records it, and the
beneficiary's survey through the public link."""

from __future__ import annotations

import pytest

from cases.models import Case, SurveyLink
from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField
from legalaid.tests.browser import login, open_page


def _act(page, label: str) -> None:
    page.click(f"#actions a:has-text('{label}')")
    page.wait_for_selector("form.card button.primary")


def _submit(page) -> None:
    with page.expect_navigation():
        page.click("form.card button.primary")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_intake_to_survey_in_the_browser(
    browser, live_server, org, intake_officer, director, assistant, performers, second_assistant_user
):
    from staffing.models import Person

    hn = BeneficiaryCategory.objects.get(code="HN")
    paper = CategoryProof.objects.filter(category=hn).first().document_type
    # Appraisers are offered from staffing: Hoàng Thị Thu's staffing record carries her login.
    thu = Person.objects.create(
        full_name=second_assistant_user.full_name,
        kind=Person.Kind.ASSISTANT,
        unit=second_assistant_user.unit,
        user=second_assistant_user,
    )
    with open_page(browser) as page:
        login(page, live_server, "tiepnhan")
        page.goto(f"{live_server.url}/vu-viec/")
        page.click("a:has-text('Tiếp nhận yêu cầu')")
        page.fill("#id_full_name", "Lộc Thị Thơ")
        page.select_option("#id_sex", "female")
        page.fill("#id_date_of_birth", "1975-03-09")
        page.fill("#id_citizen_id", "020175009876")
        page.check(f"input[name=categories][value='{hn.pk}']")
        page.select_option("#id_form", str(LegalAidForm.objects.get(code="TGTT").pk))
        page.select_option("#id_field", str(LegalField.objects.get(code="DD").pk))
        page.fill("#id_description", "Tranh chấp ranh giới đất nương với hộ liền kề")
        with page.expect_navigation():
            page.click("#intake button.primary")
        assert "Đã tiếp nhận yêu cầu" in page.content()
        case_url = page.url
        # Verification: the checklist names the missing paper; the officer records it
        assert "Giấy chứng nhận hộ nghèo" in page.inner_text("#papers")
        page.select_option("#id_document_type", str(paper.pk))
        page.fill("#id_number", "27/GCN-UBND")
        with page.expect_navigation():
            page.click("#papers button.primary")
        assert "✔" in page.inner_text("#papers")
        _act(page, "Thụ lý vụ việc")
        _submit(page)
        case = Case.objects.get()
        assert case.status == Case.Status.ACCEPTED and case.register_number in page.content()
        assert "Phiếu hẹn" in page.content()
        assert (
            page.locator("#actions a:has-text('Cử người thực hiện')").count() == 0
        )  # the director's, not hers

    with open_page(browser) as page:
        login(page, live_server, "giamdoc")
        page.goto(case_url)
        _act(page, "Cử người thực hiện")
        page.select_option("#id_performer", str(performers.assistant.pk))
        _submit(page)
        assert "Quyết định cử" in page.content()

    with open_page(browser) as page:
        login(page, live_server, "trogiupvien")
        page.goto(case_url)
        _act(page, "Kết thúc vụ việc")
        page.select_option("#id_outcome", "favourable")
        page.fill("#id_summary", "Hai bên hòa giải thành tại Tòa án")
        _submit(page)
        assert Case.objects.get().status == Case.Status.COMPLETED

    with open_page(browser) as page:
        login(page, live_server, "giamdoc")
        page.goto(case_url)
        _act(page, "Phân công thẩm định")
        assert "Lương Văn Đức" not in page.inner_text("#id_appraiser")
        page.select_option("#id_appraiser", str(thu.pk))
        _submit(page)

    with open_page(browser) as page:
        login(page, live_server, "trogiupvien2")
        page.goto(case_url)
        _act(page, "Ghi kết quả thẩm định")
        for criterion in page.locator("input[name=criteria]").all():  # "tốt" needs every criterion
            criterion.check()
        page.select_option("#id_outcome", label="Vụ việc đạt chất lượng tốt")
        page.fill("#id_findings", "Hồ sơ đầy đủ, thực hiện đúng thời hạn")
        _submit(page)
        assert Case.objects.get().status == Case.Status.APPRAISED
        assert "Báo cáo thẩm định" in page.content()

    token = SurveyLink.objects.get(case=case).token
    with open_page(browser) as page:  # the beneficiary, on a phone, without an account
        page.goto(f"{live_server.url}/vu-viec/khao-sat/{token}/")
        for name in ("attitude", "responsibility", "expertise", "satisfaction"):
            page.check(f"input[name={name}][value='5']")
        page.fill("#id_comment", "Cán bộ tận tình")
        with page.expect_navigation():
            page.click("button.primary")
        assert "Xin cảm ơn" in page.content()
        page.goto(f"{live_server.url}/vu-viec/khao-sat/{token}/")
        assert "đã được sử dụng" in page.content()
