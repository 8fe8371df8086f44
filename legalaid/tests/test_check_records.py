"""manage.py check_records: every record breaking a rule, with the address of its page and the
rule it breaks; exit status 1 when there is one, 0 when there is none. The broken records are
written straight to the tables, as an import or an old version of the code might have."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases import services
from cases.models import Appraisal, Beneficiary, Case, Payment, QualityOutcome
from cases.tests.conftest import make_case, performers, second_assistant_user  # noqa: F401
from legalaid.checks import registered, run_checks
from legalaid.models import BeneficiaryCategory
from staffing.models import Ethnicity

S = Case.Status


@pytest.fixture
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))


def check_records(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_records", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def test_records_kept_by_the_services_break_no_rule(make_case, december):  # noqa: F811
    for state in (S.RECEIVED, S.ACCEPTED, S.ASSIGNED, S.COMPLETED, S.UNDER_APPRAISAL, S.APPRAISED):
        make_case(state, category="TE")
    make_case(S.RECEIVED, category="7c")
    make_case(S.RECEIVED, category="NCTN1618")
    assert check_records() == (0, "Không có hồ sơ nào vi phạm quy tắc.\n")
    assert check_records("--json") == (0, '{"count": 0, "findings": []}\n')


def test_each_kind_of_broken_record_is_found_and_the_exit_status_is_1(
    make_case,  # noqa: F811
    performers,  # noqa: F811
    director,
    intake_officer,
    org,
    december,
):
    # A "child" whose date of birth was later corrected to 1980.
    child = make_case(S.RECEIVED, category="TE", name="Lương Văn Tài")
    Beneficiary.objects.filter(pk=child.beneficiary_id).update(date_of_birth=date(1980, 5, 4))
    # A Kinh person in the minority category.
    kinh = make_case(S.ACCEPTED, category="DTTS", name="Nguyễn Văn Bình")
    Beneficiary.objects.filter(pk=kinh.beneficiary_id).update(ethnicity=Ethnicity.objects.get(code="01"))
    # The same contradiction, kept at intake with the clerk's reason: not a breach.
    kept = services.case_receive(
        by=intake_officer,
        unit=org.admin_department,
        request_date=date(2026, 12, 7),
        categories=[BeneficiaryCategory.objects.get(code="TE")],
        form=child.form,
        field=child.field,
        description="Tranh chấp đất đai",
        new_beneficiary=services.BeneficiaryData(
            full_name="Hà Thị Nga", sex="female", date_of_birth=date(1980, 1, 2)
        ),
        category_override_reason="Giấy khai sinh ghi năm sinh 2014",
    )
    # An appraisal concluding "tốt" with no criterion marked and no reason.
    good_unsupported = make_case(S.APPRAISED, name="Triệu Thị Hoa")
    Appraisal.objects.get(case=good_unsupported).criteria.clear()
    # An appraisal failing the case although every criterion is met, without a reason.
    fails_what_passes = make_case(S.APPRAISED, name="Vi Văn Sơn")
    failing = QualityOutcome.objects.get(scale="appraisal", code="khong_dat")
    Appraisal.objects.filter(case=fails_what_passes).update(outcome=failing)
    # A payment for a case whose appraisal failed (explained, so only the payment breaks a rule).
    paid_failed = make_case(S.APPRAISED, name="Hoàng Thị Mai")
    Appraisal.objects.filter(case=paid_failed).update(outcome=failing, override_reason="Thiếu hồ sơ")
    # A payment for a case never appraised.
    paid_early = make_case(S.ASSIGNED, name="Đinh Văn Lợi")
    for case in (paid_failed, paid_early):
        Payment.objects.create(
            case=case,
            performer=performers.collaborator,
            amount=Decimal(1_500_000),
            paid_on=date(2026, 12, 1),
            recorded_by=director,
        )
    # Open cases waiting for a step with a time limit, without their deadline.
    received = make_case(S.RECEIVED, name="Mã Văn Chiến")
    accepted = make_case(S.ACCEPTED, name="La Thị Yến")
    Case.objects.filter(pk__in=[received.pk, accepted.pk]).update(next_deadline=None)
    # An assigned case has no deadline of its own: not a breach.
    Case.objects.filter(pk=make_case(S.ASSIGNED, name="Tô Văn Kiên").pk).update(next_deadline=None)

    status, output = check_records("--json")
    assert status == 1
    found = json.loads(output)
    assert {(f["rule"], f["url"]) for f in found["findings"]} == {
        ("cases.category", url(child)),
        ("cases.category", url(kinh)),
        ("cases.appraisal", url(good_unsupported)),
        ("cases.appraisal", url(fails_what_passes)),
        ("cases.payment", url(paid_failed)),
        ("cases.payment", url(paid_early)),
        ("cases.deadline", url(received)),
        ("cases.deadline", url(accepted)),
    }
    assert found["count"] == 8
    assert url(kept) not in output

    status, text = check_records()
    assert status == 1
    lines = text.splitlines()
    assert f"({url(child)}): Diện trẻ em: người được trợ giúp sinh ngày 04/05/1980, đủ 46 tuổi" in text
    assert "người được trợ giúp là người dân tộc Kinh" in text
    assert "Vụ việc không đạt chất lượng" in text
    assert any(
        line.startswith(f"Vụ việc {received}") and "chưa có hạn xử lý tiếp theo" in line for line in lines
    )
    assert lines[-1] == "Có 8 vi phạm quy tắc ở 8 hồ sơ."


def test_the_checks_run_a_few_queries_whatever_the_number_of_cases(
    make_case,  # noqa: F811
    django_assert_max_num_queries,
    december,
):
    for n in range(6):
        case = make_case([S.RECEIVED, S.APPRAISED][n % 2], category="TE", name=f"Lộc Văn {n}")
        Beneficiary.objects.filter(pk=case.beneficiary_id).update(date_of_birth=date(1970, 1, 1))
    checks = registered()
    with django_assert_max_num_queries(4 * len(checks) + 4):
        findings = run_checks(checks)
    assert len(findings) == 6


def test_the_demo_breaks_no_rule(db):
    from legalaid.demo import seed_demo

    seed_demo()
    assert run_checks() == []
    assert check_records("--json") == (0, '{"count": 0, "findings": []}\n')
    assert check_records() == (0, "Không có hồ sơ nào vi phạm quy tắc.\n")
