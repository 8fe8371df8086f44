"""The demo centre's plans: seed 003 read by the importer, bound where indicators exist."""

import pytest

from legalaid import demo
from planning import demo as planning_demo
from planning.models import Plan, ProgressNote, Target


@pytest.mark.django_db
def test_the_demo_plan_is_imported_bound_and_copied_once(monkeypatch, test_indicators):
    monkeypatch.setattr(demo, "_builders", [planning_demo.build_demo_plan])
    monkeypatch.setattr(
        planning_demo,
        "BINDINGS",
        {"2.1": ("test.sessions", {"kind": "direct", "bogus": 1}), "4": ("cases.not_registered_here", {})},
    )
    monkeypatch.setattr(
        planning_demo,
        "EXTRA_TARGETS",
        [
            ("5.1", "100% người thực hiện TGPL được tập huấn", 100, "%", "test.appraised_share"),
            ("5.3", "01 đợt", 1, "đợt", "staffing.not_registered_here"),
        ],
    )
    centre = demo.seed_demo().centre
    plans = Plan.objects.filter(unit=centre).order_by("period_start")
    assert [p.title for p in plans] == [
        "Triển khai công tác trợ giúp pháp lý năm 2025",
        "Triển khai công tác trợ giúp pháp lý năm 2026",
    ]
    plan_2025, plan_2026 = plans
    assert (plan_2025.status, plan_2026.status) == (Plan.Status.CLOSED, Plan.Status.ISSUED)
    assert plan_2025.activities.count() == 15 and plan_2026.activities.count() == 15
    sessions = plan_2025.activities.get(number="2.1")
    assert sorted(link.unit.short_name for link in sessions.unit_links.filter(role="lead")) == ["HC-TH", "NV"]
    bound = Target.objects.filter(activity__plan=plan_2025).exclude(indicator_key="")
    # Only the registered indicator is bound, with only the filters it takes.
    assert {(t.activity.number, t.indicator_key) for t in bound} == {
        ("2.1", "test.sessions"),
        ("5.1", "test.appraised_share"),
    }
    assert all(t.filters == {"kind": "direct"} for t in bound if t.indicator_key == "test.sessions")
    assert bound.count() == 4
    assert not Target.objects.filter(activity__plan=plan_2025, activity__number="5.3").exists()
    assert ProgressNote.objects.filter(activity__plan=plan_2025).count() == 1
    counts = (
        Plan.objects.count(),
        Target.objects.count(),
        ProgressNote.objects.count(),
        Plan.history.count(),
    )
    demo.seed_demo()
    assert counts == (
        Plan.objects.count(),
        Target.objects.count(),
        ProgressNote.objects.count(),
        Plan.history.count(),
    )
