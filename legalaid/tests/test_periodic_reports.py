import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from legalaid.indicators import Period
from legalaid.models import PeriodicReport
from legalaid.services import periodic_report_period

NARRATIVES = {
    "situation": "Tỉnh có 65 xã, phường; nhu cầu trợ giúp pháp lý ở vùng cao tăng.",
    "results": "Trung tâm đã thụ lý và thực hiện các vụ việc đúng thời hạn.",
    "difficulties": "Đường xa, thiếu phương tiện đi lại.",
    "plans": "Tăng cường trợ giúp pháp lý lưu động.",
    "proposals": "Đề nghị bổ sung biên chế trợ giúp viên pháp lý.",
}


def test_the_report_periods_follow_the_statistical_year(settings):
    settings.STATISTICAL_YEAR_START = (1, 1)
    assert periodic_report_period(kind="half", year=2026) == Period(date(2026, 1, 1), date(2026, 6, 30))
    assert periodic_report_period(kind="year", year=2026) == Period.year(2026)
    settings.STATISTICAL_YEAR_START = (11, 1)
    assert periodic_report_period(kind="half", year=2026) == Period(date(2025, 11, 1), date(2026, 4, 30))
    assert periodic_report_period(kind="year", year=2026) == Period(date(2025, 11, 1), date(2026, 10, 31))


@pytest.fixture
def report(org, intake_officer):
    return PeriodicReport.objects.create(unit=org.centre, kind="half", year=2026, updated_by=intake_officer)


def _save(client, report, version, **changes):
    return client.post(
        f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/", {**NARRATIVES, **changes, "version": version}
    )


def test_the_intake_officer_creates_and_writes_the_report_and_history_records_it(client, org, intake_officer):
    client.force_login(intake_officer)
    response = client.post(
        "/bang-dieu-hanh/bao-cao-dinh-ky/", {"unit": org.centre.pk, "kind": "half", "year": 2026}
    )
    report = PeriodicReport.objects.get()
    assert response["Location"] == f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/"
    assert _save(client, report, 1).status_code == 302
    report.refresh_from_db()
    assert report.situation == NARRATIVES["situation"] and report.version == 2
    assert report.history.latest().history_user == intake_officer
    # the same period twice is refused with a message
    again = client.post(
        "/bang-dieu-hanh/bao-cao-dinh-ky/", {"unit": org.centre.pk, "kind": "half", "year": 2026}
    )
    assert "đã có báo cáo" in again.content.decode()


def test_two_people_saving_at_once_never_overwrite_each_other(client, report, intake_officer, director):
    client.force_login(director)
    assert _save(client, report, 1, results="Bản của Giám đốc.").status_code == 302
    client.force_login(intake_officer)
    response = _save(client, report, 1, results="Bản của cán bộ tiếp nhận.")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản của cán bộ tiếp nhận." in page  # what they typed is still in the box
    assert "Bản của Giám đốc." in page  # and they see what was saved meanwhile
    report.refresh_from_db()
    assert report.results == "Bản của Giám đốc."
    # saving again with the version the conflict page carries succeeds
    assert _save(client, report, 2, results="Bản đã gộp.").status_code == 302


def test_the_director_issues_the_report_and_then_nobody_changes_it(client, report, director, intake_officer):
    client.force_login(intake_officer)
    assert (
        client.post(
            f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/ban-hanh/", {"report_date": "2026-07-05"}
        ).status_code
        == 403
    )
    client.force_login(director)
    client.post(
        f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/ban-hanh/", {"number": 12, "report_date": "2026-07-05"}
    )
    report.refresh_from_db()
    assert (report.status, report.number) == ("issued", 12)
    assert _save(client, report, report.version).status_code == 403


def test_officials_read_but_cannot_write_and_other_branches_cannot_see(
    client, report, official, branch_officer
):
    client.force_login(official)
    assert client.get(f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/").status_code == 200
    assert _save(client, report, 1).status_code == 403
    client.force_login(branch_officer)
    assert client.get(f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/").status_code == 404


def test_the_printed_report_holds_the_narratives_and_the_figures(
    client, report, director, django_assert_max_num_queries
):
    for name, text in NARRATIVES.items():
        setattr(report, name, text)
    report.number, report.report_date = 7, date(2026, 7, 5)
    report.save()
    client.force_login(director)
    response = client.get(f"/bang-dieu-hanh/bao-cao-dinh-ky/{report.pk}/bao-cao.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages)).split())
    assert "Số: 07/BC-TGPL" in text
    assert "Lạng Sơn, ngày 05 tháng 07 năm 2026" in text
    assert "Kết quả công tác trợ giúp pháp lý 6 tháng đầu năm 2026" in text
    for heading in (
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    for paragraph in NARRATIVES.values():
        assert paragraph in text
    assert "Tài khoản người dùng đang hoạt động" in text  # a figure from the indicator registry
