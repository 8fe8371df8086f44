"""The cases for the Ministry of Justice's national legal-aid software: one row per case, for
re-entry there or for reconciliation with it (``Case.national_id`` is the Ministry's own ID).

Columns, files, the form and the background job come from ``staffing.national_export``; the
settings ``NATIONAL_EXPORT_CASES_COLUMNS`` and ``NATIONAL_EXPORT_CASES_HEADERS`` drop, reorder or
rename columns. docs/national-export.md describes every column.

The period is chosen on one of two dates: the request date (every request, refused and referred
ones included) or the acceptance date (the cases entered in the Sổ thụ lý).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from django.db.models import F, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from legalaid.jobs import job_attach_result, job_progress, job_running
from legalaid.models import Unit, User
from legalaid.roles import scope_queryset
from staffing.models import Person
from staffing.national_export import (
    Column,
    check_export,
    chosen_columns,
    code_text,
    file_bytes,
    grouped,
    in_chunks,
    joined,
    label,
    yes,
)

from .access import appraised_among, beneficiary_contact, may_see_sensitive, protected
from .models import Appointment, Case, SensitiveView, Sex
from .services.privacy import log_views

# Granted to the director and administrators in cases/apps.py; created by migration 0007.
PERMISSION = "cases.export_national"
# The page the log of sensitive views names for this export (run there or as its background job).
URL_NAME = "cases:national_export"

REQUEST_DATE, ACCEPTANCE_DATE = "request", "accepted"
DATE_BASES = [
    (REQUEST_DATE, gettext_lazy("Request date (every request, refused and referred ones included)")),
    (ACCEPTANCE_DATE, gettext_lazy("Acceptance date (the cases entered in the register)")),
]
DATE_FIELD = {REQUEST_DATE: "request_date", ACCEPTANCE_DATE: "accepted_on"}
FILENAME_BASIS = {REQUEST_DATE: "ngay-yeu-cau", ACCEPTANCE_DATE: "ngay-thu-ly"}


class Category(NamedTuple):
    code: str
    clause: str
    name: str


def _categories(case: Case, text: Callable[[Category], str]) -> str:
    """The case's categories; for a sensitive case, a mask unless the exporter may see them."""
    if not case.exporter_sees_sensitive:
        return protected()
    return joined(text(category) for category in case.category_list)


def _appointment_number(case: Case) -> str:
    if case.appointment is None:
        return ""
    return f"{case.appointment[0]:02d}/QĐ-{case.centre.short_name or 'TGPL'}"


def _appraisal(case: Case):
    return getattr(case, "appraisal", None)


def _evaluation(case: Case):
    return getattr(case, "evaluation", None)


def _closing_reason(case: Case) -> str:
    if case.status == Case.Status.REFUSED:
        return joined([label(Case.RefusalReason, case.refusal_reason), case.refusal_text])
    if case.status == Case.Status.REFERRED:
        return case.referred_to.name if case.referred_to_id else case.referred_to_text
    if case.status == Case.Status.TERMINATED:
        return case.termination_reason
    return ""


def _beneficiary(attribute: str) -> Callable[[Case], object]:
    return lambda case: getattr(case.beneficiary, attribute)


def _contact(attribute: str) -> Callable[[Case], object]:
    """The person's contact data as the exporter may see it (masked on a sensitive case)."""
    return lambda case: case.exporter_contact[attribute]


def _performer(value: Callable[[Person], object]) -> Callable[[Case], object]:
    return lambda case: value(case.performer) if case.performer_id else ""


CASE_COLUMNS: list[Column] = [
    Column("stt", "STT", lambda c: None, width=6),
    Column("id", "Mã hồ sơ trong hệ thống", lambda c: c.pk, width=10),
    Column("register_number", "Số thụ lý", lambda c: c.register_number, as_text=True, width=18),
    Column("register_year", "Năm thụ lý", lambda c: c.register_year, width=8),
    Column("national_id", "Mã vụ việc trên phần mềm của Bộ", lambda c: c.national_id, as_text=True, width=18),
    Column("request_date", "Ngày yêu cầu", lambda c: c.request_date, is_date=True, width=12),
    Column("accepted_on", "Ngày thụ lý", lambda c: c.accepted_on, is_date=True, width=12),
    Column("status", "Trạng thái", lambda c: label(Case.Status, c.status), width=16),
    Column("form_code", "Mã hình thức", lambda c: c.form.code, as_text=True, width=8),
    Column("form", "Hình thức trợ giúp pháp lý", lambda c: c.form.name, width=22),
    Column("field_code", "Mã lĩnh vực", lambda c: c.field.code, as_text=True, width=8),
    Column("field", "Lĩnh vực pháp luật", lambda c: c.field.name, width=40),
    Column("stats_group", "Nhóm lĩnh vực trên biểu thống kê", lambda c: c.field.stats_group, width=24),
    Column("full_name", "Họ và tên người được TGPL", _beneficiary("full_name"), width=26),
    Column("sex", "Giới tính", lambda c: label(Sex, c.beneficiary.sex), width=9),
    Column("date_of_birth", "Ngày sinh", _contact("date_of_birth"), is_date=True, width=12),
    Column(
        "ethnicity_code",
        "Mã dân tộc",
        lambda c: c.beneficiary.ethnicity.code if c.beneficiary.ethnicity_id else "",
        as_text=True,
        width=8,
    ),
    Column(
        "ethnicity",
        "Dân tộc",
        lambda c: c.beneficiary.ethnicity.name if c.beneficiary.ethnicity_id else "",
        width=12,
    ),
    Column("citizen_id", "Số CCCD", _contact("citizen_id"), as_text=True, width=15),
    Column(
        "commune_code",
        "Mã xã/phường",
        lambda c: code_text(c.beneficiary.commune_id, 5),
        as_text=True,
        width=9,
    ),
    Column(
        "commune",
        "Xã/phường",
        lambda c: c.beneficiary.commune.name if c.beneficiary.commune_id else "",
        width=18,
    ),
    Column(
        "province",
        "Tỉnh/thành phố",
        lambda c: c.beneficiary.commune.province.name if c.beneficiary.commune_id else "",
        width=14,
    ),
    Column("address", "Địa chỉ", _contact("address"), width=28),
    Column(
        "category_codes",
        "Mã diện người được TGPL",
        lambda c: _categories(c, lambda g: g.code),
        as_text=True,
        width=14,
    ),
    Column(
        "category_clauses",
        "Khoản (Điều 7 Luật TGPL)",
        lambda c: _categories(c, lambda g: g.clause),
        as_text=True,
        width=10,
    ),
    Column("categories", "Diện người được TGPL", lambda c: _categories(c, lambda g: g.name), width=40),
    Column("requester", "Người yêu cầu", lambda c: label(Case.RequesterKind, c.requester_kind), width=18),
    Column(
        "forwarding_body",
        "Cơ quan chuyển yêu cầu",
        lambda c: c.requester_agency.name if c.requester_agency_id else "",
        width=24,
    ),
    Column("unit", "Đơn vị thụ lý", lambda c: c.unit.name, width=24),
    Column("performer", "Người thực hiện TGPL", _performer(lambda p: p.full_name), width=24),
    Column(
        "performer_kind", "Loại người thực hiện", _performer(lambda p: label(Person.Kind, p.kind)), width=22
    ),
    Column(
        "performer_card",
        "Số thẻ người thực hiện",
        _performer(lambda p: p.card_number),
        as_text=True,
        width=14,
    ),
    Column("appointment_number", "Số quyết định cử", _appointment_number, as_text=True, width=14),
    Column(
        "appointment_date",
        "Ngày cử",
        lambda c: c.appointment[1] if c.appointment else None,
        is_date=True,
        width=12,
    ),
    Column("completed_on", "Ngày hoàn thành", lambda c: c.completed_on, is_date=True, width=12),
    Column("outcome", "Kết quả thực hiện", lambda c: label(Case.Outcome, c.outcome), width=24),
    Column("successful", "Vụ việc tham gia tố tụng thành công", lambda c: yes(c.successful), width=10),
    Column("complex_typical", "Vụ việc phức tạp, điển hình", lambda c: yes(c.complex_typical), width=10),
    Column(
        "appraisal",
        "Kết quả thẩm định",
        lambda c: str(_appraisal(c).outcome or "") if _appraisal(c) else "",
        width=16,
    ),
    Column(
        "appraised_on",
        "Ngày thẩm định",
        lambda c: _appraisal(c).appraised_on if _appraisal(c) else None,
        is_date=True,
        width=12,
    ),
    Column(
        "evaluation",
        "Kết quả đánh giá của Sở Tư pháp",
        lambda c: str(_evaluation(c).outcome or "") if _evaluation(c) else "",
        width=16,
    ),
    Column(
        "closed_on", "Ngày từ chối / chuyển / không tiếp tục", lambda c: c.closed_on, is_date=True, width=12
    ),
    Column("closing_reason", "Lý do từ chối / nơi chuyển / lý do không tiếp tục", _closing_reason, width=30),
]


def case_columns() -> list[Column]:
    return chosen_columns(CASE_COLUMNS, "NATIONAL_EXPORT_CASES")


def national_cases(
    *,
    user: User,
    unit: Unit,
    start: date,
    end: date,
    basis: str = REQUEST_DATE,
    without_national_id: bool = False,
) -> QuerySet[Case]:
    """The cases of ``unit``'s subtree whose request (or acceptance) date falls in the period,
    in the order of that date. Raises PermissionDenied outside what ``user`` may export."""
    check_export(user, unit, PERMISSION)
    date_field = DATE_FIELD[basis]
    cases = scope_queryset(Case.objects.all(), user).filter(
        unit__path__startswith=unit.path, **{f"{date_field}__range": (start, end)}
    )
    if without_national_id:
        cases = cases.filter(national_id="")
    return cases.select_related(
        "centre",
        "unit",
        "form",
        "field",
        "requester_agency",
        "referred_to",
        "beneficiary__ethnicity",
        "beneficiary__commune__province",
        "performer",
        "appraisal__outcome",
        "evaluation__outcome",
    ).order_by(
        date_field, F("register_year").asc(nulls_last=True), F("register_seq").asc(nulls_last=True), "pk"
    )


def _attach(cases: list[Case], user: User) -> None:
    """Each case's categories (by display order) and the decision that appointed its current
    performer (the last by date: a replacement's, if any). Sensitive categories go out only to
    those who may see them on screen (``cases.access.may_see_sensitive``); the others get the mask,
    in them and in the person's contact data (citizen ID, address, date of birth)."""
    ids = [case.pk for case in cases]
    appraised = appraised_among(user, ids)
    categories = grouped(
        (case_id, Category(code, clause, name))
        for case_id, code, clause, name in Case.categories.through.objects.filter(case_id__in=ids)
        .order_by("beneficiarycategory__position", "beneficiarycategory__code")
        .values_list(
            "case_id", "beneficiarycategory__code", "beneficiarycategory__clause", "beneficiarycategory__name"
        )
    )
    appointments = {
        case_id: (number, decided_on)
        for case_id, number, decided_on in Appointment.objects.filter(case_id__in=ids)
        .order_by("decided_on", "pk")
        .values_list("case_id", "number", "decided_on")
    }
    for case in cases:
        case.category_list = categories.get(case.pk, [])
        case.appointment = appointments.get(case.pk)
        case.exporter_sees_sensitive = may_see_sensitive(user, case, appraised=appraised)
        case.exporter_contact = beneficiary_contact(user, case, appraised=appraised)
    # Every sensitive case written unmasked is logged: one insert per chunk.
    log_views(user, cases, kind=SensitiveView.Kind.EXPORT, url_name=URL_NAME, appraised=appraised)


def cases_file(cases: QuerySet[Case], *, user: User, file_format: str, progress=None) -> bytes:
    return file_bytes(
        in_chunks(cases, lambda chunk: _attach(chunk, user)),
        case_columns(),
        file_format=file_format,
        sheet_title="Vụ việc TGPL",
        progress=progress,
    )


def cases_filename(*, basis: str, start: date, end: date, file_format: str) -> str:
    return f"vu-viec-tgpl-{FILENAME_BASIS[basis]}-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"


@task()
def national_cases_task(
    job_id: int,
    *,
    user_id: int,
    unit_id: int,
    start: str,
    end: str,
    basis: str,
    without_national_id: bool,
    file_format: str,
) -> None:
    # The job page shows the message of a failure: in Vietnamese, as the file is.
    with translation.override("vi"), job_running(job_id) as job:
        user = User.objects.select_related("unit").get(pk=user_id)
        unit = Unit.objects.get(pk=unit_id)
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        cases = national_cases(
            user=user, unit=unit, start=first, end=last, basis=basis, without_national_id=without_national_id
        )
        job_progress(job_id, done=0, total=cases.count())
        content = cases_file(
            cases, user=user, file_format=file_format, progress=lambda done: job_progress(job_id, done=done)
        )
        job_attach_result(
            job,
            filename=cases_filename(basis=basis, start=first, end=last, file_format=file_format),
            content=content,
        )
