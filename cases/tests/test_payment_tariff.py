"""Payment only for a case whose appraisal passed, at the amount of the tariff line in force on
the appraisal date; another amount only with the director's written reason."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases import services
from cases.models import Case, Payment, PaymentTariff, QualityOutcome
from legalaid.models import LegalAidForm
from legalaid.refusal import Refusal

S = Case.Status


def appraised_lawyer_case(make_case, director, performers, appraiser, *, outcome="dat", hours=(), name=None):
    """A proceedings case performed by the contracted lawyer, with its work log, appraised."""
    case = make_case(S.ACCEPTED, **({"name": name} if name else {}))
    services.case_appoint(case=case, by=director, performer=performers.lawyer)
    for number in hours:
        services.case_log_work(
            case=case,
            by=director,
            day=timezone.localdate(),
            kind="hearing",
            hours=Decimal(number),
            description="Tham gia phiên toà",
        )
    services.case_complete(case=case, by=director, outcome="favourable", summary="Thắng kiện")
    services.appraisal_assign(case=case, by=director, appraiser=appraiser)
    chosen = QualityOutcome.objects.get(scale="appraisal", code=outcome)
    services.appraisal_record(
        case=case,
        by=appraiser,
        outcome=chosen,
        findings="Nhận xét",
        criteria=services.applicable_criteria(case) if chosen.meets_quality else [],
    )
    case.refresh_from_db()
    return case


def set_tariff(
    amount, *, unit="case", valid_from=date(2018, 1, 1), valid_until=None, basis="Nghị quyết HĐND"
):
    """The lawyer's line for proceedings, as an administrator enters it."""
    return PaymentTariff.objects.create(
        form=LegalAidForm.objects.get(code="TGTT"),
        performer_kind="lawyer",
        amount=amount,
        unit=unit,
        valid_from=valid_from,
        valid_until=valid_until,
        legal_basis=basis,
        verified=True,
    )


@pytest.fixture
def case_of(make_case, director, performers, second_assistant_user):
    def make(**kwargs):
        return appraised_lawyer_case(make_case, director, performers, second_assistant_user, **kwargs)

    return make


def test_the_default_tariff_holds_no_amount_and_is_not_verified(db):
    lines = PaymentTariff.objects.all()
    assert lines.count() == LegalAidForm.objects.count() * 3
    assert not lines.filter(amount__gt=0).exists() and not lines.filter(verified=True).exists()


def test_a_case_appraised_as_failing_is_not_payable_and_its_payment_is_refused(case_of, director):
    set_tariff(1_000_000)
    failed = case_of(outcome="khong_dat")
    passed = case_of(name="Vi Văn Sơn")
    today = timezone.localdate()
    payable = services.payable_cases(centre_path="", start=today, end=today)
    assert [c.pk for c in payable] == [passed.pk]
    with pytest.raises(Refusal) as refused:
        services.payment_record(case=failed, by=director)
    assert "“Vụ việc không đạt chất lượng”" in refused.value.message
    assert "đạt chất lượng mới được thanh toán" in refused.value.message
    # Nor with an amount and a reason: the rule is about the case, not the amount.
    with pytest.raises(Refusal):
        services.payment_record(
            case=failed, by=director, adjusted_amount=Decimal(500_000), adjustment_reason="Đề nghị"
        )
    assert not Payment.objects.filter(case=failed).exists()


def test_the_amount_comes_from_the_line_in_force_on_the_appraisal_date(case_of, director):
    today = timezone.localdate()
    old = set_tariff(100_000, unit="day", valid_until=today - timedelta(days=1), basis="Quyết định cũ")
    new = set_tariff(200_000, unit="day", valid_from=today, basis="Nghị quyết mới")
    case = case_of(hours=["6", "5.5"])  # 11.5 hours: two days of work, rounded up
    quote = services.payment_quote(case)
    assert (quote.tariff, quote.hours, quote.units, quote.amount) == (new, Decimal("11.5"), 2, 400_000)
    # Appraised the day before, the old line applies.
    case.appraisal.appraised_on = today - timedelta(days=1)
    case.appraisal.save()
    assert services.payment_quote(case).tariff == old
    assert services.payment_quote(case).amount == 200_000
    case.appraisal.appraised_on = today
    case.appraisal.save()
    payment = services.payment_record(case=case, by=director)
    assert (payment.amount, payment.computed_amount, payment.tariff, payment.units) == (
        400_000,
        400_000,
        new,
        2,
    )
    assert payment.adjustment_reason == ""


def test_an_unset_tariff_is_shown_on_the_page_and_pays_nothing_by_itself(client, case_of, director):
    case = case_of()  # the default lines: amount 0, not verified
    client.force_login(director)
    page = client.get(reverse("cases:payments")).content.decode()
    assert "Biểu mức thù lao chưa được thiết lập" in page
    with pytest.raises(Refusal) as refused:
        services.payment_record(case=case, by=director)
    assert refused.value.field == "adjusted_amount"
    assert "Biểu mức thù lao chưa được thiết lập" in refused.value.message
    PaymentTariff.objects.filter(form__code="TGTT", performer_kind="lawyer").update(amount=900_000)
    with pytest.raises(Refusal):  # an amount nobody has checked against its basis
        services.payment_record(case=case, by=director)
    PaymentTariff.objects.filter(form__code="TGTT", performer_kind="lawyer").update(verified=True)
    page = client.get(reverse("cases:payments")).content.decode()
    assert "Biểu mức thù lao chưa được thiết lập" not in page and "900000 đ" in page


def test_another_amount_needs_the_directors_written_reason(client, case_of, director):
    set_tariff(1_200_000)
    case = case_of()
    with pytest.raises(Refusal) as refused:
        services.payment_record(case=case, by=director, adjusted_amount=Decimal(1_500_000))
    assert refused.value.field == "adjustment_reason"
    client.force_login(director)
    today = timezone.localdate()
    client.post(
        reverse("cases:payment_add", args=[case.pk]),
        {"paid_on": today.isoformat(), "adjusted_amount": "1500000", "adjustment_reason": " "},
    )
    assert not Payment.objects.filter(case=case).exists()
    reason = "Vụ án kéo dài 3 phiên xét xử, Giám đốc duyệt theo Tờ trình số 12/TTr"
    client.post(
        reverse("cases:payment_add", args=[case.pk]),
        {"paid_on": today.isoformat(), "adjusted_amount": "1500000", "adjustment_reason": reason},
    )
    payment = Payment.objects.get(case=case)
    assert (payment.amount, payment.computed_amount, payment.adjustment_reason) == (
        1_500_000,
        1_200_000,
        reason,
    )
    assert payment.history.get().history_change_reason == reason
    assert reason in client.get(reverse("cases:payments")).content.decode()


def test_the_spreadsheet_shows_outcome_hours_tariff_and_amounts_with_totals(client, case_of, director):
    set_tariff(300_000, unit="session", basis="Nghị quyết số 05/2024/NQ-HĐND")
    first = case_of(hours=["3", "2"])
    case_of(hours=["4"], name="Lộc Văn Tài")
    services.payment_record(case=first, by=director)
    client.force_login(director)
    sheet = load_workbook(io.BytesIO(client.get(reverse("cases:payments_xlsx")).content)).active
    rows = list(sheet.values)
    header = rows[3]
    for title in (
        "Kết quả thẩm định",
        "Số giờ làm việc",
        "Mức thù lao (đồng)",
        "Căn cứ",
        "Thành tiền theo biểu mức (đồng)",
        "Đã thanh toán (đồng)",
    ):
        assert title in header
    column = {title: header.index(title) for title in header}
    body = rows[4:6]
    assert {row[column["Người được TGPL"]] for row in body} == {"Hoàng Thị Lan", "Lộc Văn Tài"}
    assert {row[column["Kết quả thẩm định"]] for row in body} == {"Vụ việc đạt chất lượng"}
    assert {row[column["Căn cứ"]] for row in body} == {"Nghị quyết số 05/2024/NQ-HĐND"}
    assert sorted(row[column["Thành tiền theo biểu mức (đồng)"]] for row in body) == [300_000, 600_000]
    totals = rows[6]
    assert totals[1] == "Tổng cộng"
    assert totals[column["Số giờ làm việc"]] == 9
    assert totals[column["Thành tiền theo biểu mức (đồng)"]] == 900_000
    assert totals[column["Đã thanh toán (đồng)"]] == 600_000
    assert rows[7:] == []
