"""Test-only indicators with hand-counted figures, and the Lạng Sơn 2025 plan imported for the
conftest organisation; the indicators leave the registry after each test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from legalaid import indicators

SEEDS = Path(__file__).with_name("seeds")

# The ledger the test indicators count: (day, unit short name, kind).
SESSIONS: list[tuple[date, str, str]] = []
# Completed cases: (day completed, appraised?)
COMPLETED: list[tuple[date, bool]] = []


def _in_scope(unit_short: str, scope, units) -> bool:
    if scope is None:
        return True
    unit = units[unit_short]
    return unit.path.startswith(scope.path)


@pytest.fixture
def test_indicators(org):
    units = {"HC-TH": org.admin_department, "NV": org.professional_department, "CN1": org.branch}

    def sessions(period, scope, kind=None):
        return sum(
            1
            for day, unit, session_kind in SESSIONS
            if period.start <= day <= period.end
            and _in_scope(unit, scope, units)
            and (kind is None or session_kind == kind)
        )

    def appraised_share(period, scope):
        done = [appraised for day, appraised in COMPLETED if period.start <= day <= period.end]
        return round(100 * sum(done) / len(done), 1) if done else 0

    keys = ["test.sessions", "test.appraised_share"]
    indicators.register(
        "test.sessions", label="Sessions (test)", unit=indicators.MeasureUnit.COUNT, filters=("kind",)
    )(sessions)
    kinds = [("direct", "Trực tiếp"), ("mobile", "Lưu động"), ("online", "Trực tuyến"), ("trip", "Học tập")]
    indicators.register_filter_choices("test.sessions", "kind", lambda: kinds)
    indicators.register(
        "test.appraised_share", label="Appraised share (test)", unit=indicators.MeasureUnit.PERCENT
    )(appraised_share)
    SESSIONS.clear()
    COMPLETED.clear()
    try:
        yield type("Ledger", (), {"sessions": SESSIONS, "completed": COMPLETED})
    finally:
        for key in keys:
            indicators._registry.pop(key, None)
        indicators._filter_choices.pop(("test.sessions", "kind"), None)
        SESSIONS.clear()
        COMPLETED.clear()


@pytest.fixture
def lang_son_plan(org, director):
    from planning.importer import parse_plan
    from planning.services import plan_import

    parsed = parse_plan((SEEDS / "lang_son_2025.txt").read_text(encoding="utf-8"))
    return plan_import(parsed=parsed, unit=org.centre, by=director)
