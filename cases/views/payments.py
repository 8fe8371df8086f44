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
    payable = services.payable_cases(centre_path="", start=start, end=end, performer=performer)
    # The user's own scope (their subtree, and the cases they work on), not their centre's.
    cases = payable & access.visible_cases(request.user)
    return start, end, cases.order_by("performer__name_sort_key", "appraisal__appraised_on")


@permission_required("cases.view_payment", raise_exception=True)
def payments(request):
    start, end, cases = _payable(request)
    return render(
        request,
        "cases/payments.html",
        {
            "cases": cases[:1000],
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
    Column("Đã thanh toán (đồng)", "money", total=True),
    Column("Ngày thanh toán", "date"),
]


@permission_required("cases.view_payment", raise_exception=True)
def payments_xlsx(request):
    start, end, cases = _payable(request)
    rows = []
    for number, case in enumerate(cases, start=1):
        payment = getattr(case, "payment", None)
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
                payment.amount if payment else None,
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
            services.payment_record(
                case=case,
                by=request.user,
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The payment was recorded."))
    else:
        messages.error(request, _("Enter the amount and the date of payment."))
    return redirect("cases:payments")
