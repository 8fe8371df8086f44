"""Official documents: an HTML template extending ``documents/base.html`` rendered to PDF.

The base template gives the layout of Decree 30/2020/NĐ-CP, Appendix I: the issuing body top
left, the national motto top right, number and symbol, place and date, title, body, recipients
and the signature block, on A4 with the official margins, in a Times-compatible serif that
covers every Vietnamese letter (Debian's fonts-liberation2: Liberation Serif 2.x).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

DOCUMENT_FONT = "Liberation Serif"


def vietnamese_date_line(place: str, day: date | None) -> str:
    """'Lạng Sơn, ngày 08 tháng 02 năm 2021'; without a day, the blanks the clerk fills in."""
    if day is None:
        return f"{place}, ngày     tháng     năm       "
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def document_number(number: int | None, type_code: str, issuer_code: str) -> str:
    """'Số: 05/KH-TGPL'; without a number the space the clerk fills in when registering."""
    symbol = f"{type_code}-{issuer_code}" if type_code else issuer_code
    return f"Số: {number:02d}/{symbol}" if number else f"Số:      /{symbol}"


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML

    # Official papers are Vietnamese whatever language the interface is in.
    with translation.override("vi"):
        html = render_to_string(template_name, {"document_font": DOCUMENT_FONT, **context}, request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def signer_title(unit) -> str:
    """Who signs for a unit: the head of the centre, of the Department, or of a branch."""
    from legalaid.models import Unit

    titles = {Unit.Kind.DOJ: "GIÁM ĐỐC SỞ", Unit.Kind.BRANCH: "TRƯỞNG CHI NHÁNH"}
    return titles.get(unit.kind, "GIÁM ĐỐC") if unit is not None else "GIÁM ĐỐC"
