"""In real Chromium: import a plan through the upload page, bind a target, see its progress."""

from datetime import date
from pathlib import Path

import pytest

from legalaid.tests.browser import login
from planning import bindings

SEED = Path(__file__).with_name("seeds") / "lang_son_2025.txt"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_director_imports_a_plan_binds_a_target_and_sees_its_progress(
    page, live_server, org, director, test_indicators
):
    test_indicators.sessions += [(date(2025, m, 5), "HC-TH", "direct") for m in (2, 4, 6)]
    test_indicators.sessions += [(date(2025, m, 12), "NV", "direct") for m in (3, 5, 7, 9, 10)]
    login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/ke-hoach/")
    page.get_by_role("link", name="Nhập kế hoạch").click()
    page.set_input_files("#id_file", str(SEED))
    page.select_option("#id_unit", label=org.centre.name)
    page.get_by_role("button", name="Đọc và xem trước").click()
    assert page.locator("#activity-count").inner_text() == "15"
    assert page.get_by_role("combobox", name="Phòng Nghiệp vụ").input_value() == str(
        org.professional_department.pk
    )
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.wait_for_selector("text=Đã nhập kế hoạch: 15 hoạt động.")
    assert page.locator("h1").inner_text() == "Kế hoạch Triển khai công tác trợ giúp pháp lý năm 2025"

    page.locator('[data-activity="2.1"] strong a').click()
    target = page.locator(".target").filter(has_text="20 cuộc truyền thông trực tiếp")
    # The import proposed (and the save kept) outreach's direct sessions, from the target's words;
    # the director binds it to the test ledger's direct sessions instead, chosen from the list.
    assert "Chưa gắn với chỉ số nào." not in target.inner_text()
    target.locator("select").select_option(bindings.encode("test.sessions", {"kind": "direct"}))
    target.get_by_role("button", name="Lưu").click()
    page.wait_for_selector("text=Đã lưu chỉ số của chỉ tiêu.")
    target = page.locator(".target").filter(has_text="20 cuộc truyền thông trực tiếp")
    assert target.locator(".figure").inner_text() == "8"  # 3 + 5 sessions in 2025
    assert target.locator(".percent").inner_text() == "40%"

    page.get_by_role("link", name="Kế hoạch Triển khai công tác trợ giúp pháp lý năm 2025").click()
    activity = page.locator('[data-activity="2.1"]')
    assert "8 / 20 cuộc (40%)" in " ".join(activity.inner_text().split())
