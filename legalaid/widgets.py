"""The project's date widget: dates are typed and shown as dd/mm/yyyy, whatever the browser's language.

A native ``<input type="date">`` follows the browser's locale: an office browser set to English
shows 12/05/2026 for 5 December and answers in English bubbles. Here the input is plain text
(``inputmode="numeric"`` for a phone's keypad) and the server reads it (``DATE_INPUT_FORMATS``),
so a date typed without JavaScript works too; ``static/legalaid/datepicker.js`` adds the
calendar button (Vietnamese month and weekday names, holidays from ``calendar_days``).

ISO dates (yyyy-mm-dd) stay accepted: existing links, tests and other programs send them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DISPLAY_FORMAT = "%d/%m/%Y"
# Day first, in the separators people type; strptime's %d and %m take one or two digits, %Y four.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
_SHAPE = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{4}|\d{4}-\d{1,2}-\d{1,2}")


def parse_date_text(text: Any) -> date | None:
    """A date typed in one of ``DATE_INPUT_FORMATS`` (spaces around it ignored), else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text.isascii() or not _SHAPE.fullmatch(text):
        return None
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    return None


class VietnameseDateInput(forms.DateInput):
    """A text input showing dd/mm/yyyy; the script adds the calendar to every ``data-datepicker``."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "dd/mm/yyyy",
            "maxlength": "10",
            "size": "10",
            "data-datepicker": "",
            "class": "date-input",
        }
        super().__init__({**defaults, **(attrs or {})}, format=format or DISPLAY_FORMAT)

    def format_value(self, value: Any) -> Any:
        # A bound form shows what was sent: an ISO date from an old link reads as dd/mm/yyyy,
        # anything unreadable is shown as typed so that it can be corrected.
        if value in ("", None):
            return None
        if isinstance(value, str):
            parsed = parse_date_text(value)
            return parsed.strftime(DISPLAY_FORMAT) if parsed else value
        return super().format_value(value)


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd); the
    messages name the field ("Ngày yêu cầu: nhập ngày theo dạng dd/mm/yyyy.")."""

    widget = VietnameseDateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("%(field)s: enter the date as dd/mm/yyyy."),
        "required": _("%(field)s: enter a date."),
    }

    def _params(self) -> dict[str, Any]:
        return {"field": capfirst(self.label or _("date"))}

    def to_python(self, value: Any) -> date | None:
        invalid = ValidationError(self.error_messages["invalid"], code="invalid", params=self._params())
        if isinstance(value, str) and not value.strip().isascii():
            raise invalid  # strptime reads other scripts' digits: only 0-9 are a date here
        try:
            return super().to_python(value)
        except ValidationError as error:
            if getattr(error, "code", None) != "invalid":
                raise
            raise invalid from None

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise ValidationError(self.error_messages["required"], code="required", params=self._params())
        super().validate(value)
