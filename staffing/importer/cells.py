"""Reading one cell as people type it: names in any case, IDs and phones that Excel turned into
numbers, dates as text or as dates, "x" for yes. A cell that cannot be read raises ``Refusal``
with the Vietnamese message the row's report shows."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from legalaid.refusal import Refusal
from legalaid.text import normalize_spaces, search_key
from staffing.importer.columns import header_key
from staffing.models import Person


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as dd/mm/yyyy, spaces tidied."""
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
    text = cell_text(value)
    if re.fullmatch(r"[0-9][0-9 .\-]*", text):
        return re.sub(r"[ .\-]", "", text)
    return text


def parse_citizen_id(value: Any) -> str:
    text = _digits(value)
    if not text:
        raise Refusal(_("The citizen ID is missing."), field="citizen_id")
    # Excel drops the leading zeros of a number: every province code starts with 0 (001-096).
    if text.isdigit() and 10 <= len(text) < 12:
        text = text.zfill(12)
    if not (text.isdigit() and len(text) == 12):
        raise Refusal(
            _("The citizen ID must have 12 digits (got “%(value)s”).") % {"value": text}, field="citizen_id"
        )
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
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise Refusal(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": cell_text(value)})
        return from_excel(value).date()
    text = cell_text(value)
    match = _DATE_TEXT.match(text)
    iso = _ISO_TEXT.match(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
        if y < 100:
            y += 1900 if y > today.year % 100 else 2000
    elif iso:
        y, m, d = (int(g) for g in iso.groups())
    else:
        raise Refusal(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text})
    try:
        return date(y, m, d)
    except ValueError as error:  # 31/02: the calendar's answer, turned into words for the clerk
        raise Refusal(_("The date “%(value)s” does not exist.") % {"value": text}) from error


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
    if is_blank(value):
        return ""
    sex = _SEX.get(header_key(value))
    if sex is None:
        raise Refusal(
            _("“%(value)s” is not a sex: write Nam or Nữ.") % {"value": cell_text(value)}, field="sex"
        )
    return sex


_TRUE = {"x", "co", "1", "true", "yes", "v", "dung", "phai", "la"}
_FALSE = {"", "khong", "0", "false", "no", "-"}


def parse_bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    key = search_key(cell_text(value)).strip("✓✔ .")
    if key in _FALSE:
        return False
    if key in _TRUE or cell_text(value) in {"✓", "✔"}:
        return True
    raise Refusal(_("“%(value)s” is not yes or no: write x or leave it empty.") % {"value": cell_text(value)})


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


def parse_kind(value: Any) -> str:
    kind = _KINDS.get(header_key(value))
    if kind is None:
        raise Refusal(
            _("“%(value)s” is not a kind of performer.") % {"value": cell_text(value)}, field="kind"
        )
    return kind


_COMMUNE_PREFIXES = ("thi tran ", "dac khu ", "phuong ", "xa ", "tt ", "tt. ", "p. ", "x. ", "p.", "x.")


@lru_cache(maxsize=4096)
def commune_key(value: str) -> str:
    """A commune's name without its "Xã"/"Phường" prefix, accents or what follows a comma."""
    key = search_key(value)
    key = re.split(r"[,;(]| - ", key)[0].strip()
    for prefix in _COMMUNE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :].strip()
            break
    return " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())
