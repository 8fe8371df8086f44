"""A plan's status moves only along the service's transition table, each move in the plan's
history with who and why; an issued plan is changed by a new version, never sent back to draft."""

import pytest
from django.urls import reverse

from legalaid.refusal import Refusal
from planning.models import Plan
from planning.services import TRANSITIONS, plan_revise, plan_set_status, plan_transitions

pytestmark = pytest.mark.django_db

S = Plan.Status
# The way to reach each status through the table, from a fresh draft.
REACH = {
    S.DRAFT: (),
    S.SUBMITTED: (S.SUBMITTED,),
    S.ISSUED: (S.SUBMITTED, S.ISSUED),
    S.CLOSED: (S.SUBMITTED, S.ISSUED, S.CLOSED),
    S.CANCELLED: (S.CANCELLED,),
}
ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.CANCELLED),
    (S.SUBMITTED, S.ISSUED),
    (S.SUBMITTED, S.DRAFT),
    (S.SUBMITTED, S.CANCELLED),
    (S.ISSUED, S.CLOSED),
    (S.ISSUED, S.CANCELLED),
}


def _reach(plan, status, by):
    for step in REACH[status]:
        plan = plan_set_status(plan=plan, status=step, by=by, reason="Theo chỉ đạo")
    return plan


def test_the_table_is_the_one_the_tests_read():
    declared = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert declared == ALLOWED
    assert (S.ISSUED, S.DRAFT) not in declared


@pytest.mark.parametrize("source", list(REACH))
@pytest.mark.parametrize("target", [s for s in S.values])
def test_every_status_to_every_status(lang_son_plan, director, source, target):
    plan = _reach(lang_son_plan, source, director)
    if source == target:
        assert plan_set_status(plan=plan, status=target, by=director, reason="x").status == source
        return
    if (source, target) in ALLOWED:
        moved = plan_set_status(plan=plan, status=target, by=director, reason="Theo chỉ đạo")
        assert Plan.objects.get(pk=plan.pk).status == moved.status == target
        return
    with pytest.raises(Refusal) as refused:
        plan_set_status(plan=plan, status=target, by=director, reason="Theo chỉ đạo")
    assert refused.value.code == "transition"
    # The refusal names the status the plan has and the one asked, in Vietnamese.
    current, asked = S(source).label, S(target).label if target in S.values else target
    assert str(refused.value) == f"Kế hoạch không thể chuyển từ “{current}” sang “{asked}”."
    assert Plan.objects.get(pk=plan.pk).status == source


def test_an_unknown_status_is_refused_naming_both(lang_son_plan, director):
    with pytest.raises(Refusal, match="từ “Dự thảo” sang “published”"):
        plan_set_status(plan=lang_son_plan, status="published", by=director)


def test_an_issued_plan_never_goes_back_to_draft(lang_son_plan, director):
    plan = _reach(lang_son_plan, S.ISSUED, director)
    with pytest.raises(Refusal, match="từ “Đã ban hành” sang “Dự thảo”"):
        plan_set_status(plan=plan, status=S.DRAFT, by=director, reason="Sửa lại")


@pytest.mark.parametrize("target", [S.DRAFT, S.CANCELLED])
def test_returning_or_cancelling_needs_a_reason(lang_son_plan, director, target):
    plan = plan_set_status(plan=lang_son_plan, status=S.SUBMITTED, by=director)
    with pytest.raises(Refusal) as refused:
        plan_set_status(plan=plan, status=target, by=director, reason="  ")
    assert refused.value.field == "reason"


def test_each_move_is_in_the_history_with_who_and_why(lang_son_plan, director, administrator):
    plan = plan_set_status(plan=lang_son_plan, status=S.SUBMITTED, by=administrator)
    plan = plan_set_status(plan=plan, status=S.DRAFT, by=director, reason="Thiếu chỉ tiêu truyền thông")
    rows = list(plan.history.filter(history_type="~").order_by("history_date"))
    assert [(r.status, r.history_user_id, r.history_change_reason) for r in rows] == [
        (S.SUBMITTED, administrator.pk, "Trình phê duyệt"),
        (S.DRAFT, director.pk, "Thiếu chỉ tiêu truyền thông"),
    ]


def test_a_new_version_supersedes_the_issued_plan_when_it_is_issued(lang_son_plan, director):
    issued = _reach(lang_son_plan, S.ISSUED, director)
    revision = plan_revise(plan=issued, by=director, reason="Bổ sung hoạt động theo Công văn 1918/BTP-TGPL")
    assert (revision.status, revision.version, revision.revises_id) == (S.DRAFT, 2, issued.pk)
    assert (revision.title, revision.period_start, revision.legal_bases) == (
        issued.title,
        issued.period_start,
        issued.legal_bases,
    )
    assert revision.activities.count() == issued.activities.count()
    with pytest.raises(Refusal) as refused:
        plan_revise(plan=issued, by=director, reason="Lần nữa")
    assert refused.value.code == "duplicate"

    plan_set_status(plan=revision, status=S.SUBMITTED, by=director)
    assert Plan.objects.get(pk=issued.pk).status == S.ISSUED  # still in force until the new one is
    plan_set_status(plan=revision, status=S.ISSUED, by=director)
    old = Plan.objects.get(pk=issued.pk)
    assert old.status == S.SUPERSEDED
    assert old.history.first().history_change_reason == "Được thay thế bởi phiên bản 2"
    assert plan_transitions(old) == []
    with pytest.raises(Refusal):
        plan_revise(plan=old, by=director, reason="Sửa")


def test_a_draft_cannot_be_revised(lang_son_plan, director):
    with pytest.raises(Refusal, match="Dự thảo"):
        plan_revise(plan=lang_son_plan, by=director, reason="Sửa")


def _status_buttons(page: str) -> set[str]:
    form = page.split('class="plan-status"', 1)[1].split("</form>", 1)[0] if "plan-status" in page else ""
    return {part.split('"', 1)[0] for part in form.split('name="status" value="')[1:]}


def test_the_plan_page_offers_only_the_allowed_moves(client, director, lang_son_plan):
    client.force_login(director)
    url = reverse("planning:plan", args=[lang_son_plan.pk])
    assert _status_buttons(client.get(url).content.decode()) == {S.SUBMITTED, S.CANCELLED}
    client.post(reverse("planning:plan_status", args=[lang_son_plan.pk]), {"status": S.SUBMITTED})
    client.post(reverse("planning:plan_status", args=[lang_son_plan.pk]), {"status": S.ISSUED})
    page = client.get(url).content.decode()
    assert _status_buttons(page) == {S.CLOSED, S.CANCELLED}
    assert "Tạo phiên bản mới" in page
    response = client.post(
        reverse("planning:plan_status", args=[lang_son_plan.pk]),
        {"status": S.DRAFT, "reason": "Sửa"},
        follow=True,
    )
    assert "Kế hoạch không thể chuyển từ “Đã ban hành” sang “Dự thảo”." in response.content.decode()
    response = client.post(reverse("planning:plan_revise", args=[lang_son_plan.pk]), {"reason": "Bổ sung"})
    revision = Plan.objects.get(revises=lang_son_plan)
    assert response["Location"] == reverse("planning:plan", args=[revision.pk])
