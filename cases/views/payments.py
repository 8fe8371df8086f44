"""Payments to the collaborators and lawyers who performed appraised cases."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import Refusal
from legalaid.spreadsheets import Column, Sheet, xlsx_response
from legalaid.validation import query_id
from staffing.access import visible_people

from .. import access, forms, services


def _payment_period(request) -> tuple[date, date]:
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or None)
    start, end = date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return start, end


def _payable(request):
    start, end = _payment_period(request)
    performer = None
    performer_id = query_id(request, "performer")
    if performer_id is not None:
        # Only a person the user may see: any other id answers as a URL outside the scope would.
        performer = visible_people(request.user).filter(pk=performer_id).first()
        if performer is None:
            raise Http404
    # The user's own scope (their subtree, and the cases they work on), not their centre's.
    cases = services.payable_cases(
        centre_path="", start=start, end=end, performer=performer, within=access.visible_cases(request.user)
    )
    return start, end, cases.order_by("performer__name_sort_key", "appraisal__appraised_on")


@permission_required("cases.view_payment", raise_exception=True)
def payments(request):
    start, end, cases = _payable(request)
    shown = list(cases[:1000])
    quotes = services.payment_quotes(shown)
    return render(
        request,
        "cases/payments.html",
        {
            # Each row's form numbers its ids after the case: unique ids, labels that resolve.
            "rows": [
                (case, quotes[case.pk], forms.PaymentForm(auto_id=f"id_%s_{case.pk}")) for case in shown
            ],
            "tariff_unset": any(not quote.tariff_set for quote in quotes.values()),
            "start": start,
            "end": end,
            "form": forms.PaymentForm(),
            "query": request.GET.urlencode(),
            "may_pay": request.user.has_perm("cases.add_payment"),
        },
    )


PAYMENTS_TITLE = "DANH SÁCH VỤ VIỆC ĐỦ ĐIỀU KIỆN THANH TOÁN"
PAYMENT_COLUMNS = [
    Column("STT", "integer"),
    Column("Người thực hiện"),
    Column("Loại"),
    Column("Số thụ lý", "code"),
    Column("Người được TGPL"),
    Column("Hình thức"),
    Column("Lĩnh vực"),
    Column("Ngày thẩm định", "date"),
    Column("Kết quả thẩm định"),
    Column("Số giờ làm việc", "decimal", total=True),
    Column("Mức thù lao (đồng)", "money"),
    Column("Đơn vị tính"),
    Column("Căn cứ"),
    Column("Số lượng", "integer"),
    Column("Thành tiền theo biểu mức (đồng)", "money", total=True),
    Column("Đã thanh toán (đồng)", "money", total=True),
    Column("Lý do điều chỉnh"),
    Column("Ngày thanh toán", "date"),
]
NOT_SET = "Chưa thiết lập"


@permission_required("cases.view_payment", raise_exception=True)
def payments_xlsx(request):
    start, end, cases = _payable(request)
    rows = []
    cases = list(cases)
    quotes = services.payment_quotes(cases)
    for number, case in enumerate(cases, start=1):
        payment = getattr(case, "payment", None)
        quote = quotes[case.pk]
        line = quote.tariff
        rows.append(
            [
                number,
                case.performer.full_name,
                case.performer.get_kind_display(),
                case.register_number,
                case.beneficiary.full_name,
                case.form.name,
                case.field.name,
                case.appraisal.appraised_on,
                case.appraisal.outcome.label if case.appraisal.outcome_id else "",
                quote.hours,
                line.amount if quote.tariff_set else None,
                line.get_unit_display() if line else "",
                line.legal_basis if quote.tariff_set else NOT_SET,
                quote.units if quote.tariff_set else None,
                quote.amount if quote.tariff_set else None,
                payment.amount if payment else None,
                payment.adjustment_reason if payment else "",
                payment.paid_on if payment else None,
            ]
        )
    sheet = Sheet(
        title="Thanh toán",
        heading=[PAYMENTS_TITLE, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"],
        columns=PAYMENT_COLUMNS,
        rows=rows,
    )
    return xlsx_response([sheet], filename=f"Thanh toán {start:%d-%m-%Y} đến {end:%d-%m-%Y}.xlsx")


@require_POST
@permission_required("cases.add_payment", raise_exception=True)
def payment_add(request, pk: int):
    case = access.get_case_for_user(request.user, pk)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(case=case, by=request.user, **form.cleaned_data)
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The payment was recorded."))
    else:
        messages.error(request, _("Enter the date of payment (and a valid amount, if another)."))
    return redirect("cases:payments")
