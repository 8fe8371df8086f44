"""Who leads and who coordinates, in each phrase form plans and directives write it in."""

import pytest

from planning.importer import parse_plan, parse_units
from planning.importer.lines import read_roles


def _names(refs):
    return [ref.name for ref in refs]


@pytest.mark.parametrize(
    ("value", "lead", "coordinating"),
    [
        # X chủ trì
        ("Sở Tư pháp chủ trì", ["Sở Tư pháp"], []),
        ("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu", ["Sở Tư pháp"], ["Sở Nội vụ"]),
        # X làm đầu mối, with the person who heads it
        (
            "Giám đốc Trung tâm Trợ giúp pháp lý nhà nước tỉnh làm đầu mối, phối hợp với Sở Tư pháp tổ chức "
            "thực hiện",
            ["Trung tâm Trợ giúp pháp lý nhà nước tỉnh"],
            ["Sở Tư pháp"],
        ),
        # giao X
        ("Giao Phòng Nghiệp vụ theo dõi, đôn đốc", ["Phòng Nghiệp vụ"], []),
        # X chịu trách nhiệm
        ("Trưởng phòng Nghiệp vụ chịu trách nhiệm tổng hợp", ["Phòng Nghiệp vụ"], []),
        # X thực hiện; "Luật sư thực hiện TGPL" is a name, not a phrase
        ("Chi nhánh số 1 thực hiện", ["Chi nhánh số 1"], []),
        (
            "Trợ giúp viên pháp lý, Luật sư thực hiện TGPL",
            ["Trợ giúp viên pháp lý", "Luật sư thực hiện TGPL"],
            [],
        ),
        # X phối hợp với Y: Y coordinates, keeping its whole name
        (
            "Phòng Hành chính - Tổng hợp phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức "
            "chính trị - xã hội",
            ["Phòng Hành chính - Tổng hợp"],
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội"],
        ),
    ],
)
def test_a_lead_line_names_the_unit_in_each_phrase_form(value, lead, coordinating):
    leads, coords = parse_units(value)
    assert (_names(leads), _names(coords)) == (lead, coordinating)


def test_a_coordinating_line_keeps_names_whole_at_commas_and_and():
    _, coords = parse_units(
        "Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội, Đài Phát thanh và Truyền hình "
        "tỉnh, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và Hội Liên hiệp Phụ nữ tỉnh",
        coordinating=True,
    )
    assert _names(coords) == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Lao động - Thương binh và Xã hội",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
    ]


@pytest.mark.parametrize(
    ("title", "lead", "coordinating"),
    [
        (
            "Sở Nội vụ chủ trì phối hợp với sở Tư pháp và UBND các huyện, thị xã, bố trí biên chế",
            ["Sở Nội vụ"],
            ["Sở Tư pháp", "UBND các huyện, thị xã"],
        ),
        ("Trung tâm làm đầu mối tiếp nhận yêu cầu", ["Trung tâm"], []),
        ("Giao Chi nhánh số 2 tổ chức 10 cuộc truyền thông", ["Chi nhánh số 2"], []),
        ("Giám đốc Sở Tư pháp chịu trách nhiệm báo cáo Ủy ban nhân dân tỉnh", ["Sở Tư pháp"], []),
        ("UBND các huyện có trách nhiệm chỉ đạo Phòng Tư pháp", ["UBND các huyện"], []),
        ("Phòng Nghiệp vụ thực hiện", ["Phòng Nghiệp vụ"], []),
        (
            "Tòa án nhân dân tỉnh phối hợp với Trung tâm bảo đảm quyền bào chữa",
            ["Tòa án nhân dân tỉnh"],
            ["Trung tâm"],
        ),
        # Titles that only describe the work name nobody.
        ("Tổ chức thực hiện kế hoạch truyền thông", [], []),
        ("Ban hành kế hoạch thực hiện Đề án", [], []),
        ("Hội đồng phối hợp liên ngành họp định kỳ", [], []),
        ("Tham mưu ban hành các văn bản tổ chức thực hiện công tác TGPL", [], []),
        ("Nâng cao chất lượng vụ việc do Trợ giúp viên pháp lý thực hiện", [], []),
    ],
)
def test_a_title_names_its_lead_only_when_a_body_is_its_subject(title, lead, coordinating):
    leads, coords = read_roles(title, strict=True)
    assert (_names(leads), _names(coords)) == (lead, coordinating)


# Written like the plan the review held out: phrases in the lead lines, long names, a task without lines.
HELD_OUT = """SỞ TƯ PHÁP TỈNH LẠNG SƠN
Số: 15/KH-STP
KẾ HOẠCH
THỰC HIỆN CÔNG TÁC TRỢ GIÚP PHÁP LÝ NĂM 2026
II. NỘI DUNG
1. Tiếp nhận và giải quyết yêu cầu trợ giúp pháp lý
- Chủ trì: Giám đốc Trung tâm Trợ giúp pháp lý nhà nước tỉnh làm đầu mối, phối hợp với Tòa án nhân dân tỉnh
- Thời gian thực hiện: Cả năm 2026
2. Truyền thông về trợ giúp pháp lý
- Thực hiện: Giao Phòng Nghiệp vụ tổ chức thực hiện
- Phối hợp: Sở Văn hóa, Thể thao và Du lịch, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh
- Thời gian thực hiện: Quý II/2026
3. Sở Tư pháp chịu trách nhiệm kiểm tra việc thực hiện kế hoạch
- Thời gian thực hiện: Quý IV/2026
4. Tập huấn cho người thực hiện trợ giúp pháp lý
- Đơn vị thực hiện: Chi nhánh số 1 thực hiện, phối hợp với Hội Luật gia tỉnh
III. TỔ CHỨC THỰC HIỆN
Giao Phòng Nghiệp vụ theo dõi.
"""


def test_a_plan_like_the_held_out_one_gets_every_lead_right():
    plan = parse_plan(HELD_OUT)
    assert [(a.number, _names(a.lead), _names(a.coordinating)) for a in plan.activities()] == [
        ("1", ["Trung tâm Trợ giúp pháp lý nhà nước tỉnh"], ["Tòa án nhân dân tỉnh"]),
        (
            "2",
            ["Phòng Nghiệp vụ"],
            ["Sở Văn hóa, Thể thao và Du lịch", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
        ),
        ("3", ["Sở Tư pháp"], []),
        ("4", ["Chi nhánh số 1"], ["Hội Luật gia tỉnh"]),
    ]
    assert plan.unparsed == []
