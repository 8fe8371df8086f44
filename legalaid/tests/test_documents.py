import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from legalaid.documents import document_number, vietnamese_date_line


def _pdf_text(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Lines wrap where the layout wraps them (the issuer's name spans lines, as on paper).
    return " ".join(unicodedata.normalize("NFC", text).split()), fonts


def test_the_date_line_pads_day_and_month_like_official_papers():
    assert vietnamese_date_line("Lạng Sơn", date(2021, 2, 8)) == "Lạng Sơn, ngày 08 tháng 02 năm 2021"
    assert vietnamese_date_line("Lạng Sơn", date(2025, 11, 24)) == "Lạng Sơn, ngày 24 tháng 11 năm 2025"


def test_document_numbers_follow_the_number_symbol_pattern():
    assert document_number(5, "KH", "TGPL") == "Số: 05/KH-TGPL"
    assert document_number(231, "KH", "STP") == "Số: 231/KH-STP"
    assert document_number(None, "KH", "TGPL").startswith("Số: ")
    assert document_number(None, "KH", "TGPL").endswith("/KH-TGPL")


@pytest.mark.django_db
def test_the_users_list_is_an_official_pdf_with_the_vietnamese_header_exactly(
    client, org, director, intake_officer, branch_officer, django_assert_max_num_queries
):
    client.force_login(director)
    with django_assert_max_num_queries(12):
        response = client.get(f"/to-chuc/{org.centre.pk}/nguoi-dung.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "SỞ TƯ PHÁP TỈNH LẠNG SƠN" in text
    assert "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC TỈNH LẠNG SƠN" in text
    assert "Lạng Sơn, ngày" in text
    assert "/DS-TGPL" in text
    assert "DANH SÁCH" in text
    for person in ("Hoàng Văn Thắng", "Nguyễn Thị Hồng Nhung", "Vi Văn Hùng"):
        assert person in text
    assert "Nơi nhận:" in text
    assert "GIÁM ĐỐC" in text
    # Every glyph comes from the Times-compatible serif: no fallback font for ơ, ư, ạ, ế...
    assert fonts, "the PDF embeds no font"
    assert all("Liberation-Serif" in font for font in fonts), fonts


@pytest.mark.django_db
def test_a_long_list_numbers_its_pages_from_the_second_page(org, director):
    from legalaid.tests.factories import UserFactory

    UserFactory.create_batch(60, unit=org.admin_department)
    from django.test import Client

    client = Client()
    client.force_login(director)
    reader = PdfReader(io.BytesIO(client.get(f"/to-chuc/{org.centre.pk}/nguoi-dung.pdf").content))
    assert len(reader.pages) >= 2
    first_lines = reader.pages[0].extract_text().strip().splitlines()
    second_lines = reader.pages[1].extract_text().strip().splitlines()
    assert first_lines[0].strip() != "1"
    assert "2" in (second_lines[0].strip(), second_lines[-1].strip())
