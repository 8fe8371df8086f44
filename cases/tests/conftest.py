"""Story helpers for the cases tests: performers from staffing and a case driven by the real
services into any state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, QualityOutcome
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField

S = Case.Status


@pytest.fixture
def performers(org, assistant, collaborator):
    from staffing.models import Person

    fields = list(LegalField.objects.all())
    made = {}
    for key, name, kind, unit, user in [
        ("assistant", "Lương Văn Đức", Person.Kind.ASSISTANT, org.professional_department, assistant),
        ("collaborator", "Đặng Thị Mai", Person.Kind.COLLABORATOR, org.branch, collaborator),
        ("lawyer", "Nông Văn Bình", Person.Kind.LAWYER, org.branch, None),
        ("second_assistant", "Triệu Thị Hoa", Person.Kind.ASSISTANT, org.professional_department, None),
    ]:
        person = Person.objects.create(full_name=name, kind=kind, unit=unit, user=user)
        person.fields.set(fields)
        made[key] = person
    return type("Performers", (), made)


@pytest.fixture
def second_assistant_user(org):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="trogiupvien2",
        full_name="Hoàng Thị Thu",
        unit=org.professional_department,
        role=Role.ASSISTANT,
    )


def reference(form="TGTT", field="HS", category="HN"):
    return (
        LegalAidForm.objects.get(code=form),
        LegalField.objects.get(code=field),
        BeneficiaryCategory.objects.get(code=category),
    )


# Ages that fit the categories defined by age (cases.eligibility); others: a woman born in 1980.
AGE_OF = {"TE": 10, "BBT1618": 17, "NCTN1618": 17, "7dd": 17, "7c": 68}


# The procedural role a category names (cases.eligibility.ROLES); others: none recorded.
ROLE_OF = {"BBT1618": "accused", "BBTCN": "accused", "NCTN1618": "accused", "7dd": "victim"}


def born_for(category: str, on: date) -> date:
    years = AGE_OF.get(category)
    return date(1980, 5, 4) if years is None else date(on.year - years, 1, 15)


def receive(
    by,
    unit,
    *,
    form="TGTT",
    field="HS",
    category="HN",
    name="Hoàng Thị Lan",
    urgent=False,
    request_date=None,
    citizen_id="",
    procedural_role=None,
):
    form_obj, field_obj, category_obj = reference(form, field, category)
    request_date = request_date or timezone.localdate()
    return services.case_receive(
        by=by,
        unit=unit,
        request_date=request_date,
        categories=[category_obj],
        form=form_obj,
        field=field_obj,
        description="Tranh chấp đất đai với hộ liền kề",
        urgent=urgent,
        procedural_role=ROLE_OF.get(category, "") if procedural_role is None else procedural_role,
        new_beneficiary=services.BeneficiaryData(
            full_name=name,
            sex="female",
            date_of_birth=born_for(category, request_date),
            citizen_id=citizen_id,
        ),
        allow_duplicate=True,
    )


def add_all_papers(case, by):
    from legalaid.models import CategoryProof

    for group in services.papers_checklist(case):
        proof = CategoryProof.objects.filter(category=group.category, group=group.group).first()
        services.proof_paper_add(
            case=case, by=by, document_type=proof.document_type, number="123/GCN", issued_on=date(2026, 1, 5)
        )


def drive(case, state, *, director, intake, performers, appraiser):
    """Take ``case`` (just received) into ``state`` through the services."""
    if state == S.RECEIVED:
        return case
    if state == S.NEEDS_PAPERS:
        return services.case_request_papers(case=case, by=intake)
    if state == S.REFUSED:
        return services.case_refuse(case=case, by=director, reason=Case.RefusalReason.BUSINESS)
    if state == S.REFERRED:
        return services.case_refer(case=case, by=intake, referred_to_text="Văn phòng luật sư")
    add_all_papers(case, intake)
    case = services.case_accept(case=case, by=intake)
    if state == S.ACCEPTED:
        return case
    services.case_appoint(case=case, by=director, performer=performers.assistant)
    case.refresh_from_db()
    if state == S.ASSIGNED:
        return case
    if state == S.SUSPENDED:
        return services.case_suspend(case=case, by=director, reason="Chờ kết quả giám định")
    if state == S.TERMINATED:
        return services.case_terminate(case=case, by=director, reason="Người yêu cầu rút yêu cầu")
    case = services.case_complete(
        case=case, by=director, outcome=Case.Outcome.FAVOURABLE, summary="Đã bảo vệ"
    )
    if state == S.COMPLETED:
        return case
    services.appraisal_assign(case=case, by=director, appraiser=appraiser)
    case.refresh_from_db()
    if state == S.UNDER_APPRAISAL:
        return case
    outcome = QualityOutcome.objects.get(scale="appraisal", code="tot")
    services.appraisal_record(
        case=case,
        by=appraiser,
        outcome=outcome,
        findings="Hồ sơ đầy đủ",
        criteria=services.applicable_criteria(case),
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def make_case(org, director, intake_officer, performers, second_assistant_user):
    def make(state=S.RECEIVED, **kwargs):
        case = receive(intake_officer, org.admin_department, **kwargs)
        case = drive(
            case,
            state,
            director=director,
            intake=intake_officer,
            performers=performers,
            appraiser=second_assistant_user,
        )
        case.refresh_from_db()
        assert case.status == state
        return case

    return make


HOURS = Decimal("2.5")
