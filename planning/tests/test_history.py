"""Every history row of an imported or copied plan names who did it, as a page's save would."""

import pytest

from planning.importer import parse_plan
from planning.models import Activity, ActivityUnit, Plan, Section, Target
from planning.services import plan_copy_to_next_year, plan_import

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def creators(model, plan) -> set:
    rows = model.history.filter(history_type="+")
    if model is Plan:
        rows = rows.filter(id=plan.pk)
    elif model in (Activity, Section):
        rows = rows.filter(plan_id=plan.pk)
    else:
        rows = rows.filter(activity_id__in=plan.activities.values("pk"))
    return {(row.history_user_id, row.history_change_reason) for row in rows}


def test_an_imported_plan_s_history_names_the_importer(org, director):
    parsed = parse_plan((SEEDS / "lang_son_2025.txt").read_text(encoding="utf-8"))
    plan = plan_import(parsed=parsed, unit=org.centre, by=director)
    for model in (Plan, Section, Activity, ActivityUnit, Target):
        assert creators(model, plan) == {(director.pk, "Nhập từ văn bản kế hoạch")}, model


def test_a_copied_plan_s_history_names_who_copied_it(org, director, administrator):
    parsed = parse_plan((SEEDS / "lang_son_2025.txt").read_text(encoding="utf-8"))
    plan = plan_import(parsed=parsed, unit=org.centre, by=director)
    copy = plan_copy_to_next_year(plan=plan, by=administrator)
    assert copy.activities.count() == 15
    reason = "Sao chép từ kế hoạch “Triển khai công tác trợ giúp pháp lý năm 2025”"
    for model in (Plan, Section, Activity, ActivityUnit, Target):
        assert creators(model, copy) == {(administrator.pk, reason)}, model
