"""Pages, permissions, the upload-and-preview import, PDFs and the copy to next year."""

import io
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from legalaid.models import Unit
from planning.models import Activity, Plan, ProgressNote, StatusChange, Target

pytestmark = pytest.mark.django_db
SEED = (Path(__file__).with_name("seeds") / "lang_son_2025.txt").read_text(encoding="utf-8")


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("director", 200),
        ("intake_officer", 200),
        ("assistant", 200),
        ("official", 200),
        ("administrator", 200),
        ("performer", 403),
    ],
)
def test_who_sees_the_plans(client, everyone, lang_son_plan, person, status):
    client.force_login(everyone[person])
    assert client.get(reverse("planning:index")).status_code == status
    assert client.get(reverse("planning:plan", args=[lang_son_plan.pk])).status_code == status


def test_a_branch_plan_is_hidden_from_another_branch(client, org, branch_officer, other_branch_officer):
    from planning.importer import parse_plan
    from planning.services import plan_import

    plan = plan_import(parsed=parse_plan(SEED), unit=org.branch, by=None)
    client.force_login(other_branch_officer)
    assert client.get(reverse("planning:plan", args=[plan.pk])).status_code == 404
    activity = plan.activities.first()
    assert client.get(reverse("planning:activity", args=[activity.pk])).status_code == 404
    assert client.get(reverse("planning:plan_pdf", args=[plan.pk])).status_code == 404
    client.force_login(branch_officer)
    assert client.get(reverse("planning:plan", args=[plan.pk])).status_code == 200


def test_only_those_who_import_see_the_import_page(client, everyone):
    for person, status in [
        ("director", 200),
        ("administrator", 200),
        ("intake_officer", 403),
        ("official", 403),
    ]:
        client.force_login(everyone[person])
        assert client.get(reverse("planning:import")).status_code == status, person


def test_the_plan_page_reads_like_the_document_with_live_progress(
    client, director, lang_son_plan, test_indicators, django_assert_max_num_queries
):
    activity = lang_son_plan.activities.get(number="2.1")
    activity.targets.filter(unit__short_name="HC-TH").update(indicator_key="test.sessions")
    activity.targets.filter(unit=None).update(indicator_key="outreach.sessions_not_registered")
    test_indicators.sessions += [(date(2025, 3, 1), "HC-TH", "direct")] * 7
    client.force_login(director)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("planning:plan", args=[lang_son_plan.pk])).content.decode()
    assert "II. NỘI DUNG" in page
    assert "3.1.2. Kiểm tra, xác minh thông báo" in page
    assert "Phòng Hành chính – Tổng hợp (10 cuộc)" in page
    assert '<strong class="figure">7</strong> / 10 cuộc (70%)' in page
    assert "outreach.sessions_not_registered" in page
    assert "Kinh phí thực hiện Kế hoạch theo Quyết định số 205/QĐ-STP" in page


def test_the_plan_page_filters_by_lead_unit_and_status(client, director, org, lang_son_plan):
    client.force_login(director)
    url = reverse("planning:plan", args=[lang_son_plan.pk])
    page = client.get(url, {"unit": org.professional_department.pk}).content.decode()
    shown = {
        a.number for a in Activity.objects.filter(plan=lang_son_plan) if f'data-activity="{a.number}"' in page
    }
    assert shown == {"2.1", "3.1.2", "5.2", "5.3", "6.2", "7"}
    page = client.get(url, {"status": "done"}).content.decode()
    assert 'data-activity="' not in page


def test_due_this_quarter_groups_the_activities_by_lead_unit(client, director, lang_son_plan):
    import time_machine

    client.force_login(director)
    with time_machine.travel("2025-02-10 09:00 +07:00", tick=False):
        page = client.get(reverse("planning:plan", args=[lang_son_plan.pk])).content.decode()
    assert "Đến hạn trong quý này" in page
    due = page.split("Đến hạn trong quý này")[1].split("</section>")[0]
    assert "Phòng Hành chính – Tổng hợp</h3>" in due
    assert "Tham mưu ban hành các văn bản tổ chức thực hiện công tác TGPL" in due  # Quý I/2025
    assert "Tổ chức 20 cuộc truyền thông" not in due  # ends on 31/12/2025


def test_import_preview_then_save_matches_units_and_creates_new_ones(client, director, org):
    client.force_login(director)
    url = reverse("planning:import")
    upload = SimpleUploadedFile("ke-hoach-2025.txt", SEED.encode("utf-8"), content_type="text/plain")
    response = client.post(url, {"action": "preview", "file": upload, "unit": org.centre.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="activity-count">15</dd>' in page
    assert "Các Trợ giúp viên pháp lý" in page
    names = response.context["names"]
    by_name = {name: (i, match) for i, name, match in names}
    assert by_name["Phòng Hành Chính – Tổng hợp"][1] == org.admin_department  # accents and case ignored
    assert by_name["Phòng Hành chính - Tổng hợp"][1] == org.admin_department  # dash styles too
    assert by_name["Trợ giúp viên pháp lý"][1] is None
    form = {"action": "save", "unit": org.centre.pk, "plan_text": response.context["plan_text"], "title": ""}
    for i, _name, match in names:
        form[f"unit-{i}"] = str(match.pk) if match else ""
    form[f"unit-{by_name['Luật sư thực hiện TGPL'][0]}"] = "new"
    response = client.post(url, form)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("planning:plan", args=[plan.pk])
    assert plan.activities.count() == 15 and plan.sections.count() == 7
    assert plan.issuer == "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN"
    assert plan.issuer_parent == "SỞ TƯ PHÁP TỈNH LẠNG SƠN"
    created = Unit.objects.get(name="Luật sư thực hiện TGPL")
    assert created.kind == Unit.Kind.OTHER and created.parent == org.doj
    sessions = plan.activities.get(number="2.1")
    assert sorted(link.unit.short_name for link in sessions.unit_links.all()) == ["HC-TH", "NV"]
    assert Target.objects.filter(activity=sessions, unit=org.professional_department, quantity=10).exists()
    assert sessions.unit_links.get(unit=org.professional_department).share == "10 cuộc"


def test_a_bad_upload_is_refused_with_a_clear_message(client, director, org):
    client.force_login(director)
    upload = SimpleUploadedFile("ke-hoach.docx", b"this is no word file")
    response = client.post(
        reverse("planning:import"), {"action": "preview", "file": upload, "unit": org.centre.pk}
    )
    assert response.status_code == 200
    assert "Tệp “ke-hoach.docx” không phải là tệp Word (.docx) thật." in response.content.decode()
    response = client.post(
        reverse("planning:import"), {"action": "preview", "text": "   ", "unit": org.centre.pk}
    )
    assert "Hãy chọn tệp hoặc dán nội dung kế hoạch." in response.content.decode()
    response = client.post(
        reverse("planning:import"), {"action": "preview", "text": "Không có gì", "unit": org.centre.pk}
    )
    form = {"action": "save", "unit": org.centre.pk, "plan_text": "Không có gì"}
    response = client.post(reverse("planning:import"), form, follow=True)
    assert "Không tìm thấy hoạt động nào trong văn bản" in response.content.decode()
    assert not Plan.objects.exists()


def test_status_note_and_binding_through_the_activity_page(client, director, lang_son_plan, test_indicators):
    client.force_login(director)
    activity = lang_son_plan.activities.get(number="5.3")
    url = reverse("planning:activity_status", args=[activity.pk])
    response = client.post(url, {"status": "done", "reason": "", "version": 0})
    assert response.status_code == 400
    response = client.post(url, {"status": "done", "reason": "Đã tổ chức tại Cao Bằng", "version": 0})
    assert response.status_code == 302
    assert StatusChange.objects.get().reason == "Đã tổ chức tại Cao Bằng"
    response = client.post(url, {"status": "at_risk", "reason": "cũ", "version": 0})
    assert "Người khác vừa thay đổi hoạt động này" in response.content.decode()
    note_url = reverse("planning:activity_note", args=[activity.pk])
    response = client.post(note_url, {"day": "2999-01-01", "text": "Tương lai", "evidence": ""})
    assert response.status_code == 400  # out of every bound, refused by the form
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(note_url, {"day": tomorrow, "text": "Tương lai", "evidence": ""})
    assert "Không thể ghi tiến độ vào một ngày trong tương lai." in response.content.decode()
    client.post(
        note_url, {"day": "2025-10-21", "text": "Đoàn học tập tại Cao Bằng", "evidence": "Báo cáo 45/BC-TGPL"}
    )
    assert ProgressNote.objects.get().evidence == "Báo cáo 45/BC-TGPL"
    target = lang_son_plan.activities.get(number="2.1").targets.get(unit=None)
    bind_url = reverse("planning:target_bind", args=[target.activity_id, target.pk])
    client.post(bind_url, {f"t{target.pk}-binding": "test.sessions?kind=direct"})
    target.refresh_from_db()
    assert (target.indicator_key, target.filters) == ("test.sessions", {"kind": "direct"})
    # A value outside the filter's list is not offered, and a forged one is refused.
    page = client.get(reverse("planning:activity", args=[target.activity_id])).content.decode()
    assert 'value="test.sessions?kind=direct" selected' in page and "kind=truc" not in page
    response = client.post(bind_url, {f"t{target.pk}-binding": "test.sessions?kind=truc+tiep"}, follow=True)
    assert "Hãy chọn chỉ số và nội dung được đếm trong danh sách." in response.content.decode()
    target.refresh_from_db()
    assert target.filters == {"kind": "direct"}


def test_the_plan_as_an_official_pdf(client, director, lang_son_plan, django_assert_max_num_queries):
    client.force_login(director)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("planning:plan_pdf", args=[lang_son_plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ TƯ PHÁP TỈNH LẠNG SƠN",
        "Số: /KH-TGPL",
        "KẾ HOẠCH",
        "Triển khai công tác trợ giúp pháp lý năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "2.1. Tổ chức 20 cuộc truyền thông trực tiếp về TGPL",
        "- Chủ trì: Phòng Hành chính – Tổng hợp (10 cuộc), Phòng Nghiệp vụ (10 cuộc)",
        "- Thời gian thực hiện: Quý I/2025 và thời gian theo các Kế hoạch khác được giao",
        "- Kết quả thực hiện: Các vụ việc tham gia tố tụng hoàn thành trước 31/10/2025",
        "III. KINH PHÍ THỰC HIỆN",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Lưu: VT, HC-TH.",
        "GIÁM ĐỐC",
        "Hoàng Thị Bích",
    ]:
        assert expected in text, expected
    for activity in lang_son_plan.activities.all():
        assert activity.label[:50] in text


def test_the_progress_report_pdf(
    client, director, lang_son_plan, test_indicators, django_assert_max_num_queries
):
    activity = lang_son_plan.activities.get(number="2.1")
    activity.targets.filter(unit__short_name="HC-TH").update(indicator_key="test.sessions")
    test_indicators.sessions += [(date(2025, 3, 1), "HC-TH", "direct")] * 7
    ProgressNote.objects.create(
        activity=activity,
        day=date(2025, 3, 2),
        text="Đã truyền thông tại xã Mẫu Sơn",
        evidence="Biên bản ngày 01/3/2025",
        by=director,
    )
    client.force_login(director)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("planning:report_pdf", args=[lang_son_plan.pk]))
    text = _pdf_text(response.content)
    for expected in [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch Triển khai công tác trợ giúp pháp lý năm 2025",
        "Kế hoạch có 15 hoạt động",
        "7/10 cuộc (70%)",
        "Đã truyền thông tại xã Mẫu Sơn",
        "Tham mưu ban hành các văn bản tổ chức",
        "Nơi nhận:",
    ]:
        assert expected in text, expected


def test_copy_to_next_year_shifts_windows_keeps_targets_clears_progress(
    client, director, lang_son_plan, test_indicators
):
    activity = lang_son_plan.activities.get(number="1")
    from planning.services import activity_set_status

    activity_set_status(activity=activity, status="done", reason="Xong", by=director, version=0)
    ProgressNote.objects.create(activity=activity, day=date(2025, 3, 1), text="Xong", by=director)
    lang_son_plan.activities.get(number="2.1").targets.update(indicator_key="test.sessions")
    client.force_login(director)
    response = client.post(reverse("planning:copy", args=[lang_son_plan.pk]))
    copy = Plan.objects.exclude(pk=lang_son_plan.pk).get()
    assert response["Location"] == reverse("planning:plan", args=[copy.pk])
    assert copy.title == "Triển khai công tác trợ giúp pháp lý năm 2026"
    assert (copy.period_start, copy.period_end, copy.status) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        "draft",
    )
    assert copy.activities.count() == 15 and copy.sections.count() == 7
    first = copy.activities.get(number="1")
    assert first.time_text == "Quý I/2026 và thời gian theo các Kế hoạch khác được giao"
    assert (first.start_date, first.end_date) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (first.status_override, first.notes.count(), first.status_changes.count()) == ("", 0, 0)
    sessions = copy.activities.get(number="2.1")
    assert sorted(t.quantity for t in sessions.targets.all()) == [10, 10, 20]
    assert {t.indicator_key for t in sessions.targets.all()} == {"test.sessions"}
    assert sessions.unit_links.count() == 2


def test_the_preview_can_be_corrected_and_read_again(client, director, org):
    client.force_login(director)
    broken = SEED.replace("- *Chủ trì: Phòng Nghiệp vụ*\n", "Phòng Nghiệp vụ chủ trì\n")
    response = client.post(
        reverse("planning:import"), {"action": "preview", "text": broken, "unit": org.centre.pk}
    )
    assert 'name="text"' in response.content.decode()
    corrected = response.context["plan_text"].replace(
        "Phòng Nghiệp vụ chủ trì\n", "- Chủ trì: Phòng Nghiệp vụ\n"
    )
    response = client.post(
        reverse("planning:import"), {"action": "preview", "text": corrected, "unit": org.centre.pk}
    )
    activity = next(a for a in response.context["parsed"].activities() if a.number == "5.3")
    assert [ref.name for ref in activity.lead] == ["Phòng Nghiệp vụ"]


def test_the_plans_list_takes_a_fixed_number_of_queries(client, director, org, django_assert_max_num_queries):
    from planning.importer import parse_plan
    from planning.services import plan_import

    for _ in range(3):
        plan_import(parsed=parse_plan(SEED), unit=org.centre, by=director)
    client.force_login(director)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("planning:index")).content.decode()
    assert page.count("Triển khai công tác trợ giúp pháp lý năm 2025") == 3


ROLES = ["director", "intake_officer", "assistant", "performer", "official", "administrator"]
# action -> the roles allowed to do it
ALLOWED = {
    "status": {"director", "intake_officer", "administrator"},
    "note": {"director", "intake_officer", "assistant", "administrator"},
    "bind": {"director", "intake_officer", "administrator"},
    "copy": {"director", "administrator"},
    "plan_status": {"director", "administrator"},
}


@pytest.mark.parametrize("person", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_action_by_every_role(client, everyone, lang_son_plan, person, action):
    activity = lang_son_plan.activities.get(number="1")
    target = lang_son_plan.activities.get(number="2.1").targets.first()
    url, data = {
        "status": (
            reverse("planning:activity_status", args=[activity.pk]),
            {"status": "done", "reason": "Xong", "version": 0},
        ),
        "note": (
            reverse("planning:activity_note", args=[activity.pk]),
            {"day": "2025-03-01", "text": "Đã làm"},
        ),
        "bind": (
            reverse("planning:target_bind", args=[target.activity_id, target.pk]),
            {f"t{target.pk}-binding": ""},
        ),
        "copy": (reverse("planning:copy", args=[lang_son_plan.pk]), {}),
        "plan_status": (reverse("planning:plan_status", args=[lang_son_plan.pk]), {"status": "issued"}),
    }[action]
    client.force_login(everyone[person])
    response = client.post(url, data)
    assert response.status_code == (302 if person in ALLOWED[action] else 403)


def test_the_activity_page_shows_relative_and_yearly_deadlines(client, director, org):
    from planning.importer import parse_plan
    from planning.services import plan_import

    text = """KẾ HOẠCH Thẩm định chất lượng vụ việc năm 2025
II. NỘI DUNG
1. Phân công thẩm định vụ việc hoàn thành
- Thực hiện: Phòng Nghiệp vụ
- Thời gian thực hiện: Chậm nhất 05 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ
2. Báo cáo Sở Tư pháp
- Thực hiện: Phòng Hành chính – Tổng hợp
- Thời gian thực hiện: trước ngày 30 tháng 9 hàng năm
"""
    plan = plan_import(parsed=parse_plan(text), unit=org.centre, by=director)
    first, second = plan.activities.order_by("position")
    client.force_login(director)
    page = client.get(reverse("planning:activity", args=[first.pk])).content.decode()
    assert "5 ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ" in page
    assert (first.relative_working_days, first.recurrence) == (5, "on_event")
    page = client.get(reverse("planning:activity", args=[second.pk])).content.decode()
    assert "Thời hạn hằng năm" in page and "30/09" in page
    assert (second.deadline, second.recurrence) == (date(2025, 9, 30), "yearly")
