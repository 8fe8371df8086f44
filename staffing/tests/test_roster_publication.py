"""The public roster's publish step: an imported collaborator is not public until a director or an
administrator publishes them (one by one, a chosen few, or a whole import); a withdrawal names its
reason; a card or contract that ends takes a person off the roster without anyone acting."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from legalaid.jobs import job_running
from legalaid.models import Job
from legalaid.refusal import Refusal
from legalaid.roles import Role
from legalaid.tests.clock import VIETNAM
from legalaid.tests.factories import UserFactory
from staffing import access, services
from staffing.importer import import_people
from staffing.models import Person
from staffing.sheets import messy_workbook
from staffing.tests.factories import PersonFactory
from staffing.tests.test_import import GOOD, HEADERS

# Row 1 of GOOD (Thất Khê, branch 1) as the roster must never print it.
PRIVATE_TEXTS = ["020085001234", "01/05/1980", "1980-05-01", "0912345678", "912345678"]


def roster_html(client) -> str:
    return client.get(reverse("staffing:roster")).content.decode()


def roster_pdf_text(client) -> str:
    response = client.get(reverse("staffing:roster_pdf"))
    assert response.status_code == 200
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def imported(org, administrator):
    """The three collaborators of GOOD, imported by the administrator: two in branch 1 (Thất Khê,
    Tràng Định) and one in branch 2 (Lộc Bình)."""
    result = import_people(messy_workbook(HEADERS, GOOD), by=administrator)
    assert result.written and result.new == 3
    moment = Person.history.filter(history_user=administrator).values_list("history_date", flat=True)[0]
    return services.import_batch(moment)


@pytest.fixture
def branch_director(org):
    return UserFactory(username="giamdoc-cn1", full_name="Nông Văn Chi", unit=org.branch, role=Role.DIRECTOR)


def test_an_imported_collaborator_is_not_public_until_published(client, imported, director):
    an = Person.objects.get(citizen_id="020085001234")
    assert "Nguyễn Văn An" not in roster_html(client)
    assert "Nguyễn Văn An" not in roster_pdf_text(client)
    assert list(Person.objects.waiting_publication(timezone.localdate()).order_by("pk")) == list(
        Person.objects.filter(pk__in=imported.person_ids).order_by("pk")
    )

    client.force_login(director)
    response = client.post(reverse("staffing:person_publish", args=[an.pk]), follow=True)
    assert "Nguyễn Văn An đã có trong danh sách công khai" in response.content.decode()
    an.refresh_from_db()
    assert an.published_on == timezone.localdate() and an.published_by == director
    assert an.history.first().history_user == director
    client.logout()
    assert "Nguyễn Văn An" in roster_html(client)
    text = roster_pdf_text(client)
    assert "Nguyễn Văn An" in text and "Hoàng Thị Bình" not in text


def test_publishing_twice_and_publishing_staff_are_refused(imported, director, org):
    an = Person.objects.get(citizen_id="020085001234")
    services.person_publish(person=an, by=director)
    with pytest.raises(Refusal, match="đã có trong danh sách công khai"):
        services.person_publish(person=an, by=director)
    clerk = PersonFactory(kind=Person.Kind.STAFF, unit=org.centre)
    with pytest.raises(Refusal) as refused:
        services.person_publish(person=clerk, by=director)
    assert refused.value.code == "not_publishable" and clerk.published_on is None


def test_a_whole_import_is_published_from_its_page(client, imported, director):
    client.force_login(director)
    page = client.get(reverse("staffing:import_detail", args=[imported.stamp]))
    assert page.status_code == 200
    assert "Công bố tất cả 3 người của lần nhập này" in page.content.decode()
    response = client.post(reverse("staffing:import_publish", args=[imported.stamp]), follow=True)
    assert "Đã công bố: 3" in response.content.decode()
    assert Person.objects.published(timezone.localdate()).count() == 3
    assert set(Person.history.filter(history_user=director).values_list("id", flat=True)) == set(
        imported.person_ids
    )
    client.logout()
    html = roster_html(client)
    assert all(name in html for name in ("Nguyễn Văn An", "Hoàng Thị Bình", "Lương Văn Cường"))
    with pytest.raises(Refusal, match="Không ai"):
        services.import_publish(imported, by=director)


def test_an_import_skips_those_not_in_force_and_the_list_offers_it(client, imported, director):
    Person.objects.filter(citizen_id="020090001236").update(
        card_expires_on=timezone.localdate() - timedelta(days=1)
    )
    outcome = services.import_publish(imported, by=director)
    assert (outcome.published, outcome.skipped) == (2, 1)
    client.force_login(director)
    listing = client.get(reverse("staffing:imports"))
    assert [row["people"] for row in listing.context["imports"]] == [3]


def test_a_background_import_job_leads_to_its_import(client, imported, administrator):
    job = Job.objects.create(
        kind=services.IMPORT_JOB_KIND, label="Nhập", created_by=administrator, unit=administrator.unit
    )
    Job.objects.filter(pk=job.pk).update(created_at=imported.moment - timedelta(seconds=5))
    with job_running(job.pk):
        pass
    job.refresh_from_db()
    assert services.import_batch_of_job(job) == imported
    client.force_login(administrator)
    response = client.get(reverse("staffing:imports"), {"job": job.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:import_detail", args=[imported.stamp])
    outcome = services.import_publish(job, by=administrator)
    assert outcome.published == 3


def test_the_list_filters_those_waiting_and_publishes_the_selected(client, imported, director, org):
    published = PersonFactory(full_name="Lý Thị Đã Công Bố", unit=org.branch)
    services.person_publish(person=published, by=director)
    client.force_login(director)
    response = client.get(reverse("staffing:person_list"), {"waiting": "on"})
    names = {p.full_name for p in response.context["page"]}
    assert names == {"Nguyễn Văn An", "Hoàng Thị Bình", "Lương Văn Cường"}
    assert 'id="publish-selected"' in response.content.decode()
    an, binh = (Person.objects.get(citizen_id=c) for c in ("020085001234", "020185001235"))
    response = client.post(reverse("staffing:people_publish"), {"people": [an.pk, binh.pk]}, follow=True)
    assert "Đã công bố: 2" in response.content.decode()
    response = client.get(reverse("staffing:person_list"), {"waiting": "on"})
    assert [p.full_name for p in response.context["page"]] == ["Lương Văn Cường"]


def test_a_withdrawal_needs_a_reason_and_takes_the_person_off(client, imported, director):
    an = Person.objects.get(citizen_id="020085001234")
    services.person_publish(person=an, by=director)
    client.force_login(director)
    url = reverse("staffing:person_unpublish", args=[an.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do rút" in response.content.decode()
    assert access.public_people(on=timezone.localdate()).filter(pk=an.pk).exists()
    response = client.post(url, {"reason": "Chuyển công tác sang tỉnh khác"}, follow=True)
    html = response.content.decode()
    assert "Chuyển công tác sang tỉnh khác" in html
    an.refresh_from_db()
    assert an.unpublished_on == timezone.localdate()
    assert an.unpublish_reason == "Chuyển công tác sang tỉnh khác"
    assert "Chuyển công tác sang tỉnh khác" in an.history.first().history_change_reason
    client.logout()
    assert "Nguyễn Văn An" not in roster_html(client)
    # withdrawn on purpose: not "waiting", and not published again with its import
    assert not Person.objects.waiting_publication(timezone.localdate()).filter(pk=an.pk).exists()


def test_a_card_that_ends_takes_the_person_off_the_roster(client, org, director):
    today = timezone.localdate()
    person = PersonFactory(
        full_name="Hoàng Văn Thẻ",
        unit=org.branch,
        card_number="CTV-9",
        card_expires_on=today + timedelta(days=3),
    )
    lawyer = PersonFactory(
        full_name="Trần Văn Hợp Đồng",
        kind=Person.Kind.LAWYER,
        unit=org.centre,
        contract_end=today + timedelta(days=3),
    )
    services.people_publish(people=[person, lawyer], by=director)
    assert "Hoàng Văn Thẻ" in roster_html(client) and "Trần Văn Hợp Đồng" in roster_html(client)
    later = datetime.combine(today + timedelta(days=4), time(9, 0), tzinfo=VIETNAM)
    with time_machine.travel(later, tick=False):
        html = roster_html(client)
        assert "Hoàng Văn Thẻ" not in html and "Trần Văn Hợp Đồng" not in html
        with pytest.raises(Refusal, match="đã có"):
            services.person_publish(person=person, by=director)
    expired = PersonFactory(unit=org.branch, card_expires_on=today - timedelta(days=1))
    with pytest.raises(Refusal, match="Thẻ"):
        services.person_publish(person=expired, by=director)


def test_a_branch_director_cannot_publish_another_branchs_people(client, imported, branch_director, org):
    cuong = Person.objects.get(citizen_id="020090001236")  # Lộc Bình: branch 2
    an = Person.objects.get(citizen_id="020085001234")  # Thất Khê: branch 1
    client.force_login(branch_director)
    assert client.post(reverse("staffing:person_publish", args=[cuong.pk])).status_code == 404
    assert client.post(reverse("staffing:person_publish", args=[an.pk])).status_code == 302
    with pytest.raises(Refusal) as refused:
        services.person_publish(person=cuong, by=branch_director)
    assert refused.value.code == "scope"
    # a whole import holding another branch's person is not theirs to publish
    with pytest.raises(Refusal) as refused:
        services.import_publish(imported, by=branch_director)
    assert refused.value.code == "scope"
    response = client.post(reverse("staffing:people_publish"), {"people": [cuong.pk]}, follow=True)
    assert response.status_code == 200
    cuong.refresh_from_db()
    assert cuong.published_on is None


def test_who_may_publish(client, imported, intake_officer, administrator, director):
    an = Person.objects.get(citizen_id="020085001234")
    client.force_login(intake_officer)
    assert client.post(reverse("staffing:person_publish", args=[an.pk])).status_code == 403
    assert client.get(reverse("staffing:import_detail", args=[imported.stamp])).status_code == 403
    with pytest.raises(Refusal) as refused:
        services.person_publish(person=an, by=intake_officer)
    assert refused.value.code == "forbidden"
    assert access.may_publish(administrator) and access.may_publish(director)
    page = client.get(reverse("staffing:person_detail", args=[an.pk])).content.decode()
    assert 'id="publish-form"' not in page


def test_the_public_sees_only_public_fields_of_a_published_person(client, imported, director):
    an = Person.objects.get(citizen_id="020085001234")
    Person.objects.filter(pk=an.pk).update(email="an.rieng@example.vn", address="Thôn Bản Kín 9")
    services.person_publish(person=an, by=director)
    html, text = roster_html(client), roster_pdf_text(client)
    assert "Nguyễn Văn An" in html and "CTV-01" in html and "Nguyễn Văn An" in text
    for private in [*PRIVATE_TEXTS, "an.rieng@example.vn", "Bản Kín"]:
        assert private not in html and private not in text


def test_the_demo_roster_is_published_but_for_the_newcomers_of_its_import(client, db):
    from legalaid.demo import seed_demo
    from staffing.demo import NEWCOMERS

    demo = seed_demo()
    today = timezone.localdate()
    listed = access.public_people(on=today)
    assert listed.count() >= 40
    waiting = set(Person.objects.waiting_publication(today).values_list("citizen_id", flat=True))
    assert waiting == {n[0] for n in NEWCOMERS}
    html = roster_html(client)
    assert "Lục Văn Bình" not in html and listed.first().full_name in html
    client.force_login(demo.users["director"])
    page = client.get(reverse("staffing:import_detail", args=[services.latest_import_stamp()]))
    assert "Công bố tất cả 4 người của lần nhập này" in page.content.decode()
    seed_demo()
    assert set(Person.objects.waiting_publication(today).values_list("citizen_id", flat=True)) == waiting
