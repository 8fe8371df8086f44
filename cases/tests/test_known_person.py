"""Intake knows the person: choosing someone already registered warns of their open case (with
its link) and offers the papers verified on an earlier case, still valid on the request date,
to reuse on the new case through the service that records papers."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, Event, ProofPaper
from cases.services.known_person import known_person, proof_papers_reuse, reusable_papers
from cases.tests.conftest import receive, reference
from cases.tests.test_pages import intake_data
from legalaid.models import CategoryProof

S = Case.Status


def _accepted_case(by, unit, *, person=None, issued_days_ago=30):
    """A poor-household case whose papers were checked and which was accepted."""
    today = timezone.localdate()
    if person is None:
        case = receive(by, unit, citizen_id="020180005678")
    else:
        form, field, category = reference()
        case = services.case_receive(
            by=by,
            unit=unit,
            request_date=today,
            categories=[category],
            form=form,
            field=field,
            description="Hỏi về thừa kế",
            beneficiary=person,
        )
    for group in services.papers_checklist(case):
        proof = CategoryProof.objects.filter(category=group.category, group=group.group).first()
        services.proof_paper_add(
            case=case,
            by=by,
            document_type=proof.document_type,
            number="45/GCN-UBND",
            issued_on=today - timedelta(days=issued_days_ago),
            issuer="UBND xã Nà Phặc",
        )
    return services.case_accept(case=case, by=by)


def test_the_service_names_the_open_case_and_the_verified_papers(org, intake_officer, branch_officer):
    case = _accepted_case(intake_officer, org.admin_department)
    person, today = case.beneficiary, timezone.localdate()
    known = known_person(intake_officer, person, today)
    assert known.open_cases == [case] and known.open_elsewhere == 0
    assert [p.case_id for p in known.papers] == [case.pk] and known.papers[0].number == "45/GCN-UBND"
    # Not yet valid on an earlier request date: issued after it.
    assert reusable_papers(intake_officer, person, today - timedelta(days=31)) == []
    # Outside the branch clerk's scope: the person is not found there, nothing is offered.
    assert known_person(branch_officer, person, today).papers == []


def test_papers_of_a_case_not_yet_accepted_are_not_offered(org, intake_officer):
    case = receive(intake_officer, org.admin_department, citizen_id="020180005678")
    group = services.papers_checklist(case)[0]
    proof = CategoryProof.objects.filter(category=group.category, group=group.group).first()
    services.proof_paper_add(case=case, by=intake_officer, document_type=proof.document_type, number="1/GCN")
    known = known_person(intake_officer, case.beneficiary, timezone.localdate())
    assert known.open_cases == [case] and known.papers == []


def test_reuse_records_the_paper_with_its_origin(org, intake_officer):
    earlier = _accepted_case(intake_officer, org.admin_department)
    source = earlier.papers.get()
    new = services.case_receive(
        by=intake_officer,
        unit=org.admin_department,
        request_date=timezone.localdate(),
        categories=list(earlier.categories.all()),
        form=earlier.form,
        field=earlier.field,
        description="Hỏi về thừa kế",
        beneficiary=earlier.beneficiary,
    )
    # An id that is not offered (the new case's own, or another's) is ignored.
    recorded = proof_papers_reuse(case=new, by=intake_officer, paper_ids=[source.pk, 10**12])
    copy = new.papers.get()
    assert recorded == [copy]
    assert (copy.number, copy.issued_on, copy.issuer) == (source.number, source.issued_on, source.issuer)
    event = CaseEvent.objects.filter(case=new, code=Event.PAPER).get()
    assert str(earlier) in event.note
    assert services.missing_papers_text(services.papers_checklist(new)) == ""


def test_the_intake_page_warns_and_reuses(
    client, org, intake_officer, branch_officer, django_assert_max_num_queries
):
    earlier = _accepted_case(intake_officer, org.admin_department)
    person, source = earlier.beneficiary, earlier.papers.get()
    client.force_login(intake_officer)
    url = reverse("cases:person_record")
    today = timezone.localdate().strftime("%d/%m/%Y")
    with django_assert_max_num_queries(13):
        data = client.get(url, {"id": person.pk, "date": today}).json()
    assert [c["url"] for c in data["open_cases"]] == [reverse("cases:detail", args=[earlier.pk])]
    assert data["open_cases"][0]["status"] == str(S.ACCEPTED.label)
    assert [p["id"] for p in data["papers"]] == [source.pk] and data["open_elsewhere"] == 0
    # 9 for the session, the permissions and the scope, 4 for the answer; it does not grow
    # with the person's cases and papers.
    _accepted_case(intake_officer, org.admin_department, person=person, issued_days_ago=3)
    with django_assert_max_num_queries(13):
        data = client.get(url, {"id": person.pk, "date": today}).json()
    assert len(data["open_cases"]) == 2 and len(data["papers"]) == 1  # the newest paper of its type
    source = ProofPaper.objects.filter(case__beneficiary=person).latest("issued_on")
    # Bad or foreign input: refused as a URL outside the scope.
    assert client.get(url, {"id": "x"}).json()["papers"] == []
    assert client.get(url, {"id": 10**12}).status_code == 404
    client.force_login(branch_officer)
    assert client.get(url, {"id": person.pk}).status_code == 404

    client.force_login(intake_officer)
    page = client.get(reverse("cases:intake")).content.decode()
    assert 'id="known-person"' in page and "dùng lại" in page
    response = client.post(
        reverse("cases:intake"),
        intake_data(
            org, existing_beneficiary=person.pk, full_name="", citizen_id="", reuse_papers=[source.pk]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Case.objects.exclude(pk=earlier.pk).filter(beneficiary=person).latest("pk")
    assert list(ProofPaper.objects.filter(case=new).values_list("number", flat=True)) == ["45/GCN-UBND"]
