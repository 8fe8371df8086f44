"""Case events are data: one table of codes with their labels, written by the services; and a
service that refuses names the form field the refusal concerns."""

from __future__ import annotations

import pytest
from django.utils import translation

from cases import services
from cases.models import EVENT_LABELS, Case, CaseEvent, Event
from cases.workflow import Action
from legalaid.refusal import Refusal

S = Case.Status


def test_every_step_of_the_transition_table_is_an_event_under_its_button_label():
    for action in Action:
        assert Event(action.value).label == action.label
    assert dict(Event.choices) == EVENT_LABELS
    with translation.override("vi"):
        assert str(EVENT_LABELS[Event.RECEIVE]) == "Tiếp nhận yêu cầu"


def test_a_case_taken_to_appraisal_has_a_timeline_of_declared_events(make_case):
    case = make_case(S.APPRAISED)
    codes = list(CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("code", flat=True))
    assert codes[0] == Event.RECEIVE and codes[-1] == Event.APPRAISE
    assert Event.PAPER in codes and Event.ACCEPT in codes and Event.APPOINT in codes
    assert set(codes) <= set(Event.values)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"reason": "", "explanation": ""}, "reason"),
        ({"reason": Case.RefusalReason.OTHER, "explanation": " "}, "explanation"),
    ],
)
def test_a_refusal_names_the_field_it_concerns(make_case, director, arguments, field):
    case = make_case(S.RECEIVED)
    with pytest.raises(Refusal) as refused:
        services.case_refuse(case=case, by=director, **arguments)
    assert refused.value.field == field


def test_a_refusal_about_the_whole_case_names_no_field(make_case, collaborator):
    case = make_case(S.RECEIVED)
    with pytest.raises(Refusal) as refused:
        services.case_accept(case=case, by=collaborator)
    assert refused.value.field is None
