"""Searching people by name without diacritics, by citizen ID prefix, register number and
Ministry ID: on the case list and in the lookup at intake."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Beneficiary, Case
from cases.views import lists

from .conftest import receive

S = Case.Status
PEOPLE = ["Nguyễn Văn An", "Nguyễn Văn Toàn", "Đặng Thị Ánh", "Hoàng Anh Đức"]


@pytest.fixture
def people(org, intake_officer):
    """One request for each of PEOPLE, received at the desk through the service."""
    return {name: receive(intake_officer, org.admin_department, name=name) for name in PEOPLE}


def listed(client, query: str, **params) -> set[str]:
    response = client.get(reverse("cases:index"), {"q": query, **params})
    assert response.status_code == 200
    return {case.beneficiary.full_name for case, _categories in response.context["rows"]}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # typed without diacritics, with them, in capitals
        ("nguyen van an", {"Nguyễn Văn An"}),
        ("Nguyễn Văn An", {"Nguyễn Văn An"}),
        ("NGUYEN  VAN  AN", {"Nguyễn Văn An"}),
        # word order is free
        ("an nguyen", {"Nguyễn Văn An"}),
        ("van an nguyen", {"Nguyễn Văn An"}),
        # the last word may be the start of a word, the others are whole words
        ("nguyen van a", {"Nguyễn Văn An"}),
        ("nguyen v", {"Nguyễn Văn An", "Nguyễn Văn Toàn"}),
        ("an", {"Nguyễn Văn An", "Đặng Thị Ánh", "Hoàng Anh Đức"}),
        ("an hoang", set()),  # "an" is not a word of Hoàng Anh Đức
        ("oan", set()),  # never the middle of a word: "an" and "oan" do not find Toàn
        ("toan", {"Nguyễn Văn Toàn"}),
        # đ and Đ are d
        ("dang thi anh", {"Đặng Thị Ánh"}),
        ("ĐẶNG", {"Đặng Thị Ánh"}),
        ("đ", {"Đặng Thị Ánh", "Hoàng Anh Đức"}),
        ("hoang anh duc", {"Hoàng Anh Đức"}),
        ("d", {"Đặng Thị Ánh", "Hoàng Anh Đức"}),
        ("nguyen van an thi", set()),
    ],
)
def test_the_case_list_finds_people_by_name_without_diacritics(client, director, people, query, found):
    client.force_login(director)
    assert listed(client, query) == found


def test_many_matching_people_are_searched_through_the_join_with_the_same_results(
    client, director, people, monkeypatch, org, intake_officer
):
    receive(intake_officer, org.admin_department, name="Lý Thị Hoa", citizen_id="020180001234")
    receive(intake_officer, org.admin_department, name="Mã Văn Sơn", citizen_id="020199990000")
    client.force_login(director)
    monkeypatch.setattr(lists, "SEARCH_ID_LIMIT", 1)
    assert listed(client, "nguyen van") == {"Nguyễn Văn An", "Nguyễn Văn Toàn"}
    assert listed(client, "an") == {"Nguyễn Văn An", "Đặng Thị Ánh", "Hoàng Anh Đức"}
    assert listed(client, "nguyen van t", status=S.RECEIVED) == {"Nguyễn Văn Toàn"}
    assert listed(client, "oan") == set()
    assert listed(client, "0201") == {"Lý Thị Hoa", "Mã Văn Sơn"}
    assert listed(client, "0201999") == {"Mã Văn Sơn"}


def test_the_search_combines_with_the_filters(client, director, people, make_case):
    make_case(S.ACCEPTED, name="Nguyễn Văn Anh")
    client.force_login(director)
    assert listed(client, "nguyen van an") == {"Nguyễn Văn An", "Nguyễn Văn Anh"}
    assert listed(client, "nguyen van an", status=S.ACCEPTED) == {"Nguyễn Văn Anh"}


def test_citizen_id_prefix_register_number_and_ministry_id_are_still_searched(
    client, director, org, intake_officer, make_case
):
    receive(intake_officer, org.admin_department, name="Lý Thị Hoa", citizen_id="020180001234")
    receive(intake_officer, org.admin_department, name="Mã Văn Sơn", citizen_id="020199990000")
    accepted = make_case(S.ACCEPTED, name="Chu Văn Tài")
    Case.objects.filter(pk=accepted.pk).update(national_id="BTP-2026-0042")
    client.force_login(director)
    assert listed(client, "02018000") == {"Lý Thị Hoa"}
    assert listed(client, "0201") == {"Lý Thị Hoa", "Mã Văn Sơn"}
    assert listed(client, "0201999") == {"Mã Văn Sơn"}  # the prefix range ends below 0202000
    assert listed(client, "020180009") == set()
    assert listed(client, accepted.register_number) == {"Chu Văn Tài"}
    assert listed(client, accepted.register_number.split("/")[0]) == {"Chu Văn Tài"}  # its digits
    assert listed(client, "btp-2026-0042") == {"Chu Văn Tài"}


@pytest.mark.parametrize(
    ("prefix", "found"),
    [
        ("0299", {"029999999999"}),
        ("02", {"029999999999", "020000000001"}),
        ("99", {"999999999999"}),
        ("03", {"030000000000"}),
        ("1", set()),
    ],
)
def test_a_citizen_id_prefix_is_a_range_that_keeps_every_id_starting_with_it(
    org, intake_officer, prefix, found
):
    for n, citizen_id in enumerate(["029999999999", "030000000000", "020000000001", "999999999999"]):
        receive(intake_officer, org.admin_department, name=f"Lò Văn {'ABCD'[n]}", citizen_id=citizen_id)
    matches = Beneficiary.objects.filter(Beneficiary.citizen_id_matches(prefix))
    assert set(matches.values_list("citizen_id", flat=True)) == found


def test_the_list_search_uses_the_same_number_of_queries_however_many_people_match(
    client, director, people, monkeypatch
):
    client.force_login(director)

    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:index"), {"q": query}).status_code == 200
        return len(captured.captured_queries)

    one = queries("nguyen van an")
    assert queries("an") == one  # three people
    monkeypatch.setattr(lists, "SEARCH_ID_LIMIT", 1)
    assert queries("an") == one  # through the join
    none = queries("nobody")  # an empty page prefetches nothing
    assert queries("0201") == none
    assert queries("btp-2026-0042") == none


def test_the_intake_lookup_answers_json_in_name_order(client, intake_officer, people):
    client.force_login(intake_officer)

    def lookup(query: str):
        response = client.get(reverse("cases:person_lookup"), {"q": query})
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return response.json()["results"]

    found = lookup("an nguyen")
    person = people["Nguyễn Văn An"].beneficiary
    assert found == [
        {"id": person.pk, "name": "Nguyễn Văn An", "birth": "04/05/1980", "citizen_id": "", "commune": ""}
    ]
    # sorted the Vietnamese way: by given name, so An before Toàn
    assert [p["name"] for p in lookup("Nguyễn Văn")] == ["Nguyễn Văn An", "Nguyễn Văn Toàn"]
    assert [p["name"] for p in lookup("an")] == ["Nguyễn Văn An", "Đặng Thị Ánh", "Hoàng Anh Đức"]
    assert lookup("oan") == [] and lookup("a") == []  # one letter is too short to look up


def test_the_lookup_is_refused_to_who_does_not_receive_requests(client, assistant, people):
    client.force_login(assistant)
    assert client.get(reverse("cases:person_lookup"), {"q": "an"}).status_code == 403


def test_the_words_follow_the_name_when_created_and_when_renamed(org, intake_officer):
    person = receive(intake_officer, org.admin_department, name="  nguyễn   văn AN ").beneficiary
    person.refresh_from_db()
    assert person.full_name == "nguyễn văn AN" and person.name_words == ["nguyen", "van", "an"]
    assert {"n", "ng", "nguyen", "v", "van", "a", "an"} <= set(person.name_prefixes)

    person.full_name = "Đàm Xuân Kiên"
    person.save(update_fields=["full_name"])  # names the words it changes too
    person.refresh_from_db()
    assert (person.name_search_key, person.name_words) == ("dam xuan kien", ["dam", "xuan", "kien"])
    assert "ki" in person.name_prefixes and "an" not in person.name_prefixes
    assert set(Beneficiary.objects.filter(Beneficiary.name_matches("kien dam"))) == {person}

    person.full_name = "H'Hen Niê"
    person.save()
    person.refresh_from_db()
    assert person.name_words == ["h", "hen", "nie"]  # punctuation separates words
    # history keeps the name, not the words derived from it
    assert not hasattr(person.history.first(), "name_words")


def test_people_made_without_save_get_their_words_from_refresh_name_keys(org):
    person = Beneficiary(full_name="Lành Thị Thơ", sex="female", unit=org.admin_department)
    person.refresh_name_keys()
    Beneficiary.objects.bulk_create([person])
    assert Beneficiary.objects.get(name_words__contains=["lanh", "thi", "tho"]).full_name == "Lành Thị Thơ"


def test_the_migration_fills_the_words_of_people_already_registered(people):
    Beneficiary.objects.update(name_words=[], name_prefixes=[])
    migration = importlib.import_module("cases.migrations.0005_beneficiary_name_words")
    migration.fill_name_words(apps, None)
    ánh = Beneficiary.objects.get(full_name="Đặng Thị Ánh")
    assert ánh.name_words == ["dang", "thi", "anh"] and {"d", "da", "dan", "dang"} <= set(ánh.name_prefixes)
    assert not Beneficiary.objects.filter(name_words=[]).exists()
