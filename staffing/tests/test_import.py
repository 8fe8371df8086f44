"""Spreadsheets in through the command: the files provinces really keep, every rejected row
named by the spreadsheet's own row number, all or nothing, idempotent re-import."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from staffing.exports import invalid_rows_bytes
from staffing.importer import ImportResult, import_people, read_sheet
from staffing.models import Person
from staffing.sheets import messy_workbook

HEADERS = [
    "STT",
    "Họ tên",
    "CCCD/CMND",
    "Giới tính",
    "Ngày, tháng, năm sinh",
    "Dân tộc",
    "Tiếng dân tộc",
    "Địa bàn",
    "Điện thoại",
    "Lĩnh vực",
    "Trưởng thôn/bản",
    "Số thẻ CTV",
]

GOOD = [
    [
        1,
        "nguyễn  văn an",
        20085001234,
        "nam",
        date(1980, 5, 1),
        "Tày",
        "Tày, Nùng",
        "thất khê",
        912345678,
        "Hình sự; Dân sự",
        "x",
        "CTV-01",
    ],
    None,
    [
        2,
        "HOÀNG THỊ BÌNH",
        "020185001235",
        "NỮ",
        "12/03/1990",
        "nùng",
        "tiếng Nùng",
        "Xã Tràng Định",
        "0987 654 321",
        "Đất đai",
        "",
        "CTV-02",
    ],
    [3, "Lương Văn Cường", "020090001236", "Nam", "1/7/1975", "Kinh", "", "xa loc binh", "", "HNGD", "", ""],
]
# Rows 5, 7 and 8 of the sheet (title, decision line, blank, header = rows 1-4; row 6 blank).

BAD = [
    [4, "", "020090001240", "Nữ", "01/01/1990", "Kinh", "", "Thất Khê", "", "", "", ""],  # row 9: no name
    [5, "Vi Văn Dũng", "0201850", "Nam", "01/01/1990", "Kinh", "", "Thất Khê", "", "", "", ""],  # row 10
    [6, "Vi Văn Em", "020185001241", "Nam", "31/02/1990", "Kinh", "", "Thất Khê", "", "", "", ""],  # row 11
    [
        7,
        "Vi Văn Giang",
        "020185001242",
        "Nam",
        "01/01/2099",
        "Kinh",
        "",
        "Thất Khê",
        "",
        "",
        "",
        "",
    ],  # row 12
    [
        8,
        "Vi Thị Hoa",
        "020185001243",
        "Bê đê",
        "01/01/1990",
        "Kinh",
        "",
        "Thất Khê",
        "",
        "",
        "",
        "",
    ],  # row 13
    [
        9,
        "Vi Thị Huệ",
        "020185001244",
        "Nữ",
        "01/01/1990",
        "Kinh",
        "",
        "Thị trấn Thất Khê cũ",
        "",
        "",
        "",
        "",
    ],  # 14
    [
        10,
        "Vi Thị Khánh",
        "020185001245",
        "Nữ",
        "01/01/1990",
        "Kinh",
        "",
        "Xã Mẫu Sơ",
        "",
        "",
        "",
        "",
    ],  # row 15
    [
        11,
        "Vi Thị Lan",
        20085001234,
        "Nữ",
        "01/01/1990",
        "Kinh",
        "",
        "Thất Khê",
        "",
        "",
        "",
        "",
    ],  # row 16: dup of 5
]


def sheet(rows, headers=HEADERS):
    return messy_workbook(headers, rows)


def run(tmp_path, content, *args):
    path = tmp_path / "ctv.xlsx"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_collaborators", str(path), *args, stdout=out, stderr=err)
    except CommandError as refused:  # the command line turns it into "Lỗi: …" and exit status 1
        code = refused.returncode
    return code, out.getvalue().splitlines()


@pytest.fixture
def province(org):
    return org


def test_the_header_row_is_found_below_the_title_and_decision_lines(province):
    parsed = read_sheet(sheet(GOOD))
    assert parsed.header_row == 4
    assert parsed.headers["citizen_id"] == "CCCD/CMND"
    assert [row.number for row in parsed.rows] == [5, 7, 8]  # blank row 6 skipped, STT ignored
    assert "STT" not in parsed.headers.values()


def test_a_clean_file_imports_with_everything_people_typed_normalised(province, tmp_path):
    code, lines = run(tmp_path, sheet(GOOD))
    assert (code, lines) == (0, ["Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 0"])
    an = Person.objects.get(citizen_id="020085001234")  # the leading zero restored
    assert an.full_name == "Nguyễn Văn An"
    assert an.sex == Person.Sex.MALE and an.date_of_birth == date(1980, 5, 1)
    assert an.phone == "0912345678"
    assert an.commune.name == "Xã Thất Khê"
    assert an.ethnicity.name == "Tày"
    assert sorted(e.name for e in an.minority_languages.all()) == ["Nùng", "Tày"]
    assert sorted(f.code for f in an.fields.all()) == ["DS", "HS"]
    assert an.is_village_head and an.card_number == "CTV-01"
    assert an.kind == Person.Kind.COLLABORATOR and an.status == Person.Status.ACTIVE
    assert an.unit == province.branch  # the branch that serves Thất Khê
    binh = Person.objects.get(citizen_id="020185001235")
    assert binh.full_name == "Hoàng Thị Bình" and binh.sex == Person.Sex.FEMALE
    assert binh.date_of_birth == date(1990, 3, 12) and binh.phone == "0987654321"
    cuong = Person.objects.get(citizen_id="020090001236")
    assert cuong.commune.name == "Xã Lộc Bình" and cuong.date_of_birth == date(1975, 7, 1)
    assert an.history.count() == 1


def test_every_bad_row_is_reported_with_its_spreadsheet_row_and_nothing_is_written(province, tmp_path):
    code, lines = run(tmp_path, sheet(GOOD + BAD))
    assert code == 1
    assert lines == [
        "Dòng 9, cột “Họ tên”: Thiếu họ và tên.",
        "Dòng 10, cột “CCCD/CMND”: Số CCCD phải có đúng 12 chữ số (đang là “0201850”).",
        "Dòng 11, cột “Ngày, tháng, năm sinh”: Ngày “31/02/1990” không có thật.",
        "Dòng 12, cột “Ngày, tháng, năm sinh”: Ngày 01/01/2099 nằm trong tương lai.",
        "Dòng 13, cột “Giới tính”: “Bê đê” không phải giới tính: ghi Nam hoặc Nữ.",
        "Dòng 14, cột “Địa bàn”: “Thị trấn Thất Khê cũ” không phải xã, phường hiện nay của tỉnh; "
        "có phải là “Xã Thất Khê”?",
        "Dòng 15, cột “Địa bàn”: “Xã Mẫu Sơ” không phải xã, phường hiện nay của tỉnh; "
        "có phải là “Xã Mẫu Sơn”?",
        "Dòng 16, cột “CCCD/CMND”: Số CCCD 020085001234 trùng với dòng 5.",
        "Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 8",
    ]
    assert Person.objects.count() == 0


def test_skip_invalid_writes_only_the_valid_rows(province, tmp_path):
    code, lines = run(tmp_path, sheet(GOOD + BAD), "--skip-invalid")
    assert code == 0
    assert lines[-1] == "Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 8"
    assert len(lines) == 9
    assert Person.objects.count() == 3


def test_dry_run_reports_the_same_lines_and_writes_nothing(province, tmp_path):
    _code, default_lines = run(tmp_path, sheet(GOOD + BAD))
    code, lines = run(tmp_path, sheet(GOOD + BAD), "--dry-run")
    assert (code, lines) == (1, default_lines)
    code, lines = run(tmp_path, sheet(GOOD), "--dry-run")
    assert (code, lines) == (0, ["Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 0"])
    assert Person.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(province, tmp_path):
    run(tmp_path, sheet(GOOD))
    before = {p.pk: p.updated_at for p in Person.objects.all()}
    history = Person.history.count()
    code, lines = run(tmp_path, sheet(GOOD))
    assert (code, lines) == (0, ["Mới: 0, cập nhật: 0, không đổi: 3, dòng lỗi: 0"])
    assert {p.pk: p.updated_at for p in Person.objects.all()} == before
    assert Person.history.count() == history


def test_a_changed_row_updates_the_person_with_history(province, tmp_path):
    run(tmp_path, sheet(GOOD))
    changed = [list(r) if r else r for r in GOOD]
    changed[0][8] = "0911000111"  # new phone
    changed[3][9] = "Hình sự"  # new field
    code, lines = run(tmp_path, sheet(changed))
    assert lines == ["Mới: 0, cập nhật: 2, không đổi: 1, dòng lỗi: 0"]
    an = Person.objects.get(citizen_id="020085001234")
    assert an.phone == "0911000111"
    assert [h.phone for h in an.history.order_by("history_date", "history_id")] == [
        "0912345678",
        "0911000111",
    ]
    cuong = Person.objects.get(citizen_id="020090001236")
    assert [f.code for f in cuong.fields.all()] == ["HS"]
    latest = cuong.history.latest()
    assert [f.legalfield.code for f in latest.fields.all()] == ["HS"]
    assert cuong.history.count() == 2


def test_lawyers_come_in_with_their_kind_and_contract(province, tmp_path):
    headers = [
        "TT",
        "Họ và tên",
        "Số CCCD",
        "Loại",
        "Đoàn luật sư",
        "Công ty luật",
        "Số HĐ",
        "Hợp đồng từ ngày",
        "Hợp đồng đến ngày",
        "Xã/Phường",
    ]
    rows = [
        [
            1,
            "Trần Minh Đức",
            "020080000001",
            "Luật sư",
            "Đoàn Luật sư tỉnh Lạng Sơn",
            "Công ty Luật TNHH Đức Minh",
            "05/2025/HĐ-TGPL",
            "01/01/2025",
            "31/12/2026",
            "Phường Đông Kinh",
        ]
    ]
    province.communes[0].province.communes.create(code=5977, name="Phường Đông Kinh", division_type="phường")
    code, lines = run(tmp_path, sheet(rows, headers))
    assert (code, lines) == (0, ["Mới: 1, cập nhật: 0, không đổi: 0, dòng lỗi: 0"])
    lawyer = Person.objects.get()
    assert lawyer.kind == Person.Kind.LAWYER and lawyer.contract_end == date(2026, 12, 31)
    assert lawyer.organisation == "Công ty Luật TNHH Đức Minh"


def test_the_invalid_rows_come_back_as_xlsx_with_an_error_column(province):
    result = import_people(sheet(GOOD + BAD), dry_run=True)
    book = load_workbook(io.BytesIO(invalid_rows_bytes(result)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi" and rows[0][1] == "Họ tên"
    assert len(rows) == 1 + 8
    assert rows[1][-1].startswith("dòng 9, Họ tên: ")
    # Re-typed rows can be fed back: fix one and import the returned file.
    assert rows[2][2] == "0201850"


def test_a_file_that_is_not_a_spreadsheet_is_refused(province, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command("import_collaborators", str(path))


def test_an_import_stopped_by_invalid_rows_is_refused_in_vietnamese(province, tmp_path):
    path = tmp_path / "ctv.xlsx"
    path.write_bytes(sheet(GOOD + BAD))
    with pytest.raises(CommandError) as refused:
        call_command("import_collaborators", str(path), stdout=io.StringIO())
    assert refused.value.returncode == 1
    assert str(refused.value) == (
        "Chưa nhập dòng nào: có 8 dòng không hợp lệ. Hãy sửa các dòng đó, hoặc chạy lại với "
        "--skip-invalid để chỉ nhập các dòng hợp lệ."
    )


def test_json_prints_one_object_naming_each_error_by_spreadsheet_row_and_column(province, tmp_path):
    code, lines = run(tmp_path, sheet(GOOD + BAD), "--json")
    assert code == 1 and len(lines) == 1
    report = json.loads(lines[0])
    assert {k: report[k] for k in ("new", "updated", "unchanged", "invalid")} == {
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "invalid": 8,
    }
    assert report["errors"][0] == {"row": 9, "column": "Họ tên", "message": "Thiếu họ và tên."}
    assert report["errors"][-1] == {
        "row": 16,
        "column": "CCCD/CMND",
        "message": "Số CCCD 020085001234 trùng với dòng 5.",
    }
    assert [e["row"] for e in report["errors"]] == [9, 10, 11, 12, 13, 14, 15, 16]
    assert "Họ tên" in lines[0]  # Vietnamese as it is, not \u escapes
    assert Person.objects.count() == 0


def test_json_of_a_clean_import_has_no_errors_and_exit_status_0(province, tmp_path):
    code, lines = run(tmp_path, sheet(GOOD), "--json")
    assert code == 0
    assert json.loads("\n".join(lines)) == {
        "new": 3,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "errors": [],
    }


def test_json_of_a_file_that_is_not_a_spreadsheet_is_one_error_of_no_row(province, tmp_path):
    code, lines = run(tmp_path, b"not a workbook", "--json")
    assert code == 1 and len(lines) == 1
    assert json.loads(lines[0])["errors"] == [
        {"row": None, "column": None, "message": "Tệp “ctv.xlsx” không phải là tệp Excel (.xlsx) thật."}
    ]


def test_the_summary_writes_numbers_the_vietnamese_way():
    result = ImportResult(sheet=None, rows=[], new=1234, updated=12, unchanged=3)
    assert result.summary_line() == "Mới: 1.234, cập nhật: 12, không đổi: 3, dòng lỗi: 0"


def test_history_rows_of_an_import_name_who_imported_and_why(province, administrator):
    import_people(sheet(GOOD), by=administrator)
    changed = [list(r) if r else r for r in GOOD]
    changed[0][8] = "0911000111"
    import_people(sheet(changed), by=administrator)
    rows = Person.history.order_by("history_id")
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in rows] == [
        ("+", administrator, "Nhập từ bảng tính")
    ] * 3 + [("~", administrator, "Nhập từ bảng tính")]
    an = Person.objects.get(citizen_id="020085001234")
    created, updated = an.history.order_by("history_id")
    # Each history row carries the lists as they stood, like a save through a page.
    assert sorted(f.legalfield.code for f in created.fields.all()) == ["DS", "HS"]
    assert sorted(f.legalfield.code for f in updated.fields.all()) == ["DS", "HS"]
    assert sorted(e.ethnicity.name for e in updated.minority_languages.all()) == ["Nùng", "Tày"]
