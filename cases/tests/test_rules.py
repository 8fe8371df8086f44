"""Who may do what, who sees what, and the figures: the role × action matrix, sensitive
categories, evaluation sampling, payment, indicators and query counts."""

from __future__ import annotations

import inspect
import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Complaint, Evaluation, PaymentTariff, QualityOutcome
from cases.workflow import TRANSITIONS, Action, refusal
from legalaid.indicators import Period, compute
from legalaid.refusal import Refusal

S = Case.Status
PEOPLE = [
    "director",
    "intake_officer",
    "assistant",
    "collaborator",
    "branch_officer",
    "official",
    "administrator",
    "appraiser",
]
# Who may take each action on a case of the intake department, performed by the assistant and
# appraised by the second assistant (1 = allowed), in the order of PEOPLE.
MATRIX = {
    Action.REQUEST_PAPERS: [1, 1, 0, 0, 0, 0, 0, 0],
    Action.ACCEPT: [1, 1, 0, 0, 0, 0, 0, 0],
    Action.REFUSE: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.REFER: [1, 1, 0, 0, 0, 0, 0, 0],
    Action.APPOINT: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.REQUEST_REPLACEMENT: [1, 1, 0, 0, 0, 0, 0, 0],
    Action.DECIDE_REPLACEMENT: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.LOG_WORK: [1, 0, 1, 0, 0, 0, 0, 0],
    Action.SUSPEND: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.RESUME: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.TERMINATE: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.COMPLETE: [1, 0, 1, 0, 0, 0, 0, 0],
    Action.ASSIGN_APPRAISAL: [1, 0, 0, 0, 0, 0, 0, 0],
    Action.APPRAISE: [0, 0, 0, 0, 0, 0, 0, 1],
}
STATE_FOR = {
    Action.REQUEST_PAPERS: S.RECEIVED,
    Action.ACCEPT: S.RECEIVED,
    Action.REFUSE: S.RECEIVED,
    Action.REFER: S.RECEIVED,
    Action.APPOINT: S.ACCEPTED,
    Action.REQUEST_REPLACEMENT: S.ASSIGNED,
    Action.DECIDE_REPLACEMENT: S.ASSIGNED,
    Action.LOG_WORK: S.ASSIGNED,
    Action.SUSPEND: S.ASSIGNED,
    Action.RESUME: S.SUSPENDED,
    Action.TERMINATE: S.ASSIGNED,
    Action.COMPLETE: S.ASSIGNED,
    Action.ASSIGN_APPRAISAL: S.COMPLETED,
    Action.APPRAISE: S.UNDER_APPRAISAL,
}


@pytest.fixture
def people(everyone, second_assistant_user):
    return {
        "director": everyone["director"],
        "intake_officer": everyone["intake_officer"],
        "assistant": everyone["assistant"],
        "collaborator": everyone["performer"],
        "branch_officer": everyone["branch_intake_officer"],
        "official": everyone["official"],
        "administrator": everyone["administrator"],
        "appraiser": second_assistant_user,
    }


def test_the_role_action_matrix(make_case, people):
    cases = {state: make_case(state) for state in set(STATE_FOR.values())}
    for action, row in MATRIX.items():
        case = cases[STATE_FOR[action]]
        got = [int(refusal(case, action, people[name]) is None) for name in PEOPLE]
        assert got == row, (action, dict(zip(PEOPLE, got, strict=True)))


@pytest.mark.parametrize("action", list(Action))
def test_each_action_form_gives_its_service_exactly_the_arguments_it_takes(action):
    transition = TRANSITIONS[action]
    form, service = transition.form_class, transition.service_function
    given = {form.renamed.get(name, name) for name in form.base_fields if name != "version"}
    given |= {"expected_version"} if form.versioned else set()
    parameters = inspect.signature(service).parameters
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters.values())
    required = {name for name, p in parameters.items() if p.default is p.empty}
    assert required - {"case", "by"} <= given <= set(parameters) - {"case", "by"}


# --- URL × role ----------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "director",
    "intake_officer",
    "assistant",
    "performer",
    "branch_intake_officer",
    "official",
    "administrator",
]
LOGIN = "login"
PAGES = {
    "cases:index": [LOGIN, 200, 200, 200, 200, 200, 200, 403],
    "cases:deadlines": [LOGIN, 200, 200, 200, 200, 200, 200, 403],
    "cases:intake": [LOGIN, 200, 200, 403, 403, 200, 403, 403],
    "cases:export": [LOGIN, 200, 200, 403, 403, 200, 200, 403],
    # personal data for the Ministry's software: the director and administrators only
    "cases:national_export": [LOGIN, 200, 403, 403, 403, 403, 403, 200],
    "cases:complaints": [LOGIN, 200, 200, 403, 403, 200, 200, 403],
    "cases:evaluations": [LOGIN, 200, 403, 403, 403, 403, 200, 403],
    "cases:payments": [LOGIN, 200, 403, 403, 403, 403, 200, 403],
    # the case of the intake department, performed by the assistant: outside it -> 404
    "cases:detail": [LOGIN, 200, 200, 200, 404, 404, 200, 403],
    "cases:pdf": [LOGIN, 200, 200, 200, 404, 404, 200, 403],
}


def test_every_url_of_the_app_is_in_a_table():
    from django.urls import get_resolver

    names = {p.name for p in get_resolver("cases.urls").url_patterns}
    covered = {n.split(":")[1] for n in PAGES} | {
        "person_lookup",
        "person_record",  # in test_known_person
        "paper_add",
        "paper_scan",
        "work_result",
        "action",
        "survey_staff",
        "payment_add",
        "party_add",  # these two in test_conflict_of_interest
        "party_remove",
        "appointment_pdf",
        "register_pdf",
        "register_xlsx",
        "survey_public",
        "complaint_resolve",
        "complaint_assign",  # these two in test_complaint_workflow
        "complaint_answer_pdf",
        "evaluation_round",
        "payments_xlsx",
        "sensitive_views",
        "sensitive_views_xlsx",
        "subject_export",
        "correct_case",  # these three in test_corrections_pages
        "correct_person",
        "paper_reissue",
    }  # the others are exercised in test_pages, test_privacy and below
    assert names <= covered


def test_each_page_answers_each_role_as_the_table_says(client, make_case, everyone):
    case = make_case(S.ASSIGNED)
    for name, expected in PAGES.items():
        url = (
            reverse(name, args=[case.pk] if name == "cases:detail" else [case.pk, "phieu-hen"])
            if name in ("cases:detail", "cases:pdf")
            else reverse(name)
        )
        for role, want in zip(ROLES, expected, strict=True):
            client.logout()
            if role != "anonymous":
                client.force_login(everyone[role])
            response = client.get(url)
            if want == LOGIN:
                assert response.status_code == 302 and "/dang-nhap/" in response["Location"], (name, role)
            else:
                assert response.status_code == want, (name, role, response.status_code)


# --- Sensitive categories --------------------------------------------------------------------


def test_sensitive_categories_are_hidden_from_people_not_on_the_case(
    client, make_case, org, everyone, branch_officer
):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    case = make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền")
    colleague = UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )
    hiv = "Người nhiễm HIV"
    for person, sees in [
        (everyone["director"], True),
        (everyone["intake_officer"], True),
        (everyone["assistant"], True),
        (colleague, False),
        (everyone["official"], False),
    ]:
        client.force_login(person)
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "Mã Thị Hiền" in page
        assert (hiv in page) is sees, person
        listing = client.get(reverse("cases:index"))
        assert listing.context["rows"] == [(case, "7h" if sees else "được bảo mật")], person
    client.force_login(colleague)
    assert client.get(reverse("cases:pdf", args=[case.pk, "phieu-hen"])).status_code == 404
    decision = reverse("cases:appointment_pdf", args=[case.pk, case.appointments.get().pk])
    assert client.get(decision).status_code == 404  # it names the beneficiary of a sensitive case
    client.force_login(everyone["director"])
    assert client.get(decision).status_code == 200
    client.force_login(colleague)
    from legalaid.models import BeneficiaryCategory

    hiv_category = BeneficiaryCategory.objects.get(code="7h")
    listing = client.get(reverse("cases:index"), {"category": hiv_category.pk}).content.decode()
    assert "Mã Thị Hiền" not in listing  # filtering by the category would reveal it


# --- Deadlines across Tết --------------------------------------------------------------------


def test_a_replacement_request_is_answered_within_three_working_days_across_tet(
    make_case, intake_officer, time_machine
):
    time_machine.move_to(date(2026, 2, 12))
    case = make_case(S.ASSIGNED, request_date=date(2026, 2, 10))
    request = services.case_request_replacement(
        case=case, by=intake_officer, reason="Xung đột lợi ích", received_on=date(2026, 2, 12)
    )
    # Thu 12/02 + 3 working days: Fri 13, then Tết 16-20/02, Mon 23, Tue 24.
    assert request.due_on == date(2026, 2, 24)
    case.refresh_from_db()
    assert case.next_deadline == date(2026, 2, 24)
    time_machine.move_to(date(2026, 2, 25))
    assert case.is_overdue()


def test_an_urgent_case_accepted_before_its_papers_gets_a_deadline_across_tet(
    org, intake_officer, time_machine
):
    from cases.tests.conftest import receive

    time_machine.move_to(date(2026, 2, 13))
    case = receive(intake_officer, org.admin_department, urgent=True, request_date=date(2026, 2, 13))
    case = services.case_accept(case=case, by=intake_officer, accepted_on=date(2026, 2, 13))
    # Fri 13/02 + 5 working days: 23, 24, 25, 26, 27 February.
    assert case.papers_due == date(2026, 2, 27)
    assert "Giấy chứng nhận hộ nghèo" in case.missing_papers


def test_a_non_urgent_case_with_papers_missing_cannot_be_accepted(make_case, intake_officer):
    case = make_case(S.RECEIVED)
    with pytest.raises(Refusal, match="urgent|cấp thiết"):
        services.case_accept(case=case, by=intake_officer)


def test_register_numbers_are_sequential_per_centre_and_year(make_case):
    numbers = [make_case(S.ACCEPTED, name=f"Hoàng Văn {n}").register_number for n in ("An", "Bình", "Cường")]
    year = timezone.localdate().year
    assert numbers == [f"00{i}/{year}/TL-TGPL" for i in (1, 2, 3)]


def test_the_register_number_format_is_a_setting(make_case, settings):
    settings.CASES_REGISTER_NUMBER_FORMAT = "{centre}-{year}-{seq:05d}"
    case = make_case(S.ACCEPTED)
    assert case.register_number == f"TGPL-{timezone.localdate().year}-00001"


def test_the_appraiser_cannot_be_the_performer(make_case, director, assistant):
    case = make_case(S.COMPLETED)
    with pytest.raises(Refusal, match="thẩm định|appraise"):
        services.appraisal_assign(case=case, by=director, appraiser=assistant)


def test_a_collaborator_cannot_be_appointed_to_proceedings(make_case, director, performers):
    case = make_case(S.ACCEPTED)
    with pytest.raises(Refusal):
        services.case_appoint(case=case, by=director, performer=performers.collaborator)
    advice = make_case(S.ACCEPTED, form="TVPL")
    services.case_appoint(case=advice, by=director, performer=performers.collaborator)


def test_performers_come_with_their_load_counted_in_one_query(
    make_case, performers, django_assert_num_queries
):
    make_case(S.ASSIGNED)
    case = Case.objects.select_related("form", "centre").get(pk=make_case(S.ACCEPTED).pk)
    with django_assert_num_queries(2):  # the rules of the form, then the people with their load
        rows = {p.full_name: p.load for p in services.performer_candidates(case=case)}
    assert rows["Lương Văn Đức"] == 1 and rows["Nông Văn Bình"] == 0 and "Đặng Thị Mai" not in rows


# --- Evaluation, complaints, payment ---------------------------------------------------------


def test_evaluation_draws_the_rate_and_always_the_cases_complained_about(
    make_case, official, intake_officer, org
):
    cases = [make_case(S.APPRAISED, name=f"Lộc Văn {i}") for i in range(6)]
    advice = make_case(S.APPRAISED, form="TVPL")
    services.complaint_record(
        by=intake_officer,
        unit=org.admin_department,
        received_on=timezone.localdate(),
        caller="Lộc Thị Hà",
        channel="hotline",
        topic="quality",
        content="Không hài lòng",
        case=cases[5],
    )
    today = timezone.localdate()
    round_ = services.evaluation_round_create(
        by=official,
        centre=org.centre,
        name="Đánh giá năm",
        rate=20,
        window_start=today - timedelta(days=30),
        window_end=today,
        rng=random.Random(1),  # noqa: S311
    )
    picked = {e.case_id: e.reason for e in round_.evaluations.all()}
    assert picked[cases[5].pk] == Evaluation.Reason.COMPLAINT
    assert len(picked) == 1 + 1  # the complaint, and 20% of the other 5 rounded up
    assert advice.pk not in picked
    again = services.evaluation_round_create(
        by=official,
        centre=org.centre,
        name="Lần hai",
        rate=100,
        window_start=today - timedelta(days=30),
        window_end=today,
    )
    assert not set(again.evaluations.values_list("case_id", flat=True)) & set(picked)  # never evaluated twice
    evaluation = round_.evaluations.first()
    services.evaluation_record(
        evaluation=evaluation,
        by=official,
        conclusion="Đạt",
        outcome=QualityOutcome.objects.get(scale="evaluation", code="dat"),
    )
    with pytest.raises(Refusal):
        services.evaluation_round_create(
            by=intake_officer, centre=org.centre, name="x", rate=10, window_start=today, window_end=today
        )


def test_only_appraised_cases_of_collaborators_and_lawyers_are_payable(
    client, make_case, director, performers, second_assistant_user
):
    lawyer_case = make_case(S.ACCEPTED)
    services.case_appoint(case=lawyer_case, by=director, performer=performers.lawyer)
    assistant_case = make_case(S.APPRAISED)
    # The tariff line for a lawyer's proceedings case, set and checked by an administrator.
    PaymentTariff.objects.filter(form__code="TGTT", performer_kind="lawyer").update(
        amount=1500000, verified=True, legal_basis="Nghị quyết HĐND tỉnh (thử nghiệm)"
    )
    with pytest.raises(Refusal):
        services.payment_record(case=assistant_case, by=director)
    with pytest.raises(Refusal):
        services.payment_record(case=lawyer_case, by=director)  # not appraised yet
    services.case_complete(case=lawyer_case, by=director, outcome="favourable", summary="Thắng kiện")
    services.appraisal_assign(case=lawyer_case, by=director, appraiser=second_assistant_user)
    services.appraisal_record(
        case=lawyer_case,
        by=second_assistant_user,
        findings="Đạt",
        outcome=QualityOutcome.objects.get(scale="appraisal", code="dat"),
        criteria=services.applicable_criteria(lawyer_case),
    )
    today = timezone.localdate()
    payable = services.payable_cases(centre_path=lawyer_case.centre.path, start=today, end=today)
    assert [c.pk for c in payable] == [lawyer_case.pk]
    client.force_login(director)
    assert "Nông Văn Bình" in client.get(reverse("cases:payments")).content.decode()
    response = client.post(
        reverse("cases:payment_add", args=[lawyer_case.pk]), {"paid_on": today.isoformat()}
    )
    assert response.status_code == 302
    with pytest.raises(Refusal):
        services.payment_record(
            case=lawyer_case, by=director, adjusted_amount=Decimal(1), adjustment_reason="x"
        )
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(client.get(reverse("cases:payments_xlsx")).content)).active.values)
    assert [row[0] for row in rows[:3]] == [
        "DANH SÁCH VỤ VIỆC ĐỦ ĐIỀU KIỆN THANH TOÁN",
        f"Từ ngày 01/01/{today.year} đến ngày {today:%d/%m/%Y}",
        None,
    ]
    assert rows[3][1] == "Người thực hiện" and rows[3][15] == "Đã thanh toán (đồng)"
    assert rows[4][1] == "Nông Văn Bình" and rows[4][14] == rows[4][15] == 1500000
    assert rows[4][17] == datetime.combine(today, time())  # a date cell, not text
    assert rows[5:] == [(None, "Tổng cộng", *[None] * 7, 0, *[None] * 4, 1500000, 1500000, None, None)]


# --- Indicators ------------------------------------------------------------------------------


def test_indicators_count_the_operational_records(make_case, org, intake_officer):
    make_case(S.RECEIVED)
    make_case(S.REFUSED)
    make_case(S.REFERRED)
    make_case(S.APPRAISED)
    make_case(S.COMPLETED, form="TVPL", field="DS")
    year = Period.year(timezone.localdate().year)
    assert compute("cases.requests_received", year) == 5
    assert compute("cases.refused", year) == 1
    assert compute("cases.referred", year) == 1
    assert compute("cases.accepted", year) == 2
    assert compute("cases.accepted", year, form="TVPL") == 1
    assert compute("cases.accepted", year, sex="male") == 0
    assert compute("cases.completed", year) == 2
    assert compute("cases.appraised_share", year) == 50.0
    assert compute("cases.accepted", year, scope=None, category="HN") == 2
    assert compute("cases.accepted", Period.year(2020)) == 0
    assert compute("cases.accepted", year, org.other_branch) == 0
    assert compute("cases.proceedings_per_assistant", year) == 1.0
    assert compute("cases.complaints", year) == 0


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cases:index", "cases:export", "cases:deadlines"])
def test_lists_use_a_fixed_number_of_queries(
    client, make_case, director, name, django_assert_max_num_queries
):
    # Cases with a deadline due: the director's deadlines page opens on the unit's, not empty.
    for n in range(3):
        make_case(S.RECEIVED, name=f"Hứa Văn {n}")
    client.force_login(director)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse(name))
    for n in range(12):
        make_case([S.RECEIVED, S.ACCEPTED, S.COMPLETED][n % 3], name=f"Dương Thị {n}", category="7h")
    # The export shows the director the sensitive rows: their views are logged in one insert.
    logged = 1 if name == "cases:export" else 0
    with django_assert_max_num_queries(len(few.captured_queries) + logged):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_the_case_page_and_its_papers_use_a_bounded_number_of_queries(
    client, make_case, director, django_assert_max_num_queries
):
    case = make_case(S.APPRAISED)
    client.force_login(director)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cases:pdf", args=[case.pk, "phieu-hen"])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("cases:register_pdf", args=[timezone.localdate().year])).status_code == 200


def test_the_case_list_exports_to_a_spreadsheet(client, make_case, director):
    case = make_case(S.ACCEPTED, name="Tô Thị Yến")
    client.force_login(director)
    from openpyxl import load_workbook

    response = client.get(reverse("cases:export"))
    today = timezone.localdate()
    assert response["Content-Disposition"].startswith(
        f"attachment; filename=\"danh-sach-vu-viec-{today:%d-%m-%Y}.xlsx\"; filename*=UTF-8''"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in rows[:3]] == [
        "DANH SÁCH VỤ VIỆC TRỢ GIÚP PHÁP LÝ",
        f"Tính đến ngày {today:%d/%m/%Y}",
        None,
    ]
    assert rows[3][:4] == ("STT", "Số thụ lý", "Ngày yêu cầu", "Người được TGPL")
    assert rows[4][:4] == (1, case.register_number, datetime.combine(case.request_date, time()), "Tô Thị Yến")
    assert len(rows) == 5  # no figures to total
    response = client.get(reverse("cases:export"), {"from": "2026-01-01", "to": "2026-03-31"})
    period = load_workbook(io.BytesIO(response.content)).active["A2"].value
    assert period == "Ngày yêu cầu từ 01/01/2026 đến 31/03/2026"


def test_search_ignores_diacritics_and_filters_combine(client, make_case, director):
    make_case(S.ACCEPTED, name="Nguyễn Thị Đào")
    make_case(S.RECEIVED, name="Lý Văn Sơn", form="TVPL")
    client.force_login(director)
    page = client.get(reverse("cases:index"), {"q": "nguyen thi dao"}).content.decode()
    assert "Nguyễn Thị Đào" in page and "Lý Văn Sơn" not in page
    page = client.get(reverse("cases:index"), {"status": "received"}).content.decode()
    assert "Lý Văn Sơn" in page and "Nguyễn Thị Đào" not in page


def test_complaints_are_logged_and_resolved(client, make_case, intake_officer):
    case = make_case(S.APPRAISED)
    client.force_login(intake_officer)
    response = client.post(
        reverse("cases:complaints"),
        {
            "received_on": timezone.localdate().isoformat(),
            "caller": "Hoàng Văn Tư",
            "channel": "hotline",
            "topic": "quality",
            "case": case.pk,
            "content": "Chưa hài lòng về kết quả",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.case == case and complaint.about_quality
    client.post(
        reverse("cases:complaint_resolve", args=[complaint.pk]),
        {
            "to": "answered",
            "version": complaint.version,
            "resolution": "Đã giải thích",
            "resolved_on": timezone.localdate().isoformat(),
        },
    )
    complaint.refresh_from_db()
    assert complaint.resolved_on is not None


def test_form_24_counts_person_times_by_field_form_sex_and_beneficiary_group(make_case):
    from legalaid.models import StatisticsTable
    from legalaid.statistics import build_table

    make_case(S.COMPLETED, form="TVPL", field="HS", category="HN")
    make_case(S.APPRAISED, form="TGTT", field="DS", category="DTTS")
    make_case(S.COMPLETED, form="TGTT", field="HNGD", category="TE")
    make_case(S.ACCEPTED, form="TVPL", field="HS", category="HN")  # not performed yet: not counted
    make_case(S.RECEIVED, form="TVPL", field="HS", category="HN")  # not accepted: not assisted yet
    year = Period.year(timezone.localdate().year)
    assert compute("cases.people_assisted", year) == 3
    assert compute("cases.people_assisted", year, field=["DS", "HNGD"]) == 2
    assert compute("cases.people_assisted", year, category=["HN", "TE"]) == 2
    assert compute("cases.people_assisted", year, categories_all=["HN", "DTTS"]) == 0

    result = build_table(StatisticsTable.objects.get(code="24/BTP/TGPL"), year, None)
    by_number = {row.number: cells for row, cells in result.lines()}
    # columns: (1) total, (2) men, (3) women, (4) NCC, (5) poor household, (6) ethnic minority, ...
    assert by_number[""][:6] == [3, 0, 3, 0, 1, 1]
    assert by_number["1.1"][0] == 1  # criminal law, legal advice
    assert by_number["2"][0] == 2  # civil law and family
    assert by_number["2.2"][:2] == [2, 0]  # civil and family, proceedings: two women
    assert by_number["3"][0] == 0


def test_figures_link_to_the_case_list_filtered_the_same_way_where_the_list_can(
    client, org, director, intake_officer
):
    from legalaid import indicators

    received = indicators.get("cases.requests_received")
    assert received.records_url(Period.year(2025), org.centre) == (
        f"/vu-viec/?event=received&from=2025-01-01&to=2025-12-31&unit={org.centre.pk}"
    )
    # Refusals by the date they were refused, any part of a year, with form/field/category codes.
    assert indicators.get("cases.refused").records_url(Period.quarter(2025, 1), None) == (
        "/vu-viec/?status=refused&event=closed&from=2025-01-01&to=2025-03-31"
    )
    assert received.records_url(Period.year(2025), None, form="TVPL") == (
        "/vu-viec/?form=TVPL&event=received&from=2025-01-01&to=2025-12-31"
    )
    assert indicators.get("cases.successful_proceedings").records_url(
        Period.year(2025), None, form="TVPL"
    ) == ("/vu-viec/?form=TGTT&successful=1&event=completed&from=2025-01-01&to=2025-12-31")
    # Cuts the list cannot show get no link; overdue links only for a period reaching today.
    assert received.records_url(Period.year(2025), None, sex="female") is None
    assert indicators.get("cases.overdue").records_url(Period.year(2020), None) is None
    # The list follows such a link: a case refused in January 2025, received in December 2024.
    from cases.tests.conftest import receive

    case = receive(intake_officer, org.admin_department, request_date=date(2024, 12, 27))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.REFUSED, closed_on=date(2025, 1, 6))
    client.force_login(director)
    page = client.get(indicators.get("cases.refused").records_url(Period.year(2025), org.centre))
    assert f'href="/vu-viec/{case.pk}/"' in page.content.decode()
    page = client.get(indicators.get("cases.refused").records_url(Period.year(2024), org.centre))
    assert f'href="/vu-viec/{case.pk}/"' not in page.content.decode()
