"""Personal data: the director's review of who was shown sensitive data (a page and its
spreadsheet), and a person's data-subject export (a PDF of everything held about them)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from legalaid import documents
from legalaid.models import User
from legalaid.spreadsheets import Column, Sheet, xlsx_response
from legalaid.validation import query_id, query_text
from legalaid.widgets import parse_date_text

from .. import access, services
from ..models import Beneficiary, SensitiveView

PAGE_SIZE = 50
EXPORT_LIMIT = 50000


def _day(text: str) -> date | None:
    return parse_date_text(text)


def _reviewed_views(request):
    """The log rows the reviewer may read, narrowed by the query string (user, register
    number, period), newest first; and the filter values as chosen."""
    if not access.may_review_sensitive_views(request.user):
        raise Http404
    rows = SensitiveView.objects.filter(access.sensitive_views_scope(request.user))
    params = request.GET
    chosen = {key: query_text(params, key) for key in ("user", "number", "from", "to")}
    if query_id(params, "user"):
        rows = rows.filter(user_id=query_id(params, "user"))
    if chosen["number"]:
        rows = rows.filter(case__register_number__iexact=chosen["number"])
    start, end = _day(chosen["from"]), _day(chosen["to"])
    chosen["from"], chosen["to"] = (start.isoformat() if start else ""), (end.isoformat() if end else "")
    if start:
        rows = rows.filter(at__date__gte=start)
    if end:
        rows = rows.filter(at__date__lte=end)
    rows = rows.select_related("user", "unit", "case", "beneficiary").order_by("-at", "-pk")
    return rows, chosen


@permission_required("cases.view_sensitiveview", raise_exception=True)
def sensitive_views(request):
    rows, chosen = _reviewed_views(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    viewers = User.objects.filter(
        pk__in=SensitiveView.objects.filter(access.sensitive_views_scope(request.user)).values("user_id")
    ).order_by("full_name")
    return render(
        request,
        "cases/sensitive_views.html",
        {"page": page, "chosen": chosen, "query": query.urlencode(), "viewers": viewers},
    )


REVIEW_TITLE = "NHẬT KÝ TRUY CẬP DỮ LIỆU NHẠY CẢM"
REVIEW_COLUMNS = [
    Column("STT", "integer"),
    Column("Thời điểm", "datetime"),
    Column("Người xem"),
    Column("Đơn vị của người xem"),
    Column("Số thụ lý", "code"),
    Column("Người được TGPL"),
    Column("Nội dung được xem"),
    Column("Trang", "code"),
]


@permission_required("cases.view_sensitiveview", raise_exception=True)
def sensitive_views_xlsx(request):
    rows, chosen = _reviewed_views(request)
    kinds = dict(SensitiveView.Kind.choices)
    lines = [
        [
            number,
            row.at,
            row.user.full_name or row.user.username,
            row.unit.name if row.unit_id else "",
            row.case.register_number or str(row.case) if row.case_id else "",
            row.beneficiary.full_name,
            str(kinds[row.kind]),
            row.url_name,
        ]
        for number, row in enumerate(rows[:EXPORT_LIMIT], start=1)
    ]
    today = timezone.localdate()
    period = " ".join(
        part
        for part in (
            f"từ {date.fromisoformat(chosen['from']):%d/%m/%Y}" if chosen["from"] else "",
            f"đến {date.fromisoformat(chosen['to']):%d/%m/%Y}" if chosen["to"] else "",
        )
        if part
    )
    sheet = Sheet(
        title="Nhật ký",
        heading=[REVIEW_TITLE, f"Thời gian {period}" if period else f"Tính đến ngày {today:%d/%m/%Y}"],
        columns=REVIEW_COLUMNS,
        rows=lines,
    )
    return xlsx_response([sheet], filename=f"Nhật ký dữ liệu nhạy cảm {today:%d-%m-%Y}.xlsx")


@permission_required("cases.view_case", raise_exception=True)
def subject_export(request, person_pk: int):
    """Everything held about one person, as a paper: produced by directors and intake officers
    whose subtree holds one of the person's cases (404 for anyone else), and logged."""
    held = access.subject_export_scope(request.user).filter(beneficiary_id=person_pk)
    held = held.select_related("centre__parent", "centre__province")
    case = held.order_by("-request_date", "-pk").first()
    if case is None:
        raise Http404
    person = get_object_or_404(
        Beneficiary.objects.select_related("commune__province", "ethnicity"), pk=person_pk
    )
    centre = case.centre
    services.log_subject_export(request.user, person, url_name=request.resolver_match.view_name)
    today = timezone.localdate()
    context = {
        "issuer_parent": centre.parent.name if centre.parent_id else "",
        "issuer": centre.name,
        "number": documents.document_number(None, "", centre.short_name or "TGPL"),
        "date_line": documents.vietnamese_date_line(
            centre.province.name if centre.province_id else "", today
        ),
        "signer_authority": documents.signer_title(centre),
        "signer_name": "",
        "today": today,
        **services.subject_data(person),
    }
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/subject_export.html", context, request),
        f"du-lieu-ca-nhan-{person.pk}.pdf",
    )
