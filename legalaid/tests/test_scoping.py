import pytest

from legalaid.models import Unit, User
from legalaid.roles import may_see_unit, scope_queryset, visible_units


def test_a_branch_user_sees_only_their_branch(org, branch_officer):
    assert set(visible_units(branch_officer)) == {org.branch}
    assert not may_see_unit(branch_officer, org.other_branch)


def test_the_director_sees_the_whole_centre_but_not_the_department_of_justice(org, director):
    seen = set(visible_units(director))
    assert {org.centre, org.branch, org.other_branch, org.admin_department} <= seen
    assert org.doj not in seen


def test_an_official_of_the_department_sees_the_centre_below_it(org, official):
    assert {org.doj, org.centre, org.branch, org.other_branch} <= set(visible_units(official))


def test_a_user_without_a_unit_sees_nothing(db):
    from legalaid.tests.factories import UserFactory

    assert not visible_units(UserFactory(unit=None)).exists()


def test_scope_queryset_restricts_records_by_their_unit(org, branch_officer, director):
    users_qs = User.objects.all()
    assert set(scope_queryset(users_qs, branch_officer)) == {branch_officer}
    assert branch_officer in set(scope_queryset(users_qs, director))


def test_a_branch_user_cannot_open_another_branchs_unit_page_by_guessing_its_url(client, org, branch_officer):
    client.force_login(branch_officer)
    assert client.get(f"/to-chuc/{org.branch.pk}/").status_code == 200
    response = client.get(f"/to-chuc/{org.other_branch.pk}/")
    assert response.status_code == 404
    assert org.other_branch.name not in response.content.decode()


def test_the_organisation_list_shows_only_the_users_subtree(client, org, branch_officer):
    client.force_login(branch_officer)
    page = client.get("/to-chuc/").content.decode()
    assert org.branch.name in page
    assert org.other_branch.name not in page
    assert org.centre.name not in page


def test_moving_a_unit_moves_its_whole_subtree(org):
    team = Unit.objects.create(name="Tổ lưu động", kind=Unit.Kind.DEPARTMENT, parent=org.branch)
    org.branch.parent = org.professional_department
    org.branch.save()
    team.refresh_from_db()
    assert team.path.startswith(org.professional_department.path)
    assert team in org.professional_department.subtree()
    assert [u.pk for u in team.ancestors()] == [
        org.doj.pk,
        org.centre.pk,
        org.professional_department.pk,
        org.branch.pk,
    ]


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(org):
    org.centre.parent = org.branch
    with pytest.raises(ValueError):
        org.centre.save()


def test_each_unit_knows_its_centre(org):
    assert org.branch.centre() == org.centre
    assert org.centre.centre() == org.centre
    assert org.doj.centre() is None
