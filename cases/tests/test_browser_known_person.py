"""In Chromium: the intake officer finds a person already registered, is warned of their open
case (with its link) and reuses the paper verified on it; the new case gets the paper."""

from __future__ import annotations

import pytest

from cases.models import Case
from cases.tests.test_known_person import _accepted_case
from legalaid.models import LegalAidForm, LegalField
from legalaid.tests.browser import login, open_page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_intake_warns_of_the_open_case_and_reuses_the_paper(browser, live_server, org, intake_officer):
    earlier = _accepted_case(intake_officer, org.admin_department)
    source = earlier.papers.get()
    with open_page(browser) as page:
        login(page, live_server, "tiepnhan")
        page.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
        page.fill("#lookup", "hoang thi")
        page.click("#lookup-results button")
        page.wait_for_selector("#open-cases a")
        warning = page.inner_text("#open-cases")
        assert earlier.register_number in warning and "Đã thụ lý" in warning
        assert page.get_attribute("#open-cases a", "href") == f"/vu-viec/{earlier.pk}/"
        papers = page.inner_text("#reusable-papers")
        assert "dùng lại" in papers and source.number in papers
        page.check(f"input[name=reuse_papers][value='{source.pk}']")
        page.check(f"input[name=categories][value='{earlier.categories.get().pk}']")
        page.select_option("#id_form", str(LegalAidForm.objects.get(code="TGTT").pk))
        page.select_option("#id_field", str(LegalField.objects.get(code="DD").pk))
        page.fill("#id_description", "Hỏi về chia thừa kế quyền sử dụng đất")
        with page.expect_navigation():
            page.click("#intake button.primary")
        new = Case.objects.exclude(pk=earlier.pk).get()
        assert new.beneficiary_id == earlier.beneficiary_id
        assert list(new.papers.values_list("number", flat=True)) == [source.number]
        assert "dùng lại từ vụ việc" in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_session_list_is_filtered_by_place_without_accents(browser, live_server, org, intake_officer):
    from django.utils import timezone

    from outreach.models import Session

    def held(commune, village):
        return Session.objects.create(
            kind=Session.Kind.MOBILE,
            held_on=timezone.localdate(),
            commune=commune,
            village=village,
            lead_unit=org.professional_department,
            attendees=25,
        )

    wanted, other = held(org.communes[0], "Thôn Khuổi Phầy"), held(org.communes[1], "Bản Nà Rì")
    with open_page(browser) as page:
        login(page, live_server, "tiepnhan")
        page.goto(f"{live_server.url}/vu-viec/tiep-nhan/")
        page.fill("#session-filter", "khuoi phay")
        shown = page.eval_on_selector_all(
            "#id_outreach_session option:not([hidden])", "options => options.map(o => o.value)"
        )
        assert str(wanted.pk) in shown and str(other.pk) not in shown
