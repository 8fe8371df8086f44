"""Each case figure of the dashboard leads to the list of exactly the cases it counts, on the
hand-counted world of ``dashboard_world`` (a year, a branch, a quarter)."""

from __future__ import annotations

import re

import pytest

from legalaid.tests.dashboard_reading import screen_tiles
from legalaid.tests.dashboard_world import (
    TODAY,
    YEAR,
    on,
    world_fixture,  # noqa: F401 (the fixture "world")
)


def case_list_rows(client, url: str) -> int:
    html = client.get(url).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<a href=\"/vu-viec/\d+/\">", body))


# The rows each case figure's link must list: (scope, query) -> figure -> cases.
QUARTER_1 = {"kind": "quarter", "year": "2025", "quarter": "1"}
LINKED_CASES = [
    (
        "centre",
        YEAR,
        {
            "cases.requests_received": 9,  # C1-C9
            "cases.accepted": 5,  # C1 C2 C5 C6 C9
            "cases.refused": 2,  # A2 (received in 2024) and C3: by the date of the refusal
            "cases.referred": 1,  # C4
            "cases.completed": 4,  # C1 C2 C5 C9
            "cases.appraised_share": 4,  # the completed cases the share is taken of
            "cases.successful_proceedings": 1,  # C1
        },
    ),
    (
        "branch",
        YEAR,
        {
            "cases.requests_received": 5,
            "cases.accepted": 3,
            "cases.refused": 1,
            "cases.referred": 1,
            "cases.completed": 3,
            "cases.appraised_share": 3,
            "cases.successful_proceedings": 1,
        },
    ),
    (
        "centre",
        QUARTER_1,
        {
            "cases.requests_received": 2,  # C1 06/01, C2 03/02
            "cases.accepted": 2,
            "cases.refused": 1,  # A2, refused 06/01/2025
            "cases.referred": 0,
            "cases.completed": 1,  # C1 10/03
            "cases.appraised_share": 1,
            "cases.successful_proceedings": 1,
        },
    ),
]


@pytest.mark.parametrize(("scope", "query", "expected"), LINKED_CASES, ids=["2025", "branch-2025", "q1-2025"])
def test_a_case_figure_links_to_the_list_of_exactly_the_cases_it_counts(
    client, world, official, scope, query, expected
):
    client.force_login(official)
    unit = world.org.centre if scope == "centre" else world.org.branch
    with on(TODAY):
        tiles = screen_tiles(client.get("/bang-dieu-hanh/", {**query, "unit": unit.pk}).content.decode())
        for key, rows in expected.items():
            href = tiles[key]["href"]
            assert href and href.startswith("/vu-viec/?"), key
            assert case_list_rows(client, href) == rows, (key, href)
        # "past its deadline" is as of today: a period that ended before today has no list to show
        assert tiles["cases.overdue"]["href"] is None
