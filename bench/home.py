"""Benchmark: the home page with its work queue, for each demo role, with 200,000 cases.

Generates the register of ``bench/cases_list.py`` (200,000 cases over five years, every state,
unit and performer, inside a transaction rolled back at the end), plus appraisals of 2,000 cases
under appraisal assigned to the demo assistant, then times the home page of every demo login
(median of several runs, queries counted) and, for the director, the lists the queue links to.
Prints figures; asserts nothing (the tests assert the query count).

    createdb bench_home; DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_home \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_home .venv/bin/python bench/home.py

``BENCH_KEEP=1`` keeps the generated data, and a later run with it reuses them; ``BENCH_SQL=1``
prints the slowest queries of each page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases_list  # noqa: E402  (sets Django up and holds the register's generator)
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from cases.models import Appraisal, Case  # noqa: E402
from legalaid.models import User  # noqa: E402
from legalaid.queue import queue_for  # noqa: E402

APPRAISALS = 2000
# The demo logins, one per role (legalaid/demo.py).
LOGINS = ["giamdoc", "tiepnhan", "trogiupvien", "congtacvien", "chinhanh", "sotuphap", "quantri"]


def appraisals(director: User) -> None:
    """Appraisals for some of the cases under appraisal, assigned to the demo assistant."""
    if Appraisal.objects.exists():
        return
    appraiser = User.objects.get(username="trogiupvien")
    cases = Case.objects.filter(status=Case.Status.UNDER_APPRAISAL).order_by("pk")[:APPRAISALS]
    Appraisal.objects.bulk_create(
        [
            Appraisal(
                case=case,
                appraiser=appraiser,
                assigned_by=director,
                assigned_on=case.request_date,
                number=i + 1,
                due_on=case.request_date + timedelta(days=10),
            )
            for i, case in enumerate(cases)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_appraisal")


def measure(director: User) -> None:
    appraisals(director)
    print("\nHome page with the work queue")
    for username in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get("/")  # the first page of a session stamps its last activity
        groups = ", ".join(f"{g.key.split('-', 1)[1]} {g.count}" for g in queue_for(user))
        cases_list.timed(f"home, {username}", client, "/")
        print(f"    {groups or 'nothing waiting'}")
        # The queue alone (on a busy machine the page's figure carries the machine's noise):
        # a fresh user each time, so nothing is cached from the run before.
        times = []
        for _ in range(cases_list.RUNS):
            fresh = User.objects.get(pk=user.pk)
            started = time.perf_counter()
            queue_for(fresh)
            times.append(time.perf_counter() - started)
        print(
            f"    the queue alone: median {statistics.median(times) * 1000:.1f} ms, "
            f"min {min(times) * 1000:.1f} ms"
        )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(director)
    print("\nThe lists the director's queue links to")
    for group in queue_for(director):
        cases_list.timed(group.key, client, group.list_url)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}")
    if os.environ.get("BENCH_KEEP"):
        found = cases_list.kept()
        if found is None:
            found = cases_list.generate()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE cases_case, cases_beneficiary, cases_case_categories")
        else:
            print("data kept from an earlier run with BENCH_KEEP=1")
        measure(found[0])
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM cases_case, cases_beneficiary, cases_case_categories")
    try:
        with transaction.atomic():
            measure(cases_list.generate()[0])
            raise cases_list.Rollback
    except cases_list.Rollback:
        print("\n(rolled back: nothing was kept)")


if __name__ == "__main__":
    main()
