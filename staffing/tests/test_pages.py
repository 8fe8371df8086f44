"""Staff pages: the index with expiry warnings, the list with filters and accent-free search,
the person page with its history, trainings and who is behind, exports and the template."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from legalaid.indicators import Period, compute
from legalaid.models import LegalField
from staffing import services
from staffing.importer import EXPORT_HEADERS, import_people
from staffing.models import Ethnicity, Person, StaffingYear, Training
from staffing.tests.factories import PersonFactory


@pytest.fixture
def people(org):
    today = timezone.localdate()
    return {
        "mai": PersonFactory(
            full_name="Đặng Thị Mai",
            unit=org.branch,
            commune=org.communes[0],
            card_number="CTV-7",
            card_expires_on=today + timedelta(days=10),
            sex="female",
        ),
        "duc": PersonFactory(
            full_name="Trần Minh Đức",
            kind=Person.Kind.LAWYER,
            unit=org.centre,
            contract_number="01/HĐ",
            contract_end=today + timedelta(days=29),
        ),
        "far": PersonFactory(
            full_name="Lý Văn Xa",
            kind=Person.Kind.LAWYER,
            unit=org.centre,
            contract_number="02/HĐ",
            contract_end=today + timedelta(days=31),
        ),
        "other": PersonFactory(full_name="Hà Văn Khác", unit=org.other_branch),
        "tgv": PersonFactory(
            full_name="Lương Văn Đức", kind=Person.Kind.ASSISTANT, unit=org.professional_department
        ),
    }


def test_the_index_warns_of_contracts_and_cards_ending_within_30_days(client, director, people):
    client.force_login(director)
    response = client.get(reverse("staffing:index"))
    assert response.status_code == 200
    warned = [(p.full_name, what) for p, what, _day, _left in response.context["warnings"]]
    assert warned == [("Đặng Thị Mai", "card"), ("Trần Minh Đức", "contract")]
    assert "Lý Văn Xa" not in response.content.decode().split('id="expiry-warnings"')[1]


def test_the_list_searches_without_accents_and_filters(client, director, people, org):
    client.force_login(director)
    response = client.get(reverse("staffing:person_list"), {"q": "dang thi mai"})
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Mai"]
    response = client.get(reverse("staffing:person_list"), {"kind": "lawyer"})
    assert {p.full_name for p in response.context["page"]} == {"Trần Minh Đức", "Lý Văn Xa"}
    response = client.get(reverse("staffing:person_list"), {"unit": org.branch.pk})
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Mai"]
    response = client.get(reverse("staffing:person_list"), {"q": people["mai"].citizen_id})
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Mai"]


def test_a_branch_officer_sees_only_the_people_of_the_branch(client, branch_officer, people):
    client.force_login(branch_officer)
    response = client.get(reverse("staffing:person_list"))
    assert [p.full_name for p in response.context["page"]] == ["Đặng Thị Mai"]
    assert client.get(reverse("staffing:person_detail", args=[people["other"].pk])).status_code == 404


def test_the_list_page_queries_do_not_grow(client, director, org, django_assert_max_num_queries):
    for _ in range(20):
        PersonFactory(unit=org.branch, commune=org.communes[1]).fields.set(LegalField.objects.all()[:2])
    client.force_login(director)
    with django_assert_max_num_queries(12):
        client.get(reverse("staffing:person_list"))


def test_the_export_has_the_template_headers_and_reimports_unchanged(client, director, people, org):
    client.force_login(director)
    people["mai"].fields.set(LegalField.objects.filter(code__in=["HS", "DD"]))
    people["mai"].minority_languages.set(Ethnicity.objects.filter(code="02"))
    response = client.get(reverse("staffing:person_export"), {"unit": org.branch.pk})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["STT", *EXPORT_HEADERS]
    assert rows[1][1] == "Đặng Thị Mai" and len(rows) == 2
    result = import_people(response.content)
    assert result.summary_line() == "Mới: 0, cập nhật: 0, không đổi: 1, dòng lỗi: 0"


def test_the_template_downloads_for_staff(client, director, org):
    client.force_login(director)
    response = client.get(reverse("staffing:import_template"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["STT", *EXPORT_HEADERS] and len(rows) == 1


def test_a_status_change_keeps_its_history_and_shows_on_the_person_page(client, director, people):
    client.force_login(director)
    url = reverse("staffing:person_change_status", args=[people["mai"].pk])
    client.post(url, {"status": "suspended", "reason": "Ốm dài ngày", "on": "2026-03-01"})
    mai = Person.objects.get(pk=people["mai"].pk)
    assert (mai.status, mai.status_reason, mai.status_date) == ("suspended", "Ốm dài ngày", date(2026, 3, 1))
    assert not mai.is_performer
    assert [h.status for h in mai.history.order_by("history_id")] == ["active", "suspended"]
    assert mai.history.latest().history_user == director
    html = client.get(reverse("staffing:person_detail", args=[mai.pk])).content.decode()
    assert "Ốm dài ngày" in html and 'id="history"' in html


def test_only_people_who_may_change_can_change_a_status(client, intake_officer, people):
    client.force_login(intake_officer)
    url = reverse("staffing:person_change_status", args=[people["mai"].pk])
    assert client.post(url, {"status": "ended", "reason": "x"}).status_code == 403


def test_performers_and_appointment_choices(people, org):
    assert set(Person.objects.performers()) == {people[k] for k in ("mai", "duc", "far", "other", "tgv")}
    hs = LegalField.objects.get(code="HS")
    people["tgv"].fields.add(hs)
    people["mai"].fields.add(hs)
    from legalaid.models import LegalAidForm

    litigation = LegalAidForm.objects.get(code="TGTT")
    assert list(services.performers_for_appointment(form=litigation, field=hs)) == [people["tgv"]]
    advice = LegalAidForm.objects.get(code="TVPL")
    chosen = list(services.performers_for_appointment(form=advice, field=hs, unit=org.branch))
    assert chosen == [people["mai"], people["tgv"]]  # the branch's own people first


def test_the_training_obligation_shows_who_is_behind(client, director, people):
    year = timezone.localdate().year
    StaffingYear.objects.create(year=year, training_hours=16, assistant_case_quota=10)
    course = Training.objects.create(
        title="Kỹ năng tư vấn", start_date=date(year, 1, 5), end_date=date(year, 1, 6), hours=Decimal(16)
    )
    services.person_record_training(person=people["mai"], training=course)
    services.person_record_training(person=people["tgv"], training=course, hours=Decimal(8))
    behind = {p.full_name for p, _h, _r in services.people_behind_on_training(year=year)}
    assert "Đặng Thị Mai" not in behind and "Lương Văn Đức" in behind
    client.force_login(director)
    html = client.get(reverse("staffing:trainings")).content.decode()
    assert "Lương Văn Đức" in html and "8 / 16" in html
    assert compute("staffing.trained_share", Period.year(year)) == 40.0


def test_register_indicators(people, org):
    year = timezone.localdate().year
    period = Period.year(year)
    nung = Ethnicity.objects.get(code="07")
    Person.objects.filter(pk=people["mai"].pk).update(ethnicity=nung)
    people["mai"].minority_languages.set([nung])
    assert compute("staffing.active_collaborators", period) == 2
    assert compute("staffing.active_collaborators", period, sex="female") == 1
    assert compute("staffing.active_collaborators", period, ethnicity="07") == 1
    assert compute("staffing.active_collaborators", period, minority="yes") == 1
    assert compute("staffing.active_collaborators", period, language="07") == 1
    assert compute("staffing.assistants", period, org.professional_department) == 1
    assert compute("staffing.contracted_lawyers", period, org.centre) == 2
    assert compute("staffing.active_collaborators", period, org.branch) == 1


def test_the_index_shows_each_assistants_proceedings_against_the_quota(client, director, people):
    from staffing.models import AssistantQuota

    year = timezone.localdate().year
    StaffingYear.objects.create(year=year, assistant_case_quota=12)
    client.force_login(director)
    rows = client.get(reverse("staffing:index")).context["quotas"]
    assert [(r["person"].full_name, r["quota"], r["done"]) for r in rows] == [("Lương Văn Đức", 12, 0)]
    AssistantQuota.objects.create(person=people["tgv"], year=year, cases=6, reason="Nghỉ thai sản")
    assert services.assistant_quota(person=people["tgv"], year=year) == 6


def test_the_home_page_warns_of_cards_and_contracts_ending_soon(client, director, org):
    from datetime import timedelta

    from django.utils import timezone

    from staffing.models import Person

    soon = timezone.localdate() + timedelta(days=10)
    Person.objects.create(
        full_name="Hoàng Thị Lan",
        kind=Person.Kind.LAWYER,
        unit=org.centre,
        contract_number="12/HĐ",
        contract_end=soon,
    )
    # On the roster already (the work queue would list him as waiting to be published).
    Person.objects.create(
        full_name="Nông Văn Tú",
        kind=Person.Kind.LAWYER,
        unit=org.other_branch,
        contract_end=None,
        published_on=timezone.localdate(),
    )
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "Hoàng Thị Lan" in page and soon.strftime("%d/%m/%Y") in page
    assert "Nông Văn Tú" not in page
