"""One rule for sensitive categories: for a case of a sensitive category, every place that shows
its categories (the rule itself, its filter form, the case list, the national export) answers
alike for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cases import national_export
from cases.access import may_see_sensitive, sensitive_shown, visible_cases
from cases.models import Case

S = Case.Status
MASK = "được bảo mật"


@pytest.fixture
def colleague(org):
    """An intake officer of the same department who did not receive the case."""
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )


def _export_clauses(case: Case, user) -> str:
    """The category clauses as the national export writes them for ``user``."""
    row = Case.objects.select_related("unit", "centre", "performer").get(pk=case.pk)
    national_export._attach([row], user)
    column = next(c for c in national_export.CASE_COLUMNS if c.key == "category_clauses")
    with translation.override("vi"):
        return str(column.value(row))


def test_every_place_agrees_on_who_sees_a_sensitive_category(
    client,
    make_case,
    director,
    intake_officer,
    colleague,
    assistant,
    second_assistant_user,
    collaborator,
    branch_officer,
    other_branch_officer,
    official,
    administrator,
):
    # "7h" (people living with HIV) is a sensitive category of the reference lists. The intake
    # officer receives the case, the assistant performs it, the second assistant appraises it.
    case = make_case(S.UNDER_APPRAISAL, category="7h", name="Mã Thị Hiền")
    assert case.sensitive
    table = [
        ("director", director, True),
        ("the intake officer who received it", intake_officer, True),
        ("another intake officer", colleague, False),
        ("the assistant performing it", assistant, True),
        ("the assistant appraising it", second_assistant_user, True),
        ("a collaborator", collaborator, False),
        ("a branch officer", branch_officer, False),
        ("an officer of another branch", other_branch_officer, False),
        ("an official", official, False),
        ("an administrator", administrator, False),
    ]
    for role, user, sees in table:
        case = Case.objects.select_related("unit", "performer").get(pk=case.pk)
        assert may_see_sensitive(user, case) is sees, role
        assert Case.objects.filter(pk=case.pk).filter(sensitive_shown(user)).exists() is sees, role
        assert _export_clauses(case, user) == ("7h" if sees else MASK), role

        client.force_login(user)
        response = client.get(reverse("cases:index"))
        if not user.has_perm("cases.view_case"):
            assert response.status_code == 403, role
            continue
        rows = {row_case.pk: text for row_case, text in response.context["rows"]}
        if visible_cases(user).filter(pk=case.pk).exists():
            assert rows[case.pk] == ("7h" if sees else MASK), role
        else:
            assert case.pk not in rows and not sees, role


def test_a_case_of_no_sensitive_category_shows_its_categories_to_everyone_who_sees_it(
    make_case, director, colleague, official, administrator
):
    case = make_case(S.RECEIVED, category="HN")
    case = Case.objects.select_related("unit", "performer").get(pk=case.pk)
    for user in (director, colleague, official, administrator):
        assert may_see_sensitive(user, case)
        assert Case.objects.filter(pk=case.pk).filter(sensitive_shown(user)).exists()
        assert _export_clauses(case, user) == case.categories.get().clause
