"""Inside a dashboard reading, outreach figures come from memoised reads: the numbers must be
the very ones computed without it, for every period shape and scope."""

from datetime import date

from legalaid import indicators
from legalaid.indicators import Period
from outreach.models import Session

PERIODS = [
    Period.year(2025),
    Period.year(2024),
    Period.quarter(2025, 2),
    Period.month(2025, 3),
    Period(date(2024, 12, 15), date(2025, 1, 20)),  # across a new year
]
KEYS = [
    ("outreach.sessions", {}),
    ("outreach.sessions", {"kind": Session.Kind.MOBILE}),
    ("outreach.attendees", {}),
    ("outreach.communes_reached", {}),
    ("outreach.communes_not_reached", {}),
    ("outreach.commune_coverage", {}),
]


def test_a_reading_gives_the_figures_computed_one_by_one(
    org, communes, record_session, django_assert_max_num_queries
):
    made = [
        (communes["Thất Khê"], date(2024, 12, 20), Session.Kind.MOBILE, org.professional_department, 30),
        (communes["Thất Khê"], date(2025, 1, 10), Session.Kind.DIRECT, org.branch, 25),
        (communes["Mẫu Sơn"], date(2025, 3, 31), Session.Kind.MOBILE, org.other_branch, 55),
        (communes["Lộc Bình"], date(2025, 4, 1), Session.Kind.CLUB, org.branch, 12),
        (communes["Tràng Định"], date(2025, 6, 30), Session.Kind.MOBILE, org.branch, 41),
        (communes["Tràng Định"], date(2025, 12, 31), Session.Kind.THEMATIC, org.professional_department, 18),
    ]
    for commune, day, kind, unit, attendees in made:
        record_session(commune, day, kind=kind, lead_unit=unit, attendees=attendees)
    scopes = (None, org.centre, org.branch)
    alone = {
        (key, str(filters), period, scope): indicators.compute(key, period, scope, **filters)
        for key, filters in KEYS
        for period in PERIODS
        for scope in scopes
    }
    assert alone[("outreach.sessions", "{}", Period.year(2025), org.branch)] == 3
    assert alone[("outreach.attendees", "{}", Period.year(2025), None)] == 25 + 55 + 12 + 41 + 18
    with indicators.batch():
        together = {
            (key, str(filters), period, scope): indicators.compute(key, period, scope, **filters)
            for key, filters in KEYS
            for period in PERIODS
            for scope in scopes
        }
    assert together == alone
