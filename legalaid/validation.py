"""Bounds on what people type, shared by every form, query string and service.

The database has limits a form field does not know about (a decimal's ``max_digits``, a
varchar's length, PostgreSQL's refusal of NUL in text, a date's year 1 to 9999) and Python
accepts more than the records should hold (``"١٢٣".isdigit()`` is true, ``int("１２３")`` is 123).
Here is the one answer to "is this value acceptable":

- form fields: ``CitizenIdField``, ``money_field``, ``hours_field``, ``count_field``,
  ``year_field`` and ``date_field`` (with a ``DateBounds``: ``BIRTH``, ``RECORD``, ``DEADLINE``);
- query strings: ``query_int``, ``query_date``, ``query_choice``, ``query_text``: they return
  the default on anything unparsable or out of range and never raise;
- services: ``check_citizen_id``, ``check_amount``, ``check_date`` and ``check_fits`` (a value
  against its model field's limits) raise ``Refusal``, so an import or a command cannot write
  what a form would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.refusal import Refusal
from legalaid.widgets import VietnameseDateField, parse_date_text

# What the records hold: the check constraints on Beneficiary and Person accept 12 digits only.
# The old 9-digit identity card (CMND) may be read where a caller says so (``lengths=``).
CITIZEN_ID_LENGTHS: tuple[int, ...] = (12,)
OLD_ID_CARD_LENGTH = 9

MONEY_MAX_DIGITS = 12  # up to 999,999,999,999 đồng: well above any legal-aid fee
HOURS_MAX = 1000  # a training's hours; a day's work is bounded by 24 where it is recorded
COUNT_MAX = 1_000_000  # attendees, leaflets, quantities: more is a typing error
YEAR_MIN, YEAR_MAX = 2000, 2100
QUERY_TEXT_MAX = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_ascii_digits(text: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` and ``\\d`` also accept other scripts' digits."""
    return bool(text) and text.isascii() and text.isdigit()


def has_control_characters(text: str) -> bool:
    """NUL (which PostgreSQL refuses in text) and the other control characters but tab and newlines."""
    return bool(_CONTROL.search(text))


# --- Citizen IDs ------------------------------------------------------------------------------


def _lengths_text(lengths: Iterable[int]) -> str:
    return _(" or ").join(str(n) for n in lengths)


def citizen_id_problem(
    value: str, *, lengths: tuple[int, ...] = CITIZEN_ID_LENGTHS, label: Any = None
) -> str:
    """The message for an unacceptable citizen ID, or "" when it is acceptable (or empty)."""
    if value == "":
        return ""
    if is_ascii_digits(value) and len(value) in lengths:
        return ""
    words = {"field": label or _("citizen ID"), "lengths": _lengths_text(lengths)}
    return capfirst(_("The %(field)s must have exactly %(lengths)s digits (0-9).") % words)


@deconstructible
class CitizenIdValidator:
    """ASCII digits, of one of ``lengths``; the message names the field."""

    code = "invalid"

    def __init__(self, lengths: tuple[int, ...] = CITIZEN_ID_LENGTHS, label: Any = None) -> None:
        self.lengths = tuple(lengths)
        self.label = label

    def __call__(self, value: str) -> None:
        problem = citizen_id_problem(str(value), lengths=self.lengths, label=self.label)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CitizenIdValidator) and (self.lengths, self.label) == (
            other.lengths,
            other.label,
        )


class CitizenIdField(forms.CharField):
    """A citizen ID typed as text: kept exactly as typed (spaces around it aside), never padded
    with zeros; only a spreadsheet cell that Excel turned into a number may lose its zeros, and
    the importer restores them (``staffing.importer.cells.parse_citizen_id``)."""

    def __init__(self, *, lengths: tuple[int, ...] = CITIZEN_ID_LENGTHS, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("citizen ID"))
        kwargs.setdefault("max_length", max(lengths))
        super().__init__(**kwargs)
        self.lengths = lengths
        self.validators.append(CitizenIdValidator(lengths, label=self.label))
        self.error_messages["max_length"] = citizen_id_problem("x", lengths=lengths, label=self.label)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "numeric")
        attrs.setdefault("pattern", "[0-9]*")
        return attrs


def check_citizen_id(
    value: str, *, field: str = "citizen_id", lengths: tuple[int, ...] = CITIZEN_ID_LENGTHS, label: Any = None
) -> None:
    """For services: refuse a citizen ID a form would refuse."""
    problem = citizen_id_problem(value, lengths=lengths, label=label)
    if problem:
        raise Refusal(problem, field=field)


# --- Numbers ----------------------------------------------------------------------------------


class _AsciiNumberMixin:
    """Numbers typed with 0-9: Python would read "１２３" or "١٢٣" as 123 without a word."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise ValidationError(self.error_messages["invalid"], code="invalid")  # type: ignore[attr-defined]
        return super().to_python(value)  # type: ignore[misc]


class BoundedIntegerField(_AsciiNumberMixin, forms.IntegerField):
    pass


class BoundedDecimalField(_AsciiNumberMixin, forms.DecimalField):
    pass


def _number_widget(attrs: dict[str, Any] | None = None) -> forms.NumberInput:
    return forms.NumberInput(attrs={"inputmode": "numeric", **(attrs or {})})


def count_field(
    label: Any, *, required: bool = True, min_value: int = 0, max_value: int = COUNT_MAX, **kwargs: Any
) -> BoundedIntegerField:
    """A whole number of people, copies, percent: from ``min_value`` to ``max_value``."""
    kwargs.setdefault("widget", _number_widget({"min": min_value, "max": max_value}))
    return BoundedIntegerField(
        label=label, required=required, min_value=min_value, max_value=max_value, **kwargs
    )


def year_field(label: Any, *, required: bool = True, **kwargs: Any) -> BoundedIntegerField:
    return count_field(label, required=required, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


def money_field(
    label: Any,
    *,
    required: bool = True,
    max_digits: int = MONEY_MAX_DIGITS,
    decimal_places: int = 0,
    **kwargs: Any,
) -> BoundedDecimalField:
    """An amount in đồng: not negative, at most ``max_digits`` digits."""
    kwargs.setdefault("widget", _number_widget({"min": 0}))
    return BoundedDecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=Decimal(10) ** (max_digits - decimal_places) - 1,
        max_digits=max_digits,
        decimal_places=decimal_places,
        **kwargs,
    )


def hours_field(
    label: Any, *, required: bool = True, max_value: int = HOURS_MAX, **kwargs: Any
) -> BoundedDecimalField:
    """Hours to one decimal: from 0 to ``max_value``."""
    kwargs.setdefault("widget", _number_widget({"min": 0, "max": max_value}))
    return BoundedDecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        max_digits=len(str(max_value)) + 1,
        decimal_places=1,
        **kwargs,
    )


def check_amount(
    value: Any, *, field: str = "amount", max_digits: int = MONEY_MAX_DIGITS, decimal_places: int = 0
) -> Decimal:
    """For services: a finite amount, not negative, that fits ``max_digits``; returned as Decimal."""
    try:
        amount = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise Refusal(_("The amount is not a number."), field=field)
    if amount < 0:
        raise Refusal(_("The amount cannot be negative."), field=field)
    if amount >= Decimal(10) ** (max_digits - decimal_places):
        raise Refusal(
            _("The amount may have at most %(digits)s digits.") % {"digits": max_digits - decimal_places},
            field=field,
        )
    if amount != amount.quantize(Decimal(1).scaleb(-decimal_places)):
        raise Refusal(
            _("The amount may have at most %(places)s decimal places.") % {"places": decimal_places},
            field=field,
        )
    return amount


# --- Dates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateBounds:
    """The dates a field may hold: from ``earliest`` to ``ahead`` days after today (None: no
    limit but the calendar's year 9999 itself is refused through ``latest``)."""

    earliest: date
    ahead: int | None
    latest: date = date(2100, 12, 31)

    def range(self, today: date | None = None) -> tuple[date, date]:
        today = today or timezone.localdate()
        last = self.latest if self.ahead is None else min(self.latest, today + timedelta(days=self.ahead))
        return self.earliest, last

    def problem(self, value: date, label: Any = None, today: date | None = None) -> str:
        first, last = self.range(today)
        words = {"field": label or _("date"), "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
        if value < first:
            return capfirst(_("The %(field)s cannot be before %(first)s.") % words)
        if value > last:
            return capfirst(_("The %(field)s cannot be after %(last)s.") % words)
        return ""


PAST = DateBounds(date(1900, 1, 1), ahead=0)  # a birth date, a paper's issue date
BIRTH = PAST
RECORD = DateBounds(date(2000, 1, 1), ahead=366)  # a case's, a payment's, a session's date
PERSONNEL = DateBounds(date(1950, 1, 1), ahead=366)  # a person's status, card or contract
DEADLINE = DateBounds(date(2000, 1, 1), ahead=None)  # naturally in the future: up to 2100


@deconstructible
class DateBoundsValidator:
    code = "date_bounds"

    def __init__(self, bounds: DateBounds = RECORD, label: Any = None) -> None:
        self.bounds = bounds
        self.label = label

    def __call__(self, value: date) -> None:
        problem = self.bounds.problem(value, self.label)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateBoundsValidator) and (self.bounds, self.label) == (
            other.bounds,
            other.label,
        )


def bound_date(field: forms.DateField, bounds: DateBounds = RECORD) -> forms.DateField:
    """Add the bounds to an existing date field (its label names it in the message)."""
    field.validators.append(DateBoundsValidator(bounds, label=field.label))
    return field


def date_field(label: Any, *, bounds: DateBounds = RECORD, **kwargs: Any) -> forms.DateField:
    """A date typed dd/mm/yyyy in the project's widget (``legalaid.widgets``), within ``bounds``."""
    return bound_date(VietnameseDateField(label=label, **kwargs), bounds)


def check_date(value: date | None, *, field: str, bounds: DateBounds = RECORD, label: Any = None) -> None:
    """For services: refuse a date outside ``bounds`` (None passes: required-ness is the caller's)."""
    if value is None:
        return
    problem = bounds.problem(value, label)
    if problem:
        raise Refusal(problem, field=field)


# --- What fits the database -------------------------------------------------------------------


def check_fits(model: type[models.Model], **values: Any) -> None:
    """For services: refuse a value its model field cannot hold (text too long or with a control
    character, a decimal with too many digits, an integer past its column), naming the field."""
    for name, value in values.items():
        if value is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        label = getattr(field, "verbose_name", name)
        if isinstance(value, str):
            if has_control_characters(value):
                raise Refusal(
                    capfirst(
                        _("The %(field)s contains a control character that cannot be stored.")
                        % {"field": label}
                    ),
                    field=name,
                )
            max_length = getattr(field, "max_length", None)
            if max_length and len(value) > max_length:
                raise Refusal(
                    capfirst(
                        _("The %(field)s may have at most %(count)s characters (it has %(length)s).")
                        % {"field": label, "count": max_length, "length": len(value)}
                    ),
                    field=name,
                )
        elif isinstance(field, models.DecimalField):
            try:
                field.run_validators(field.to_python(value))
                number = Decimal(str(value))
                if not number.is_finite():
                    raise ValidationError("")
            except (ValidationError, InvalidOperation):
                raise Refusal(
                    capfirst(_("The %(field)s is not a number that can be stored.") % {"field": label}),
                    field=name,
                ) from None
        elif (
            isinstance(field, models.IntegerField) and isinstance(value, int) and not isinstance(value, bool)
        ):
            low, high = _integer_range(field)
            if not low <= value <= high:
                raise Refusal(capfirst(_("The %(field)s is out of range.") % {"field": label}), field=name)


def _integer_range(field: models.IntegerField) -> tuple[int, int]:
    from django.db import connection

    internal = field.get_internal_type()
    low, high = connection.ops.integer_field_range(internal)
    return (low if low is not None else -(2**63)), (high if high is not None else 2**63 - 1)


# --- Query strings ----------------------------------------------------------------------------


def _param(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _params(request_or_params: Any) -> Mapping[str, Any]:
    return getattr(request_or_params, "GET", request_or_params)


def query_int(request: Any, name: str, *, default: Any, min: int, max: int) -> Any:  # noqa: A002
    """``?name=`` as a whole number from ``min`` to ``max``; anything else gives ``default``.
    ``request`` may also be a dict of parameters (a ``QueryDict``)."""
    text = _param(_params(request), name)
    digits = text[1:] if text.startswith("-") else text
    if not is_ascii_digits(digits) or len(digits) > 18:
        return default
    value = int(text)
    return value if min <= value <= max else default


def query_date(
    request: Any,
    name: str,
    *,
    default: Any = None,
    min: date = date(1900, 1, 1),
    max: date = date(2100, 12, 31),  # noqa: A002
) -> Any:
    """``?name=`` as a date (yyyy-mm-dd, or dd/mm/yyyy as the date widget types it, with / - or .)
    from ``min`` to ``max``; else ``default``."""
    value = parse_date_text(_param(_params(request), name))
    if value is None:
        return default
    return value if min <= value <= max else default


def query_choice(request: Any, name: str, choices: Iterable[Any], *, default: Any = "") -> Any:
    """``?name=`` when it is one of ``choices`` (compared as text); else ``default``."""
    text = _param(_params(request), name)
    for choice in choices:
        if text == str(choice):
            return choice
    return default


def query_text(request: Any, name: str, *, default: str = "", max_length: int = QUERY_TEXT_MAX) -> str:
    """``?name=`` as a search text: control characters (NUL breaks PostgreSQL) dropped, cut to
    ``max_length``."""
    text = _CONTROL.sub("", _param(_params(request), name))
    return text[:max_length] if text else default


def query_id(request: Any, name: str) -> int | None:
    """``?name=`` as a database id (1 to the largest bigint), or None."""
    value: int | None = query_int(request, name, default=None, min=1, max=2**63 - 1)
    return value
