"""``{% correction_rights user case as may %}``: whether the case page offers its corrections
(``may.case``: the request's intake data; ``may.person``: its person's data)."""

from __future__ import annotations

from django import template

from ..access import may_see_sensitive
from ..services import corrections

register = template.Library()


@register.simple_tag
def correction_rights(user, case) -> dict[str, bool]:
    return {
        "case": corrections.may_correct_case(user, case) and may_see_sensitive(user, case),
        "person": corrections.may_correct(user, case),
    }
