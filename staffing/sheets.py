"""Build spreadsheets shaped like the provinces' own (title, decision line, merged cells, STT,
blank rows, numbers typed as numbers): for the tests, the demo file and the benchmark.

staffing/fixtures/ctv-lang-son-mau-loi.xlsx is ``demo_workbook()`` saved, to try the import on."""

# openpyxl directly, not legalaid.spreadsheets: these imitate other people's messy files on purpose.

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

TITLE = "DANH SÁCH CỘNG TÁC VIÊN TRỢ GIÚP PHÁP LÝ TỈNH LẠNG SƠN"
DECISION = "(Kèm theo Quyết định số 125/QĐ-STP ngày 15/3/2024 của Giám đốc Sở Tư pháp)"


def messy_workbook(headers: list[str], rows: Iterable[list[Any] | None], *, title_rows: bool = True) -> bytes:
    """An xlsx: title and decision lines merged across the table, a blank row, then the header
    and the rows; ``None`` in ``rows`` is a blank row. Returns the file's bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "CTV"
    width = len(headers)
    if title_rows:
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.append([DECISION])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row if row is not None else [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DEMO_HEADERS = [
    "STT",
    "Họ tên",
    "Số CCCD/CMND",
    "Giới tính",
    "Ngày, tháng, năm sinh",
    "Dân tộc",
    "Biết tiếng dân tộc",
    "Địa bàn",
    "Thôn, bản",
    "Điện thoại",
    "Nghề nghiệp",
    "Trưởng thôn/bản",
    "Người có uy tín",
    "Lĩnh vực TGPL",
    "Số thẻ CTV",
    "Ngày cấp thẻ",
]


def demo_rows() -> list[list[Any] | None]:
    """What a district clerk's list looks like after years of copy and paste: lower-case
    names, IDs and phones typed as numbers, dates as text or real dates, old commune names,
    and a few rows the import must refuse."""
    from datetime import date

    return [
        [
            1,
            "hoàng văn thái",
            20085012345,
            "Nam",
            date(1978, 4, 12),
            "Nùng",
            "Nùng, Tày",
            "that khe",
            "Bản Piằng",
            912004455,
            "Trưởng thôn",
            "x",
            "",
            "Dân sự; Hôn nhân gia đình",
            "CTV-25-101",
            "15/03/2025",
        ],
        [
            2,
            "NÔNG THỊ LỤA",
            "020186012346",
            "NỮ",
            "03/09/1986",
            "Tày",
            "tiếng Tày",
            "Xã Tràng Định",
            "Nà Làng",
            "0987 112 233",
            "Chủ tịch Hội Phụ nữ",
            "",
            "x",
            "Đất đai",
            "CTV-25-102",
            date(2025, 3, 15),
        ],
        None,
        [
            3,
            "Lương  Văn   Sáng",
            20080012347,
            "nam",
            "1/1/1980",
            "nùng",
            "",
            "Thị trấn Na Sầm",
            "Khối 3",
            "",
            "Công chức Tư pháp - Hộ tịch",
            "",
            "",
            "HS",
            "CTV-25-103",
            "15/03/2025",
        ],
        [
            4,
            "Triệu Thị Mùi",
            "020190012348",
            "Nữ",
            "20/11/1990",
            "Dao",
            "Dao",
            "Xa Mau Son",
            "Khuổi Tẻn",
            388776655,
            "Nông dân",
            "",
            "x",
            "Hôn nhân gia đình",
            "CTV-25-104",
            "15/03/2025",
        ],
        [
            5,
            "Vi Văn Đoàn",
            "020182012349",
            "Nam",
            "12/05/1982",
            "Tày",
            "",
            "Xã Hoàng Đồng",
            "Thôn Lục Liêu",
            "",
            "Trưởng thôn",
            "x",
            "",
            "Đất đai",
            "CTV-25-105",
            "15/03/2025",
        ],  # old commune (merged 2025)
        [
            6,
            "",
            "020183012350",
            "Nữ",
            "01/02/1983",
            "Kinh",
            "",
            "Xã Lộc Bình",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            7,
            "Hà Văn Chính",
            201850123,
            "Nam",
            "15/06/1985",
            "Nùng",
            "",
            "Xã Lộc Bình",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # 9-digit old identity card number
        [
            8,
            "Chu Thị Hằng",
            "020192012352",
            "nữ",
            "31/02/1992",
            "Nùng",
            "",
            "Xã Văn Quan",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # 31 February
        [
            9,
            "Lăng Văn Tú",
            "020179012353",
            "x",
            "10/10/1979",
            "Tày",
            "",
            "Xã Bình Gia",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # sex unknown
        None,
        [
            10,
            "Mã Thị Nguyệt",
            "020195012354",
            "Nữ",
            "05/05/2095",
            "Hoa",
            "",
            "Xã Cao Lộc",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # a birth date in the future
        [
            11,
            "Hoàng Văn Thái",
            "020085012345",
            "Nam",
            "12/04/1978",
            "Nùng",
            "",
            "Xã Thất Khê",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],  # the same citizen ID as row 5
        [
            12,
            "Đinh Thị Xuân",
            "020187012356",
            "Nữ",
            "08/03/1987",
            "Sán Chay",
            "Sán Chay",
            "Xã Đình Lập",
            "",
            "0205 3845 678",
            "Giáo viên",
            "",
            "",
            "Lao động",
            "CTV-25-106",
            "15/03/2025",
        ],
    ]


def demo_workbook() -> bytes:
    return messy_workbook(DEMO_HEADERS, demo_rows())
