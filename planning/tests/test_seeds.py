"""Every source document of ``../shared/seeds/`` (copied in ``seeds/provinces/``) goes through the
importer: at least the activities counted by reading it, and every lead a body's name, never a
sentence or a person."""

import re
from pathlib import Path

import pytest

from planning.importer import parse_plan

# Copies of ../shared/seeds/*.txt kept in the repository: a clean clone (CI) has no ../shared.
SHARED_SEEDS = Path(__file__).resolve().parent / "seeds" / "provinces"

# Activities counted by reading each seed.
COUNTED = {
    "000_6e8bdfb6cab3be2a.txt": 13,  # Bắc Kạn 2021: Hoạt động 1-4, 1-3, 1-4 and two single ones
    "001_d36ae44007237b96.txt": 28,  # Cà Mau 2013-2030: 13 + 9 + 6 over three phases
    "003_7e1514c487cfc625.txt": 15,  # Lạng Sơn 2025: 1, 2.1-2.2, 3.1.1-3.2.2, 4, 5.1-5.3, 6.1-6.2, 7, 8
    "004_e46bbffaf0a6c475.txt": 9,  # Bắc Kạn directive: 1 a)-d), 2, 3, 4, 5, 6
}
PERSON_TITLE = re.compile(
    r"^(Phó )?(Giám đốc|Chủ tịch|Thủ trưởng|Lãnh đạo|Trưởng phòng|Trưởng ban|Chánh án|Viện trưởng)\b", re.I
)


def _read(name):
    return parse_plan((SHARED_SEEDS / name).read_text(encoding="utf-8"))


def test_every_seed_in_the_folder_is_counted_here():
    assert sorted(p.name for p in SHARED_SEEDS.glob("*.txt")) == sorted(COUNTED)


@pytest.mark.parametrize(("name", "count"), sorted(COUNTED.items()))
def test_each_seed_imports_its_activities_with_leads_that_are_names(name, count):
    plan = _read(name)
    activities = plan.activities()
    assert len(activities) >= count
    assert plan.unparsed == []
    for activity in activities:
        for ref in activity.lead + activity.coordinating:
            assert 0 < len(ref.name) <= 120, ref.name
            assert not PERSON_TITLE.match(ref.name), ref.name
            assert not ref.name.endswith((" chủ trì", " làm đầu mối", " thực hiện")), ref.name


def test_the_directive_reads_its_nine_tasks_and_who_leads_each():
    plan = _read("004_e46bbffaf0a6c475.txt")
    assert plan.document_type == "CHỈ THỊ"
    assert plan.issuer == "ỦY BAN NHÂN DÂN TỈNH"
    assert plan.title == "Về việc nâng cao hiệu quả công tác trợ giúp pháp lý trên địa bàn tỉnh Bắc Kạn"
    assert plan.legal_bases.startswith("Trong những năm qua, công tác trợ giúp pháp lý")
    assert [s.label for s in plan.sections()] == ["UBND tỉnh Chỉ thị", "1. Sở Tư pháp có trách nhiệm."]
    got = [
        (a.number, a.title, [r.name for r in a.lead], [r.name for r in a.coordinating])
        for a in plan.activities()
    ]
    expected = [
        ("a)", "Chủ trì, phối hợp với các sở", ["Sở Tư pháp"], ["các sở, ban, ngành, tổ chức hữu quan"]),
        ("b)", "Chỉ đạo Trung tâm Trợ giúp pháp lý", ["Sở Tư pháp"], []),
        ("c)", "Phối hợp với UBND các huyện", ["Sở Tư pháp"], ["UBND các huyện, thị xã"]),
        ("d)", "Định kỳ tổ chức sơ kết, tổng kết", ["Sở Tư pháp"], []),
        ("2", "Sở Nội vụ chủ trì phối hợp", ["Sở Nội vụ"], ["Sở Tư pháp", "UBND các huyện, thị xã"]),
        (
            "3",
            "Sở Văn hoá - thông tin, Đài Phát thanh",
            ["Sở Văn hoá - thông tin", "Đài Phát thanh - Truyền hình tỉnh"],
            ["Sở Tư pháp"],
        ),
        ("4", "Sở Tài chính chủ trù", ["Sở Tài chính"], ["Sở Tư pháp"]),
        (
            "5",
            "Đề nghị cơ quan Công an",
            [
                "Cơ quan Công an",
                "Viện Kiểm sát nhân dân",
                "Toà án nhân dân cấp tỉnh, cấp huyện",
                "các tổ chức hữu quan",
            ],
            [],
        ),
        (
            "6",
            "UBND các huyện, thị xã có trách nhiệm",
            ["UBND các huyện, thị xã"],
            ["Trung tâm Trợ giúp pháp lý của Nhà nước tỉnh Bắc Kạn"],
        ),
    ]
    assert len(got) == len(expected) == 9
    for (number, title, lead, coordinating), (e_number, e_start, e_lead, e_coordinating) in zip(
        got, expected, strict=True
    ):
        assert number == e_number
        assert title.startswith(e_start), title
        assert (lead, coordinating) == (e_lead, e_coordinating), number
    # A paragraph under a task is its text; the lines after "Nhận được Chỉ thị này" are how it is carried out.
    acts = plan.activities()
    assert acts[7].text == [
        "Các cơ quan, tổ chức hữu quan khi nhận được văn bản kiến nghị của Trung tâm Trợ giúp pháp lý "
        "về những nội dung có liên quan đến việc áp dụng và thi hành pháp luật thì phải có trách "
        "nhiệm xem xét, giải quyết và trả lời kịp thời."
    ]
    assert acts[8].text[0].startswith("Ở các huyện, thị xã chưa thành lập được Tổ trợ giúp pháp lý")
    assert plan.implementation.startswith("Nhận được Chỉ thị này, yêu cầu Giám đốc các sở")
    assert plan.implementation.endswith("việc thực hiện Chỉ thị này./")
