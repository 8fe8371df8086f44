"""A past year's plan reads the same on the dashboard, on its page and in its report: each
activity judged as of the period's end; the status chart paints each status by its meaning."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from legalaid import charts, dashboard
from legalaid.charts import MEANING_COLOURS, Series, bar_chart
from legalaid.indicators import Period
from planning.importer import parse_plan
from planning.models import ActivityStatus as S
from planning.models import Plan
from planning.services import activity_set_status, plan_import, plan_set_status

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parents[2] / "planning" / "tests" / "seeds" / "lang_son_2025.txt"
TILES = {
    S.ON_TRACK: "planning.activities_on_track",
    S.AT_RISK: "planning.activities_at_risk",
    S.OVERDUE: "planning.activities_overdue",
    S.DONE: "planning.activities_done",
}
LABELS = {S.NOT_STARTED: "chưa bắt đầu", S.ON_TRACK: "đúng tiến độ", S.AT_RISK: "có nguy cơ chậm"}
LABELS |= {S.OVERDUE: "quá hạn", S.DONE: "hoàn thành"}


@pytest.fixture
def plan_2025(org, director):
    """The Lạng Sơn 2025 plan, issued and closed; one activity marked done during the year."""
    with time_machine.travel("2025-01-06 09:00 +07:00", tick=False):
        plan = plan_import(parsed=parse_plan(SEED.read_text(encoding="utf-8")), unit=org.centre, by=director)
        for step in (Plan.Status.SUBMITTED, Plan.Status.ISSUED):
            plan = plan_set_status(plan=plan, status=step, by=director)
    with time_machine.travel("2025-03-20 09:00 +07:00", tick=False):
        first = plan.activities.get(number="1")
        activity_set_status(activity=first, status=S.DONE, reason="Đã ban hành", by=director, version=0)
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        plan = plan_set_status(plan=plan, status=Plan.Status.CLOSED, by=director)
    return plan


def _pdf_counts(content: bytes) -> dict[str, int]:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    summary = text.split("trong đó:", 1)[1].split(".", 1)[0]
    found = dict(re.findall(r"([^:;]+): (\d+)", summary))
    by_label = {label.strip(): int(n) for label, n in found.items()}
    return {status: by_label[label] for status, label in LABELS.items()}


def test_dashboard_plan_page_and_report_agree_on_a_past_year(client, director, org, plan_2025):
    with time_machine.travel("2026-03-10 10:00 +07:00", tick=False):
        client.force_login(director)
        page = client.get(reverse("planning:plan", args=[plan_2025.pk]))
        on_page = {value: n for _label, value, n in page.context["counts"]}
        report = client.get(reverse("planning:report_pdf", args=[plan_2025.pk]))
        in_report = _pdf_counts(report.content)
        sections = dashboard.build_sections(Period.year(2025), org.centre)
        tiles = {tile.key: tile.value for section in sections for tile in section["tiles"]}

    assert sum(on_page.values()) == 15
    # Judged on 31 December 2025, not on the day the page is read: not all overdue.
    assert on_page[S.DONE] == 1
    assert on_page[S.OVERDUE] < 14 and on_page[S.ON_TRACK] > 0
    assert in_report == on_page
    for status, key in TILES.items():
        assert tiles[key] == on_page[status], status
    assert "31/12/2025" in page.content.decode()


def _page_counts(client, user, plan) -> dict[str, int]:
    client.force_login(user)
    response = client.get(reverse("planning:plan", args=[plan.pk]))
    return {value: n for _label, value, n in response.context["counts"]}


def test_the_plan_page_on_the_period_s_last_day_reads_as_it_does_later(client, director, plan_2025):
    with time_machine.travel("2025-12-31 16:00 +07:00", tick=False):
        then = _page_counts(client, director, plan_2025)
    with time_machine.travel("2026-03-10 10:00 +07:00", tick=False):
        later = _page_counts(client, director, plan_2025)
    with time_machine.travel("2024-12-20 10:00 +07:00", tick=False):
        before = _page_counts(client, director, plan_2025)
    assert then == later
    assert before[S.NOT_STARTED] == 14  # before its period ends, a plan is judged today


def _fill_of(svg: str, label: str) -> set[str]:
    return set(re.findall(rf'fill="(#[0-9a-f]{{6}})"><title>{re.escape(label)} · ', svg))


def test_the_status_chart_paints_on_track_green_at_risk_amber_overdue_red(org, plan_2025):
    with time_machine.travel("2026-03-10 10:00 +07:00", tick=False):
        svg = next(c for c in dashboard.build_charts(Period.year(2025), org.centre) if "Đúng tiến độ" in c)
    assert _fill_of(svg, "Đúng tiến độ") == {MEANING_COLOURS["good"]} == {"#15803d"}
    assert _fill_of(svg, "Có nguy cơ chậm") == {MEANING_COLOURS["warning"]}
    assert _fill_of(svg, "Quá hạn") == {MEANING_COLOURS["bad"]}
    assert _fill_of(svg, "Hoàn thành") == {MEANING_COLOURS["complete"]}
    assert _fill_of(svg, "Chưa bắt đầu") == {MEANING_COLOURS["idle"]}


def test_a_series_with_a_meaning_keeps_its_colour_whatever_its_position():
    ordered = [Series("Quá hạn", [1], "bad"), Series("Đúng tiến độ", [2], "good"), Series("Khác", [3])]
    svg = bar_chart(["HC-TH"], ordered, stacked=True)
    assert _fill_of(svg, "Quá hạn") == {"#b91c1c"}
    assert _fill_of(svg, "Đúng tiến độ") == {"#15803d"}
    assert _fill_of(svg, "Khác") == {charts.PALETTE[2]}
    # The legend shows the same colours.
    assert '<rect x="44" y="245" width="10" height="10" fill="#b91c1c"/>' in svg
