"""Demo plans: the Lạng Sơn centre's 2025 work plan (seed 003, the text beside this module) read by
the importer, and its copy for the next year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from legalaid import indicators
from planning.importer import parse_plan
from planning.models import Plan, ProgressNote, Target
from planning.services import plan_copy_to_next_year, plan_import, plan_set_status, target_add

SEED = Path(__file__).with_name("demo_lang_son_2025.txt")
DEMO_TITLE = "Triển khai công tác trợ giúp pháp lý năm 2025"

# activity number -> (indicator key, filters); bound only when the key is registered at demo time.
BINDINGS = {
    "2.1": ("outreach.sessions", {"kind": "direct"}),
    "4": ("cases.appraised_share", {}),
}
# Targets the plan states in words only, added by hand as a centre would: (activity number,
# label, quantity, measure, indicator key).
EXTRA_TARGETS = [
    ("5.1", "100% người thực hiện TGPL được tập huấn", 100, "%", "staffing.trained_share"),
]


def build_demo_plan(demo) -> None:
    if Plan.objects.filter(unit=demo.centre, title=DEMO_TITLE).exists():
        return
    director = demo.users.get("director")
    parsed = parse_plan(SEED.read_text(encoding="utf-8"))
    plan = plan_import(parsed=parsed, unit=demo.centre, by=director)
    # The 2025 plan went the whole way and is over; its report stays readable.
    for step in (Plan.Status.SUBMITTED, Plan.Status.ISSUED, Plan.Status.CLOSED):
        plan = plan_set_status(plan=plan, status=step, by=director)
    registered = {indicator.key: indicator for indicator in indicators.all_indicators()}
    for target in Target.objects.filter(activity__plan=plan).select_related("activity"):
        key, filters = BINDINGS.get(target.activity.number, ("", {}))
        indicator = registered.get(key)
        if indicator is None:
            continue  # that app has not registered the indicator: the target stays unbound
        target.indicator_key = key
        target.filters = {k: v for k, v in filters.items() if k in indicator.filters}
        target.save(update_fields=["indicator_key", "filters"])
    for number, label, quantity, measure, key in EXTRA_TARGETS:
        if key in registered:
            target_add(
                activity=plan.activities.get(number=number),
                label=label,
                quantity=Decimal(quantity),
                measure=measure,
                indicator_key=key,
            )
    first = plan.activities.order_by("position").first()
    if director is not None and first is not None:
        ProgressNote.objects.create(
            activity=first,
            day=plan.period_start.replace(month=3, day=14),
            by=director,
            text="Đã tham mưu ban hành Kế hoạch thực hiện chính sách TGPL cho người khuyết tật năm 2025.",
            evidence="Kế hoạch số 15/KH-TGPL ngày 14/3/2025",
        )
    if director is not None:
        # The plan of the current year, copied from 2025 as a centre would, measured live.
        copy = plan_copy_to_next_year(plan=plan, by=director)
        for step in (Plan.Status.SUBMITTED, Plan.Status.ISSUED):
            copy = plan_set_status(plan=copy, status=step, by=director)
