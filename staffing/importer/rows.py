"""Validating one row: every cell read by its column's kind, then the checks across cells. A row's
problems are data (collected on the row, one per cell), so the whole file is reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from legalaid.refusal import Refusal
from legalaid.text import title_case_name
from staffing.importer.cells import (
    cell_text,
    is_blank,
    parse_bool,
    parse_citizen_id,
    parse_date,
    parse_kind,
    parse_phone,
    parse_sex,
)
from staffing.importer.columns import COLUMN_BY_KEY
from staffing.importer.lookups import Lookups
from staffing.importer.reading import SheetRow

# Dates that cannot lie ahead of today.
PAST_DATES = ("date_of_birth", "card_issued_on")


def _date(key: str, value: Any, lookups: Lookups):
    day = parse_date(value, today=lookups.today)
    if day is not None and day > lookups.today and key in PAST_DATES:
        raise Refusal(_("The date %(value)s lies in the future.") % {"value": f"{day:%d/%m/%Y}"}, field=key)
    if day is not None and day.year < 1900:
        raise Refusal(
            _("The date %(value)s is too far in the past.") % {"value": f"{day:%d/%m/%Y}"}, field=key
        )
    return day


def clean_row(row: SheetRow, lookups: Lookups, headers: dict[str, str]) -> dict[str, Any] | None:
    """The row's values ready for a Person, or None with ``row.errors`` filled."""
    data: dict[str, Any] = {}
    parsers: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: title_case_name(cell_text(v)),
        "citizen_id": parse_citizen_id,
        "phone": parse_phone,
        "sex": parse_sex,
        "bool": parse_bool,
        "commune": lambda v: lookups.cached("commune", v, lookups.commune),
        "ethnicity": lambda v: lookups.cached("ethnicity", v, lookups.ethnicity),
        "languages": lambda v: lookups.cached("languages", v, lookups.languages),
        "fields": lambda v: lookups.cached("fields", v, lookups.legal_fields),
        "text": cell_text,
    }
    for key in headers:
        column = COLUMN_BY_KEY[key]
        value = row.values.get(key)
        try:
            if column.kind == "date":
                data[key] = _date(key, value, lookups)
            elif column.kind == "kind":
                if not is_blank(value):
                    data[key] = parse_kind(value)
            else:
                data[key] = parsers[column.kind](value)
        except Refusal as refusal:
            row.error(key, str(refusal.message), headers)
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
