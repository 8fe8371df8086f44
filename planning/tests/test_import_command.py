"""``import_plan --json``: one JSON object on stdout for scripts, rows counted in the document."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEEDS = Path(__file__).with_name("seeds")

PLAN_WITH_FAULTS = """TRUNG TÂM TRỢ GIÚP PHÁP LÝ
Số: 12/KH-TGPL
một dòng lạc đề
KẾ HOẠCH Công tác năm 2026
II. NỘI DUNG
- Chủ trì: Phòng Nghiệp vụ
1. Tổ chức 12 cuộc truyền thông
- Chủ trì: Phòng Nghiệp vụ
- Thời gian thực hiện: khi nào có kinh phí
2. Rà soát danh sách
- Chủ trì: Phòng Nghiệp vụ
- Thời gian thực hiện: Quý II/2026
"""


def run_json(capsys, *args) -> dict:
    call_command("import_plan", *args, "--json")
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one object, one line, nothing else
    return json.loads(out)


def test_a_dry_run_prints_what_would_be_created_and_every_fault_with_its_line(capsys, tmp_path):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(PLAN_WITH_FAULTS, encoding="utf-8")
    assert run_json(capsys, str(source), "--dry-run") == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "invalid": 3,
        "errors": [
            {"row": 3, "column": "", "message": "Không đọc được dòng: một dòng lạc đề"},
            {"row": 6, "column": "", "message": "Không đọc được dòng: - Chủ trì: Phòng Nghiệp vụ"},
            {
                "row": 9,
                "column": "thời gian thực hiện",
                "message": "Không hiểu được thời gian “khi nào có kinh phí”.",
            },
        ],
    }


def test_the_json_is_written_in_vietnamese_letters_not_escapes(capsys, tmp_path):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(PLAN_WITH_FAULTS, encoding="utf-8")
    call_command("import_plan", str(source), "--dry-run", "--json")
    assert "Không đọc được dòng" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_import_counts_the_activities_it_created(capsys, org):
    figures = run_json(capsys, str(SEEDS / "lang_son_2025.txt"), "--unit", str(org.centre.pk))
    assert figures == {"new": 15, "updated": 0, "unchanged": 0, "invalid": 0, "errors": []}


@pytest.mark.django_db
def test_a_refused_import_ends_with_the_message_and_status_1(capsys, tmp_path, org):
    source = tmp_path / "trong.txt"
    source.write_text("KẾ HOẠCH Công tác năm 2026\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(source), "--unit", str(org.centre.pk), "--json")
    assert error.value.returncode == 1
    assert str(error.value) == "Không tìm thấy hoạt động nào trong văn bản: không có gì để nhập."
    assert capsys.readouterr().out == ""
