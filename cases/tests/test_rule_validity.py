"""Every rule carries its legal basis and the days it is in force, and a rule is applied to a
case only on a day it is in force (issue 15 items 7 and 9): the criteria of Decision 1179 and
Circular 09/2018 reach every field where proceedings of their group happen, the deadlines come
from their table, unverified defaults are flagged in the admin."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from cases import conf, services
from cases.forms import CompleteForm
from cases.models import Case, Criterion, DeadlineRule, PerformerRule, QualityOutcome
from cases.tests.conftest import add_all_papers, receive
from legalaid.calendar import add_working_days
from legalaid.models import CategoryProof, LegalAidForm, LegalField
from legalaid.refusal import Refusal
from legalaid.tests.clock import VIETNAM

S = Case.Status
REQUESTED = date(2026, 6, 1)
# The last day the criterion or rule under test is in force.
LAST_DAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def june(time_machine):
    time_machine.move_to(datetime(2026, 6, 20, 10, 0, tzinfo=VIETNAM), tick=False)


def success(code: str) -> Criterion:
    return Criterion.objects.get(kind=Criterion.Kind.SUCCESS, code=code)


def codes(kind: str, *, form: str, field: str, on: date) -> set[str]:
    form_id = LegalAidForm.objects.get(code=form).pk
    field_id = LegalField.objects.get(code=field).pk
    return set(
        Criterion.applicable(kind, form_id=form_id, field_id=field_id, on=on).values_list("code", flat=True)
    )


@pytest.fixture
def assigned(org, intake_officer, director, performers):
    """A proceedings case in land law, received on 1 June, performed since 3 June."""

    def make(field: str = "DD") -> Case:
        case = receive(intake_officer, org.admin_department, field=field, request_date=REQUESTED)
        add_all_papers(case, intake_officer)
        case = services.case_accept(case=case, by=intake_officer, accepted_on=date(2026, 6, 2))
        services.case_appoint(
            case=case, by=director, performer=performers.assistant, decided_on=date(2026, 6, 3)
        )
        case.refresh_from_db()
        assert case.status == S.ASSIGNED
        return case

    return make


def complete(case: Case, by, on: date, criteria) -> Case:
    return services.case_complete(
        case=case,
        by=by,
        outcome=Case.Outcome.FAVOURABLE,
        summary="Tòa án chấp nhận yêu cầu khởi kiện",
        completed_on=on,
        success_criteria=criteria,
    )


# --- Decision 1179 for every field ----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "groups"),
    [
        ("HS", {"HS"}),
        ("DS", {"DS"}),
        ("HNGD", {"DS"}),
        ("DD", {"DS", "HC"}),
        ("LD", {"DS", "HC"}),
        ("UD", {"DS", "HC"}),
        ("KHAC", {"DS", "HC"}),
        ("HC", {"HC"}),
    ],
)
def test_every_field_with_proceedings_has_the_1179_criteria_of_its_groups(db, field, groups):
    found = codes(Criterion.Kind.SUCCESS, form="TGTT", field=field, on=LAST_DAY)
    assert found and {code.split("-")[0] for code in found} == groups


def test_the_criminal_criteria_are_verified_and_the_civil_and_administrative_ones_are_marked_not(db):
    criteria = Criterion.objects.filter(kind=Criterion.Kind.SUCCESS)
    assert {c.code for c in criteria if c.verified} == {"HS-01", "HS-02", "HS-03"}
    for criterion in criteria:
        assert criterion.legal_basis.startswith("Quyết định số 1179/QĐ-BTP ngày 16/5/2022")
        assert criterion.valid_from == date(2022, 5, 16)
        assert ("chưa đối chiếu văn bản gốc" in criterion.legal_basis) is not criterion.verified
        # The placeholders pointing at the decision are written out.
        assert "theo Quyết định số 1179" not in criterion.text


def test_no_1179_criterion_applies_before_the_decision(db):
    assert codes(Criterion.Kind.SUCCESS, form="TGTT", field="HS", on=date(2022, 5, 15)) == set()
    assert "HS-01" in codes(Criterion.Kind.SUCCESS, form="TGTT", field="HS", on=date(2022, 5, 16))


@pytest.mark.parametrize(
    ("form", "field", "expected"),
    [
        ("TGTT", "HS", {"D3", "D4"}),
        ("TGTT", "DD", {"D3", "D5", "D6"}),
        ("TGTT", "HNGD", {"D3", "D5"}),
        ("TGTT", "HC", {"D3", "D6"}),
        ("DDNTT", "LD", {"D7"}),
        ("TVPL", "HS", {"D7-TV"}),
    ],
)
def test_the_circular_09_2018_criteria_are_tied_to_their_forms_and_fields(db, form, field, expected):
    assert codes(Criterion.Kind.COMPLEX, form=form, field=field, on=LAST_DAY) == expected
    for criterion in Criterion.objects.filter(kind=Criterion.Kind.COMPLEX):
        assert criterion.legal_basis.startswith("Thông tư 09/2018/TT-BTP") and not criterion.verified


def test_a_land_law_proceedings_case_is_marked_successful_by_a_civil_criterion(assigned, director):
    case = complete(assigned("DD"), director, LAST_DAY, [success("DS-01")])
    assert case.successful and case.status == S.COMPLETED
    assert list(case.success_criteria.values_list("code", flat=True)) == ["DS-01"]


def test_a_criminal_criterion_does_not_apply_to_a_land_law_case(assigned, director):
    with pytest.raises(Refusal) as refused:
        complete(assigned("DD"), director, LAST_DAY, [success("HS-01")])
    assert refused.value.field == "success_criteria"


def test_a_criterion_valid_until_a_day_applies_on_that_day_and_not_the_next(assigned, director):
    Criterion.objects.filter(pk=success("DS-01").pk).update(valid_to=LAST_DAY)
    case = assigned("LD")
    with pytest.raises(Refusal) as refused:
        complete(case, director, LAST_DAY + timedelta(days=1), [success("DS-01")])
    assert refused.value.field == "success_criteria"
    case.refresh_from_db()
    assert case.status == S.ASSIGNED
    case = complete(case, director, LAST_DAY, [success("DS-01")])
    assert case.successful


def test_a_criterion_valid_from_a_day_applies_on_that_day_and_not_the_day_before(db):
    Criterion.objects.filter(kind=Criterion.Kind.APPRAISAL, code="TD-01").update(valid_from=LAST_DAY)
    assert "TD-01" in codes(Criterion.Kind.APPRAISAL, form="TVPL", field="DS", on=LAST_DAY)
    assert "TD-01" not in codes(
        Criterion.Kind.APPRAISAL, form="TVPL", field="DS", on=LAST_DAY - timedelta(days=1)
    )


def test_the_appraisal_is_judged_by_the_criteria_in_force_on_the_completion_date(assigned, director):
    case = complete(assigned("DS"), director, LAST_DAY, [])
    Criterion.objects.filter(kind=Criterion.Kind.APPRAISAL, code="TD-05").update(
        valid_from=LAST_DAY + timedelta(1)
    )
    assert "TD-05" not in {c.code for c in services.applicable_criteria(case)}
    assert "TD-04" in {c.code for c in services.applicable_criteria(case)}


def test_the_completion_form_says_which_criteria_are_unverified(assigned, director):
    form = CompleteForm(case=assigned("DD"), user=director)
    labels = dict(
        (c.code, form.fields["success_criteria"].label_from_instance(c))
        for c in form.fields["success_criteria"].queryset
    )
    assert labels["DS-01"].endswith("(chưa đối chiếu văn bản gốc)")
    assert "HS-01" not in labels


def test_a_conclusion_out_of_force_on_the_completion_date_is_refused_to_the_appraiser(make_case):
    case = make_case(S.UNDER_APPRAISAL)  # completed today, 20 June
    good = QualityOutcome.objects.filter(scale="appraisal", code="tot")
    good.update(valid_to=date(2026, 6, 19))
    criteria = services.applicable_criteria(case)
    assert "tot" not in {o.code for o in services.appraisal_outcomes(case.completed_on)}
    with pytest.raises(Refusal) as refused:
        services.appraisal_record(
            case=case, by=case.appraisal.appraiser, outcome=good.get(), findings="Tốt", criteria=criteria
        )
    assert refused.value.field == "outcome"
    good.update(valid_to=date(2026, 6, 20))
    appraisal = services.appraisal_record(
        case=case, by=case.appraisal.appraiser, outcome=good.get(), findings="Tốt", criteria=criteria
    )
    assert appraisal.outcome.code == "tot"


def test_an_evaluation_conclusion_out_of_force_on_the_completion_date_is_refused(make_case, official, org):
    make_case(S.APPRAISED)
    today = date(2026, 6, 20)
    round_ = services.evaluation_round_create(
        by=official, centre=org.centre, name="Đánh giá", rate=100, window_start=today, window_end=today
    )
    evaluation = round_.evaluations.get()
    passed = QualityOutcome.objects.filter(scale="evaluation", code="dat")
    passed.update(valid_from=today + timedelta(days=1))
    with pytest.raises(Refusal):
        services.evaluation_record(evaluation=evaluation, by=official, outcome=passed.get(), conclusion="Đạt")
    passed.update(valid_from=today)
    recorded = services.evaluation_record(
        evaluation=evaluation, by=official, outcome=passed.get(), conclusion="Đạt"
    )
    assert recorded.outcome.code == "dat"


# --- Performer rules and proving papers ------------------------------------------------------


def test_a_performer_rule_valid_until_a_day_allows_the_kind_on_that_day_and_not_the_next(db):
    advice = LegalAidForm.objects.get(code="TVPL")
    PerformerRule.objects.filter(form=advice, performer_kind="collaborator").update(valid_to=LAST_DAY)
    assert "collaborator" in services.allowed_performer_kinds(advice, LAST_DAY)
    assert "collaborator" not in services.allowed_performer_kinds(advice, LAST_DAY + timedelta(days=1))
    assert "assistant" in services.allowed_performer_kinds(advice, LAST_DAY + timedelta(days=1))


def test_a_proving_paper_line_out_of_force_on_the_request_date_is_not_asked_for(org, intake_officer):
    CategoryProof.objects.filter(category__code="HN").update(valid_to=REQUESTED - timedelta(days=1))
    case = receive(intake_officer, org.admin_department, request_date=REQUESTED)
    assert services.papers_checklist(case) == []
    CategoryProof.objects.filter(category__code="HN").update(valid_to=REQUESTED)
    assert [g.category.code for g in services.papers_checklist(case)] == ["HN"]


# --- Deadlines from their table -----------------------------------------------------------------


def test_the_seeded_deadlines_are_the_values_the_code_used(db):
    rules = {r.code: (r.days, r.working_days) for r in DeadlineRule.objects.all()}
    assert rules == {
        "answer": (1, True),
        "papers": (5, True),
        "appointment": (3, True),
        "replacement": (3, True),
        "appraisal_assign": (3, True),
        "appraisal": (5, True),
        "survey_link": (180, False),
    }
    appraisal = DeadlineRule.objects.get(code="appraisal")
    assert not appraisal.verified and "02/2013" in appraisal.legal_basis
    assert DeadlineRule.objects.get(code="replacement").verified


def test_the_answer_deadline_comes_from_the_table_and_changes_with_it(org, intake_officer):
    case = receive(intake_officer, org.admin_department, request_date=REQUESTED)
    assert case.next_deadline == add_working_days(REQUESTED, 1)
    # From 5 June the centre gives itself 4 working days: requests from then on get it.
    DeadlineRule.objects.filter(code="answer").update(valid_to=date(2026, 6, 4))
    DeadlineRule.objects.create(
        code="answer", days=4, valid_from=date(2026, 6, 5), legal_basis="Quy chế Trung tâm"
    )
    later = receive(intake_officer, org.admin_department, request_date=date(2026, 6, 5), name="Lý Văn Tú")
    assert later.next_deadline == add_working_days(date(2026, 6, 5), 4)
    earlier = receive(intake_officer, org.admin_department, request_date=date(2026, 6, 4), name="Vi Văn Sơn")
    assert earlier.next_deadline == add_working_days(date(2026, 6, 4), 1)


def test_a_deadline_rule_valid_until_a_day_applies_to_periods_starting_that_day_only(db):
    DeadlineRule.objects.filter(code="papers").update(valid_to=LAST_DAY)
    DeadlineRule.objects.create(code="papers", days=10, valid_from=LAST_DAY + timedelta(days=1))
    assert conf.deadline("papers", LAST_DAY) == add_working_days(LAST_DAY, 5)
    after = LAST_DAY + timedelta(days=1)
    assert conf.deadline("papers", after) == add_working_days(after, 10)


def test_calendar_day_deadlines_count_every_day(db):
    assert conf.deadline("survey_link", LAST_DAY) == LAST_DAY + timedelta(days=180)


def test_an_urgent_case_gets_its_papers_deadline_from_the_table(org, intake_officer):
    DeadlineRule.objects.filter(code="papers").update(days=7)
    case = receive(intake_officer, org.admin_department, request_date=REQUESTED, urgent=True)
    case = services.case_accept(case=case, by=intake_officer, accepted_on=date(2026, 6, 2))
    assert case.papers_due == add_working_days(date(2026, 6, 2), 7)


def test_a_step_no_deadline_rule_covers_is_refused_naming_the_step(org, intake_officer):
    DeadlineRule.objects.filter(code="papers").update(valid_to=date(2026, 6, 1))
    case = receive(intake_officer, org.admin_department, request_date=REQUESTED, urgent=True)
    with pytest.raises(Refusal) as refused:
        services.case_accept(case=case, by=intake_officer, accepted_on=date(2026, 6, 2))
    assert "Bổ sung giấy tờ" in str(refused.value.message) and "02/06/2026" in str(refused.value.message)


# --- The admin flags unverified defaults ---------------------------------------------------------


def test_the_admin_lists_the_unverified_rules(admin_client):
    url = reverse("admin:cases_criterion_changelist")
    page = admin_client.get(url, {"kind__exact": "success", "verified__exact": "0"}).content.decode()
    assert "DS-01" in page and "HC-02" in page and "HS-01" not in page
    page = admin_client.get(url, {"kind__exact": "success", "verified__exact": "1"}).content.decode()
    assert "HS-01" in page and "DS-01" not in page
    for name in (
        "cases_deadlinerule",
        "cases_performerrule",
        "cases_qualityoutcome",
        "legalaid_categoryproof",
    ):
        response = admin_client.get(reverse(f"admin:{name}_changelist"), {"verified__exact": "0"})
        assert response.status_code == 200 and "column-verified" in response.content.decode()


def test_the_admin_lists_the_rules_in_force_today(admin_client):
    DeadlineRule.objects.filter(code="answer").update(valid_to=date(2026, 6, 19))
    url = reverse("admin:cases_deadlinerule_changelist")
    in_force = admin_client.get(url, {"in_force": "yes"}).content.decode()
    out_of_force = admin_client.get(url, {"in_force": "no"}).content.decode()
    assert "Trả lời yêu cầu trợ giúp pháp lý" in out_of_force
    assert "Trả lời yêu cầu trợ giúp pháp lý" not in in_force and "Cử người thực hiện" in in_force


def test_an_unverified_rule_s_change_form_warns_and_a_verified_one_does_not(admin_client):
    warning = "chưa được đối chiếu với văn bản gốc"
    unverified = admin_client.get(reverse("admin:cases_criterion_change", args=[success("DS-01").pk]))
    assert warning in unverified.content.decode()
    verified = admin_client.get(reverse("admin:cases_criterion_change", args=[success("HS-01").pk]))
    assert verified.status_code == 200 and warning not in verified.content.decode()
    rule = DeadlineRule.objects.get(code="appraisal")
    assert (
        warning
        in admin_client.get(reverse("admin:cases_deadlinerule_change", args=[rule.pk])).content.decode()
    )


def test_the_administrator_edits_the_deadlines(client, administrator):
    client.force_login(administrator)
    rule = DeadlineRule.objects.get(code="appointment")
    assert client.get(reverse("admin:cases_deadlinerule_change", args=[rule.pk])).status_code == 200
    assert client.get(reverse("admin:cases_deadlinerule_changelist")).status_code == 200
