"""Collaborator and lawyer spreadsheets in: the files provinces really keep.

A title and a decision line above the header, Vietnamese headers in varying wording, an STT
column, merged title cells, blank rows, numbers that lost their leading zero. ``read_sheet``
finds the header and normalises every row; ``import_people`` validates against the database
and writes everything in one transaction (or nothing), in bulk so 10,000 rows take seconds.

The spreadsheet's own row numbers travel with every row, so each message names the row the
administrator sees in Excel.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import Commune, LegalField, Unit, User
from legalaid.text import normalize_spaces, search_key, title_case_name
from staffing.models import Ethnicity, Person

HEADER_SCAN_ROWS = 30
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the heading of the template and of exports
    synonyms: tuple[str, ...] = ()
    kind: str = (
        "text"  # text, name, citizen_id, phone, date, sex, commune, ethnicity, languages, fields, bool, kind
    )


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
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu"}
EXPORT_HEADERS = [c.header for c in COLUMNS]
ERROR_HEADER = "Lỗi"

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
# Fields an empty cell leaves alone on update (a partial spreadsheet must not wipe what it lacks).
COMPARED_FIELDS = (*PLAIN_FIELDS, "ethnicity_id", "commune_id")


@lru_cache(maxsize=8192)
def _cached_key(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(value)).split())


def _header_key(value: Any) -> str:
    return _cached_key(str(value if value is not None else ""))


_SYNONYMS: dict[str, str] = {}
for _column in COLUMNS:
    for _label in (_column.header, *_column.synonyms):
        _SYNONYMS[_header_key(_label)] = _column.key


# --- Reading the sheet -------------------------------------------------------------------------


@dataclass
class SheetRow:
    number: int  # as Excel shows it
    raw: tuple  # the cells as read, for the invalid-rows file
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column heading, message)
    outcome: str = ""  # new, updated or unchanged once planned

    def error(self, key: str, message: str, headers: dict[str, str]) -> None:
        self.errors.append((headers.get(key, COLUMN_BY_KEY[key].header), message))


@dataclass
class Sheet:
    header_row: int
    raw_headers: tuple
    columns: dict[int, str]  # cell index -> column key
    headers: dict[str, str]  # column key -> the heading as this file writes it
    rows: list[SheetRow]


class SheetError(ValueError):
    """The file cannot be read as a staffing spreadsheet at all."""


def _find_header(rows: list[tuple]) -> tuple[int, dict[int, str], dict[str, str]] | None:
    best = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        headers: dict[str, str] = {}
        for position, cell in enumerate(row):
            key = _SYNONYMS.get(_header_key(cell))
            if key and key not in headers:
                columns[position] = key
                headers[key] = normalize_spaces(str(cell))
        if "full_name" in headers and len(headers) >= 2 and (best is None or len(headers) > len(best[2])):
            best = (index, columns, headers)
            if len(headers) >= 4:
                break
    return best


def read_sheet(content: bytes) -> Sheet:
    from staffing.xlsx import read_rows

    try:
        all_rows = read_rows(content)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise SheetError(_("The file is not an Excel (.xlsx) workbook.")) from error
    found = _find_header(all_rows)
    if found is None:
        raise SheetError(_("No header row with a 'Họ và tên' column was found in the first sheet."))
    index, columns, headers = found
    rows: list[SheetRow] = []
    for number, raw in enumerate(all_rows[index + 1 :], start=index + 2):
        values = {key: raw[pos] if pos < len(raw) else None for pos, key in columns.items()}
        if all(_is_blank(v) for v in values.values()):
            continue
        rows.append(SheetRow(number=number, raw=raw, values=values))
    return Sheet(
        header_row=index + 1, raw_headers=all_rows[index], columns=columns, headers=headers, rows=rows
    )


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- Normalising cells -------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return normalize_spaces(str(value))


def _digits(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if re.fullmatch(r"[0-9][0-9 .\-]*", text):
        return re.sub(r"[ .\-]", "", text)
    return text


def parse_citizen_id(value: Any) -> str:
    text = _digits(value)
    if not text:
        raise CellError(_("The citizen ID is missing."))
    # Excel drops the leading zeros of a number: every province code starts with 0 (001-096).
    if text.isdigit() and 10 <= len(text) < 12:
        text = text.zfill(12)
    if not (text.isdigit() and len(text) == 12):
        raise CellError(_("The citizen ID must have 12 digits (got “%(value)s”).") % {"value": text})
    return text


def parse_phone(value: Any) -> str:
    text = _digits(value)
    compact = re.sub(r"[ .\-()]", "", text)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) == 11:
        compact = "0" + compact[2:]
    if compact.isdigit() and not compact.startswith("0") and len(compact) in (9, 10):
        compact = "0" + compact  # a mobile (10 digits) or landline (11 digits) typed as a number
    return compact if compact.isdigit() else text


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value: Any, *, today: date) -> date | None:
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise CellError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": _text(value)})
        day = from_excel(value).date()
    else:
        text = _text(value)
        match = _DATE_TEXT.match(text)
        iso = _ISO_TEXT.match(text)
        if match:
            d, m, y = (int(g) for g in match.groups())
            if y < 100:
                y += 1900 if y > today.year % 100 else 2000
        elif iso:
            y, m, d = (int(g) for g in iso.groups())
        else:
            raise CellError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text})
        try:
            day = date(y, m, d)
        except ValueError as error:
            raise CellError(_("The date “%(value)s” does not exist.") % {"value": text}) from error
    return day


_SEX = {
    "nam": Person.Sex.MALE,
    "m": Person.Sex.MALE,
    "male": Person.Sex.MALE,
    "trai": Person.Sex.MALE,
    "nu": Person.Sex.FEMALE,
    "f": Person.Sex.FEMALE,
    "female": Person.Sex.FEMALE,
    "gai": Person.Sex.FEMALE,
}


def parse_sex(value: Any) -> str:
    if _is_blank(value):
        return ""
    sex = _SEX.get(_header_key(value))
    if sex is None:
        raise CellError(_("“%(value)s” is not a sex: write Nam or Nữ.") % {"value": _text(value)})
    return sex


_TRUE = {"x", "co", "1", "true", "yes", "v", "dung", "phai", "la"}
_FALSE = {"", "khong", "0", "false", "no", "-"}


def parse_bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    key = search_key(_text(value)).strip("✓✔ .")
    if key in _FALSE:
        return False
    if key in _TRUE or _text(value) in {"✓", "✔"}:
        return True
    raise CellError(_("“%(value)s” is not yes or no: write x or leave it empty.") % {"value": _text(value)})


_KINDS = {
    "cong tac vien": Person.Kind.COLLABORATOR,
    "ctv": Person.Kind.COLLABORATOR,
    "cong tac vien tro giup phap ly": Person.Kind.COLLABORATOR,
    "luat su": Person.Kind.LAWYER,
    "ls": Person.Kind.LAWYER,
    "luat su ky hop dong": Person.Kind.LAWYER,
    "tu van vien": Person.Kind.ADVISER,
    "tu van vien phap luat": Person.Kind.ADVISER,
    "tvv": Person.Kind.ADVISER,
    "tro giup vien": Person.Kind.ASSISTANT,
    "tro giup vien phap ly": Person.Kind.ASSISTANT,
    "tgv": Person.Kind.ASSISTANT,
    "tgvpl": Person.Kind.ASSISTANT,
    "nhan vien": Person.Kind.STAFF,
    "chuyen vien": Person.Kind.STAFF,
    "vien chuc": Person.Kind.STAFF,
}

_COMMUNE_PREFIXES = ("thi tran ", "dac khu ", "phuong ", "xa ", "tt ", "tt. ", "p. ", "x. ", "p.", "x.")


@lru_cache(maxsize=4096)
def commune_key(value: str) -> str:
    key = search_key(value)
    key = re.split(r"[,;(]| - ", key)[0].strip()
    for prefix in _COMMUNE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :].strip()
            break
    return " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())


# --- The reference lists a file is checked against, loaded once per import ---------------------


@dataclass
class Lookups:
    communes: dict[str, Commune]
    commune_names: dict[str, str]  # key -> display name, for suggestions
    ethnicities: dict[str, Ethnicity]
    fields: list[tuple[str, str, LegalField]]  # (code key, name key, field)
    unit_for_commune: dict[int, Unit]
    default_unit: Unit | None
    today: date
    memo: dict[tuple[str, Any], Any] = field(default_factory=dict)

    def cached(self, kind: str, value: Any, parse: Callable[[Any], Any]) -> Any:
        """Spreadsheets repeat the same communes, groups and fields on every row: parse each
        distinct value once (errors included)."""
        key = (kind, value)
        if key not in self.memo:
            try:
                self.memo[key] = (parse(value), None)
            except CellError as error:
                self.memo[key] = (None, error)
        result, error = self.memo[key]
        if error is not None:
            raise error
        return result

    @classmethod
    def load(cls, *, province_code: int | None = None, default_unit: Unit | None = None) -> Lookups:
        province_code = province_code or settings.DEFAULT_PROVINCE_CODE
        communes: dict[str, Commune] = {}
        names: dict[str, str] = {}
        for commune in Commune.objects.filter(province_id=province_code, active=True):
            communes[commune_key(commune.name)] = commune
            names[commune_key(commune.name)] = commune.name
        ethnicities: dict[str, Ethnicity] = {}
        for ethnicity in Ethnicity.objects.all():
            for label in (ethnicity.name, *ethnicity.other_names.split(",")):
                if label.strip():
                    ethnicities[_header_key(label)] = ethnicity
                    ethnicities[_header_key(label).replace(" ", "")] = ethnicity
            ethnicities[ethnicity.code] = ethnicity
            ethnicities[str(int(ethnicity.code))] = ethnicity
        fields = [
            (_header_key(f.code), _header_key(f.name), f) for f in LegalField.objects.filter(active=True)
        ]
        unit_for_commune: dict[int, Unit] = {}
        for unit in (
            Unit.objects.filter(kind__in=Unit.INTERNAL_KINDS, active=True)
            .exclude(kind=Unit.Kind.DOJ)
            .prefetch_related("communes")
            .order_by("-path")
        ):
            for commune in unit.communes.all():
                unit_for_commune.setdefault(commune.pk, unit)
        if default_unit is None:
            default_unit = Unit.objects.filter(
                kind=Unit.Kind.CENTRE, province_id=province_code, active=True
            ).first()
        return cls(communes, names, ethnicities, fields, unit_for_commune, default_unit, timezone.localdate())

    def commune(self, value: Any) -> Commune | None:
        if _is_blank(value):
            return None
        key = commune_key(_text(value))
        commune = self.communes.get(key)
        if commune is not None:
            return commune
        close = difflib.get_close_matches(key, list(self.communes), n=1, cutoff=0.6)
        if close:
            raise CellError(
                _("“%(value)s” is not a current commune of the province; did you mean “%(suggestion)s”?")
                % {"value": _text(value), "suggestion": self.commune_names[close[0]]}
            )
        raise CellError(_("“%(value)s” is not a current commune of the province.") % {"value": _text(value)})

    def ethnicity(self, value: Any) -> Ethnicity | None:
        if _is_blank(value):
            return None
        key = _header_key(value)
        key = key.removeprefix("dan toc ").removeprefix("nguoi ")
        found = self.ethnicities.get(key) or self.ethnicities.get(key.replace(" ", ""))
        if found is None:
            raise CellError(_("“%(value)s” is not one of the 54 ethnic groups.") % {"value": _text(value)})
        return found

    def languages(self, value: Any) -> list[Ethnicity]:
        found: list[Ethnicity] = []
        for part in re.split(r"[,;/+\n]| va ", search_key(_text(value))):
            key = _header_key(part).removeprefix("tieng ").strip()
            if not key or key in {"khong", "0"}:
                continue
            ethnicity = self.ethnicities.get(key) or self.ethnicities.get(key.replace(" ", ""))
            if ethnicity is None:
                raise CellError(
                    _("“%(value)s” is not the language of one of the 54 ethnic groups.")
                    % {"value": part.strip()}
                )
            if ethnicity not in found:
                found.append(ethnicity)
        return found

    def legal_fields(self, value: Any) -> list[LegalField]:
        found: list[LegalField] = []
        by_name = {name: f for _code, name, f in self.fields}
        for chunk in re.split(r"[;\n]", _text(value)):
            # A field's full name contains commas: match it whole before splitting on commas.
            whole = by_name.get(_header_key(chunk))
            for part in [chunk] if whole else chunk.split(","):
                key = _header_key(part).removeprefix("phap luat ").removeprefix("linh vuc ").strip()
                if not key:
                    continue
                matches = [f for code, name, f in self.fields if key == code or key in name]
                if not matches:
                    raise CellError(
                        _("“%(value)s” is not a field of law in the list.")
                        % {"value": normalize_spaces(part)}
                    )
                if matches[0] not in found:
                    found.append(matches[0])
        return found


# --- Validating a row --------------------------------------------------------------------------


def clean_row(row: SheetRow, lookups: Lookups, headers: dict[str, str]) -> dict[str, Any] | None:
    """The row's values ready for a Person, or None with ``row.errors`` filled."""
    data: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: title_case_name(_text(v)),
        "citizen_id": parse_citizen_id,
        "phone": parse_phone,
        "sex": parse_sex,
        "bool": parse_bool,
        "commune": lambda v: lookups.cached("commune", v, lookups.commune),
        "ethnicity": lambda v: lookups.cached("ethnicity", v, lookups.ethnicity),
        "languages": lambda v: lookups.cached("languages", v, lookups.languages),
        "fields": lambda v: lookups.cached("fields", v, lookups.legal_fields),
        "text": _text,
    }
    for key in headers:
        column = COLUMN_BY_KEY[key]
        value = row.values.get(key)
        try:
            if column.kind == "date":
                day = parse_date(value, today=lookups.today)
                if day is not None and day > lookups.today and key in ("date_of_birth", "card_issued_on"):
                    raise CellError(
                        _("The date %(value)s lies in the future.") % {"value": f"{day:%d/%m/%Y}"}
                    )
                if day is not None and day.year < 1900:
                    raise CellError(
                        _("The date %(value)s is too far in the past.") % {"value": f"{day:%d/%m/%Y}"}
                    )
                data[key] = day
            elif column.kind == "kind":
                if _is_blank(value):
                    continue
                kind = _KINDS.get(_header_key(value))
                if kind is None:
                    raise CellError(_("“%(value)s” is not a kind of performer.") % {"value": _text(value)})
                data[key] = kind
            else:
                data[key] = parsers[column.kind](value)
        except CellError as error:
            row.error(key, str(error), headers)
    if not data.get("full_name") and not any(k == "full_name" for k, _m in row.errors):
        row.error("full_name", _("The name is missing."), headers)
    if "citizen_id" not in headers:
        row.error("citizen_id", _("The citizen ID is missing."), headers)
    if data.get("email") and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data["email"]):
        row.error("email", _("“%(value)s” is not an e-mail address.") % {"value": data["email"]}, headers)
    if (
        data.get("contract_start")
        and data.get("contract_end")
        and data["contract_end"] < data["contract_start"]
    ):
        row.error("contract_end", _("The contract ends before it starts."), headers)
    if row.errors:
        order = {COLUMN_BY_KEY[k].header: i for i, k in enumerate(headers)} | {
            h: i for i, h in enumerate(headers.values())
        }
        row.errors.sort(key=lambda error: order.get(error[0], len(order)))
        return None
    return data


# --- The whole import --------------------------------------------------------------------------


@dataclass
class ImportResult:
    sheet: Sheet | None
    rows: list[SheetRow]
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def invalid_rows(self) -> list[SheetRow]:
        return [r for r in self.rows if r.errors]

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    def summary_line(self) -> str:
        return (
            f"new: {self.new}, updated: {self.updated}, unchanged: {self.unchanged}, invalid: {self.invalid}"
        )

    def error_lines(self) -> list[str]:
        return [
            f"row {r.number}: {column}: {message}" for r in self.invalid_rows for column, message in r.errors
        ]


ProgressCallback = Callable[[int, int], None]


def import_people(
    content: bytes,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    by: User | None = None,
    default_kind: str = Person.Kind.COLLABORATOR,
    default_unit: Unit | None = None,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Validate every row; write nothing when a row is invalid unless ``skip_invalid``.

    Identity is the citizen ID: a known one updates that person (with history) only when a
    value differs, so importing the same file twice changes nothing.
    """
    sheet = read_sheet(content)
    lookups = Lookups.load(default_unit=default_unit)
    result = ImportResult(sheet=sheet, rows=sheet.rows)
    seen: dict[str, int] = {}
    cleaned: list[tuple[SheetRow, dict[str, Any]]] = []
    for row in sheet.rows:
        data = clean_row(row, lookups, sheet.headers)
        if data is None:
            continue
        earlier = seen.get(data["citizen_id"])
        if earlier is not None:
            row.error(
                "citizen_id",
                _("The citizen ID %(id)s repeats row %(row)s.") % {"id": data["citizen_id"], "row": earlier},
                sheet.headers,
            )
            continue
        seen[data["citizen_id"]] = row.number
        cleaned.append((row, data))
    if progress:
        progress(0, len(cleaned))
    with transaction.atomic():
        _plan_and_write(
            cleaned,
            result,
            lookups=lookups,
            by=by,
            default_kind=default_kind,
            write=not dry_run and (skip_invalid or result.invalid == 0),
            progress=progress,
        )
    return result


def _plan_and_write(
    cleaned: list[tuple[SheetRow, dict[str, Any]]],
    result: ImportResult,
    *,
    lookups: Lookups,
    by: User | None,
    default_kind: str,
    write: bool,
    progress: ProgressCallback | None,
) -> None:
    existing = {
        p.citizen_id: p
        for p in Person.objects.filter(
            citizen_id__in=[d["citizen_id"] for _r, d in cleaned]
        ).select_for_update()
    }
    # The people's current lists, two plain queries (prefetch_related builds a queryset per person).
    for person in existing.values():
        person._import_links = {"fields": set(), "minority_languages": set()}
    by_pk = {p.pk: p for p in existing.values()}
    for key, other in (("fields", "legalfield_id"), ("minority_languages", "ethnicity_id")):
        through = getattr(Person, key).through
        for person_id, other_id in through.objects.filter(person_id__in=by_pk).values_list(
            "person_id", other
        ):
            by_pk[person_id]._import_links[key].add(other_id)
    creates: list[tuple[Person, dict[str, Any]]] = []
    updates: list[tuple[Person, dict[str, Any], list[str]]] = []
    for row, data in cleaned:
        person = existing.get(data["citizen_id"])
        if person is None:
            person = Person(kind=data.get("kind") or default_kind, status=Person.Status.ACTIVE)
            _assign(person, data, lookups, creating=True)
            creates.append((person, data))
            result.new += 1
            row.outcome = "new"
            continue
        changed = _assign(person, data, lookups, creating=False)
        m2m_changed = _m2m_changed(person, data)
        if changed or m2m_changed:
            updates.append((person, data, changed))
            result.updated += 1
            row.outcome = "updated"
        else:
            result.unchanged += 1
            row.outcome = "unchanged"
    if not write:
        return
    _write(creates, updates, by=by, progress=progress, total=len(cleaned))
    result.written = True


def _assign(person: Person, data: dict[str, Any], lookups: Lookups, *, creating: bool) -> list[str]:
    """Copy the row onto the person; the names of the fields that changed."""
    values: dict[str, Any] = {k: v for k, v in data.items() if k in PLAIN_FIELDS}
    if "ethnicity" in data:
        values["ethnicity_id"] = data["ethnicity"].pk if data["ethnicity"] else None
    if "commune" in data:
        values["commune_id"] = data["commune"].pk if data["commune"] else None
    changed: list[str] = []
    for name, value in values.items():
        if name == "kind" and not value:
            continue
        if not creating and value in ("", None):
            continue  # an empty cell does not erase what the centre already knows
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if person.unit_id is None:
        commune_id = person.commune_id
        unit = lookups.unit_for_commune.get(commune_id) if commune_id else None
        unit = unit or lookups.default_unit
        if unit is not None:
            person.unit_id = unit.pk
            changed.append("unit_id")
    if "full_name" in changed or creating:
        person.refresh_name_keys()
        changed.extend(["name_search_key", "name_sort_key"])
    return changed


def _m2m_changed(person: Person, data: dict[str, Any]) -> bool:
    for key in ("fields", "minority_languages"):
        # An empty cell keeps the current list.
        if data.get(key) and {o.pk for o in data[key]} != person._import_links[key]:
            return True
    return False


BATCH = 2000


def _next_ids(model, count: int) -> list[int]:
    """Take ``count`` primary keys from the table's sequence in one query, so rows can be
    written with COPY and still be linked to each other."""
    if not count:
        return []
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, columns: list[str], rows: list[tuple]) -> None:
    """PostgreSQL COPY: an order of magnitude faster than INSERT for thousands of rows."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _write(
    creates: list[tuple[Person, dict[str, Any]]],
    updates: list[tuple[Person, dict[str, Any], list[str]]],
    *,
    by: User | None,
    progress: ProgressCallback | None,
    total: int,
) -> None:
    """Write new people with COPY, changed people with one bulk UPDATE per batch, then their
    lists and one historical row each (with the lists as they now stand), as simple-history
    would for a save, in the same transaction."""
    from django.apps import apps

    now = timezone.now()
    done = 0
    history_model = Person.history.model
    m2m_history = {
        "fields": apps.get_model("staffing", "HistoricalPerson_fields"),
        "minority_languages": apps.get_model("staffing", "HistoricalPerson_minority_languages"),
    }
    through = {"fields": Person.fields.through, "minority_languages": Person.minority_languages.through}
    target = {"fields": "legalfield_id", "minority_languages": "ethnicity_id"}
    person_fields = [f for f in Person._meta.concrete_fields]
    tracked = [f.attname for f in history_model.tracked_fields]
    history_columns = [
        "history_id",
        "history_date",
        "history_user_id",
        "history_change_reason",
        "history_type",
        *[history_model._meta.get_field(name).column for name in tracked],
    ]
    by_id = by.pk if by is not None else None

    for start in range(0, max(len(creates), len(updates)), BATCH):
        new_batch = creates[start : start + BATCH]
        upd_batch = updates[start : start + BATCH]
        people: list[Person] = []
        links: dict[str, list[tuple[int, int]]] = {"fields": [], "minority_languages": []}
        if new_batch:
            for (person, data), pk in zip(new_batch, _next_ids(Person, len(new_batch)), strict=True):
                person.pk = pk
                person.created_at = person.updated_at = now
                person._state.adding = False
                people.append(person)
                for key in links:
                    links[key].extend((pk, other.pk) for other in data.get(key) or [])
            _copy(
                Person,
                [f.column for f in person_fields],
                [tuple(getattr(p, f.attname) for f in person_fields) for p, _d in new_batch],
            )
        if upd_batch:
            names = sorted({n for _p, _d, changed in upd_batch for n in changed} | {"updated_at"})
            replaced: dict[str, list[int]] = {"fields": [], "minority_languages": []}
            for person, data, _changed in upd_batch:
                person.updated_at = now
                people.append(person)
                for key in links:
                    if data.get(key):
                        links[key].extend((person.pk, other.pk) for other in data[key])
                    else:
                        links[key].extend(
                            (person.pk, other_id) for other_id in sorted(person._import_links[key])
                        )
                    replaced[key].append(person.pk)
            Person.objects.bulk_update([p for p, _d, _c in upd_batch], names)
            for key, pks in replaced.items():
                through[key].objects.filter(person_id__in=pks).delete()
        link_ids: dict[str, list[int]] = {}
        for key, pairs in links.items():
            link_ids[key] = _next_ids(through[key], len(pairs))
            _copy(
                through[key],
                ["id", "person_id", target[key]],
                [(pk, person_id, other) for pk, (person_id, other) in zip(link_ids[key], pairs, strict=True)],
            )
        # History: one row per person written, then the lists it had at that moment.
        created_ids = {p.pk for p, _d in new_batch}
        history_ids = _next_ids(history_model, len(people))
        history_of = {person.pk: hid for person, hid in zip(people, history_ids, strict=True)}
        _copy(
            history_model,
            history_columns,
            [
                (
                    hid,
                    now,
                    by_id,
                    "import",
                    "+" if person.pk in created_ids else "~",
                    *[getattr(person, name) for name in tracked],
                )
                for person, hid in zip(people, history_ids, strict=True)
            ],
        )
        for key, pairs in links.items():
            _copy(
                m2m_history[key],
                ["id", "history_id", "person_id", target[key]],
                [
                    (pk, history_of[person_id], person_id, other)
                    for pk, (person_id, other) in zip(link_ids[key], pairs, strict=True)
                ],
            )
        done += len(new_batch) + len(upd_batch)
        if progress:
            progress(done, total)
