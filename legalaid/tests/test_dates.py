"""Dates the Vietnamese way: the project's date widget reads dd/mm/yyyy as people type it (and the
ISO dates of existing links), shows dd/mm/yyyy whatever the browser's language, answers a wrong
date with a Vietnamese message naming the field, and its calendar learns the holidays from
the server."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from legalaid.dashboard import choose_period
from legalaid.forms import PeriodicReportIssueForm
from legalaid.models import CalendarOverride
from legalaid.validation import date_field, query_date
from legalaid.widgets import VietnameseDateField, VietnameseDateInput, parse_date_text

DECEMBER_5 = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))


class RequestForm(forms.Form):
    request_date = date_field(gettext_lazy("request date"))
    date_of_birth = date_field(gettext_lazy("date of birth"), required=False)


@pytest.mark.parametrize(
    "typed",
    ["05/12/2026", "5/12/2026", "05-12-2026", "5-12-2026", "05.12.2026", " 05/12/2026 ", "2026-12-05"],
)
def test_each_typed_form_of_5_december_is_read_as_5_december(typed):
    form = RequestForm({"request_date": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["request_date"] == DECEMBER_5
    assert parse_date_text(typed) == DECEMBER_5


@pytest.mark.parametrize(
    "typed",
    ["12/31/2026", "31/02/2026", "5/12/26", "05/12-2026", "5 tháng 12", "05/12/20x", "Dec 5 2026"]
    + ["٠٥/١٢/٢٠٢٦"],  # Arabic-Indic digits: strptime would read them
)
def test_anything_else_is_refused_with_a_vietnamese_message_naming_the_field(typed):
    with translation.override("vi"):
        form = RequestForm({"request_date": typed})
        assert not form.is_valid()
        assert form.errors["request_date"] == ["Ngày yêu cầu: nhập ngày theo dạng dd/mm/yyyy."]
    assert parse_date_text(typed) is None


def test_a_missing_required_date_is_asked_for_by_the_fields_name():
    with translation.override("vi"):
        form = PeriodicReportIssueForm({"number": "3"})
        assert not form.is_valid()
        assert form.errors["report_date"] == ["Ngày: hãy nhập ngày."]
        # An optional date may stay empty.
        form = RequestForm({"request_date": "05/12/2026", "date_of_birth": ""})
        assert form.is_valid() and form.cleaned_data["date_of_birth"] is None


def test_the_bounds_still_apply_after_the_widget_has_read_the_date():
    with translation.override("vi"):
        form = RequestForm({"request_date": "05/12/2029"})
        assert not form.is_valid()
        assert "không được sau" in form.errors["request_date"][0].lower()


def test_the_widget_is_a_numeric_text_input_showing_5_december_as_05_12_2026():
    html = str(RequestForm(initial={"request_date": DECEMBER_5})["request_date"])

    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05/12/2026"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert "data-datepicker" in html


@pytest.mark.parametrize(
    ("sent", "shown"),
    [("2026-12-05", "05/12/2026"), ("5.12.2026", "05/12/2026"), ("31/02/2026", "31/02/2026"), ("", "")],
)
def test_a_bound_form_shows_what_was_sent_as_dd_mm_yyyy_or_as_typed_when_unreadable(sent, shown):
    html = str(RequestForm({"request_date": sent})["request_date"])

    assert f'value="{shown}"' in html if shown else "value=" not in html


def test_every_date_field_of_the_forms_uses_the_project_widget():
    from cases.forms import IntakeForm, PeriodForm
    from cases.views.national_export import CaseExportForm
    from outreach.forms import MediaItemForm, SessionForm
    from planning.forms import ActivityListForm, NoteForm
    from staffing.forms import StatusChangeForm

    classes = [IntakeForm, PeriodForm, CaseExportForm, MediaItemForm, SessionForm, ActivityListForm]
    classes += [NoteForm, StatusChangeForm, PeriodicReportIssueForm]
    for form_class in classes:
        fields = form_class.base_fields.items()
        dates = {name: field for name, field in fields if isinstance(field, forms.DateField)}
        assert dates, form_class
        for name, field in dates.items():
            assert isinstance(field, VietnameseDateField), (form_class, name)
            assert isinstance(field.widget, VietnameseDateInput), (form_class, name)
            assert field.widget.input_type == "text"


@pytest.mark.parametrize("sent", ["2026-12-05", "05/12/2026", "5/12/2026", "05-12-2026", "05.12.2026"])
def test_a_query_string_date_is_read_in_the_iso_form_of_old_links_and_as_the_widget_types_it(sent):
    assert query_date({"from": sent}, "from") == DECEMBER_5


def test_the_template_tag_shows_a_filters_iso_value_as_dd_mm_yyyy():
    template = Template('{% load datepicker %}{% date_input "from" value id="f-from" %}')

    html = template.render(Context({"value": "2026-12-05"}))

    assert 'name="from"' in html and 'id="f-from"' in html and 'value="05/12/2026"' in html
    assert 'value="' not in Template('{% load datepicker %}{% date_input "to" "" %}').render(Context())


def test_the_dashboards_own_period_accepts_dd_mm_yyyy_and_iso():
    typed = choose_period({"kind": "custom", "start": "01/10/2026", "end": "05/12/2026"})
    linked = choose_period({"kind": "custom", "start": "2026-10-01", "end": "2026-12-05"})

    assert typed.period == linked.period
    assert (typed.period.start, typed.period.end) == (date(2026, 10, 1), DECEMBER_5)
    assert typed.label == "01/10/2026 – 05/12/2026"


@pytest.mark.django_db
def test_the_calendar_gives_a_years_holidays_days_off_and_make_up_working_saturdays(
    client, intake_officer, django_assert_max_num_queries
):
    CalendarOverride.objects.create(
        day=date(2026, 12, 10), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ bù ngày hội nghị"
    )
    CalendarOverride.objects.create(
        day=date(2026, 12, 12), kind=CalendarOverride.Kind.WORKING_DAY, reason="Làm bù"
    )
    client.force_login(intake_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("calendar_days"), {"year": "2026"})

    data = response.json()
    assert data["year"] == 2026
    assert data["days_off"]["2026-09-02"] == "Quốc khánh"
    assert data["days_off"]["2026-12-10"] == "Nghỉ bù ngày hội nghị"
    assert "2026-12-05" not in data["days_off"]  # a plain Saturday is a weekend, not a holiday
    assert "2026-12-07" not in data["days_off"]
    # The administrator's make-up Saturday, beside those the government decreed.
    assert "2026-12-12" in data["working_weekends"] and "2026-12-05" not in data["working_weekends"]
    # Another year on the calendar's next page; an unreadable year gives this year.
    assert client.get(reverse("calendar_days"), {"year": "2027"}).json()["days_off"]["2027-01-01"] == (
        "Tết Dương lịch"
    )
    assert client.get(reverse("calendar_days"), {"year": "20x6"}).json()["year"] == 2026


@pytest.mark.django_db
def test_the_calendar_is_for_signed_in_users_only(client):
    response = client.get(reverse("calendar_days"), {"year": "2026"})

    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
