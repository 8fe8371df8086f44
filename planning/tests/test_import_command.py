"""``import_plan --json``: one JSON object on stdout for scripts (the plan read on a dry run, the
import's counts otherwise), rows counted in the document; what could not be placed is named."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from planning.tests.test_importer_phrases import HELD_OUT

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


def test_a_dry_run_prints_the_plan_read_and_every_line_it_could_not_place(capsys, tmp_path, org):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(PLAN_WITH_FAULTS, encoding="utf-8")
    assert run_json(capsys, str(source), "--dry-run") == {
        "sections": 1,
        "activities": [
            {
                "title": "Tổ chức 12 cuộc truyền thông",
                "lead": "Phòng Nghiệp vụ",
                "coordinating": [],
                "start": None,
                "end": None,
            },
            {
                "title": "Rà soát danh sách",
                "lead": "Phòng Nghiệp vụ",
                "coordinating": [],
                "start": "2026-04-01",
                "end": "2026-06-30",
            },
        ],
        "unparsed": ["một dòng lạc đề", "- Chủ trì: Phòng Nghiệp vụ", "1 thời gian: khi nào có kinh phí"],
    }


def test_a_dry_run_names_each_lead_as_the_organisation_does_or_as_written(capsys, tmp_path, org):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(HELD_OUT, encoding="utf-8")
    figures = run_json(capsys, str(source), "--dry-run", "--unit", str(org.centre.pk))
    assert figures["sections"] == 1 and figures["unparsed"] == []
    assert [(a["lead"], a["coordinating"], a["start"], a["end"]) for a in figures["activities"]] == [
        (
            "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
            ["Tòa án nhân dân tỉnh Lạng Sơn"],
            "2026-01-01",
            "2026-12-31",
        ),
        (
            "Phòng Nghiệp vụ",
            ["Sở Văn hóa, Thể thao và Du lịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
            "2026-04-01",
            "2026-06-30",
        ),
        ("Sở Tư pháp tỉnh Lạng Sơn", [], "2026-10-01", "2026-12-31"),
        ("Chi nhánh số 1", ["Hội Luật gia tỉnh"], "2026-01-01", "2026-12-31"),
    ]


def test_a_dry_run_without_an_organisation_keeps_the_names_as_written(capsys, tmp_path, db):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(HELD_OUT, encoding="utf-8")
    figures = run_json(capsys, str(source), "--dry-run")
    assert [a["lead"] for a in figures["activities"]] == [
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
        "Phòng Nghiệp vụ",
        "Sở Tư pháp",
        "Chi nhánh số 1",
    ]


def test_the_lines_it_could_not_place_and_the_leads_it_could_not_match_are_named(capsys, tmp_path, org):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(
        PLAN_WITH_FAULTS.replace("Quý II/2026", "Quý II/2026\n- Chủ trì: Hội Luật gia"), "utf-8"
    )
    call_command("import_plan", str(source), "--dry-run", "--unit", str(org.centre.pk))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[2:] == [
        "Dòng 3 không xếp được vào hoạt động nào: một dòng lạc đề",
        "Dòng 6 không xếp được vào hoạt động nào: - Chủ trì: Phòng Nghiệp vụ",
        "Dòng 9 không xếp được vào hoạt động nào: 1 thời gian: khi nào có kinh phí",
        "Đơn vị chủ trì không tìm thấy trong cơ cấu tổ chức: Hội Luật gia",
        "mục: 1, hoạt động: 2, dòng không đọc được: 3",
    ]


@pytest.mark.django_db
def test_an_import_with_json_counts_what_it_created_and_every_fault_with_its_line(capsys, tmp_path, org):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(PLAN_WITH_FAULTS, encoding="utf-8")
    assert run_json(capsys, str(source), "--unit", str(org.centre.pk)) == {
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


def test_the_json_is_written_in_vietnamese_letters_not_escapes(capsys, tmp_path, db):
    source = tmp_path / "ke-hoach.txt"
    source.write_text(PLAN_WITH_FAULTS, encoding="utf-8")
    call_command("import_plan", str(source), "--dry-run", "--json")
    assert "một dòng lạc đề" in capsys.readouterr().out


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
