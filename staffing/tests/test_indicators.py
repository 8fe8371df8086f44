"""The register's figures as the dashboard reads them: the assistants' quota share computed on ids
and numbers agrees with each assistant's progress, the plain counts share one query per period,
and the staffing tiles cost the same few queries however many assistants there are."""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager
from datetime import date, datetime, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalaid import indicators
from legalaid.indicators import Period, compute
from staffing import services
from staffing.models import AssistantQuota, Ethnicity, Person, StaffingYear, Training

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 15)
STAFFING_TILES = [
    "staffing.active_collaborators",
    "staffing.assistants",
    "staffing.contracted_lawyers",
    "staffing.assistants_meeting_quota",
    "staffing.trained_share",
]


@contextmanager
def on(day: date, hour: int = 10):
    with time_machine.travel(datetime.combine(day, time(hour, 0), tzinfo=TZ), tick=False):
        yield


@pytest.fixture
def complete_proceedings(director):
    """Complete a proceedings case performed by ``person`` on ``day``, through the cases app."""
    from cases import services as case_services
    from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField

    poor = BeneficiaryCategory.objects.get(code="HN")
    proceedings = LegalAidForm.objects.get(code="TGTT")
    criminal = LegalField.objects.get(code="HS")
    proofs = list({p.group: p for p in CategoryProof.objects.filter(category=poor)}.values())

    def complete(person: Person, day: date) -> None:
        with on(day):
            case = case_services.case_receive(
                by=director,
                unit=person.unit,
                request_date=day,
                categories=[poor],
                form=proceedings,
                field=criminal,
                description="Bị cáo là người nghèo",
                allow_duplicate=True,
                new_beneficiary=case_services.BeneficiaryData(
                    full_name="Hoàng Văn Minh", sex="male", date_of_birth=date(1990, 4, 2)
                ),
            )
            for proof in proofs:
                case_services.proof_paper_add(
                    case=case,
                    by=director,
                    document_type=proof.document_type,
                    number="15/GCN-UBND",
                    issued_on=date(2025, 1, 5),
                )
            case_services.case_accept(case=case, by=director, accepted_on=day)
            case_services.case_appoint(case=case, by=director, performer=person, decided_on=day)
            case_services.case_complete(
                case=case, by=director, outcome="favourable", completed_on=day, summary="Đã bào chữa"
            )

    return complete


def assistant(name: str, unit) -> Person:
    with on(date(2024, 1, 2)):
        return Person.objects.create(full_name=name, kind=Person.Kind.ASSISTANT, unit=unit)


@pytest.fixture
def quota_world(org, complete_proceedings):
    """Assistants above, at and below the 2026 quota of 2, one with their own quota of 1, one
    excused (own quota 0), one suspended and one in the other branch; 2025's quota is 1."""
    StaffingYear.objects.create(year=2025, assistant_case_quota=1)
    StaffingYear.objects.create(year=2026, assistant_case_quota=2)
    people = {
        "above": assistant("Lương Văn Đức", org.professional_department),
        "at": assistant("Triệu Thị Hoa", org.professional_department),
        "below": assistant("Nông Văn Bình", org.branch),
        "own": assistant("Hà Thị Lan", org.branch),
        "excused": assistant("Vi Văn Sơn", org.branch),
        "suspended": assistant("Lộc Thị Mai", org.professional_department),
        "far": assistant("Chu Văn Hải", org.other_branch),
    }
    AssistantQuota.objects.create(person=people["own"], year=2026, cases=1, reason="Mới bổ nhiệm")
    AssistantQuota.objects.create(person=people["excused"], year=2026, cases=0, reason="Nghỉ thai sản")
    for key, days in {
        "above": [date(2026, 2, 3), date(2026, 3, 10), date(2026, 5, 4)],
        "at": [date(2026, 1, 12), date(2026, 3, 2)],
        "below": [date(2025, 4, 7), date(2025, 9, 8), date(2026, 2, 9)],
        "own": [date(2026, 4, 6)],
        "suspended": [date(2026, 1, 19), date(2026, 2, 16)],
    }.items():
        for day in days:
            complete_proceedings(people[key], day)
    with on(date(2026, 5, 20)):
        services.person_change_status(person=people["suspended"], status=Person.Status.SUSPENDED, reason="Ốm")
    return people


def share_from_progress(period: Period, scope) -> float:
    rows = services.assistant_quota_progress(year=period.end.year, scope=scope, period=period)
    rows = [r for r in rows if r["quota"]]
    if not rows:
        return 0.0
    return round(100 * sum(1 for r in rows if r["done"] >= r["quota"]) / len(rows), 1)


@pytest.mark.parametrize(
    "period, scope, expected",
    [
        # above (3/2), at (2/2), own (1/1) of above, at, below (1/2), own, far (0/2)
        (Period.year(2026), None, 60.0),
        (Period.year(2026), "centre", 60.0),
        (Period.year(2026), "professional_department", 100.0),  # above, at
        (Period.year(2026), "branch", 50.0),  # own of below, own; excused has no quota
        (Period.year(2026), "other_branch", 0.0),  # far
        # first quarter: above (2/2), at (2/2) of five; below 1/2, own 0/1
        (Period.quarter(2026, 1), None, 40.0),
        # 2025's quota of 1 for all six active assistants: only below (2 cases) reaches it
        (Period.year(2025), None, 16.7),
        (Period.year(2024), None, 0.0),  # no quota set
    ],
)
def test_the_quota_share_agrees_with_each_assistants_progress(quota_world, org, period, scope, expected):
    unit = getattr(org, scope) if scope else None
    with on(TODAY):
        assert compute("staffing.assistants_meeting_quota", period, unit) == expected
        assert share_from_progress(period, unit) == expected
        with indicators.batch():
            assert compute("staffing.assistants_meeting_quota", period, unit) == expected


def test_the_quotas_are_the_own_quota_else_the_years_default(quota_world, org):
    people = quota_world
    quotas = services.assistant_quotas(year=2026)
    assert quotas == {
        people["above"].pk: 2,
        people["at"].pk: 2,
        people["below"].pk: 2,
        people["own"].pk: 1,
        people["excused"].pk: 0,
        people["far"].pk: 2,
    }
    assert services.assistant_quotas(year=2026, scope=org.other_branch) == {people["far"].pk: 2}
    assert set(services.assistant_quotas(year=2024).values()) == {0}


def tiles_queries(period: Period, scope) -> int:
    """Read the staffing tiles as the dashboard does (this period and the same one last year)."""
    with CaptureQueriesContext(connection) as queries, indicators.batch():
        for key in STAFFING_TILES:
            compute(key, period, scope)
            compute(key, period.same_period_last_year(), scope)
    return len(queries)


def test_the_staffing_tiles_take_the_same_few_queries_for_3_or_12_assistants(org, complete_proceedings):
    StaffingYear.objects.create(year=2025, assistant_case_quota=1)
    StaffingYear.objects.create(year=2026, assistant_case_quota=2)
    made = [assistant(f"Trợ giúp viên {n}", org.professional_department) for n in range(3)]
    complete_proceedings(made[0], date(2026, 2, 3))
    with on(TODAY):
        few = tiles_queries(Period.year(2026), org.centre)
    more = [assistant(f"Trợ giúp viên {n}", org.branch) for n in range(3, 12)]
    AssistantQuota.objects.create(person=more[0], year=2026, cases=1)
    complete_proceedings(more[0], date(2026, 3, 3))
    with on(TODAY):
        many = tiles_queries(Period.year(2026), org.centre)
        assert compute("staffing.assistants_meeting_quota", Period.year(2026), org.centre) == 8.3  # 1 of 12
    # Per period: the register's counts, the assistants' quotas, every assistant's cases.
    assert few == many == 6


def test_people_are_counted_by_the_local_day_they_were_recorded(org):
    with on(date(2025, 12, 31), hour=23):
        Person.objects.create(full_name="Đặng Thị Mai", kind=Person.Kind.COLLABORATOR, unit=org.branch)
    with on(date(2026, 1, 1), hour=0):
        Person.objects.create(full_name="Lăng Văn Tùng", kind=Person.Kind.COLLABORATOR, unit=org.branch)
    assert compute("staffing.active_collaborators", Period.year(2025)) == 1
    assert compute("staffing.active_collaborators", Period.year(2026)) == 2
    assert compute("staffing.active_collaborators", Period(date(2025, 1, 1), date(2025, 12, 30))) == 0


def test_people_with_several_languages_or_trainings_are_counted_once(org):
    nung, tay = Ethnicity.objects.get(code="07"), Ethnicity.objects.get(code="02")
    with on(date(2025, 3, 3)):
        mai = Person.objects.create(full_name="Đặng Thị Mai", kind=Person.Kind.COLLABORATOR, unit=org.branch)
        Person.objects.create(full_name="Hà Văn Sơn", kind=Person.Kind.COLLABORATOR, unit=org.branch)
        Person.objects.create(full_name="Hoàng Văn Thắng", kind=Person.Kind.STAFF, unit=org.centre)
        lawyer = Person.objects.create(
            full_name="Nông Văn Bình",
            kind=Person.Kind.LAWYER,
            unit=org.centre,
            contract_start=date(2025, 1, 1),
            contract_end=date(2025, 6, 30),
        )
    mai.minority_languages.set([nung, tay])
    for title, day in [("Kỹ năng tư vấn", date(2025, 4, 1)), ("Hòa giải", date(2025, 9, 1))]:
        training = Training.objects.create(title=title, start_date=day, end_date=day, hours=8)
        services.person_record_training(person=mai, training=training)
    year = Period.year(2025)
    assert compute("staffing.active_collaborators", year, language="07") == 1
    assert compute("staffing.active_collaborators", year, language="02") == 1
    assert compute("staffing.trained_share", year) == 33.3  # Mai of three performers
    assert compute("staffing.trained_share", Period.year(2026)) == 0.0
    assert compute("staffing.active_performers", year) == 3
    assert compute("staffing.active_performers", year, kind=Person.Kind.LAWYER) == 1
    assert compute("staffing.active_performers", year, kind=Person.Kind.STAFF) == 0
    assert compute("staffing.contracted_lawyers", Period.quarter(2025, 2)) == 1
    assert compute("staffing.contracted_lawyers", Period.quarter(2025, 3)) == 0
    assert compute("staffing.contracted_lawyers", year, org.branch) == 0
    assert lawyer.contract_active_on(date(2025, 6, 30))
