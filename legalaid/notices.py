"""What needs attention, shown on the home page: apps register providers, legalaid imports none.

A provider is ``provider(user) -> list[Notice]``, registered in the app's ``AppConfig.ready()``
with ``register(provider)``; it must answer in a fixed, small number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from legalaid.models import User


@dataclass(frozen=True)
class Notice:
    text: str
    url: str = ""
    level: str = "info"  # "info" or "warning"


Provider = Callable[["User"], list[Notice]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def notices_for(user: User) -> list[Notice]:
    found: list[Notice] = []
    for provider in _providers:
        found.extend(provider(user))
    return found
