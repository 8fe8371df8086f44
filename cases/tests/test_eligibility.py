"""Categories checked against the person on the request date: age for the child, juvenile and
elderly categories, ethnicity and the dated list of extremely disadvantaged communes for the
ethnic-minority one; the intake service refuses what the data contradicts, whoever calls it,
unless the clerk writes why the proof papers say otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases import services
from cases.eligibility import CONTRADICTED, age_on, category_contradictions
from cases.models import Beneficiary, Case, CaseEvent, Event
from legalaid.models import BeneficiaryCategory, Commune, LegalAidForm, LegalField
from legalaid.refusal import Refusal
from staffing.models import Ethnicity

pytestmark = pytest.mark.django_db


def category(code: str) -> BeneficiaryCategory:
    return BeneficiaryCategory.objects.get(code=code)


def person(**fields) -> Beneficiary:
    return Beneficiary(full_name="Hoàng Văn Minh", sex="male", **fields)


def test_age_counts_the_birthday_itself_and_29_february_on_1_march():
    assert age_on(date(2010, 5, 4), date(2026, 5, 3)) == 15
    assert age_on(date(2010, 5, 4), date(2026, 5, 4)) == 16
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("code", "born", "on", "contradicted"),
    [
        # A child is under 16: the day before the 16th birthday still a child, not on it.
        ("TE", date(2010, 5, 4), date(2026, 5, 3), False),
        ("TE", date(2010, 5, 4), date(2026, 5, 4), True),
        ("TE", date(2026, 1, 1), date(2026, 5, 4), False),
        # The 16-18 categories: from the 16th birthday to the day before the 18th.
        *[
            (code, born, on, contradicted)
            for code in ("NCTN1618", "BBT1618", "7dd")
            for born, on, contradicted in [
                (date(2010, 5, 4), date(2026, 5, 3), True),
                (date(2010, 5, 4), date(2026, 5, 4), False),
                (date(2008, 5, 4), date(2026, 5, 3), False),
                (date(2008, 5, 4), date(2026, 5, 4), True),
            ]
        ],
        # Elderly: 60 and over.
        ("7c", date(1966, 5, 4), date(2026, 5, 3), True),
        ("7c", date(1966, 5, 4), date(2026, 5, 4), False),
        ("7c", date(1930, 5, 4), date(2026, 5, 4), False),
        # Categories proven by papers only: no age to contradict.
        ("HN", date(2024, 5, 4), date(2026, 5, 4), False),
        ("NCC", date(1930, 5, 4), date(2026, 5, 4), False),
    ],
)
def test_each_age_rule_at_its_boundary(code, born, on, contradicted):
    found = category_contradictions(category(code), person(date_of_birth=born), on)
    assert bool(found) is contradicted, found


def test_the_message_names_the_date_of_birth_and_the_age_on_the_request_date():
    found = category_contradictions(category("TE"), person(date_of_birth=date(1980, 5, 4)), date(2026, 12, 7))
    assert found == [
        "Diện trẻ em: người được trợ giúp sinh ngày 04/05/1980, đủ 46 tuổi vào ngày yêu cầu 07/12/2026."
    ]


def test_an_unknown_or_anonymised_date_of_birth_cannot_contradict():
    on = date(2026, 12, 7)
    assert category_contradictions(category("TE"), person(), on) == []
    rounded = person(date_of_birth=date(1980, 7, 1), anonymised_on=date(2026, 1, 1))
    assert category_contradictions(category("TE"), rounded, on) == []


def test_a_kinh_person_is_refused_the_minority_category(org):
    kinh, tay = Ethnicity.objects.get(code="01"), Ethnicity.objects.get(name="Tày")
    flagged = org.communes[3]
    Commune.objects.filter(pk=flagged.pk).update(extremely_disadvantaged=True)
    flagged.refresh_from_db()
    on = date(2026, 12, 7)
    found = category_contradictions(category("DTTS"), person(ethnicity=kinh, commune=flagged), on)
    assert found == [
        "Diện người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn: "
        "người được trợ giúp là người dân tộc Kinh, không phải người dân tộc thiểu số."
    ]
    assert category_contradictions(category("DTTS"), person(ethnicity=tay, commune=flagged), on) == []
    assert category_contradictions(category("DTTS"), person(commune=flagged), on) == []  # unknown


def test_the_disadvantaged_commune_counts_within_its_validity_dates_only(org):
    tay = Ethnicity.objects.get(name="Tày")
    commune = org.communes[0]
    minority = category("DTTS")

    def contradicted(on: date) -> bool:
        commune.refresh_from_db()
        return bool(category_contradictions(minority, person(ethnicity=tay, commune=commune), on))

    assert contradicted(date(2026, 3, 1))  # not flagged at all
    Commune.objects.filter(pk=commune.pk).update(extremely_disadvantaged=True)
    assert not contradicted(date(1990, 1, 1)) and not contradicted(date(2026, 3, 1))  # no dates: always
    Commune.objects.filter(pk=commune.pk).update(
        extremely_disadvantaged_from=date(2021, 6, 1), extremely_disadvantaged_until=date(2025, 12, 31)
    )
    assert contradicted(date(2021, 5, 31))
    assert not contradicted(date(2021, 6, 1))
    assert not contradicted(date(2025, 12, 31))
    assert contradicted(date(2026, 1, 1))
    message = category_contradictions(minority, person(ethnicity=tay, commune=commune), date(2026, 1, 1))
    assert "Xã Thất Khê" in message[0] and "01/01/2026" in message[0]
    assert category_contradictions(minority, person(ethnicity=tay), date(2026, 1, 1)) == []  # no commune


def test_a_commune_cannot_leave_the_list_before_it_joins(org):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Commune.objects.filter(pk=org.communes[0].pk).update(
            extremely_disadvantaged_from=date(2026, 1, 1), extremely_disadvantaged_until=date(2025, 1, 1)
        )


# --- The service ------------------------------------------------------------------------------


@pytest.fixture
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))


def _receive(by, unit, *, code="TE", born=date(1980, 5, 4), reason="", beneficiary=None):
    return services.case_receive(
        by=by,
        unit=unit,
        request_date=date(2026, 12, 7),
        categories=[category(code)],
        form=LegalAidForm.objects.get(code="TVPL"),
        field=LegalField.objects.get(code="DS"),
        description="Tranh chấp quyền nuôi con",
        beneficiary=beneficiary,
        new_beneficiary=None
        if beneficiary
        else services.BeneficiaryData(full_name="Lương Thị Hoa", sex="female", date_of_birth=born),
        category_override_reason=reason,
    )


def test_the_service_refuses_a_contradicted_category_whoever_calls_it(org, intake_officer, december):
    with pytest.raises(Refusal) as refused:
        _receive(intake_officer, org.admin_department)
    assert refused.value.code == CONTRADICTED and refused.value.field == "categories"
    assert str(refused.value.message).startswith(
        "Diện trẻ em: người được trợ giúp sinh ngày 04/05/1980, đủ 46 tuổi vào ngày yêu cầu 07/12/2026. "
    )
    assert not Case.objects.exists() and not Beneficiary.objects.exists()
    case = _receive(intake_officer, org.admin_department, born=date(2015, 3, 1))
    assert case.categories.get().code == "TE"


def test_a_person_already_registered_is_checked_too(org, intake_officer, december):
    adult = _receive(intake_officer, org.admin_department, code="HN").beneficiary
    with pytest.raises(Refusal) as refused:
        _receive(intake_officer, org.admin_department, code="TE", beneficiary=adult)
    assert refused.value.code == CONTRADICTED
    assert Case.objects.count() == 1


def test_the_override_reason_is_recorded_on_the_timeline_and_in_history(org, intake_officer, december):
    reason = "Giấy khai sinh bản gốc ghi năm sinh 2012, căn cước ghi nhầm"
    case = _receive(intake_officer, org.admin_department, reason=reason)
    event = CaseEvent.objects.get(case=case, code=Event.RECEIVE)
    assert reason in event.note and "sinh ngày 04/05/1980" in event.note
    assert reason in case.history.earliest().history_change_reason
    # Without a contradiction there is nothing to override: no note.
    plain = _receive(intake_officer, org.admin_department, born=date(2015, 3, 1), reason="không cần")
    assert CaseEvent.objects.get(case=plain, code=Event.RECEIVE).note == ""


def test_the_intake_page_asks_for_the_reason_once_refused(client, org, intake_officer, december):
    from cases.tests.test_pages import intake_data

    client.force_login(intake_officer)
    data = intake_data(org, request_date="2026-12-07", categories=[category("TE").pk])
    first = client.get(reverse("cases:intake")).content.decode()
    assert 'name="category_override_reason"' not in first
    response = client.post(reverse("cases:intake"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert escape("Diện trẻ em: người được trợ giúp sinh ngày 04/05/1980, đủ 46 tuổi") in page
    assert 'name="category_override_reason"' in page
    reason = "Giấy khai sinh ghi năm 2012"
    response = client.post(reverse("cases:intake"), {**data, "category_override_reason": reason})
    assert response.status_code == 302
    case = Case.objects.get()
    assert reason in CaseEvent.objects.get(case=case, code=Event.RECEIVE).note
