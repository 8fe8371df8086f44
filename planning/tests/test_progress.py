"""Target progress against hand-counted figures of test-only indicators."""

from datetime import date
from decimal import Decimal

import pytest

from legalaid.refusal import Refusal
from planning.services import plan_progress, target_add, target_bind

pytestmark = pytest.mark.django_db


def _targets(plan, number):
    row = next(r for r in plan_progress(plan, today=date(2025, 12, 31)) if r.activity.number == number)
    return row, {(tp.target.unit.short_name if tp.target.unit else "all"): tp for tp in row.targets}


def test_per_unit_session_targets_count_each_department_s_sessions(lang_son_plan, test_indicators, director):
    activity = lang_son_plan.activities.get(number="2.1")
    for target in activity.targets.all():
        target_bind(target=target, indicator_key="test.sessions", filters={"kind": "direct"}, by=director)
    ledger = test_indicators.sessions
    ledger += [(date(2025, 3, d), "HC-TH", "direct") for d in (3, 10, 17, 24, 31)]  # 5
    ledger += [(date(2025, 9, 8), "HC-TH", "direct"), (date(2025, 10, 6), "HC-TH", "direct")]  # 7 in all
    ledger += [
        (date(2025, 5, 5), "NV", "direct"),
        (date(2025, 6, 9), "NV", "direct"),
        (date(2025, 11, 3), "NV", "direct"),
    ]
    ledger += [(date(2025, 4, 1), "NV", "mobile")]  # another kind: not counted
    ledger += [(date(2024, 12, 30), "HC-TH", "direct"), (date(2026, 1, 2), "NV", "direct")]  # outside 2025
    row, targets = _targets(lang_son_plan, "2.1")
    assert targets["HC-TH"].value == 7 and targets["HC-TH"].percent == 70
    assert targets["NV"].value == 3 and targets["NV"].percent == 30
    assert targets["all"].value == 10 and targets["all"].percent == 50  # the centre counts both
    assert row.percent == 50  # mean of 70 %, 30 %, 50 %


def test_a_percentage_target_compares_percentages(lang_son_plan, test_indicators, director):
    activity = lang_son_plan.activities.get(number="4")  # "100% vụ việc TGPL hoàn thành"
    (target,) = activity.targets.all()
    target_bind(target=target, indicator_key="test.appraised_share", filters={}, by=director)
    test_indicators.completed += [(date(2025, 2, d), True) for d in range(1, 25)] + [
        (date(2025, 8, 1), False)
    ]
    _row, targets = _targets(lang_son_plan, "4")
    assert targets["all"].value == 96.0  # 24 of 25 completed cases appraised
    assert targets["all"].percent == 96


def test_an_unregistered_indicator_is_said_plainly_not_crashed_on(lang_son_plan):
    activity = lang_son_plan.activities.get(number="2.1")
    activity.targets.filter(unit=None).update(indicator_key="outreach.not_there_yet")
    row, targets = _targets(lang_son_plan, "2.1")
    assert "outreach.not_there_yet" in targets["all"].problem
    assert "chưa được đăng ký" in targets["all"].problem
    assert targets["all"].fraction is None and row.fraction is None


def test_binding_checks_the_key_and_its_filters(lang_son_plan, test_indicators, director):
    target = lang_son_plan.activities.get(number="2.1").targets.first()
    with pytest.raises(Refusal, match="chưa được đăng ký"):
        target_bind(target=target, indicator_key="cases.nowhere", filters={}, by=director)
    with pytest.raises(Refusal, match="không nhận các bộ lọc: branch"):
        target_bind(target=target, indicator_key="test.sessions", filters={"branch": 1}, by=director)
    target_bind(target=target, indicator_key="", filters={"kind": "x"}, by=director)
    target.refresh_from_db()
    assert (target.indicator_key, target.filters) == ("", {})


def test_a_target_added_by_hand_needs_a_positive_quantity(lang_son_plan, test_indicators):
    activity = lang_son_plan.activities.get(number="5.3")
    with pytest.raises(Refusal, match="lớn hơn 0"):
        target_add(activity=activity, label="", quantity=Decimal(0), measure="đợt")
    target = target_add(
        activity=activity,
        label="01 đợt học tập",
        quantity=Decimal(1),
        measure="đợt",
        indicator_key="test.sessions",
        filters={"kind": "trip"},
    )
    test_indicators.sessions.append((date(2025, 10, 20), "NV", "trip"))
    _row, targets = _targets(lang_son_plan, "5.3")
    assert targets["all"].target == target and targets["all"].percent == 100


def test_a_filter_value_outside_its_list_is_refused_by_the_service(lang_son_plan, director):
    target = lang_son_plan.activities.get(number="2.1").targets.first()
    with pytest.raises(Refusal, match="“truc tiep” không phải là một giá trị của “kind”") as refused:
        target_bind(
            target=target, indicator_key="outreach.sessions", filters={"kind": "truc tiep"}, by=director
        )
    assert refused.value.field == "filters" and "direct" in str(refused.value)
    with pytest.raises(Refusal, match="“XYZ” không phải"):
        target_add(
            activity=target.activity,
            label="5 vụ",
            quantity=Decimal(5),
            measure="vụ",
            indicator_key="cases.accepted",
            filters={"form": "XYZ"},
        )
    direct = {"kind": "direct"}
    bound = target_bind(target=target, indicator_key="outreach.sessions", filters=direct, by=director)
    assert bound.filters == {"kind": "direct"}
    target_bind(target=target, indicator_key="cases.accepted", filters={"form": "TGTT"}, by=director)
