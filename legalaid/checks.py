"""Rules the records must keep, checked over the whole database (``manage.py check_records``).

The services refuse what breaks a rule when a record is written; rows can still break one
later (an import written straight to the tables, an admin edit, a rule added after the row, a
reference list changed). A check finds those rows.

A check is a function without arguments that returns its ``Finding``s; it runs a few queries
whatever the number of records (never one per record). Each app lists its checks in its own
``checks`` module with ``@register``; ``registered()`` imports those modules, so a new rule
only has to be written there. ``legalaid`` knows no app: the apps add themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Finding:
    """One record breaking one rule: what it is, where to open it, which rule and how."""

    rule: str  # stable key of the rule, e.g. "cases.category"
    record: str  # the record as a reader names it: "Vụ việc 12/2026/TGPL"
    url: str  # the absolute path of the record's page
    message: str  # what is wrong, in Vietnamese

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


Check = Callable[[], Iterable[Finding]]
_checks: list[Check] = []


def register(check: Check) -> Check:
    """Add ``check`` to the checks ``check_records`` runs (once, in the order registered)."""
    if check not in _checks:
        _checks.append(check)
    return check


def registered() -> list[Check]:
    """Every app's checks: each installed app's ``checks`` module is imported first."""
    autodiscover_modules("checks")
    return list(_checks)


def run_checks(checks: Iterable[Check] | None = None) -> list[Finding]:
    """The findings of ``checks`` (default: every registered check), check by check."""
    return [finding for check in (registered() if checks is None else checks) for finding in check()]
