"""``{% date_input name value id="…" %}``: the project's date widget in a hand-written form (the
list filters), showing ``value`` (a date or an ISO string from the query) as dd/mm/yyyy."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from legalaid.widgets import VietnameseDateInput

register = template.Library()


@register.simple_tag
def date_input(name: str, value: Any = None, **attrs: Any) -> SafeString:
    return VietnameseDateInput(attrs=attrs).render(name, value or None)
