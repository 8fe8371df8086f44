"""The copy to next year moves the plan's period and its activities' windows, never what the
plan cites: legal bases and every activity's text stay byte for byte."""

from datetime import date

import pytest

from planning.importer import parse_plan
from planning.models import Plan
from planning.services import plan_copy_to_next_year, plan_import
from planning.services.plans import _shift_plan_years

pytestmark = pytest.mark.django_db

LEGAL_BASES = (
    "Căn cứ Luật Trợ giúp pháp lý ngày 20 tháng 6 năm 2017 (Luật TGPL 2018 có hiệu lực);",
    "Căn cứ Thông tư số 03/2022/TT-BTP ngày 10/02/2022 của Bộ Tư pháp;",
    "Thực hiện QĐ 1179 ngày 16/5/2023 và Văn bản 1918/BTP-TGPL ngày 26 tháng 4 năm 2024;",
)

PLAN_2024 = "\n".join(
    [
        "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC",
        "Số: 12/KH-TGPL",
        "Lạng Sơn, ngày 05 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "Công tác trợ giúp pháp lý năm 2024",
        *LEGAL_BASES,
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Triển khai kịp thời Văn bản 1918/BTP-TGPL trong năm 2024.",
        "II. NỘI DUNG",
        "1. Tổng kết công tác năm 2023 theo Kế hoạch số 15/KH-TGPL ngày 14/3/2024",
        "- Chủ trì: Phòng Hành chính - Tổng hợp",
        "- Thời gian thực hiện: Tháng 2/2024",
        "- Kết quả thực hiện: Báo cáo theo Công văn 1918/BTP-TGPL năm 2024",
        "2. Truyền thông về Luật TGPL 2018 và TT 03/2022/TT-BTP",
        "- Chủ trì: Phòng Nghiệp vụ",
        "- Thời gian thực hiện: Cả năm 2024",
    ]
)


def _texts(activity) -> tuple:
    return (
        activity.number,
        activity.title,
        activity.text,
        activity.lead_text,
        activity.coordinating_text,
        activity.result_text,
        activity.trigger_text,
    )


def test_a_copy_cites_the_same_documents_and_moves_its_windows_a_year(org, director):
    plan = plan_import(parsed=parse_plan(PLAN_2024), unit=org.centre, by=director)
    assert plan.legal_bases.count("Căn cứ") == 2, plan.legal_bases
    copy = plan_copy_to_next_year(plan=plan, by=director)

    assert copy.legal_bases == plan.legal_bases  # byte for byte
    assert copy.purpose == plan.purpose
    assert copy.title == plan.title.replace("năm 2024", "năm 2025")
    assert (copy.period_start, copy.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    originals = list(plan.activities.order_by("position"))
    copies = list(copy.activities.order_by("position"))
    assert [_texts(a) for a in copies] == [_texts(a) for a in originals]
    assert [s.title for s in copy.sections.all()] == [s.title for s in plan.sections.all()]

    february = copies[0]
    assert (originals[0].start_date, originals[0].end_date) == (date(2024, 2, 1), date(2024, 2, 29))
    assert (february.start_date, february.end_date) == (date(2025, 2, 1), date(2025, 2, 28))
    assert february.time_text == "Tháng 2/2025"
    assert (copies[1].start_date, copies[1].end_date) == (date(2025, 1, 1), date(2025, 12, 31))
    assert copies[1].time_text == "Cả năm 2025"
    assert copy.status == Plan.Status.DRAFT and copy.number == "/KH-TGPL"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Công tác trợ giúp pháp lý năm 2025", "Công tác trợ giúp pháp lý năm 2026"),
        ("Kế hoạch công tác 2025 của Trung tâm", "Kế hoạch công tác 2026 của Trung tâm"),
        # The document a plan implements keeps its number, date and year.
        ("Thực hiện Luật TGPL 2018 năm 2025", "Thực hiện Luật TGPL 2018 năm 2026"),
        ("Triển khai Văn bản 2025/BTP-TGPL", "Triển khai Văn bản 2025/BTP-TGPL"),
        ("Thực hiện TT 03/2025/TT-BTP", "Thực hiện TT 03/2025/TT-BTP"),
        ("Thực hiện QĐ 1179 ngày 16/5/2025", "Thực hiện QĐ 1179 ngày 16/5/2025"),
        ("Thực hiện QĐ 1179 ngày 16 tháng 5 năm 2025", "Thực hiện QĐ 1179 ngày 16 tháng 5 năm 2025"),
        # A programme's period is not the annual plan's year.
        ("Thực hiện Đề án giai đoạn 2021 - 2025 năm 2025", "Thực hiện Đề án giai đoạn 2021 - 2025 năm 2026"),
    ],
)
def test_only_the_plan_s_own_year_moves_in_its_title(title, expected):
    assert _shift_plan_years(title, {2025}, 1) == expected


def test_a_strategy_s_range_of_years_moves_as_a_whole():
    years = set(range(2021, 2026))
    assert _shift_plan_years("Chiến lược giai đoạn 2021-2025", years, 1) == "Chiến lược giai đoạn 2022-2026"
