"""Benchmark: coverage figures and pages on a province-sized year of outreach.

Generates, inside a transaction that is rolled back at the end: the 65 communes of Lạng Sơn
(loaded if missing), 3,000 places with a board each and five inspections per board (15,000 log
entries), 5,000 sessions and 20,000 leaflet distributions. Prints how long each figure and
page takes; asserts nothing.

    DATABASE_URL=postgresql://... DEBUG=true .venv/bin/python bench/outreach_coverage.py
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from legalaid.indicators import Period, compute  # noqa: E402
from legalaid.models import Commune, Unit, User  # noqa: E402
from legalaid.services import areas_load  # noqa: E402
from outreach.models import (  # noqa: E402
    Board,
    BoardInspection,
    Distribution,
    Leaflet,
    LeafletEdition,
    Place,
    PrintRun,
    Session,
)

YEAR = 2025
SESSIONS, PLACES, DISTRIBUTIONS = 5000, 3000, 20000


class Rollback(Exception):
    pass


def timed(label: str, function, repeat: int = 3):
    best, queries = None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured)
    print(f"{label:<58} {best * 1000:8.1f} ms  {queries:3d} queries  -> {result}")


def generate(random_: random.Random) -> tuple[Unit, User]:
    areas_load(province_code=20)
    communes = list(Commune.objects.filter(province_id=20))
    centre = Unit.objects.create(name="Trung tâm (benchmark)", kind=Unit.Kind.CENTRE, province_id=20)
    units = [
        Unit.objects.create(name=f"Phòng {i} (benchmark)", kind=Unit.Kind.DEPARTMENT, parent=centre)
        for i in range(4)
    ]
    court = Unit.objects.create(name="Tòa án (benchmark)", kind=Unit.Kind.COURT, province_id=20)
    day = lambda: date(YEAR, 1, 1) + timedelta(days=random_.randrange(330))  # noqa: E731
    Session.objects.bulk_create(
        Session(
            kind=random_.choice(Session.Kind.values),
            held_on=day(),
            commune=random_.choice(communes),
            lead_unit=random_.choice(units),
            attendees=random_.randrange(20, 90),
            village="Thôn",
        )
        for _ in range(SESSIONS)
    )
    kinds = Place.Kind.values
    places = Place.objects.bulk_create(
        Place(
            name=f"Điểm {i}",
            kind=(k := random_.choice(kinds)),
            commune=random_.choice(communes),
            unit=random_.choice(units),
            body=court if k in ("court", "police", "procuracy", "detention") else None,
        )
        for i in range(PLACES)
    )
    conditions = Board.Condition.values
    logs = [[random_.choice(conditions) for _ in range(5)] for _ in places]
    boards = Board.objects.bulk_create(
        Board(place=p, installed_on=date(YEAR - 3, 1, 1), condition=log[-1])
        for p, log in zip(places, logs, strict=True)
    )
    BoardInspection.objects.bulk_create(
        BoardInspection(board=b, kind="inspected", on=date(YEAR - 2 + i // 2, 1 + i, 5), condition=log[i])
        for b, log in zip(boards, logs, strict=True)
        for i in range(5)
    )
    leaflet = Leaflet.objects.create(title="Tờ gấp (benchmark)", unit=centre)
    edition = LeafletEdition.objects.create(leaflet=leaflet, number=1)
    PrintRun.objects.create(edition=edition, printed_on=date(YEAR, 1, 1), quantity=DISTRIBUTIONS * 50)
    Distribution.objects.bulk_create(
        Distribution(
            edition=edition,
            distributed_on=day(),
            quantity=random_.randrange(10, 50),
            place=random_.choice(places),
            unit=random_.choice(units),
        )
        for _ in range(DISTRIBUTIONS)
    )
    user = User.objects.create(
        username="bench-outreach", full_name="Người Đo Lường", unit=centre, is_superuser=False
    )
    from legalaid.roles import Role, assign_role

    assign_role(user, Role.DIRECTOR)
    return centre, user


def main() -> None:
    period = Period.year(YEAR)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            centre, user = generate(random.Random(2025))
            print(
                f"generated {SESSIONS} sessions, {PLACES} places/boards, {PLACES * 5} inspections, "
                f"{DISTRIBUTIONS} distributions in {time.perf_counter() - started:.1f} s"
            )
            for key in (
                "outreach.sessions",
                "outreach.attendees",
                "outreach.communes_reached",
                "outreach.commune_coverage",
                "outreach.board_coverage",
                "outreach.boards_to_replace",
                "outreach.leaflets_distributed",
            ):
                timed(f"indicator {key}", lambda key=key: compute(key, period, centre))
            client = Client()
            client.force_login(user)
            for url in (
                "/truyen-thong/",
                "/truyen-thong/bao-phu/",
                "/truyen-thong/buoi/",
                "/truyen-thong/diem/",
                "/truyen-thong/bang/can-thay/",
                "/truyen-thong/to-gap/",
            ):
                timed(
                    f"page {url}",
                    lambda url=url: client.get(f"{url}?nam={YEAR}", HTTP_HOST="127.0.0.1").status_code,
                )
            raise Rollback
    except Rollback:
        print("rolled back")


if __name__ == "__main__":
    main()
