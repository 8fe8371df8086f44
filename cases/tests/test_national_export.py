"""The export of cases for the Ministry's national legal-aid software: the real files opened and
read back cell by cell, who may export what, bad input, the background job and query counts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases import services
from cases.models import Case, QualityOutcome
from cases.national_export import CASE_COLUMNS, case_columns
from cases.tests.conftest import add_all_papers
from legalaid.models import BeneficiaryCategory, Commune, Job, LegalAidForm, LegalField
from legalaid.roles import Role
from legalaid.tests.factories import UserFactory
from staffing.models import Ethnicity, Person

URL = "/vu-viec/xuat-phan-mem-bo-tu-phap/"
HEADERS = [column.header for column in CASE_COLUMNS]
PERIOD = {"basis": "request", "start": "2026-01-01", "end": "2026-06-30"}


def _receive(by, unit, *, name, sex, born, request_date, categories, form="TVPL", field="DS", **person):
    return services.case_receive(
        by=by,
        unit=unit,
        request_date=request_date,
        categories=list(BeneficiaryCategory.objects.filter(code__in=categories)),
        form=LegalAidForm.objects.get(code=form),
        field=LegalField.objects.get(code=field),
        description="Tranh chấp quyền sử dụng đất",
        allow_duplicate=True,
        new_beneficiary=services.BeneficiaryData(full_name=name, sex=sex, date_of_birth=born, **person),
    )


@pytest.fixture
def story(
    org,
    director,
    intake_officer,
    branch_officer,
    other_branch_officer,
    performers,
    second_assistant_user,
    time_machine,
):
    """Five requests: one taken through to appraisal, one refused at the branch, one sensitive,
    one at the other branch, and one received before the period."""
    time_machine.move_to(datetime(2026, 6, 30, 3, 0, tzinfo=UTC))
    Person.objects.filter(pk=performers.assistant.pk).update(card_number="TGV-0123")
    performers.assistant.refresh_from_db()
    tay = Ethnicity.objects.get(name="Tày")
    # Thất Khê on the list of extremely disadvantaged communes: the minority category fits.
    Commune.objects.filter(pk=6040).update(extremely_disadvantaged=True)
    appraised = _receive(
        intake_officer,
        org.admin_department,
        name="Nguyễn Thị Hằng",
        sex="female",
        born=date(1975, 3, 8),
        request_date=date(2026, 3, 2),
        categories=["HN", "DTTS"],
        form="TGTT",
        field="DD",
        ethnicity_id=tay.pk,
        citizen_id="020175000123",
        commune_id=6040,
        address="Thôn Nà Slả",
    )
    add_all_papers(appraised, intake_officer)
    services.case_accept(
        case=appraised, by=intake_officer, accepted_on=date(2026, 3, 3), national_id="BTP-2026-000045"
    )
    services.case_appoint(
        case=appraised, by=director, performer=performers.assistant, decided_on=date(2026, 3, 4)
    )
    services.case_complete(
        case=appraised,
        by=director,
        outcome=Case.Outcome.FAVOURABLE,
        summary="Đã bảo vệ",
        completed_on=date(2026, 4, 10),
    )
    services.appraisal_assign(
        case=appraised, by=director, appraiser=second_assistant_user, assigned_on=date(2026, 4, 13)
    )
    services.appraisal_record(
        case=appraised,
        by=second_assistant_user,
        findings="Hồ sơ đầy đủ",
        outcome=QualityOutcome.objects.get(scale="appraisal", code="tot"),
        criteria=services.applicable_criteria(appraised),
        appraised_on=date(2026, 4, 15),
    )
    refused = _receive(
        branch_officer,
        org.branch,
        name="Hà Văn Tùng",
        sex="male",
        born=date(1990, 11, 2),
        request_date=date(2026, 4, 1),
        categories=["HN"],
    )
    services.case_refuse(
        case=refused, by=director, reason=Case.RefusalReason.BUSINESS, refused_on=date(2026, 4, 2)
    )
    sensitive = _receive(
        intake_officer,
        org.admin_department,
        name="Mã Thị Hiền",
        sex="female",
        born=date(1988, 1, 20),
        request_date=date(2026, 5, 5),
        categories=["7h"],
        field="HNGD",
    )
    other_branch = _receive(
        other_branch_officer,
        org.other_branch,
        name="Lục Văn Sáng",
        sex="male",
        born=date(1969, 7, 9),
        request_date=date(2026, 6, 1),
        categories=["HN"],
    )
    earlier = _receive(
        intake_officer,
        org.admin_department,
        name="Vi Thị Lụa",
        sex="female",
        born=None,
        request_date=date(2025, 12, 20),
        categories=["HN"],
    )
    return type(
        "Story",
        (),
        {
            "appraised": Case.objects.get(pk=appraised.pk),
            "refused": refused,
            "sensitive": sensitive,
            "other_branch": other_branch,
            "earlier": earlier,
        },
    )


def _cell(value):
    """openpyxl reads a date cell back as a naive datetime at midnight."""
    return value.date() if isinstance(value, datetime) else value


def _as_text(value) -> str:
    """A value as the CSV writes it."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else "" if value is None else str(value)


def _export(client, user, **data):
    client.force_login(user)
    return client.post(URL, {"unit": user.unit_id, "file_format": "xlsx", **PERIOD, **data})


def _xlsx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = response.content if hasattr(response, "content") else b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)).active


def _rows(sheet):
    rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def _csv_rows(content: bytes):
    assert content.startswith("\ufeff".encode())  # the BOM: Excel reads Vietnamese correctly
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


EXPECTED_APPRAISED = {
    "Số thụ lý": "001/2026/TL-TGPL",
    "Năm thụ lý": 2026,
    "Mã vụ việc trên phần mềm của Bộ": "BTP-2026-000045",
    "Ngày yêu cầu": date(2026, 3, 2),
    "Ngày thụ lý": date(2026, 3, 3),
    "Trạng thái": "Đã thẩm định",
    "Mã hình thức": "TGTT",
    "Hình thức trợ giúp pháp lý": "Tham gia tố tụng",
    "Mã lĩnh vực": "DD",
    "Lĩnh vực pháp luật": "Pháp luật đất đai, nhà ở, môi trường và bảo vệ người tiêu dùng",
    "Nhóm lĩnh vực trên biểu thống kê": "Pháp luật đất đai, nhà ở",
    "Họ và tên người được TGPL": "Nguyễn Thị Hằng",
    "Giới tính": "Nữ",
    "Ngày sinh": date(1975, 3, 8),
    "Mã dân tộc": "02",
    "Dân tộc": "Tày",
    "Số CCCD": "020175000123",
    "Mã xã/phường": "06040",
    "Xã/phường": "Xã Thất Khê",
    "Tỉnh/thành phố": "Lạng Sơn",
    "Địa chỉ": "Thôn Nà Slả",
    "Mã diện người được TGPL": "HN; DTTS",
    "Khoản (Điều 7 Luật TGPL)": "2; 4",
    "Diện người được TGPL": "Người thuộc hộ nghèo; "
    "Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn",
    "Người yêu cầu": "Người được trợ giúp pháp lý",
    "Cơ quan chuyển yêu cầu": None,
    "Đơn vị thụ lý": "Phòng Hành chính – Tổng hợp",
    "Người thực hiện TGPL": "Lương Văn Đức",
    "Loại người thực hiện": "Trợ giúp viên pháp lý",
    "Số thẻ người thực hiện": "TGV-0123",
    "Số quyết định cử": "01/QĐ-TGPL",
    "Ngày cử": date(2026, 3, 4),
    "Ngày hoàn thành": date(2026, 4, 10),
    "Kết quả thực hiện": "Có lợi cho người được trợ giúp pháp lý",
    "Vụ việc tham gia tố tụng thành công": None,
    "Vụ việc phức tạp, điển hình": None,
    "Kết quả thẩm định": "Vụ việc đạt chất lượng tốt",
    "Ngày thẩm định": date(2026, 4, 15),
    "Kết quả đánh giá của Sở Tư pháp": None,
    "Ngày từ chối / chuyển / không tiếp tục": None,
    "Lý do từ chối / nơi chuyển / lý do không tiếp tục": None,
}


def test_the_workbook_has_one_row_per_case_of_the_period_with_the_exact_values(client, director, story):
    sheet = _xlsx(_export(client, director))
    rows = _rows(sheet)
    assert [row["Họ và tên người được TGPL"] for row in rows] == [
        "Nguyễn Thị Hằng",
        "Hà Văn Tùng",
        "Mã Thị Hiền",
        "Lục Văn Sáng",
    ]
    assert [row["STT"] for row in rows] == [1, 2, 3, 4]
    assert rows[0] == {"STT": 1, "Mã hồ sơ trong hệ thống": story.appraised.pk, **EXPECTED_APPRAISED}
    refused = rows[1]
    assert (refused["Trạng thái"], refused["Ngày từ chối / chuyển / không tiếp tục"]) == (
        "Từ chối thụ lý",
        date(2026, 4, 2),
    )
    assert (
        refused["Lý do từ chối / nơi chuyển / lý do không tiếp tục"]
        == "Vụ việc thuộc lĩnh vực kinh doanh, thương mại"
    )
    assert (refused["Số thụ lý"], refused["Ngày thụ lý"], refused["Đơn vị thụ lý"]) == (
        None,
        None,
        "Chi nhánh số 1",
    )
    assert (refused["Giới tính"], refused["Ngày sinh"]) == ("Nam", date(1990, 11, 2))
    # The director manages every case of the centre: the sensitive category is written.
    assert (rows[2]["Mã diện người được TGPL"], rows[2]["Diện người được TGPL"]) == ("7h", "Người nhiễm HIV")
    # Dates are date cells shown dd/mm/yyyy; ID numbers and codes are text, leading zeros kept.
    header = {cell.value: cell.column for cell in next(sheet.iter_rows(max_row=1))}
    assert sheet.cell(2, header["Ngày sinh"]).number_format == "dd/mm/yyyy"
    assert sheet.cell(2, header["Số CCCD"]).data_type == "s"


def test_the_csv_has_a_byte_order_mark_and_the_same_values_as_text(client, director, story):
    response = _export(client, director, file_format="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="vu-viec-tgpl-ngay-yeu-cau-20260101-20260630.csv"'
    )
    rows = _csv_rows(response.content)
    assert len(rows) == 4
    as_text = {key: _as_text(value) for key, value in EXPECTED_APPRAISED.items()}
    assert rows[0] == {"STT": "1", "Mã hồ sơ trong hệ thống": str(story.appraised.pk), **as_text}
    assert rows[0]["Ngày sinh"] == "08/03/1975"
    assert rows[0]["Diện người được TGPL"].startswith("Người thuộc hộ nghèo; Người dân tộc thiểu số")


def test_the_acceptance_date_and_the_reconciliation_option_choose_the_rows(client, director, story):
    by_acceptance = _rows(_xlsx(_export(client, director, basis="accepted")))
    assert [row["Số thụ lý"] for row in by_acceptance] == ["001/2026/TL-TGPL"]
    without_id = _rows(_xlsx(_export(client, director, without_national_id="on")))
    assert [row["Họ và tên người được TGPL"] for row in without_id] == [
        "Hà Văn Tùng",
        "Mã Thị Hiền",
        "Lục Văn Sáng",
    ]
    assert {row["Mã vụ việc trên phần mềm của Bộ"] for row in without_id} == {None}
    whole = _rows(_xlsx(_export(client, director, start="2025-12-01")))
    assert whole[0]["Họ và tên người được TGPL"] == "Vi Thị Lụa" and len(whole) == 5
    response = _export(client, director, basis="accepted", without_national_id="on")
    assert response.status_code == 200 and "Không có vụ việc nào" in response.content.decode()


def test_a_branch_director_exports_the_branch_and_nothing_of_the_other_branches(client, org, story):
    branch_director = UserFactory(
        username="truongcn1", full_name="Nông Thị Thu", unit=org.branch, role=Role.DIRECTOR
    )
    rows = _rows(_xlsx(_export(client, branch_director)))
    assert [row["Họ và tên người được TGPL"] for row in rows] == ["Hà Văn Tùng"]
    for unit in (org.other_branch, org.centre):
        response = _export(client, branch_director, unit=unit.pk)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "Hãy chọn đơn vị của bạn hoặc một đơn vị cấp dưới" in response.content.decode()
    # The branch's own subtree only is offered.
    page = client.get(URL).content.decode()
    assert "Chi nhánh số 1" in page and "Chi nhánh số 2" not in page


def test_sensitive_categories_reach_the_director_but_not_an_administrator(
    client, director, administrator, story
):
    for user, shown in [(director, "7h"), (administrator, "được bảo mật")]:
        rows = _rows(_xlsx(_export(client, user)))
        sensitive = next(row for row in rows if row["Họ và tên người được TGPL"] == "Mã Thị Hiền")
        assert sensitive["Mã diện người được TGPL"] == shown
        assert sensitive["Khoản (Điều 7 Luật TGPL)"] == ("7h" if user == director else "được bảo mật")
        assert sensitive["Diện người được TGPL"] == (
            "Người nhiễm HIV" if user == director else "được bảo mật"
        )
        assert rows[0]["Mã diện người được TGPL"] == "HN; DTTS"  # not sensitive: written for both


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
ALLOWED = {"director", "administrator"}


def test_only_the_director_and_administrators_may_export(client, org, everyone):
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(everyone[role])
        for response in (
            client.get(URL),
            client.post(URL, {"unit": org.centre.pk, "file_format": "csv", **PERIOD}),
        ):
            if role == "anonymous":
                assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
            else:
                want = (200,) if role in ALLOWED else (403,)
                assert response.status_code in want, (role, response.status_code)


def test_the_case_list_links_to_the_export_for_those_who_may_use_it(client, director, official):
    for user, shown in [(director, True), (official, False)]:
        client.force_login(user)
        assert (URL in client.get("/vu-viec/").content.decode()) is shown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "31/02/2026"}, "Hãy nhập một ngày có thật, theo dạng ngày/tháng/năm."),
        ({"start": "hôm qua"}, "Hãy nhập một ngày có thật, theo dạng ngày/tháng/năm."),
        ({"end": ""}, "Hãy nhập ngày."),
        ({"start": "2026-06-30", "end": "2026-01-01"}, "Ngày kết thúc đứng trước ngày bắt đầu"),
        ({"file_format": "pdf"}, "Hãy chọn Excel hoặc CSV."),
        ({"basis": "closed"}, "Hãy chọn ngày yêu cầu hoặc ngày thụ lý."),
        ({"unit": "999999"}, "Hãy chọn đơn vị của bạn hoặc một đơn vị cấp dưới"),
    ],
)
def test_bad_input_is_answered_in_vietnamese_on_the_form(client, director, data, message):
    response = _export(client, director, **data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_dates_typed_as_dd_mm_yyyy_are_understood(client, director, story):
    rows = _rows(_xlsx(_export(client, director, start="01/03/2026", end="31/03/2026")))
    assert [row["Họ và tên người được TGPL"] for row in rows] == ["Nguyễn Thị Hằng"]


def test_settings_choose_reorder_and_rename_the_columns(client, director, story, settings):
    settings.NATIONAL_EXPORT_CASES_COLUMNS = ["national_id", "register_number", "full_name", "date_of_birth"]
    settings.NATIONAL_EXPORT_CASES_HEADERS = {"national_id": "Mã hồ sơ trên phần mềm"}
    settings.NATIONAL_EXPORT_CSV_DELIMITER = ";"
    content = _export(client, director, basis="accepted", file_format="csv").content
    assert content.decode("utf-8-sig").splitlines() == [
        "Mã hồ sơ trên phần mềm;Số thụ lý;Họ và tên người được TGPL;Ngày sinh",
        "BTP-2026-000045;001/2026/TL-TGPL;Nguyễn Thị Hằng;08/03/1975",
    ]
    settings.NATIONAL_EXPORT_CASES_COLUMNS = ["national_id", "no_such_column"]
    with pytest.raises(ImproperlyConfigured, match="no_such_column"):
        case_columns()


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def _restored(_django_db_helper):
    """A committing test that runs after the browser tests may find the database flushed with only
    what post_migrate makes (staffing.tests.factories.restore_reference_data tells why): the
    reference lists, the cases rules and the export permission again, which data migrations
    create and post_migrate does not; nothing is written when they are there."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    from legalaid.roles import sync_roles
    from staffing.tests.factories import restore_reference_data

    restore_reference_data()
    if not QualityOutcome.objects.exists():
        importlib.import_module("cases.migrations.0002_default_rules").load(apps, None)
    migration = importlib.import_module("cases.migrations.0007_national_export_permission")
    migration.create(apps, SimpleNamespace(connection=connection))
    sync_roles()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_export_runs_in_the_background_and_gives_the_same_file(
    _restored, client, director, administrator, story, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    direct = {fmt: _export(client, director, file_format=fmt) for fmt in ("csv", "xlsx")}
    settings.NATIONAL_EXPORT_DIRECT_ROWS = 3  # the story's period has 4 cases
    for fmt in ("csv", "xlsx"):
        response = _export(client, director, file_format=fmt)
        job = Job.objects.get(kind="cases.national_export", parameters__file_format=fmt)
        assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
        assert job.status == Job.Status.QUEUED and job.created_by == director
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200
    _run_worker()
    files = {}
    for job in Job.objects.filter(kind="cases.national_export"):
        assert job.status == Job.Status.DONE, job.message
        assert (job.done, job.total, job.percent) == (4, 4, 100)
        download = client.get(reverse("job_download", args=[job.pk]))
        assert download.status_code == 200
        files[job.parameters["file_format"]] = b"".join(download.streaming_content)
        assert job.result_file.name.endswith(f"-20260101-20260630.{job.parameters['file_format']}")
    assert files["csv"] == direct["csv"].content
    assert _rows(load_workbook(io.BytesIO(files["xlsx"])).active) == _rows(_xlsx(direct["xlsx"]))
    # The file is private to the person who asked for it.
    client.force_login(administrator)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def _accepted_cases(count, *, org, intake_officer, director, performers):
    category = list(BeneficiaryCategory.objects.filter(code__in=["HN", "DTTS"]))
    Commune.objects.filter(pk=6040).update(extremely_disadvantaged=True)  # the minority category fits
    commune = Commune.objects.get(pk=6040)
    for number in range(count):
        case = services.case_receive(
            by=intake_officer,
            unit=org.admin_department,
            request_date=date(2026, 5, 4),
            categories=category,
            form=LegalAidForm.objects.get(code="TVPL"),
            field=LegalField.objects.get(code="DS"),
            description="Tư vấn",
            allow_duplicate=True,
            new_beneficiary=services.BeneficiaryData(
                full_name=f"Hoàng Văn Số {number}", sex="male", commune_id=commune.pk
            ),
        )
        add_all_papers(case, intake_officer)
        services.case_accept(case=case, by=intake_officer, accepted_on=date(2026, 5, 5))
        services.case_appoint(
            case=case, by=director, performer=performers.collaborator, decided_on=date(2026, 5, 6)
        )


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, org, director, intake_officer, performers, time_machine
):
    time_machine.move_to(datetime(2026, 6, 30, 3, 0, tzinfo=UTC))
    client.force_login(director)
    counts = []
    for total in (5, 50):
        _accepted_cases(
            total - Case.objects.count(),
            org=org,
            intake_officer=intake_officer,
            director=director,
            performers=performers,
        )
        for fmt in ("xlsx", "csv"):
            with CaptureQueriesContext(connection) as queries:
                response = client.post(URL, {"unit": director.unit_id, "file_format": fmt, **PERIOD})
            assert response.status_code == 200
            counts.append(len(queries))
    assert len(_rows(_xlsx(_export(client, director)))) == 50
    assert counts[:2] == counts[2:], counts
    assert max(counts) <= 12, counts


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_director_exports_from_the_case_list_in_the_browser(
    _restored, page, live_server, director, story, settings, tmp_path
):
    """The journey: the case list, the export page, a small file at once; a large one through
    the job page, whose download appears when the worker has written the file."""
    from legalaid.tests.browser import login

    settings.MEDIA_ROOT = tmp_path
    login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/vu-viec/")
    page.get_by_role("link", name="Xuất dữ liệu cho phần mềm của Bộ Tư pháp").click()
    page.get_by_label("Đơn vị (kể cả các đơn vị cấp dưới)").select_option(label="Chi nhánh số 1")
    page.get_by_label("Từ ngày").fill("2026-01-01")
    page.get_by_label("Đến ngày (tính cả ngày này)").fill("2026-06-30")
    page.get_by_label("Tệp văn bản CSV, mã UTF-8 (.csv)").check()
    page.screenshot(path=str(tmp_path / "export-form.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tạo tệp xuất dữ liệu").click()
    assert download.value.suggested_filename == "vu-viec-tgpl-ngay-yeu-cau-20260101-20260630.csv"
    rows = _csv_rows(download.value.path().read_bytes())
    assert [row["Họ và tên người được TGPL"] for row in rows] == ["Hà Văn Tùng"]

    settings.NATIONAL_EXPORT_DIRECT_ROWS = 1
    page.get_by_label("Đơn vị (kể cả các đơn vị cấp dưới)").select_option(
        label="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn"
    )
    page.get_by_label("Bảng tính Excel (.xlsx)").check()
    page.get_by_role("button", name="Tạo tệp xuất dữ liệu").click()
    page.wait_for_url("**/cong-viec-nen/*/")
    assert page.locator("#job-download").is_hidden()
    _run_worker()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải xuống").click()
    page.screenshot(path=str(tmp_path / "job.png"), full_page=True)
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row["Họ và tên người được TGPL"] for row in _rows(sheet)] == [
        "Nguyễn Thị Hằng",
        "Hà Văn Tùng",
        "Mã Thị Hiền",
        "Lục Văn Sáng",
    ]
