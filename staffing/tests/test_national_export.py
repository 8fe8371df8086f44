"""The export of the people who perform legal aid for the Ministry's national software: the real
files read back cell by cell, who may export what, bad input, the background job and queries."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from legalaid.models import Job, LegalField
from legalaid.roles import Role
from legalaid.tests.factories import UserFactory
from staffing.models import Ethnicity, Person
from staffing.national_export import PEOPLE_COLUMNS
from staffing.tests.factories import PersonFactory, restore_reference_data

URL = "/nhan-su/xuat-phan-mem-bo-tu-phap/"
HEADERS = [column.header for column in PEOPLE_COLUMNS]


@pytest.fixture
def people(org):
    """An assistant, two collaborators (one at each branch, one of them ended), a contracted
    lawyer, a legal adviser, and a clerk who performs no legal aid."""
    tay, nung = Ethnicity.objects.get(name="Tày"), Ethnicity.objects.get(name="Nùng")
    fields = {f.code: f for f in LegalField.objects.all()}
    made = {
        "assistant": PersonFactory(
            full_name="Lương Văn Đức",
            kind=Person.Kind.ASSISTANT,
            unit=org.professional_department,
            sex=Person.Sex.MALE,
            date_of_birth=date(1983, 9, 2),
            ethnicity=tay,
            citizen_id="020083000456",
            position="Trợ giúp viên pháp lý hạng II",
            appointment_decision="125/QĐ-BTP",
            appointment_date=date(2015, 6, 1),
            card_number="TGV-0123",
            card_issued_on=date(2015, 6, 15),
            has_law_degree=True,
            has_lawyer_training=True,
            commune=org.communes[0],
            fields=[fields["HS"], fields["DS"]],
        ),
        "collaborator": PersonFactory(
            full_name="Đặng Thị Mai",
            kind=Person.Kind.COLLABORATOR,
            unit=org.branch,
            sex=Person.Sex.FEMALE,
            date_of_birth=date(1979, 12, 24),
            ethnicity=nung,
            citizen_id="020179000789",
            card_number="CTV-07",
            card_issued_on=date(2024, 1, 10),
            card_expires_on=date(2029, 1, 9),
            commune=org.communes[1],
            fields=[fields["HNGD"]],
        ),
        "lawyer": PersonFactory(
            full_name="Nông Văn Bình",
            kind=Person.Kind.LAWYER,
            unit=org.centre,
            sex=Person.Sex.MALE,
            citizen_id="020070000111",
            bar_association="Đoàn Luật sư tỉnh Lạng Sơn",
            organisation="Công ty Luật TNHH Ải Chi Lăng",
            contract_number="05/2026/HĐ-TGPL",
            contract_start=date(2026, 1, 2),
            contract_end=date(2026, 12, 31),
            card_number="LS-14587",
            fields=[fields["DS"]],
        ),
        "adviser": PersonFactory(
            full_name="Hoàng Thị Ánh",
            kind=Person.Kind.ADVISER,
            unit=org.centre,
            sex=Person.Sex.FEMALE,
            citizen_id="020090000222",
        ),
        "ended": PersonFactory(
            full_name="Hà Văn Khác",
            kind=Person.Kind.COLLABORATOR,
            unit=org.other_branch,
            citizen_id="020060000333",
            status=Person.Status.ENDED,
            status_date=date(2026, 2, 1),
            status_reason="Chuyển công tác",
        ),
        "clerk": PersonFactory(
            full_name="Vi Thị Văn Thư", kind=Person.Kind.STAFF, unit=org.centre, citizen_id="020095000444"
        ),
    }
    made["collaborator"].minority_languages.set([tay, nung])
    return made


def _cell(value):
    """openpyxl reads a date cell back as a naive datetime at midnight."""
    return value.date() if isinstance(value, datetime) else value


def _as_text(value) -> str:
    """A value as the CSV writes it."""
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else "" if value is None else str(value)


def _export(client, user, **data):
    client.force_login(user)
    return client.post(URL, {"unit": user.unit_id, "file_format": "xlsx", **data})


def _rows(content: bytes):
    rows = [
        [_cell(value) for value in row]
        for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def _xlsx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _rows(response.content)


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


EXPECTED_ASSISTANT = {
    "Họ và tên": "Lương Văn Đức",
    "Giới tính": "Nam",
    "Ngày sinh": date(1983, 9, 2),
    "Mã dân tộc": "02",
    "Dân tộc": "Tày",
    "Số CCCD": "020083000456",
    "Loại người thực hiện": "Trợ giúp viên pháp lý",
    "Đơn vị": "Phòng Nghiệp vụ",
    "Chức vụ": "Trợ giúp viên pháp lý hạng II",
    "Số quyết định bổ nhiệm / công nhận": "125/QĐ-BTP",
    "Ngày bổ nhiệm / công nhận": date(2015, 6, 1),
    "Số thẻ": "TGV-0123",
    "Ngày cấp thẻ": date(2015, 6, 15),
    "Thẻ có giá trị đến ngày": None,
    "Đoàn luật sư": None,
    "Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật": None,
    "Số hợp đồng": None,
    "Ngày bắt đầu hợp đồng": None,
    "Ngày kết thúc hợp đồng": None,
    "Cử nhân luật": "x",
    "Đã qua đào tạo nghề luật sư": "x",
    "Mã lĩnh vực": "HS; DS",
    "Lĩnh vực pháp luật": "Pháp luật hình sự, tố tụng hình sự và thi hành án hình sự; "
    "Pháp luật dân sự, tố tụng dân sự và thi hành án dân sự",
    "Tiếng dân tộc thiểu số sử dụng được": None,
    "Mã xã/phường": "06040",
    "Xã/phường": "Xã Thất Khê",
    "Tỉnh/thành phố": "Lạng Sơn",
    "Tình trạng": "Đang hoạt động",
    "Ngày thay đổi tình trạng": None,
    "Lý do thay đổi tình trạng": None,
}


def test_the_workbook_lists_the_performers_by_kind_with_the_exact_values(client, director, people):
    rows = _xlsx(_export(client, director))
    assert [row["Họ và tên"] for row in rows] == [
        "Lương Văn Đức",
        "Hà Văn Khác",
        "Đặng Thị Mai",
        "Nông Văn Bình",
        "Hoàng Thị Ánh",
    ]
    # By kind, then by name the Vietnamese way (given name first: Khác before Mai).
    assert rows[0] == {
        "STT": 1,
        "Mã người thực hiện trong hệ thống": people["assistant"].pk,
        **EXPECTED_ASSISTANT,
    }
    mai = rows[2]
    assert (mai["Loại người thực hiện"], mai["Giới tính"], mai["Dân tộc"]) == (
        "Cộng tác viên trợ giúp pháp lý",
        "Nữ",
        "Nùng",
    )
    assert mai["Tiếng dân tộc thiểu số sử dụng được"] == "Tiếng Tày; Tiếng Nùng"
    assert (mai["Số thẻ"], mai["Thẻ có giá trị đến ngày"]) == ("CTV-07", date(2029, 1, 9))
    assert mai["Lĩnh vực pháp luật"] == "Pháp luật về hôn nhân gia đình và pháp luật về trẻ em"
    ended = rows[1]
    assert (ended["Tình trạng"], ended["Ngày thay đổi tình trạng"], ended["Lý do thay đổi tình trạng"]) == (
        "Đã chấm dứt",
        date(2026, 2, 1),
        "Chuyển công tác",
    )
    lawyer = rows[3]
    assert {
        k: lawyer[k]
        for k in (
            "Loại người thực hiện",
            "Đoàn luật sư",
            "Số hợp đồng",
            "Ngày bắt đầu hợp đồng",
            "Ngày kết thúc hợp đồng",
            "Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật",
        )
    } == {
        "Loại người thực hiện": "Luật sư",
        "Đoàn luật sư": "Đoàn Luật sư tỉnh Lạng Sơn",
        "Số hợp đồng": "05/2026/HĐ-TGPL",
        "Ngày bắt đầu hợp đồng": date(2026, 1, 2),
        "Ngày kết thúc hợp đồng": date(2026, 12, 31),
        "Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật": "Công ty Luật TNHH Ải Chi Lăng",
    }
    assert rows[4]["Loại người thực hiện"] == "Tư vấn viên pháp luật"
    assert "Vi Thị Văn Thư" not in {row["Họ và tên"] for row in rows}  # staff perform no legal aid


def test_the_csv_has_a_byte_order_mark_and_dates_as_dd_mm_yyyy(client, director, people):
    response = _export(client, director, file_format="csv")
    assert response["Content-Disposition"] == 'attachment; filename="nguoi-thuc-hien-tgpl-phan-mem-bo.csv"'
    rows = _csv(response)
    as_text = {key: _as_text(value) for key, value in EXPECTED_ASSISTANT.items()}
    assert rows[0] == {
        "STT": "1",
        "Mã người thực hiện trong hệ thống": str(people["assistant"].pk),
        **as_text,
    }
    assert rows[0]["Ngày sinh"] == "02/09/1983" and rows[0]["Số CCCD"] == "020083000456"
    assert len(rows) == 5


def test_kinds_and_status_narrow_the_list(client, director, people):
    rows = _xlsx(_export(client, director, kinds=["collaborator", "lawyer"], status="active"))
    assert [row["Họ và tên"] for row in rows] == ["Đặng Thị Mai", "Nông Văn Bình"]
    rows = _xlsx(_export(client, director, status="ended"))
    assert [row["Họ và tên"] for row in rows] == ["Hà Văn Khác"]
    response = _export(client, director, kinds=["adviser"], status="suspended")
    assert response.status_code == 200 and "Không có người thực hiện nào" in response.content.decode()


def test_a_branch_director_exports_the_branch_and_not_the_other_branch(client, org, people):
    branch_director = UserFactory(
        username="truongcn1", full_name="Nông Thị Thu", unit=org.branch, role=Role.DIRECTOR
    )
    assert [row["Họ và tên"] for row in _xlsx(_export(client, branch_director))] == ["Đặng Thị Mai"]
    response = _export(client, branch_director, unit=org.other_branch.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Hãy chọn đơn vị của bạn hoặc một đơn vị cấp dưới" in response.content.decode()


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


def test_only_the_director_and_administrators_may_export(client, org, everyone, people):
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(everyone[role])
        for response in (client.get(URL), client.post(URL, {"unit": org.centre.pk, "file_format": "csv"})):
            if role == "anonymous":
                assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
            else:
                assert response.status_code == (200 if role in ALLOWED else 403), (role, response.status_code)


def test_the_staffing_list_links_to_the_export_for_those_who_may_use_it(client, administrator, official):
    for user, shown in [(administrator, True), (official, False)]:
        client.force_login(user)
        assert (URL in client.get("/nhan-su/danh-sach/").content.decode()) is shown
    # The administrator opens no case list: the people export page leads to the cases export.
    client.force_login(administrator)
    assert "/vu-viec/xuat-phan-mem-bo-tu-phap/" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "999999"}, "Hãy chọn đơn vị của bạn hoặc một đơn vị cấp dưới"),
        ({"unit": ""}, "Hãy chọn đơn vị có dữ liệu cần xuất."),
        ({"kinds": ["staff"]}, "Hãy chọn loại người thực hiện trong danh sách."),
        ({"status": "retired"}, "Hãy chọn tình trạng trong danh sách."),
        ({"file_format": "pdf"}, "Hãy chọn Excel hoặc CSV."),
    ],
)
def test_bad_input_is_answered_in_vietnamese_on_the_form(client, director, data, message):
    response = _export(client, director, **data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_text_that_looks_like_a_formula_stays_text(client, director, org):
    PersonFactory(
        full_name="Trần Văn Công",
        unit=org.centre,
        organisation='=HYPERLINK("http://x")',
        status_reason="-lý do",
    )
    rows = _xlsx(_export(client, director))
    assert rows[0]["Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật"] == '=HYPERLINK("http://x")'
    row = _csv(_export(client, director, file_format="csv"))[0]
    assert row["Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật"] == '\'=HYPERLINK("http://x")'
    assert row["Lý do thay đổi tình trạng"] == "'-lý do"


def test_text_that_looks_like_a_formula_is_a_text_cell_not_a_formula(client, director, org):
    PersonFactory(full_name="Trần Văn Công", unit=org.centre, organisation='=HYPERLINK("http://x")')
    content = _export(client, director).content
    sheet = load_workbook(io.BytesIO(content)).active
    header = {cell.value: cell.column for cell in next(sheet.iter_rows(max_row=1))}
    assert sheet.cell(2, header["Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật"]).data_type == "s"


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def _restored(_django_db_helper):
    """A committing test that runs after the browser tests may find the database flushed with only
    what post_migrate makes (restore_reference_data tells why): the reference lists and the
    export permission again, which data migrations create and post_migrate does not; nothing is
    written when they are there."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    from legalaid.roles import sync_roles

    restore_reference_data()
    migration = importlib.import_module("staffing.migrations.0003_national_export_permission")
    migration.create(apps, SimpleNamespace(connection=connection))
    sync_roles()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_export_runs_in_the_background_and_gives_the_same_file(
    _restored, client, director, official, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    direct = {fmt: _export(client, director, file_format=fmt) for fmt in ("csv", "xlsx")}
    settings.NATIONAL_EXPORT_DIRECT_ROWS = 4  # the centre has 5 performers
    for fmt in ("csv", "xlsx"):
        response = _export(client, director, file_format=fmt)
        job = Job.objects.get(kind="staffing.national_export", parameters__file_format=fmt)
        assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    _run_worker()
    files = {}
    for job in Job.objects.filter(kind="staffing.national_export"):
        assert job.status == Job.Status.DONE, job.message
        assert (job.done, job.total, job.percent) == (5, 5, 100)
        download = client.get(reverse("job_download", args=[job.pk]))
        files[job.parameters["file_format"]] = b"".join(download.streaming_content)
    assert files["csv"] == direct["csv"].content
    assert _rows(files["xlsx"]) == _xlsx(direct["xlsx"])
    client.force_login(official)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_author_lost_the_right_fails_without_a_file(
    _restored, client, director, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.NATIONAL_EXPORT_DIRECT_ROWS = 1
    _export(client, director)
    director.groups.clear()  # no longer the director by the time the worker runs
    _run_worker()
    job = Job.objects.get(kind="staffing.national_export")
    assert job.status == Job.Status.FAILED and not job.result_file
    assert "không được xuất" in job.message


def test_the_number_of_queries_does_not_grow_with_the_rows(client, org, director):
    fields = list(LegalField.objects.all()[:3])
    languages = list(Ethnicity.objects.filter(code__in=["02", "07"]))
    client.force_login(director)
    counts = []
    for total in (5, 50):
        for _number in range(total - Person.objects.count()):
            person = PersonFactory(
                unit=org.branch, fields=fields, commune=org.communes[0], ethnicity=languages[0]
            )
            person.minority_languages.set(languages)
        for fmt in ("xlsx", "csv"):
            with CaptureQueriesContext(connection) as queries:
                response = client.post(URL, {"unit": director.unit_id, "file_format": fmt})
            assert response.status_code == 200
            counts.append(len(queries))
    assert len(_xlsx(_export(client, director))) == 50
    assert counts[:2] == counts[2:], counts
    assert max(counts) <= 11, counts
