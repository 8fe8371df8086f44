"""The appraisal's conclusion follows from its criteria (admin-editable rule per outcome): "đạt"
needs every required criterion, "tốt" every criterion; another conclusion needs a written reason,
which the report prints. The report's table and its conclusion never disagree unexplained."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Criterion, QualityOutcome
from cases.tests.test_pages import pdf_text
from legalaid.refusal import Refusal

S = Case.Status


def outcome(code: str) -> QualityOutcome:
    return QualityOutcome.objects.get(scale="appraisal", code=code)


@pytest.fixture
def under_appraisal(make_case):
    case = make_case(S.UNDER_APPRAISAL)
    return case, case.appraisal.appraiser


def test_the_default_rule_is_the_one_the_issue_names(db):
    assert outcome("tot").criteria_needed == QualityOutcome.Needs.ALL
    assert outcome("dat").criteria_needed == QualityOutcome.Needs.REQUIRED
    assert outcome("khong_dat").criteria_needed == QualityOutcome.Needs.NOTHING


def test_a_pass_over_unmet_criteria_is_refused_naming_them(under_appraisal):
    case, appraiser = under_appraisal
    criteria = services.applicable_criteria(case)
    with pytest.raises(Refusal) as refused:
        services.appraisal_record(
            case=case, by=appraiser, outcome=outcome("dat"), findings="Đạt", criteria=criteria[:-1]
        )
    assert refused.value.field == "outcome"
    assert criteria[-1].code in refused.value.message
    case.refresh_from_db()
    assert case.status == S.UNDER_APPRAISAL and case.appraisal.outcome is None


def test_a_criterion_not_required_is_not_needed_for_a_pass_but_is_for_good(under_appraisal):
    case, appraiser = under_appraisal
    criteria = services.applicable_criteria(case)
    Criterion.objects.filter(pk=criteria[-1].pk).update(required=False)
    with pytest.raises(Refusal):
        services.appraisal_record(
            case=case, by=appraiser, outcome=outcome("tot"), findings="Tốt", criteria=criteria[:-1]
        )
    appraisal = services.appraisal_record(
        case=case, by=appraiser, outcome=outcome("dat"), findings="Đạt", criteria=criteria[:-1]
    )
    assert appraisal.outcome.code == "dat" and appraisal.override_reason == ""


def test_failing_a_case_whose_criteria_all_pass_needs_a_reason(under_appraisal):
    case, appraiser = under_appraisal
    criteria = services.applicable_criteria(case)
    with pytest.raises(Refusal) as refused:
        services.appraisal_record(
            case=case, by=appraiser, outcome=outcome("khong_dat"), findings="Không đạt", criteria=criteria
        )
    assert "Vụ việc đạt chất lượng tốt" in refused.value.message
    # Failing with some criteria unmet agrees with the table: no reason asked.
    appraisal = services.appraisal_record(
        case=case, by=appraiser, outcome=outcome("khong_dat"), findings="Không đạt", criteria=criteria[:2]
    )
    assert appraisal.override_reason == ""


def test_an_override_with_its_reason_is_printed_on_the_report(client, under_appraisal):
    case, appraiser = under_appraisal
    reason = "Người được trợ giúp pháp lý xác nhận kết quả bằng văn bản ngày 02/12/2026"
    services.appraisal_record(
        case=case,
        by=appraiser,
        outcome=outcome("dat"),
        findings="Thiếu biên bản làm việc nhưng kết quả tốt",
        criteria=[],
        override_reason=reason,
    )
    client.force_login(appraiser)
    report = pdf_text(client.get(reverse("cases:pdf", args=[case.pk, "bao-cao-tham-dinh"])).content)
    flat = " ".join(report.split())
    assert "Kết luận khác với kết quả đối chiếu tiêu chí, lý do: " + reason in flat
    assert "Vụ việc đạt chất lượng" in flat


def test_the_page_refuses_a_pass_without_criteria_and_keeps_what_was_typed(client, under_appraisal):
    case, appraiser = under_appraisal
    client.force_login(appraiser)
    response = client.post(
        reverse("cases:action", args=[case.pk, "appraise"]),
        {
            "version": case.version,
            "outcome": outcome("tot").pk,
            "findings": "Hồ sơ đầy đủ",
            "appraised_on": case.completed_on.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "TD-01" in response.content.decode()
    assert response.context["form"]["findings"].value() == "Hồ sơ đầy đủ"
