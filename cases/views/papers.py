"""The official papers of a case (appointment slip, refusal notice, appointment decisions,
appraisal decision and report) and the centre's register, as PDF and as a spreadsheet.

Every paper names the beneficiary and their contact data: a paper of a case whose protected data
the user may not see (``access.may_see_sensitive``) is not served at all (404, as for a case they
may not see), and every paper of a sensitive case served is logged (``services.log_views``)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from legalaid import documents
from legalaid.models import Unit
from legalaid.roles import Role, visible_units
from legalaid.spreadsheets import Column, Sheet, xlsx_response

from .. import access, services
from ..models import Appointment, Appraisal, Case, SensitiveView
from ..services.corrections import last_reissue
from .lists import status_labels, with_categories


def _paper_case(request, pk: int) -> Case:
    case = access.get_case_for_user(request.user, pk)
    if not access.may_see_sensitive(request.user, case):
        raise Http404
    return case


def _log(request, cases: list[Case], kind: str, appraised=None) -> None:
    """One row per sensitive case whose protected data this paper or export shows the user."""
    view_name = request.resolver_match.view_name
    services.log_views(request.user, cases, kind=kind, url_name=view_name, appraised=appraised)


def _paper_context(case: Case, number: str, day: date | None, **extra):
    centre = case.centre
    director = centre.users.filter(groups__name=Role.DIRECTOR, is_active=True).order_by("pk").first()
    return {
        "issuer_parent": centre.parent.name if centre.parent_id else "",
        "issuer": centre.name,
        "number": number,
        "date_line": documents.vietnamese_date_line(centre.province.name if centre.province_id else "", day),
        "case": case,
        "centre": centre,
        "signer_authority": "GIÁM ĐỐC",
        "signer_name": director.full_name if director else "",
        **extra,
    }


def _number(seq, type_code, case):
    return documents.document_number(seq, type_code, case.centre.short_name or "TGPL")


def _appointment_slip(request, case: Case):
    """Phiếu hẹn, handed over on acceptance, with the link to the satisfaction survey."""
    if not case.register_number:
        raise Http404
    link = services.survey_link_for(case)
    survey_url = request.build_absolute_uri(reverse("cases:survey_public", args=[link.token])) if link else ""
    context = _paper_context(
        case,
        f"Số thụ lý: {case.register_number}",
        case.accepted_on,
        categories=list(case.categories.all()),
        survey_url=survey_url,
        appointment_due=case.next_deadline or case.accepted_on,
    )
    return "cases/pdf/appointment_slip.html", context


def _refusal_notice(request, case: Case):
    """The notice of refusal, or of not continuing a case that was stopped."""
    if case.status not in (Case.Status.REFUSED, Case.Status.TERMINATED):
        raise Http404
    context = _paper_context(
        case, _number(case.closing_number, "TB", case), case.closed_on, categories=list(case.categories.all())
    )
    return "cases/pdf/refusal.html", context


def _appraisal(case: Case) -> Appraisal:
    appraisal = (
        Appraisal.objects.filter(case=case).select_related("appraiser", "appraiser_person", "outcome").first()
    )
    if appraisal is None:
        raise Http404
    return appraisal


def _appraisal_assignment(request, case: Case):
    appraisal = _appraisal(case)
    context = _paper_context(
        case, _number(appraisal.number, "QĐ", case), appraisal.assigned_on, appraisal=appraisal
    )
    return "cases/pdf/appraisal_assignment.html", context


def _appraisal_report(request, case: Case):
    appraisal = _appraisal(case)
    if appraisal.appraised_on is None:
        raise Http404
    applicable = services.applicable_criteria(case)
    met = set(appraisal.criteria.values_list("pk", flat=True))
    context = _paper_context(
        case,
        _number(None, "BC", case),
        appraisal.appraised_on,
        appraisal=appraisal,
        criteria=[(c, c.pk in met) for c in applicable],
        signer_authority="NGƯỜI THẨM ĐỊNH",
        signer_name=appraisal.appraiser_name,
    )
    return "cases/pdf/appraisal_report.html", context


# The papers of a case by the slug of their URL: each gives its template and its context.
PAPERS = {
    "phieu-hen": _appointment_slip,
    "tu-choi": _refusal_notice,
    "quyet-dinh-tham-dinh": _appraisal_assignment,
    "bao-cao-tham-dinh": _appraisal_report,
}


@permission_required("cases.view_case", raise_exception=True)
def pdf(request, pk: int, kind: str):
    paper = PAPERS.get(kind)
    if paper is None:
        raise Http404
    template, context = paper(request, _paper_case(request, pk))
    context["reissued"] = last_reissue(context["case"], kind)  # says so, after a correction
    _log(request, [context["case"]], SensitiveView.Kind.PDF)
    return documents.pdf_response(
        documents.render_pdf(template, context, request), f"{kind}-{context['case'].pk}.pdf"
    )


@permission_required("cases.view_case", raise_exception=True)
def appointment_pdf(request, pk: int, appointment_pk: int):
    case = _paper_case(request, pk)
    appointment = get_object_or_404(
        Appointment.objects.select_related("performer", "replaced"), pk=appointment_pk, case=case
    )
    context = _paper_context(
        case,
        _number(appointment.number, "QĐ", case),
        appointment.decided_on,
        appointment=appointment,
        categories=list(case.categories.all()),
        reissued=last_reissue(case, f"quyet-dinh-{appointment.pk}"),
    )
    _log(request, [case], SensitiveView.Kind.PDF)
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/appointment.html", context, request),
        f"quyet-dinh-{appointment.number}.pdf",
    )


# --- The register ----------------------------------------------------------------------------


def _register_cases(request, year: int):
    centre = request.user.unit.centre() if request.user.unit_id else None
    if centre is None:
        centre = visible_units(request.user).filter(kind=Unit.Kind.CENTRE).first()
    if centre is None:
        raise Http404
    cases = (
        access.visible_cases(request.user)
        .filter(centre=centre, register_year=year, register_seq__isnull=False)
        .select_related("beneficiary__commune", "form", "field", "performer", "unit")
        .prefetch_related("categories")
        .order_by("register_seq")
    )
    return centre, list(cases)


@permission_required("cases.export_case", raise_exception=True)
def register_pdf(request, year: int):
    centre, cases = _register_cases(request, year)
    director = centre.users.filter(groups__name=Role.DIRECTOR, is_active=True).order_by("pk").first()
    rows = with_categories(request.user, cases)  # the rule decided (and kept) for every row
    _log(request, cases, SensitiveView.Kind.EXPORT)
    context = {
        "issuer_parent": centre.parent.name if centre.parent_id else "",
        "issuer": centre.name,
        "number": "",
        "date_line": documents.vietnamese_date_line(
            centre.province.name if centre.province_id else "", timezone.localdate()
        ),
        "rows": rows,
        "year": year,
        "signer_authority": "GIÁM ĐỐC",
        "signer_name": director.full_name if director else "",
    }
    return documents.pdf_response(
        documents.render_pdf("cases/pdf/register.html", context, request), f"so-thu-ly-{year}.pdf"
    )


REGISTER_COLUMNS = [
    Column("Số thụ lý", "code"),
    Column("Ngày thụ lý", "date"),
    Column("Người được TGPL"),
    Column("Năm sinh", "code"),
    Column("Giới tính"),
    Column("Địa chỉ"),
    Column("Diện người được TGPL"),
    Column("Hình thức"),
    Column("Lĩnh vực"),
    Column("Nội dung", width=50),
    Column("Người thực hiện"),
    Column("Kết quả"),
]


def register_title(year: int) -> str:
    return f"SỔ THỤ LÝ VỤ VIỆC TRỢ GIÚP PHÁP LÝ NĂM {year}"


@permission_required("cases.export_case", raise_exception=True)
def register_xlsx(request, year: int):
    centre, cases = _register_cases(request, year)
    user = request.user
    appraised = access.appraised_among(user, [case.pk for case in cases])
    statuses = status_labels()
    rows = []
    for case in cases:
        b = case.beneficiary
        shown = access.may_see_sensitive(user, case, appraised=appraised)
        contact = access.beneficiary_contact(user, case, appraised=appraised)
        rows.append(
            [
                case.register_number,
                case.accepted_on,
                b.full_name,
                str(b.date_of_birth.year) if b.date_of_birth else "",  # the year: a statistical field
                b.get_sex_display(),
                ", ".join(filter(None, [contact["address"], b.commune.name if b.commune_id else ""])),
                access.categories_text(user, case, appraised=appraised),
                case.form.name,
                case.field.name,
                case.description[:500] if shown else access.protected(),
                case.performer.full_name if case.performer_id else "",
                statuses[case.status],
            ]
        )
    _log(request, cases, SensitiveView.Kind.EXPORT, appraised)
    sheet = Sheet(
        title=f"Sổ thụ lý {year}",
        heading=[register_title(year), centre.name.upper()],
        columns=REGISTER_COLUMNS,
        rows=rows,
    )
    return xlsx_response([sheet], filename=f"Sổ thụ lý {year}.xlsx")
