"""Binding a target to a figure by choosing, never by typing: the indicators of the registry and
the values each of their filters takes (``legalaid.indicators.filter_choices``), as one list of
choices, and the proposal the import makes from a target's words."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from django.utils.translation import gettext as _

from legalaid import indicators
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField


def _reference(model) -> indicators.ChoicesSource:
    return lambda: [(item.code, item.name) for item in model.objects.filter(active=True)]


def register_reference_lists() -> None:
    """The shared reference lists are the values of the filters named after them, for every
    indicator that takes one (the cases figures: form of aid, field of law, category)."""
    indicators.register_filter_choices("*", "form", _reference(LegalAidForm))
    indicators.register_filter_choices("*", "field", _reference(LegalField))
    indicators.register_filter_choices("*", "category", _reference(BeneficiaryCategory))


def encode(key: str, filters: dict | None = None) -> str:
    """One choice: the key, and its filters as a query string ("outreach.sessions?kind=direct")."""
    if not key:
        return ""
    return f"{key}?{urlencode(sorted((filters or {}).items()))}" if filters else key


def decode(value: str) -> tuple[str, dict[str, str]]:
    key, _sep, query = (value or "").partition("?")
    return key, dict(parse_qsl(query))


def binding_choices() -> list:
    """("", not bound), then per indicator a group: the indicator alone, then one choice per
    value of each filter with a list."""
    choices: list = [("", _("— not bound —"))]
    for indicator in indicators.all_indicators():
        group = [(encode(indicator.key), _("all"))]
        for name in indicator.filters:
            for value, label in indicators.filter_choices(indicator.key, name) or []:
                group.append((encode(indicator.key, {name: value}), f"{label}"))
        choices.append((f"{indicator.label} ({indicator.key})", group))
    return choices


def binding_label(key: str, filters: dict) -> str:
    """The binding in words, as the list shows it ("Buổi truyền thông — Trực tiếp")."""
    try:
        indicator = indicators.get(key)
    except LookupError:
        return key
    words = [str(indicator.label)]
    for name, value in sorted(filters.items()):
        labels = dict(indicators.filter_choices(key, name) or [])
        words.append(str(labels.get(str(value), value)))
    return " — ".join(words)


# A target's words -> (indicator key, filters). The first rule that matches wins; a rule whose
# indicator is not registered proposes nothing.
RULES: list[tuple[re.Pattern[str], str, dict[str, str]]] = [
    (re.compile(r"truyền thông\s+(?:pháp luật\s+)?trực tiếp", re.I), "outreach.sessions", {"kind": "direct"}),
    (re.compile(r"(?:trợ giúp pháp lý\s+)?lưu động", re.I), "outreach.sessions", {"kind": "mobile"}),
    (re.compile(r"câu lạc bộ", re.I), "outreach.sessions", {"kind": "club"}),
    (re.compile(r"sinh hoạt chuyên đề|chuyên đề pháp luật", re.I), "outreach.sessions", {"kind": "thematic"}),
    (re.compile(r"(?:vụ việc|vụ).{0,40}tham gia tố tụng", re.I), "cases.accepted", {"form": "TGTT"}),
    (re.compile(r"(?:vụ việc|vụ).{0,40}tư vấn pháp luật", re.I), "cases.accepted", {"form": "TVPL"}),
    (re.compile(r"(?:vụ việc|vụ).{0,40}đại diện ngoài tố tụng", re.I), "cases.accepted", {"form": "DDNTT"}),
    (re.compile(r"vụ việc.{0,40}(?:được\s+)?thẩm định", re.I), "cases.appraised_share", {}),
    (re.compile(r"(?:buổi|cuộc)\s+truyền thông", re.I), "outreach.sessions", {}),
]


def propose(words: str) -> tuple[str, dict[str, str]] | None:
    """The binding a target's words suggest, when its indicator (and filter value) exist."""
    for pattern, key, filters in RULES:
        if not pattern.search(words or ""):
            continue
        try:
            indicator = indicators.get(key)
        except LookupError:
            return None
        for name, value in filters.items():
            values = indicators.filter_choices(key, name)
            if name not in indicator.filters or (values is not None and value not in dict(values)):
                return None
        return key, dict(filters)
    return None


def propose_for(spec, node) -> tuple[str, dict[str, str]] | None:
    """The binding proposed for a parsed target: its own words, then its activity's."""
    return propose(spec.label) or propose(" ".join([node.title, *node.text, node.result_text or ""]))
