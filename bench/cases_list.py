"""Benchmark: the case list, the case page and the official papers with 200,000 cases.

Generates, inside a transaction that is rolled back at the end: the Lạng Sơn demo centre (the
foundation's seed_demo, if missing), 200,000 beneficiaries and 200,000 cases spread over five
years, every state, form, field and unit, with categories, performers and deadlines. Then
times (median of several runs, queries counted): the list page of 50 rows with no filter, each
filter and a search without diacritics; the case page; the Phiếu hẹn and Quyết định cử PDFs.
Prints figures; asserts nothing.

    createdb bench_cases; DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_cases \
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_cases .venv/bin/python bench/cases_list.py

``BENCH_KEEP=1`` keeps the generated data, and a later run with it reuses them (to study one
page at a time without generating again).
"""

from __future__ import annotations

import os
import random
import statistics
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

from cases.demo import FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE  # noqa: E402
from cases.models import Appointment, Beneficiary, Case, SurveyLink  # noqa: E402
from legalaid.models import BeneficiaryCategory, Commune, LegalAidForm, LegalField, Unit, User  # noqa: E402
from staffing.models import Person  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", 200_000))
BATCH = 5000
RUNS = 7


class Rollback(Exception):
    pass


def timed(label: str, client: Client, url: str, runs: int = RUNS) -> None:
    times, queries, status = [], 0, 0
    for _ in range(runs):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        queries, status = len(captured.captured_queries), response.status_code
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
    print(
        f"{label:<48} median {statistics.median(times) * 1000:7.1f} ms   "
        f"min {min(times) * 1000:7.1f} ms   {queries:3d} queries   HTTP {status}"
    )
    if os.environ.get("BENCH_SQL"):
        for q in slowest:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")


def generate() -> tuple[User, Case, Appointment]:
    from legalaid.demo import seed_demo

    if not Unit.objects.filter(kind=Unit.Kind.CENTRE).exists():
        seed_demo()
    rng = random.Random(7)  # noqa: S311
    centre = Unit.objects.get(kind=Unit.Kind.CENTRE, name__contains="Lạng Sơn")
    units = list(centre.subtree().filter(kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH]))
    director = User.objects.get(username="giamdoc")
    communes = list(Commune.objects.filter(province__code=20))
    forms = list(LegalAidForm.objects.all())
    fields = list(LegalField.objects.all())
    categories = list(BeneficiaryCategory.objects.all())
    performers = list(Person.objects.performers().filter(unit__path__startswith=centre.path)) or [
        Person.objects.create(full_name="Lương Văn Đức", kind=Person.Kind.ASSISTANT, unit=units[0])
    ]
    statuses = Case.Status.values
    today = date.today()  # noqa: DTZ011
    started = time.perf_counter()
    made = 0
    Through = Case.categories.through
    while made < CASES:
        size = min(BATCH, CASES - made)
        people = []
        for _ in range(size):
            if rng.random() < 0.5:
                name, sex = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}", "male"
            else:
                name, sex = (
                    f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}",
                    "female",
                )
            person = Beneficiary(
                full_name=name,
                sex=sex,
                date_of_birth=date(rng.randint(1940, 2008), rng.randint(1, 12), 1),
                citizen_id=f"{rng.randint(10**11, 10**12 - 1)}",
                commune=rng.choice(communes),
                unit=units[0],
            )
            person.refresh_name_keys()  # bulk_create skips save(): the search keys and words
            people.append(person)
        Beneficiary.objects.bulk_create(people)
        cases = []
        for i, person in enumerate(people):
            request_date = today - timedelta(days=rng.randint(0, 5 * 365))
            status = rng.choice(statuses)
            accepted = status not in ("received", "needs_papers", "refused", "referred")
            seq = 1_000_000 + made + i  # beyond the demo register numbers
            cases.append(
                Case(
                    centre=centre,
                    unit=rng.choice(units),
                    status=status,
                    request_date=request_date,
                    received_by=director,
                    beneficiary=person,
                    form=rng.choice(forms),
                    field=rng.choice(fields),
                    description="Vụ việc thử nghiệm",
                    register_year=request_date.year if accepted else None,
                    register_seq=seq if accepted else None,
                    register_number=f"{seq:06d}/{request_date.year}/TL-TGPL" if accepted else "",
                    accepted_on=request_date if accepted else None,
                    performer=rng.choice(performers)
                    if status in ("assigned", "suspended", "completed", "appraising", "appraised")
                    else None,
                    next_deadline=request_date + timedelta(days=rng.randint(1, 30))
                    if status in Case.OPEN_STATES
                    else None,
                    deadline_label="Cử người thực hiện",
                    sensitive=rng.random() < 0.05,
                )
            )
        Case.objects.bulk_create(cases)
        Through.objects.bulk_create(
            [Through(case_id=c.pk, beneficiarycategory_id=rng.choice(categories).pk) for c in cases]
        )
        made += size
        with connection.cursor() as cursor:
            # Statistics of the rows made so far, as autovacuum keeps them on a live register:
            # the figure triggers on cases and categories (cases 0006) plan their joins with
            # them, and without them each batch took longer than the one before.
            cursor.execute("ANALYZE cases_case; ANALYZE cases_case_categories")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case; ANALYZE cases_beneficiary; ANALYZE cases_case_categories")
    print(f"generated {CASES:,} cases in {time.perf_counter() - started:.1f} s")
    sample = Case.objects.filter(status="assigned", performer__isnull=False).order_by("pk").first()
    appointment = Appointment.objects.create(
        case=sample,
        kind="initial",
        performer=sample.performer,
        number=1,
        decided_on=sample.accepted_on,
        decided_by=director,
    )
    SurveyLink.objects.create(
        case=sample, token=SurveyLink.new_token(), expires_at=django.utils.timezone.now() + timedelta(days=30)
    )
    return director, sample, appointment


def kept() -> tuple[User, Case, Appointment] | None:
    """The data a BENCH_KEEP run left, if there are enough cases."""
    if Case.objects.count() < CASES:
        return None
    appointment = Appointment.objects.select_related("case__performer").order_by("-pk").first()
    return User.objects.get(username="giamdoc"), appointment.case, appointment


def measure(director: User, sample: Case, appointment: Appointment) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(director)
    category = BeneficiaryCategory.objects.get(code="HN")
    form = LegalAidForm.objects.get(code="TGTT")
    field = LegalField.objects.get(code="DD")
    branch = Unit.objects.filter(kind=Unit.Kind.BRANCH).first()
    performer = sample.performer
    year = date.today().year  # noqa: DTZ011
    timed("baseline: the home page", client, "/")
    print("\nCase list, 50 rows, as the director")
    timed("no filter", client, "/vu-viec/")
    timed("page 1000", client, "/vu-viec/?page=1000")
    timed("state = being performed", client, "/vu-viec/?status=assigned")
    timed("form = proceedings, field = land", client, f"/vu-viec/?form={form.pk}&field={field.pk}")
    timed("category = poor household", client, f"/vu-viec/?category={category.pk}")
    timed("branch", client, f"/vu-viec/?unit={branch.pk}")
    timed("performer", client, f"/vu-viec/?performer={performer.pk}")
    timed("overdue", client, "/vu-viec/?overdue=1")
    timed(f"year = {year}", client, f"/vu-viec/?year={year}")
    timed("search 'hoang thi mai'", client, "/vu-viec/?q=hoang+thi+mai")
    timed("search rare name 'dam xuan kien'", client, "/vu-viec/?q=dam+xuan+kien")
    timed("search citizen ID prefix", client, f"/vu-viec/?q={sample.beneficiary.citizen_id[:8]}")
    timed("search register number", client, f"/vu-viec/?q={sample.register_number}")
    timed(
        "all filters + search",
        client,
        f"/vu-viec/?status=assigned&form={form.pk}&category={category.pk}&q=nong&year={year}",
    )
    timed("overdue and due this week (unit)", client, "/vu-viec/han-xu-ly/?scope=unit")
    print("\nCase page and papers")
    timed("case page", client, f"/vu-viec/{sample.pk}/")
    timed("Phiếu hẹn (PDF)", client, f"/vu-viec/{sample.pk}/van-ban/phieu-hen.pdf", runs=5)
    timed("Quyết định cử (PDF)", client, f"/vu-viec/{sample.pk}/quyet-dinh/{appointment.pk}.pdf", runs=5)
    if os.environ.get("BENCH_EXPLAIN"):
        from cases.access import visible_cases
        from cases.views.lists import _with_list_relations

        query = _with_list_relations(visible_cases(director)).order_by("-request_date", "-pk")[:50]
        print(query.explain(analyze=True))


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f}")
    if os.environ.get("BENCH_KEEP"):
        found = kept()
        if found is None:
            found = generate()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE cases_case, cases_beneficiary, cases_case_categories")
        else:
            print("data kept from an earlier run with BENCH_KEEP=1")
        measure(*found)
        return
    # Each run rolls back 200,000 inserted cases and people: dead rows that slow the next run
    # (and its query planning) until vacuumed. VACUUM cannot run inside the transaction.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM cases_case, cases_beneficiary, cases_case_categories")
    try:
        with transaction.atomic():
            measure(*generate())
            raise Rollback
    except Rollback:
        print("\n(rolled back: nothing was kept)")


if __name__ == "__main__":
    main()
