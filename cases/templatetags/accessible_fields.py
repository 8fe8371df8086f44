"""``{{ field|described }}``: a bound field's widget whose ``aria-describedby`` names its help
text and its errors, by the ids ``cases/_field.html`` gives them (``<id>_helptext``,
``<id>_error``), so a screen reader reads them with the field."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def described(field: BoundField) -> SafeString:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids and field.auto_id else {}
    return field.as_widget(attrs=attrs)
