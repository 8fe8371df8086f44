"""The importer on the three real plans (hand-counted) and on a plan it has never seen."""

import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from legalaid.refusal import Refusal
from planning.importer import NodeKind, PlanKind, docx_to_text, parse_plan
from planning.tests.test_docx_upload import CONTENT_TYPES
from planning.timewindow import Recurrence

SEEDS = Path(__file__).with_name("seeds")


def _plan(name):
    return parse_plan((SEEDS / name).read_text(encoding="utf-8"))


def _by_number(plan):
    return {a.number: a for a in plan.activities()}


def _names(refs):
    return [ref.name for ref in refs]


def test_lang_son_2025_has_fifteen_activities_under_seven_headings():
    plan = _plan("lang_son_2025.txt")
    assert [a.number for a in plan.activities()] == [
        "1",
        "2.1",
        "2.2",
        "3.1.1",
        "3.1.2",
        "3.2.1",
        "3.2.2",
        "4",
        "5.1",
        "5.2",
        "5.3",
        "6.1",
        "6.2",
        "7",
        "8",
    ]
    assert [s.label for s in plan.sections()] == [
        "II. NỘI DUNG",
        "2. Công tác truyền thông, thông tin về TGPL",
        "3. Công tác tiếp nhận, xác minh, thụ lý yêu cầu TGPL",
        "3.1. Công tác tiếp nhận, xác minh, thụ lý yêu cầu TGPL; Tham mưu Quyết định cử/thay thế Trợ giúp "
        "viên pháp lý, Luật sư thực hiện TGPL tham gia tố tụng, đại diện ngoài tố tụng theo quy định",
        "3.2. Công tác thực hiện vụ việc TGPL",
        "5. Nâng cao năng lực cho đội ngũ người thực hiện TGPL, viên chức của Trung tâm",
        "6. Công tác phối hợp",
    ]
    assert plan.unparsed == []


def test_lang_son_2025_header_parts_and_closing():
    plan = _plan("lang_son_2025.txt")
    assert plan.kind == PlanKind.ANNUAL
    assert plan.number == "/KH-TGPL"
    assert plan.place == "Lạng Sơn"
    assert plan.issued_on is None  # the day is left blank in the draft
    assert plan.title == "Triển khai công tác trợ giúp pháp lý năm 2025"
    assert (plan.period_start, plan.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert plan.legal_bases.startswith("Thực hiện Kế hoạch số 02/KH-STP ngày 10/01/2025")
    assert plan.purpose.startswith("1. Mục đích")
    assert plan.funding.startswith("Kinh phí thực hiện Kế hoạch theo Quyết định số 205/QĐ-STP")
    assert plan.implementation.endswith("báo cáo việc triển khai thực hiện định kỳ./.")
    assert plan.recipients == [
        "Cục Trợ giúp pháp lý, Bộ Tư pháp (B/c)",
        "Sở Tư pháp (B/c)",
        "Lãnh đạo Sở",
        "Lãnh đạo Trung tâm",
        "Các Phòng thuộc TT",
        "Lưu: VT, HC-TH",
    ]
    assert (plan.signer_authority, plan.signer_name) == ("GIÁM ĐỐC", "Hoàng Thị Bích")


def test_lang_son_2025_attribute_lines_splits_and_wrapped_lines():
    acts = _by_number(_plan("lang_son_2025.txt"))
    first = acts["1"]
    assert _names(first.lead) == ["Phòng Hành chính – Tổng hợp"]
    assert _names(first.coordinating) == ["Phòng Nghiệp vụ"]
    assert first.time_text == "Quý I/2025 và thời gian theo các Kế hoạch khác được giao"
    assert (first.window.start, first.window.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert first.result_text == "Các văn bản tham mưu và kế hoạch được ban hành"
    # A paragraph the Word conversion broke in two is one paragraph again.
    assert "Văn bản thực hiện các hoạt động của Hội đồng phối hợp liên ngành về TGPL" in first.text[0]

    sessions = acts["2.1"]
    assert _names(sessions.lead) == ["Phòng Hành chính - Tổng hợp", "Phòng Nghiệp vụ"]
    assert [ref.share for ref in sessions.lead] == ["10 cuộc", "10 cuộc"]
    assert sessions.coordinating == []
    assert [(t.quantity, t.measure, t.unit_name) for t in sessions.targets] == [
        (Decimal(20), "cuộc", ""),
        (Decimal(10), "cuộc", "Phòng Hành chính - Tổng hợp"),
        (Decimal(10), "cuộc", "Phòng Nghiệp vụ"),
    ]
    themes = acts["5.2"]
    assert [(ref.name, ref.share) for ref in themes.lead] == [
        ("Phòng Hành chính – Tổng hợp", "01 chuyên đề"),
        ("Phòng Nghiệp vụ", "03 chuyên đề"),
    ]
    assert _names(acts["7"].lead) == ["Phòng Hành chính – Tổng hợp", "Phòng Nghiệp vụ"]
    assert _names(acts["3.2.2"].lead) == ["Trợ giúp viên pháp lý", "Luật sư thực hiện TGPL"]
    assert acts["3.2.2"].result_text == "Các vụ việc tham gia tố tụng hoàn thành trước 31/10/2025"
    assert "Trợ giúp viên pháp lý của Trung tâm quyết tâm" in acts["3.2.2"].text[0]
    # Attribute lines without the italics are read too (6.1 and 6.2).
    assert _names(acts["6.2"].lead) == ["Phòng Nghiệp vụ"]
    assert acts["4"].targets[0].quantity == 100 and acts["4"].targets[0].is_percent


def test_bac_kan_2021_numbered_activities_under_five_topics():
    plan = _plan("bac_kan_2021.txt")
    assert [a.number for a in plan.activities()] == [
        "Hoạt động 1",
        "Hoạt động 2",
        "Hoạt động 3",
        "Hoạt động 4",
        "Hoạt động",
        "Hoạt động 1",
        "Hoạt động 2",
        "Hoạt động 3",
        "Hoạt động 1",
        "Hoạt động 2",
        "Hoạt động 3",
        "Hoạt động 4",
        "Hoạt động",
    ]
    assert len(plan.sections()) == 6 and plan.unparsed == []
    assert plan.kind == PlanKind.PROGRAMME
    assert plan.issuer == "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"
    assert plan.number == "60/KH-UBND"
    assert (plan.place, plan.issued_on) == ("Bắc Kạn", date(2021, 2, 8))
    assert plan.recipients[0] == "Gửi bản điện tử:" and plan.recipients[-1] == "Lưu: VT, NCPC"
    assert plan.closing.startswith("Trên đây là Kế hoạch")
    acts = plan.activities()
    assert (acts[1].window.start, acts[1].window.end) == (date(2021, 1, 1), date(2021, 9, 30))
    assert _names(acts[2].lead) == ["Sở Tư pháp", "Trung tâm trợ giúp pháp lý nhà nước"]
    assert _names(acts[2].coordinating) == [
        "Ủy ban nhân dân các huyện (Trung tâm Văn hóa - Thể thao và Truyền thông)",
        "Đài Phát thanh và Truyền hình Bắc Kạn",
        "Báo Bắc Kạn",
    ]
    assert acts[3].window.recurrence == Recurrence.ON_CHANGE
    assert (acts[11].window.start, acts[11].window.end) == (date(2021, 10, 1), date(2021, 12, 31))
    # Inline form: "Sở Tư pháp phối hợp với Sở Tài chính, ... tham mưu cho Ủy ban nhân dân tỉnh."
    assert _names(acts[12].lead) == ["Sở Tư pháp"]
    assert _names(acts[12].coordinating) == [
        "Sở Tài chính",
        "Ủy ban nhân dân các huyện, thành phố, các sở, ban, ngành có liên quan",
    ]


def test_ca_mau_strategy_has_three_phases_and_twenty_eight_activities():
    plan = _plan("ca_mau_2013_2030.txt")
    assert plan.kind == PlanKind.STRATEGY
    assert (plan.number, plan.issued_on) == ("687/QĐ-UBND", date(2013, 5, 9))
    assert (plan.period_start, plan.period_end) == (date(2013, 5, 9), date(2030, 12, 31))
    phases = [s for s in plan.sections() if s.kind == NodeKind.PHASE]
    assert [p.label for p in phases] == [
        "I. Giai đoạn từ nay đến năm 2015",
        "II. Giai đoạn 2016 - 2020",
        "III. Giai đoạn 2020 - 2030",
    ]
    per_phase = [sum(1 for n in phase.walk() if n.kind == NodeKind.ACTIVITY) for phase in phases]
    assert per_phase == [13, 9, 6]
    assert len(plan.sections()) == 14 and plan.unparsed == []
    assert plan.preamble.startswith("QUYẾT ĐỊNH")
    assert plan.funding.startswith("Kinh phí thực hiện Kế hoạch do Ngân sách nhà nước")


def test_ca_mau_activities_take_their_phase_window_and_shared_lines():
    plan = _plan("ca_mau_2013_2030.txt")
    phase_one, phase_two, phase_three = (s for s in plan.sections() if s.kind == NodeKind.PHASE)
    first = next(n for n in phase_one.walk() if n.kind == NodeKind.ACTIVITY)
    assert first.title == "Hoạt động liên quan thể chế" and first.lead == []
    assert (first.window.start, first.window.end) == (date(2013, 5, 9), date(2015, 12, 31))
    acts = [n for n in phase_one.walk() if n.kind == NodeKind.ACTIVITY]
    lettered_a = next(a for a in acts if a.number == "a)")
    # "- Cơ quan thực hiện: ..." written once after a) and b) belongs to both.
    assert _names(lettered_a.lead)[0] == "Sở Tư pháp"
    building = next(a for a in acts if a.number == "6.2")
    assert [year for year, _ in building.window.schedule] == [2013, 2014, 2015]
    it = next(a for a in acts if a.number == "6.3")
    assert _names(it.coordinating) == ["Sở Kế hoạch Đầu tư", "Sở Xây dựng", "Sở Tài chính"]
    review = [n for n in phase_two.walk() if n.number == "6"][0]
    assert review.time_text.startswith("Năm 2016 - 2020")
    assert (review.window.start, review.window.end) == (date(2016, 1, 1), date(2020, 12, 31))
    last = [n for n in phase_three.walk() if n.kind == NodeKind.ACTIVITY][-1]
    assert (last.window.start, last.window.end) == (date(2020, 1, 1), date(2030, 12, 31))


UNSEEN = """SỞ TƯ PHÁP TỈNH QUẢNG BÌNH
Số: 231 /KH-STP
Quảng Bình, ngày 17 tháng 02 năm 2017
KẾ HOẠCH
Triển khai Bộ tiêu chuẩn chất lượng vụ việc trợ giúp pháp lý năm 2017
Căn cứ Thông tư số 02/2013/TT-BTP;
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng vụ việc.
II. CÁC NHIỆM VỤ, HOẠT ĐỘNG VÀ GIẢI PHÁP CỤ THỂ
- Phân công thực hiện: Phòng Bổ trợ tư pháp
1. Tự kiểm tra chất lượng
Hoạt động 1: Tổ chức 02 đợt kiểm tra
hồ sơ vụ việc đã hoàn thành.
+ Tại Sở Tư pháp: Phòng Bổ trợ tư pháp kiểm tra 01 đợt;
+ Tại Trung tâm TGPL nhà nước: Ban Giám đốc kiểm tra 01 đợt.
Thời gian: Quý II - III /2017
Hoạt động 2: Lấy ý kiến người tiến hành tố tụng
Cơ quan thực hiện: Trung tâm TGPL nhà nước chủ trì, phối hợp với Tòa án nhân dân tỉnh
Thời gian thực hiện: Theo chỉ đạo của lãnh đạo
III. TỔ CHỨC THỰC HIỆN
Giao Phòng Bổ trợ tư pháp theo dõi.
Nơi nhận:
- Như trên;
- Lưu: VT, BTTP.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)
Trần Tiến Hải
"""


def test_a_plan_never_seen_is_read_and_what_is_not_understood_is_counted():
    plan = parse_plan(UNSEEN)
    assert (plan.issuer, plan.number, plan.issued_on) == (
        "SỞ TƯ PHÁP TỈNH QUẢNG BÌNH",
        "231 /KH-STP",
        date(2017, 2, 17),
    )
    first, second = plan.activities()
    assert first.number == "Hoạt động 1"
    assert first.title == "Tổ chức 02 đợt kiểm tra hồ sơ vụ việc đã hoàn thành."  # title wrapped on two lines
    assert [(r.name, r.share) for r in first.lead] == [
        ("Sở Tư pháp", "Phòng Bổ trợ tư pháp kiểm tra 01 đợt;"),
        ("Trung tâm TGPL nhà nước", "Ban Giám đốc kiểm tra 01 đợt."),
    ]
    assert (first.window.start, first.window.end) == (date(2017, 4, 1), date(2017, 9, 30))
    assert _names(second.lead) == ["Trung tâm TGPL nhà nước"]
    assert _names(second.coordinating) == ["Tòa án nhân dân tỉnh"]
    assert not second.window.parsed
    # The attribute line before any heading, and the time words nobody can date.
    assert [line for _, line in plan.unparsed] == [
        "- Phân công thực hiện: Phòng Bổ trợ tư pháp",
        "Hoạt động 2 thời gian: Theo chỉ đạo của lãnh đạo",
    ]
    assert plan.signer_authority == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" and plan.signer_name == "Trần Tiến Hải"


def _docx(paragraphs):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_a_word_document_is_read_paragraph_by_paragraph():
    data = _docx(
        [
            "KẾ HOẠCH Công tác năm 2026",
            "II. NỘI DUNG",
            "1. Tổ chức 12 cuộc truyền thông",
            "- Chủ trì: Phòng Nghiệp vụ",
            "- Thời gian thực hiện: Quý II/2026",
        ]
    )
    plan = parse_plan(docx_to_text(data))
    (activity,) = plan.activities()
    assert activity.title == "Tổ chức 12 cuộc truyền thông"
    assert (activity.window.start, activity.window.end) == (date(2026, 4, 1), date(2026, 6, 30))
    with pytest.raises(Refusal, match=r"Tệp “kh.docx” không phải là tệp Word \(.docx\) thật."):
        docx_to_text(b"not a zip", name="kh.docx")


def test_the_command_prints_one_line_per_activity_the_leads_it_could_not_match_and_the_counts(capsys, org):
    call_command("import_plan", str(SEEDS / "lang_son_2025.txt"), "--dry-run")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 17
    assert lines[-2] == (
        "Đơn vị chủ trì không tìm thấy trong cơ cấu tổ chức: Các Trợ giúp viên pháp lý; Hỗ trợ nghiệp vụ "
        "theo phân công; Trợ giúp viên pháp lý; Luật sư thực hiện TGPL; các Trợ giúp viên pháp lý"
    )
    assert lines[0] == (
        "1 | Tham mưu ban hành các văn bản tổ chức thực hiện công tác TGPL"
        " | chủ trì: Phòng Hành chính – Tổng hợp"
        " | phối hợp: Phòng Nghiệp vụ | thời gian: Quý I/2025 và thời gian theo các Kế hoạch khác được giao"
        " → 01/01/2025 – 31/03/2025, một lần"
    )
    assert lines[1].startswith("2.1 | Tổ chức 20 cuộc truyền thông trực tiếp về TGPL")
    assert lines[1].endswith(
        "| chủ trì: Phòng Hành chính - Tổng hợp, Phòng Nghiệp vụ | phối hợp: - | thời gian: Cả năm 2025"
        " → 01/01/2025 – 31/12/2025, một lần"
    )
    assert lines[-1] == "mục: 7, hoạt động: 15, dòng không đọc được: 0"


@pytest.mark.parametrize(
    ("seed", "last"),
    [
        ("bac_kan_2021.txt", "mục: 6, hoạt động: 13, dòng không đọc được: 0"),
        ("ca_mau_2013_2030.txt", "mục: 14, hoạt động: 28, dòng không đọc được: 0"),
    ],
)
@pytest.mark.django_db
def test_the_command_on_the_other_seeds(capsys, seed, last):
    call_command("import_plan", str(SEEDS / seed), "--dry-run")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == last
    if seed == "bac_kan_2021.txt":
        assert lines[3].endswith(
            "thời gian: Thường xuyên khi có sự thay đổi → 01/01/2021 – 31/12/2021, khi có sự thay đổi"
        )
    else:
        assert "thời gian: (theo mục trên) → 09/05/2013 – 31/12/2015, một lần" in lines[0]
        assert lines[10].startswith("6.2 | Đối với cơ sở vật chất của các Chi nhánh")
        assert lines[10].endswith("→ 01/01/2013 – 31/12/2015, một lần, các năm 2013, 2014, 2015")


@pytest.mark.django_db
def test_the_command_saves_the_plan_without_dry_run(capsys, org):
    call_command("import_plan", str(SEEDS / "lang_son_2025.txt"), "--unit", str(org.centre.pk))
    out = capsys.readouterr().out
    from planning.models import Activity, Plan

    assert out.strip().splitlines()[-1] == f"Đã lưu kế hoạch số {Plan.objects.get().pk}: 15 hoạt động."
    plan = Plan.objects.get()
    assert plan.unit == org.centre
    assert Activity.objects.filter(plan=plan).count() == 15


def test_the_command_refuses_a_missing_file():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tệp: /nonexistent/plan.txt"):
        call_command("import_plan", "/nonexistent/plan.txt", "--dry-run")
