"""The row forms in real Chromium (payments, complaints): each row's fields have their own ids
and labels, and axe-core finds nothing serious or critical on the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, Complaint, SurveyLink
from cases.services import complaints as complaint_service
from legalaid.tests.browser import login
from legalaid.tests.test_accessibility import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DUPLICATE_IDS = """() => {
  const seen = {};
  for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""
UNLABELLED = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]), main select, main textarea')]
  .filter((e) => !e.labels.length && !e.getAttribute('aria-label')).map((e) => e.name)"""


def test_the_payment_and_complaint_rows_have_their_own_labelled_fields(
    page, live_server, make_case, performers, director, org
):
    for name in ("Lò Văn Một", "Lò Thị Hai"):
        case = make_case(Case.Status.APPRAISED, name=name)
        # Paid work: a collaborator's (the story's cases are the staff assistant's).
        Case.objects.filter(pk=case.pk).update(performer=performers.collaborator)
    today = timezone.localdate()
    for caller, received_on in (("Vàng A Dơ", today - timedelta(days=60)), ("Sùng Thị Pà", today)):
        complaint_service.complaint_record(
            by=director,
            unit=org.centre,
            received_on=received_on,
            caller=caller,
            channel=Complaint.Channel.HOTLINE,
            topic=Complaint.Topic.QUALITY,
            content="Chưa được trả lời",
            case=Case.objects.first(),
        )
    login(page, live_server, director.username)
    for path, fields, rows in (
        ("/vu-viec/thanh-toan/", "input[name=paid_on]", 2),
        ("/vu-viec/khieu-nai/", "textarea[name=resolution]", 2),
    ):
        page.goto(live_server.url + path)
        assert page.locator(f"main table {fields}").count() == rows
        assert page.evaluate(DUPLICATE_IDS) == []
        assert page.evaluate(UNLABELLED) == []
        assert not (found := blocking_violations(page)), "\n".join(found)
    assert page.locator("main .tag.warn").count() == 1  # the complaint received 60 days ago


def test_the_public_survey_asks_each_question_as_a_group_with_its_legend(page, live_server, make_case):
    make_case(Case.Status.COMPLETED)
    link = SurveyLink.objects.get()
    page.goto(f"{live_server.url}/vu-viec/khao-sat/{link.token}/")  # the beneficiary, not logged in
    groups = page.locator("main form fieldset.field")
    assert groups.count() == 4  # attitude, responsibility, expertise, satisfaction
    for i in range(4):
        assert groups.nth(i).locator("legend").inner_text().strip()
        assert groups.nth(i).locator("input[type=radio]").count() == 5
    assert not (found := blocking_violations(page)), "\n".join(found)
