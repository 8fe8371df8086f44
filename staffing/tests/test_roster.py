"""The public roster: anyone may read it, without logging in; it never shows a private field.
Only published people are listed (the publish step itself: test_roster_publication.py), so each
test publishes its people as the director would."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from legalaid.models import LegalField
from staffing import services
from staffing.models import Person
from staffing.tests.factories import PersonFactory

PRIVATE = {
    "citizen_id": "020185009999",
    "date_of_birth": date(1977, 11, 23),
    "phone": "0912777888",
    "email": "rieng.tu@example.vn",
    "address": "Thôn Bó Chạp 7, ngõ Kín",
    "notes": "Ghi chú nội bộ không công khai",
}
PRIVATE_TEXTS = {
    "citizen_id": ["020185009999"],
    "date_of_birth": ["23/11/1977", "1977-11-23", "23.11.1977"],
    "phone": ["0912777888", "0912 777 888"],
    "email": ["rieng.tu@example.vn"],
    "address": ["Bó Chạp 7"],
    "notes": ["Ghi chú nội bộ"],
}


def publish(director, *people) -> None:
    """The director publishes them, as on the person page."""
    services.people_publish(people=list(people), by=director)


@pytest.fixture
def listed(org, director):
    person = PersonFactory(
        full_name="Nông Thị Hạnh",
        kind=Person.Kind.COLLABORATOR,
        commune=org.communes[0],
        unit=org.branch,
        card_number="CTV-123",
        **PRIVATE,
    )
    person.fields.set(LegalField.objects.filter(code="HS"))
    publish(director, person)
    return person


def test_the_roster_is_public_and_lists_active_performers(client, listed, org):
    ended = PersonFactory(full_name="Lò Văn Nghỉ", status=Person.Status.ENDED, commune=org.communes[0])
    staff = PersonFactory(full_name="Chu Thị Kế Toán", kind=Person.Kind.STAFF, commune=org.communes[0])
    # published before they ended or while staff: the roster still leaves them out
    Person.objects.filter(pk__in=[ended.pk, staff.pk]).update(published_on=date(2025, 1, 2))
    response = client.get(reverse("staffing:roster"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nông Thị Hạnh" in html and "CTV-123" in html and "Xã Thất Khê" in html
    assert "Chi nhánh số 1" in html and "Pháp luật hình sự" in html
    assert "Lò Văn Nghỉ" not in html and "Chu Thị Kế Toán" not in html


def test_a_lawyer_whose_contract_ended_is_not_listed(client, org, director):
    ended = PersonFactory(
        full_name="Trần Văn Hết Hạn",
        kind=Person.Kind.LAWYER,
        contract_end=date(2020, 1, 1),
        published_on=date(2019, 6, 1),  # published while the contract ran
    )
    current = PersonFactory(
        full_name="Trần Văn Còn Hạn",
        kind=Person.Kind.LAWYER,
        organisation="Công ty Luật Bình An",
        unit=org.centre,
    )
    assert ended.published_on and not ended.contract_active_on(date(2026, 1, 1))
    publish(director, current)
    html = client.get(reverse("staffing:roster")).content.decode()
    assert "Còn Hạn" in html and "Công ty Luật Bình An" in html
    assert "Hết Hạn" not in html


@pytest.mark.parametrize("field", sorted(PRIVATE))
def test_the_roster_page_never_shows_a_private_field(client, listed, field):
    html = client.get(reverse("staffing:roster")).content.decode()
    assert "Nông Thị Hạnh" in html
    for text in PRIVATE_TEXTS[field]:
        assert text not in html


@pytest.mark.parametrize("field", sorted(PRIVATE))
@pytest.mark.parametrize("by_commune", [True, False])
def test_the_roster_pdf_never_shows_a_private_field(client, listed, org, field, by_commune):
    query = {"commune": org.communes[0].pk} if by_commune else {}
    response = client.get(reverse("staffing:roster_pdf"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nông Thị Hạnh" in text
    for private in PRIVATE_TEXTS[field]:
        assert private not in text


def test_the_roster_filters_by_commune_and_field(client, listed, org, director):
    publish(
        director, PersonFactory(full_name="Hà Văn Khác Xã", commune=org.communes[2], unit=org.other_branch)
    )
    html = client.get(reverse("staffing:roster"), {"commune": org.communes[0].pk}).content.decode()
    assert "Nông Thị Hạnh" in html and "Khác Xã" not in html
    dd = LegalField.objects.get(code="DD")
    html = client.get(reverse("staffing:roster"), {"field": dd.pk}).content.decode()
    assert "Nông Thị Hạnh" not in html


def test_the_roster_queries_do_not_grow_with_people(client, org, director, django_assert_max_num_queries):
    people = [PersonFactory(commune=org.communes[i % 4], unit=org.branch) for i in range(15)]
    for person in people:
        person.fields.set(LegalField.objects.all()[:2])
    publish(director, *people)
    with django_assert_max_num_queries(8):
        client.get(reverse("staffing:roster"))
