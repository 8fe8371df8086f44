# ruff: noqa: S608  (benchmark SQL built from generated numbers and dates, no input)
"""Benchmark: the officials' dashboard for a year with 1,000,000 cases, 100,000 outreach
sessions and 5,000 people, against the hand-written SQL that computes the same figures.

Generates with SQL (generate_series), inside a transaction rolled back at the end: the Lạng Sơn
demo centre (seed_demo, if missing), beneficiaries, cases over five years (2022 to today) in
every state, form, field, category and unit, surveys, complaints, outreach sessions in the
province's communes and the people of staffing. ``BENCH_SCALE=2`` doubles everything.

Then times, median of several runs, in the same process and on the same data:
- the dashboard page for the current year (``GET /bang-dieu-hanh/``, the whole response:
  figures, last year's figures, targets, charts, template), as the Department's official;
- the hand-written SQL computing the same figures (one aggregate per table and chart);
- the pre-aggregated figures: a full rebuild, and the cost of the triggers on a day's work
  (200 cases changing state, with and without the triggers);
- the dashboard PDF.
Prints figures; asserts nothing. ``BENCH_KEEP=1`` keeps the data (later runs reuse it).

    createdb bench_dash; DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_dash \\
        DEBUG=true .venv/bin/python manage.py migrate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_dash .venv/bin/python bench/dashboard.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases import figures  # noqa: E402
from cases.demo import FAMILY, GIVEN_FEMALE, MIDDLE_FEMALE  # noqa: E402
from legalaid.models import BeneficiaryCategory, Commune, LegalAidForm, LegalField, Unit, User  # noqa: E402
from legalaid.text import search_key  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", 1))
CASES = int(1_000_000 * SCALE)
SESSIONS = int(100_000 * SCALE)
PEOPLE = int(5_000 * SCALE)
RUNS = int(os.environ.get("BENCH_RUNS", 7))


class Rollback(Exception):
    pass


def sql(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def array(values) -> str:
    return "ARRAY[" + ",".join(str(int(v)) for v in values) + "]::bigint[]"


def text_array(values) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def pick(values: str, seed: str = "random()") -> str:
    """SQL choosing one element of an SQL array at random."""
    return f"({values})[1 + floor({seed} * cardinality({values}))::int]"


def generate() -> tuple[User, Unit]:
    from legalaid.demo import seed_demo

    if not Unit.objects.filter(kind=Unit.Kind.CENTRE).exists():
        seed_demo()
    centre = Unit.objects.get(kind=Unit.Kind.CENTRE, name__contains="Lạng Sơn")
    units = list(
        centre.subtree()
        .filter(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH])
        .values_list("pk", flat=True)
    )
    official = User.objects.get(username="sotuphap")
    intake = User.objects.get(username="tiepnhan")
    forms = list(LegalAidForm.objects.values_list("pk", flat=True))
    fields = list(LegalField.objects.values_list("pk", flat=True))
    categories = list(BeneficiaryCategory.objects.values_list("pk", flat=True))
    communes = list(Commune.objects.filter(province__code=20).values_list("pk", flat=True))
    sql("SELECT setseed(0.2026)")
    today = timezone.localdate()
    days = (today - date(2022, 1, 1)).days

    started = time.perf_counter()
    names = [f"{f} {m} {g}" for f in FAMILY[:12] for m in MIDDLE_FEMALE[:4] for g in GIVEN_FEMALE[:12]]
    keys = [search_key(n) for n in names]
    beneficiaries = CASES // 3
    before_people = _scalar("SELECT coalesce(max(id), 0) FROM cases_beneficiary")
    sql(f"""
        INSERT INTO cases_beneficiary (created_at, updated_at, full_name, name_search_key, name_sort_key, sex,
            citizen_id, address, phone, unit_id, name_words, name_prefixes)
        SELECT now(), now(), ({text_array(names)})[i], ({text_array(keys)})[i], ({text_array(keys)})[i],
               CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, '', '', '', {centre.pk},
               string_to_array(({text_array(keys)})[i], ' '), '{{}}'
        FROM (SELECT g, 1 + (g % {len(names)}) AS i FROM generate_series(1, {beneficiaries}) g) s
    """)  # noqa: S608
    first_beneficiary = _scalar(f"SELECT min(id) FROM cases_beneficiary WHERE id > {before_people}")
    before = _scalar("SELECT coalesce(max(id), 0) FROM cases_case")
    # States: a fifth of the cases of the last two months are still open, older ones mostly closed.
    sql(f"""
        INSERT INTO cases_case (created_at, updated_at, status, version, request_date, channel, urgent,
            requester_kind, requester_name, requester_relation, requester_phone, forwarding_document,
            sensitive,
            description, missing_papers, register_number, national_id, refusal_reason, refusal_text,
            referred_to_text, termination_reason, suspension_reason, outcome, summary, successful,
            complex_typical, deadline_label, beneficiary_id, centre_id, field_id, form_id, received_by_id,
            unit_id,
            accepted_on, closed_on, completed_on, next_deadline)
        SELECT now(), now(), st, 1, rd, 'desk', false, 'self', '', '', '', '', false, 'Vụ việc sinh thử',
               '', '',
               '', '', '', '', '', '', '', '', st IN ('completed', 'appraising', 'appraised') AND r3 < 0.4,
               false, '', {first_beneficiary} + (g % {beneficiaries}), {centre.pk}, {pick(array(fields))},
               {pick(array(forms))}, {intake.pk}, {pick(array(units))},
               acc, closed, done,
               CASE WHEN st IN ('received', 'needs_papers', 'accepted', 'assigned', 'suspended')
                    THEN rd + 30 END
        FROM (
            -- A case whose work would end after today is still being performed.
            SELECT g, rd, r3, acc, closed,
                   CASE WHEN st IN ('completed', 'appraising', 'appraised')
                             AND acc + (r3 * 120)::int > DATE '{today}'
                        THEN 'assigned' ELSE st END AS st,
                   CASE WHEN st IN ('completed', 'appraising', 'appraised')
                             AND acc + (r3 * 120)::int <= DATE '{today}'
                        THEN acc + (r3 * 120)::int END AS done
            FROM (
            SELECT g, rd, r3, st,
                   CASE WHEN st NOT IN ('received', 'needs_papers', 'refused', 'referred')
                        THEN LEAST(rd + (r2 * 10)::int, DATE '{today}') END AS acc,
                   CASE WHEN st IN ('refused', 'referred', 'terminated')
                        THEN LEAST(rd + (r2 * 15)::int, DATE '{today}') END AS closed
            FROM (
                SELECT g, rd, r2, r3,
                       CASE WHEN r < 0.04 THEN 'refused' WHEN r < 0.06 THEN 'referred'
                            WHEN r < 0.08 THEN 'terminated'
                            WHEN rd > DATE '{today}' - 60 AND r < 0.12 THEN 'received'
                            WHEN rd > DATE '{today}' - 60 AND r < 0.16 THEN 'needs_papers'
                            WHEN rd > DATE '{today}' - 120 AND r < 0.30 THEN 'assigned'
                            WHEN r < 0.09 THEN 'suspended' WHEN r < 0.11 THEN 'assigned'
                            WHEN r < 0.20 THEN 'completed' WHEN r < 0.25 THEN 'appraising'
                            ELSE 'appraised' END AS st
                FROM (SELECT g, DATE '2022-01-01' + (random() * {days})::int AS rd, random() AS r,
                             random() AS r2, random() AS r3
                      FROM generate_series(1, {CASES}) g) a
            ) b
            ) c
        ) d
    """)  # noqa: S608
    sql(f"""
        INSERT INTO cases_case_categories (case_id, beneficiarycategory_id)
        SELECT id, {pick(array(categories))} FROM cases_case WHERE id > {before}
        UNION
        SELECT id, {pick(array(categories))} FROM cases_case WHERE id > {before} AND random() < 0.2
    """)  # noqa: S608
    sql(f"""
        INSERT INTO cases_survey (created_at, updated_at, source, attitude, responsibility, expertise,
            satisfaction,
            comment, case_id)
        SELECT completed_on + time '10:00' + interval '5 days', now(), 'staff', 5, 4, 4, 1 + (id % 5), '', id
        FROM cases_case WHERE id > {before} AND completed_on IS NOT NULL AND random() < 0.3
    """)
    sql(f"""
        INSERT INTO cases_complaint (created_at, updated_at, received_on, caller, phone, channel, topic,
            content,
            resolution, recorded_by_id, unit_id)
        SELECT now(), now(), DATE '2022-01-01' + (random() * {days})::int, 'Người gọi', '', 'hotline',
               'quality',
               'Phản ánh', '', {intake.pk}, {pick(array(units))}
        FROM generate_series(1, {CASES // 500}) g
    """)  # noqa: S608
    print(
        f"cases generated: {CASES:,} cases, {beneficiaries:,} people in {time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    sql(f"""
        INSERT INTO outreach_session (created_at, updated_at, kind, held_on, village, partners, attendees,
            attendees_women, attendees_minority, topics, programme, notes, version, commune_id, lead_unit_id)
        SELECT now(), now(), {pick("ARRAY['direct','mobile','club','thematic']")},
               DATE '2022-01-01' + (random() * {days})::int, 'Thôn ' || (g % 40), '', 20 + (g % 80), 10, 5,
               'Phổ biến pháp luật về trợ giúp pháp lý', '', '', 1, {pick(array(communes))}::int,
               {pick(array(units))}
        FROM generate_series(1, {SESSIONS}) g
    """)  # noqa: S608
    sql(f"""
        INSERT INTO staffing_person (created_at, updated_at, full_name, name_search_key, name_sort_key,
            citizen_id,
            sex, phone, email, address, occupation, workplace, position, kind, status, status_reason,
            appointment_decision, card_number, has_law_degree, has_lawyer_training, is_village_head,
            is_respected_person, bar_association, organisation, contract_number, notes, unit_id)
        SELECT now() - (g % 1500) * interval '1 day', now(), 'Người Thực Hiện ' || g, 'nguoi thuc hien ' || g,
               'nguoi thuc hien ' || g, '', CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
               '', '', '', '', '', '',
               CASE WHEN g % 10 = 0 THEN 'assistant' WHEN g % 10 = 1 THEN 'lawyer' ELSE 'collaborator' END,
               CASE WHEN g % 7 = 0 THEN 'ended' ELSE 'active' END, '', '', '', g % 3 = 0, false, g % 5 = 0,
               g % 9 = 0, '', '', '', '', {pick(array(units))}
        FROM generate_series(1, {PEOPLE}) g
    """)  # noqa: S608
    print(
        f"outreach and staffing generated: {SESSIONS:,} sessions, {PEOPLE:,} people "
        f"in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    # As autovacuum leaves a table at rest: statistics, and the visibility map that lets counts
    # read an index alone (VACUUM cannot run inside the rolled-back transaction).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    sql(command)
    print(f"{command}: {time.perf_counter() - started:.1f} s")
    return official, centre


def _scalar(statement: str):
    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone()[0]


def hand_written_sql(centre: Unit, year: int) -> list[str]:
    """The dashboard's figures for a year and the centre, as one would write them by hand."""
    p1, p2 = f"DATE '{year}-01-01'", f"DATE '{year}-12-31'"
    l1, l2 = f"DATE '{year - 1}-01-01'", f"DATE '{year - 1}-12-31'"
    scope = f"c.unit_id IN (SELECT id FROM legalaid_unit WHERE path LIKE '{centre.path}%')"
    tiles = []
    for a, b in ((p1, p2), (l1, l2)):
        tiles.append(f"""
            count(*) FILTER (WHERE request_date BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE accepted_on BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE status = 'refused' AND closed_on BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE status = 'referred' AND closed_on BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE completed_on BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE status = 'appraised' AND completed_on BETWEEN {a} AND {b}),
            count(*) FILTER (WHERE successful
                                   AND form_id = (SELECT id FROM legalaid_legalaidform WHERE code = 'TGTT')
                                   AND completed_on BETWEEN {a} AND {b})""")
    any_date = " OR ".join(
        f"{column} BETWEEN {l1} AND {p2}"
        for column in ("request_date", "accepted_on", "closed_on", "completed_on")
    )
    return [
        f"SELECT {','.join(tiles)} FROM cases_case c WHERE {scope} AND ({any_date})",
        f"SELECT count(*) FROM cases_case c WHERE {scope} "
        "AND status IN ('received', 'needs_papers', 'accepted', "
        f"'assigned', 'suspended') AND next_deadline < LEAST({p2}, current_date)",
        f"SELECT avg(satisfaction) FILTER (WHERE s.created_at::date BETWEEN {p1} AND {p2}), "
        f"avg(satisfaction) FILTER (WHERE s.created_at::date BETWEEN {l1} AND {l2}) FROM cases_survey s "
        f"JOIN cases_case c ON c.id = s.case_id WHERE {scope} "
        f"AND s.created_at >= {l1} AND s.created_at < {p2} + 1",
        f"SELECT count(*) FILTER (WHERE received_on >= {p1}), count(*) FILTER (WHERE received_on <= {l2}) "
        f"FROM cases_complaint c WHERE {scope} AND received_on BETWEEN {l1} AND {p2}",
        f"SELECT date_trunc('month', request_date), form_id, count(*) FROM cases_case c WHERE {scope} "
        f"AND request_date BETWEEN {p1} AND {p2} GROUP BY 1, 2",
        f"SELECT field_id, count(*) FROM cases_case c WHERE {scope} "
        f"AND accepted_on BETWEEN {p1} AND {p2} GROUP BY 1",
        f"SELECT cc.beneficiarycategory_id, count(*) FROM cases_case c JOIN cases_case_categories cc "
        f"ON cc.case_id = c.id WHERE {scope} AND accepted_on BETWEEN {p1} AND {p2} GROUP BY 1",
        f"SELECT count(*) FILTER (WHERE held_on >= {p1}), sum(attendees) FILTER (WHERE held_on >= {p1}), "
        f"count(DISTINCT commune_id) FILTER (WHERE held_on >= {p1}), "
        f"count(*) FILTER (WHERE held_on <= {l2}), "
        f"sum(attendees) FILTER (WHERE held_on <= {l2}), "
        f"count(DISTINCT commune_id) FILTER (WHERE held_on <= {l2}) "
        f"FROM outreach_session s WHERE s.lead_unit_id IN (SELECT id FROM legalaid_unit "
        f"WHERE path LIKE '{centre.path}%') AND held_on BETWEEN {l1} AND {p2}",
        f"SELECT date_trunc('month', held_on), count(*) FROM outreach_session "
        f"WHERE held_on BETWEEN {p1} AND {p2} GROUP BY 1",
        "SELECT kind, status, count(*) FROM staffing_person GROUP BY 1, 2",
    ]


def median_ms(function, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, min(times) * 1000


def run() -> None:
    started = time.perf_counter()
    if (
        Unit.objects.filter(kind=Unit.Kind.CENTRE).exists()
        and _scalar("SELECT count(*) FROM cases_case") >= CASES
    ):
        official = User.objects.get(username="sotuphap")
        centre = Unit.objects.get(kind=Unit.Kind.CENTRE, name__contains="Lạng Sơn")
        print("data kept from an earlier run with BENCH_KEEP=1")
    else:
        official, centre = generate()
    print(f"load average {os.getloadavg()[0]:.2f}; data ready in {time.perf_counter() - started:.0f} s")
    year = timezone.localdate().year

    print(f"summary kept by the triggers during the load: {figures.MonthlyFigure.objects.count():,} rows")
    rebuild, _ = median_ms(figures.rebuild, runs=1)
    print(f"pre-aggregated figures, full rebuild:  {rebuild:8.0f} ms (a repair, not on any page)")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(official)
    url = f"/bang-dieu-hanh/?kind=year&year={year}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    queries = len(captured.captured_queries)

    statements = hand_written_sql(centre, year)

    def hand() -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    page, page_min = median_ms(lambda: client.get(url))
    raw, raw_min = median_ms(hand)
    print(
        f"dashboard for {year}, whole page:       median {page:7.1f} ms  min {page_min:7.1f} ms  "
        f"{queries} queries"
    )
    print(
        f"hand-written SQL, same figures:        median {raw:7.1f} ms  min {raw_min:7.1f} ms  "
        f"{len(statements)} queries"
    )
    print(f"ratio dashboard / hand-written SQL:    {page / raw:7.2f}")

    # A day's work: 200 cases change state, with and without the triggers that keep the summary.
    def days_work() -> float:
        began = time.perf_counter()
        sql(
            "UPDATE cases_case SET status = 'appraised', completed_on = current_date "
            "WHERE id IN (SELECT id FROM cases_case WHERE status = 'appraising' ORDER BY id LIMIT 200)"
        )
        return (time.perf_counter() - began) * 1000

    with_triggers = statistics.median(days_work() for _ in range(RUNS))
    sql("SET session_replication_role = replica")  # no user trigger fires
    without = statistics.median(days_work() for _ in range(RUNS))
    sql("SET session_replication_role = origin")
    print(
        f"200 cases change state:                median {with_triggers:7.1f} ms with the summary triggers, "
        f"{without:.1f} ms without"
    )
    figures.rebuild()  # the runs without triggers left the summary behind
    page_after, _ = median_ms(lambda: client.get(url))
    print(f"dashboard after that:                  median {page_after:7.1f} ms")
    pdf, _ = median_ms(lambda: client.get(f"/bang-dieu-hanh/bao-cao.pdf?kind=year&year={year}"), runs=3)
    print(f"dashboard PDF:                          median {pdf:7.1f} ms (of 3)")


if __name__ == "__main__":
    print(f"scale {SCALE}: {CASES:,} cases, {SESSIONS:,} outreach sessions, {PEOPLE:,} people")
    if os.environ.get("BENCH_KEEP"):  # keep the data, e.g. to study one query at a time
        run()
    else:
        try:
            with transaction.atomic():
                run()
                raise Rollback
        except Rollback:
            print("rolled back")
