"""Targets are bound by choosing an indicator and one of its filter values from lists; the import
proposes the binding from the target's words and saves it once the person confirms."""

import pytest
from django.urls import reverse

from planning.bindings import binding_choices, decode, encode, propose
from planning.forms import BindForm
from planning.models import Target

from .conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Tổ chức 20 cuộc truyền thông trực tiếp tại các xã", ("outreach.sessions", {"kind": "direct"})),
        ("Thực hiện 30 vụ việc tham gia tố tụng", ("cases.accepted", {"form": "TGTT"})),
        ("15 vụ việc tư vấn pháp luật", ("cases.accepted", {"form": "TVPL"})),
        ("Tổ chức 04 đợt trợ giúp pháp lý lưu động", ("outreach.sessions", {"kind": "mobile"})),
        ("100% vụ việc được thẩm định chất lượng", ("cases.appraised_share", {})),
        ("Ban hành 01 kế hoạch", None),
    ],
)
def test_the_words_of_a_target_propose_its_binding(words, expected):
    assert propose(words) == expected


def test_the_form_offers_indicators_and_their_filter_values_and_no_typed_json(test_indicators):
    form = BindForm()
    assert list(form.fields) == ["binding"]
    values = {value for _group, options in binding_choices()[1:] for value, _label in options}
    assert {"test.sessions", "test.sessions?kind=direct", "outreach.sessions?kind=direct"} <= values
    assert "cases.accepted?form=TGTT" in values
    assert decode(encode("outreach.sessions", {"kind": "direct"})) == (
        "outreach.sessions",
        {"kind": "direct"},
    )
    bound = BindForm({"binding": "outreach.sessions?kind=direct"})
    assert bound.is_valid()
    assert (bound.cleaned_data["indicator_key"], bound.cleaned_data["filters"]) == (
        "outreach.sessions",
        {"kind": "direct"},
    )
    assert not BindForm({"binding": "outreach.sessions?kind=truc+tiep"}).is_valid()


def test_the_import_shows_the_proposed_bindings_and_saves_them_when_confirmed(client, director, org):
    text = (SEEDS / "lang_son_2025.txt").read_text(encoding="utf-8")
    client.force_login(director)
    response = client.post(
        reverse("planning:import"), {"action": "preview", "text": text, "unit": org.centre.pk}
    )
    page = response.content.decode()
    assert "đo bằng:" in page and 'name="bind_proposed"' in page
    client.post(
        reverse("planning:import"),
        {"action": "save", "text": text, "plan_text": text, "unit": org.centre.pk, "bind_proposed": "1"},
    )
    sessions = Target.objects.filter(activity__number="2.1")
    assert sessions.count() == 3  # 20 cuộc, and 10 cuộc for each of the two rooms
    assert {(t.indicator_key, t.filters["kind"]) for t in sessions} == {("outreach.sessions", "direct")}
