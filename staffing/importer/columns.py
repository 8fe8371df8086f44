"""The header vocabulary: the template's columns in order, and every other wording of each heading
that provinces' spreadsheets use, so a file is understood whatever its header says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from legalaid.text import search_key


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the heading of the template and of exports
    synonyms: tuple[str, ...] = ()
    # text, name, citizen_id, phone, date, sex, commune, ethnicity, languages, fields, bool, kind
    kind: str = "text"


# The template's columns in order. Headings are Vietnamese data, not interface strings: they are
# what the provinces' spreadsheets say, whatever language the interface speaks.
COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name",
        "Họ và tên",
        ("Họ tên", "Họ, tên", "Tên", "Họ và tên CTV", "Họ và tên người thực hiện"),
        "name",
    ),
    Column(
        "citizen_id",
        "Số CCCD",
        (
            "CCCD",
            "CCCD/CMND",
            "Số CCCD/CMND",
            "CMND/CCCD",
            "Số CMND/CCCD",
            "Căn cước công dân",
            "Số căn cước công dân",
            "Số căn cước",
            "Căn cước",
            "Số định danh",
            "Số định danh cá nhân",
            "CMND",
            "Số CMND",
        ),
        "citizen_id",
    ),
    Column("sex", "Giới tính", ("Nam/Nữ", "Giới"), "sex"),
    Column(
        "date_of_birth",
        "Ngày sinh",
        ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh", "Sinh ngày", "Năm sinh"),
        "date",
    ),
    Column("ethnicity", "Dân tộc", ("Thành phần dân tộc",), "ethnicity"),
    Column(
        "minority_languages",
        "Tiếng dân tộc thiểu số",
        (
            "Biết tiếng dân tộc",
            "Tiếng dân tộc",
            "Ngôn ngữ dân tộc thiểu số",
            "Biết tiếng dân tộc thiểu số",
            "Tiếng DTTS",
            "Ngôn ngữ",
        ),
        "languages",
    ),
    Column(
        "commune",
        "Xã/Phường",
        (
            "Địa bàn",
            "Xã",
            "Xã, phường",
            "Xã/phường/đặc khu",
            "Xã, phường, đặc khu",
            "Phường/Xã",
            "Địa bàn hoạt động",
            "Đơn vị hành chính",
            "Xã nơi cư trú",
            "Địa bàn xã",
        ),
        "commune",
    ),
    Column(
        "address", "Địa chỉ", ("Nơi ở", "Địa chỉ liên hệ", "Nơi cư trú", "Thôn/bản", "Thôn, bản", "Chỗ ở")
    ),
    Column("phone", "Số điện thoại", ("Điện thoại", "SĐT", "ĐT", "Số ĐT", "Điện thoại liên hệ"), "phone"),
    Column("email", "Thư điện tử", ("Email", "E-mail", "Địa chỉ email")),
    Column("occupation", "Nghề nghiệp", ("Nghề",)),
    Column("workplace", "Nơi công tác", ("Đơn vị công tác", "Cơ quan công tác", "Cơ quan, đơn vị công tác")),
    Column("position", "Chức vụ", ("Chức danh", "Chức vụ hiện nay")),
    Column(
        "is_village_head",
        "Trưởng thôn",
        ("Trưởng thôn/bản", "Trưởng thôn, bản", "Là trưởng thôn", "Trưởng bản"),
        "bool",
    ),
    Column("is_respected_person", "Người có uy tín", ("Người uy tín", "Là người có uy tín"), "bool"),
    Column(
        "fields",
        "Lĩnh vực",
        ("Lĩnh vực pháp luật", "Lĩnh vực trợ giúp pháp lý", "Lĩnh vực TGPL", "Lĩnh vực chuyên môn"),
        "fields",
    ),
    Column("kind", "Loại người thực hiện", ("Đối tượng", "Loại", "Người thực hiện TGPL", "Tư cách"), "kind"),
    Column(
        "card_number",
        "Số thẻ",
        (
            "Số thẻ CTV",
            "Số thẻ cộng tác viên",
            "Số thẻ luật sư",
            "Thẻ CTV",
            "Thẻ cộng tác viên",
            "Số thẻ TGV",
        ),
    ),
    Column("card_issued_on", "Ngày cấp thẻ", ("Ngày cấp", "Ngày cấp thẻ CTV"), "date"),
    Column("bar_association", "Đoàn luật sư", ("Thuộc Đoàn luật sư",)),
    Column(
        "organisation",
        "Tổ chức hành nghề",
        (
            "Tổ chức hành nghề luật sư",
            "Tổ chức ký hợp đồng",
            "Tổ chức tư vấn pháp luật",
            "Công ty luật",
            "Văn phòng luật sư",
            "Tổ chức",
        ),
    ),
    Column("contract_number", "Số hợp đồng", ("Hợp đồng số", "Số HĐ")),
    Column(
        "contract_start", "Hợp đồng từ ngày", ("Ngày ký hợp đồng", "Ngày bắt đầu hợp đồng", "Từ ngày"), "date"
    ),
    Column(
        "contract_end",
        "Hợp đồng đến ngày",
        ("Ngày hết hạn hợp đồng", "Đến ngày", "Thời hạn hợp đồng"),
        "date",
    ),
    Column("notes", "Ghi chú", ()),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
EXPORT_HEADERS = [c.header for c in COLUMNS]
ERROR_HEADER = "Lỗi"

# The person's own fields a row sets as they are; ethnicity, commune and the lists are looked up.
PLAIN_FIELDS = (
    "full_name",
    "citizen_id",
    "sex",
    "date_of_birth",
    "address",
    "phone",
    "email",
    "occupation",
    "workplace",
    "position",
    "is_village_head",
    "is_respected_person",
    "kind",
    "card_number",
    "card_issued_on",
    "bar_association",
    "organisation",
    "contract_number",
    "contract_start",
    "contract_end",
    "notes",
)


@lru_cache(maxsize=8192)
def _cached_key(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(value)).split())


def header_key(value: Any) -> str:
    """A heading (or any short label) without accents, case or punctuation: "Họ, tên" -> "ho ten"."""
    return _cached_key(str(value if value is not None else ""))


SYNONYMS: dict[str, str] = {
    header_key(label): column.key for column in COLUMNS for label in (column.header, *column.synonyms)
}
