"""The branch clerk finds nobody outside the branch: the person lookup, the duplicate warning at
intake and a forged ``existing_beneficiary``; the payments list and its ``?performer=`` filter
keep to the user's own scope."""

from __future__ import annotations

from django.urls import reverse

from cases.models import Beneficiary, Case
from cases.tests.test_pages import intake_data


def _centre_person(client, org, intake_officer) -> Beneficiary:
    """A person registered by the centre's desk (outside every branch)."""
    client.force_login(intake_officer)
    response = client.post(reverse("cases:intake"), intake_data(org))
    assert response.status_code == 302
    return Case.objects.get().beneficiary


def test_the_lookup_finds_nobody_outside_the_branch(client, org, intake_officer, branch_officer, director):
    person = _centre_person(client, org, intake_officer)
    for user, found in [(branch_officer, []), (director, [person.pk])]:
        client.force_login(user)
        for q in ("hoang thi", "0201800"):
            results = client.get(reverse("cases:person_lookup"), {"q": q}).json()["results"]
            assert [r["id"] for r in results] == found, (user.username, q)


def test_a_forged_existing_person_is_refused_as_a_url_outside_the_scope(
    client, org, intake_officer, branch_officer
):
    person = _centre_person(client, org, intake_officer)
    client.force_login(branch_officer)
    response = client.post(
        reverse("cases:intake"),
        intake_data(org, unit=org.branch.pk, existing_beneficiary=person.pk, full_name="", citizen_id=""),
    )
    assert response.status_code == 404
    assert Case.objects.count() == 1
    assert person.citizen_id not in response.content.decode()


def test_the_duplicate_warning_names_nobody_outside_the_branch(client, org, intake_officer, branch_officer):
    person = _centre_person(client, org, intake_officer)
    client.force_login(branch_officer)
    response = client.post(reverse("cases:intake"), intake_data(org, unit=org.branch.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 1
    # Counted, so the clerk asks before creating a second record; never named or identified.
    warning = page.split('id="duplicates"', 1)[1].split("</div>", 1)[0]
    assert "đơn vị khác" in warning
    assert person.full_name not in warning and person.citizen_id not in warning
    assert response.context["duplicates"] == [] and response.context["elsewhere"] == 1

    client.force_login(intake_officer)
    response = client.post(reverse("cases:intake"), intake_data(org))
    assert [p.pk for p in response.context["duplicates"]] == [person.pk]
    assert response.context["elsewhere"] == 0


def test_the_payments_filter_by_performer_keeps_to_the_users_scope(client, org, director, performers):
    from conftest import _person
    from legalaid.roles import Role
    from staffing.models import Person

    branch_director = _person("truongcn", "Nông Văn Bình", org.branch, Role.DIRECTOR)
    outside = Person.objects.exclude(unit__path__startswith=org.branch.path).first()
    inside = Person.objects.create(unit=org.branch, kind=Person.Kind.COLLABORATOR, full_name="Lộc Thị Hoa")
    client.force_login(branch_director)
    assert client.get(reverse("cases:payments"), {"performer": inside.pk}).status_code == 200
    assert client.get(reverse("cases:payments"), {"performer": outside.pk}).status_code == 404
    client.force_login(director)
    assert client.get(reverse("cases:payments"), {"performer": outside.pk}).status_code == 200
