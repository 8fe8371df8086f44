"""Who writes to which plan: a user changes the plans of their own subtree (a department also
its centre's plan), never the plan of a unit above them; reading reaches up."""

import pytest
from django.urls import reverse

from legalaid.models import Unit
from planning import access
from planning.importer import parse_plan
from planning.services import plan_import

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def write_requests(plan) -> dict[str, tuple[str, dict]]:
    activity = plan.activities.get(number="1")
    target = plan.activities.get(number="2.1").targets.first()
    return {
        "status": (
            reverse("planning:activity_status", args=[activity.pk]),
            {"status": "done", "reason": "Xong", "version": 0},
        ),
        "note": (
            reverse("planning:activity_note", args=[activity.pk]),
            {"day": "2025-03-01", "text": "Đã làm"},
        ),
        "target_add": (
            reverse("planning:target_add", args=[activity.pk]),
            {"label": "5 cuộc", "quantity": "5", "measure": "cuộc"},
        ),
        "bind": (
            reverse("planning:target_bind", args=[target.activity_id, target.pk]),
            {f"t{target.pk}-binding": ""},
        ),
        "copy": (reverse("planning:copy", args=[plan.pk]), {}),
        "plan_status": (reverse("planning:plan_status", args=[plan.pk]), {"status": "issued"}),
    }


@pytest.mark.parametrize("action", ["status", "note", "target_add", "bind", "copy", "plan_status"])
def test_a_branch_officer_cannot_change_the_centre_s_plan(client, branch_officer, lang_son_plan, action):
    url, data = write_requests(lang_son_plan)[action]
    client.force_login(branch_officer)
    assert client.post(url, data).status_code in (403, 404)
    lang_son_plan.refresh_from_db()
    assert lang_son_plan.status == "draft"
    assert not lang_son_plan.activities.exclude(status_override="").exists()
    assert not lang_son_plan.activities.filter(notes__isnull=False).exists()
    assert lang_son_plan.activities.get(number="1").targets.count() == 0


def test_a_branch_officer_reads_the_centre_s_plan_without_the_forms_that_change_it(
    client, branch_officer, lang_son_plan
):
    client.force_login(branch_officer)
    page = client.get(reverse("planning:plan", args=[lang_son_plan.pk])).content.decode()
    assert reverse("planning:plan_status", args=[lang_son_plan.pk]) not in page
    activity = lang_son_plan.activities.get(number="1")
    page = client.get(reverse("planning:activity", args=[activity.pk])).content.decode()
    assert reverse("planning:activity_status", args=[activity.pk]) not in page
    assert reverse("planning:activity_note", args=[activity.pk]) not in page


def test_a_branch_officer_changes_the_branch_s_own_plan(client, org, branch_officer):
    plan = plan_import(
        parsed=parse_plan((SEEDS / "lang_son_2025.txt").read_text(encoding="utf-8")), unit=org.branch, by=None
    )
    url, data = write_requests(plan)["status"]
    client.force_login(branch_officer)
    assert client.post(url, data).status_code == 302
    assert plan.activities.get(number="1").status_override == "done"


def test_the_units_each_person_writes_to(org, everyone):
    def short_names(person):
        return set(access.units_to_write(everyone[person]).values_list("short_name", flat=True))

    assert short_names("director") == {"TGPL", "HC-TH", "NV", "CN1", "CN2"}
    assert short_names("intake_officer") == {"HC-TH", "TGPL"}  # a department follows its centre's plan
    assert short_names("branch_intake_officer") == {"CN1"}
    assert short_names("official") >= {"STP", "TGPL"}
    assert set(
        access.units_in_sight(everyone["branch_intake_officer"]).values_list("short_name", flat=True)
    ) == {
        "STP",
        "TGPL",
        "CN1",
    }
    assert Unit.Kind.BRANCH not in access.owner_units(everyone["intake_officer"]).values_list(
        "kind", flat=True
    )
