"""Bad input is refused with words, never stored and never a server error: the shared bounds of
``legalaid.validation`` and the 500s the review found (a 20-digit amount, ``1e400``, Arabic-Indic
digits in a citizen ID, ``?year=0`` on the case list, ``?nam=`` on the trainings, 0001-01-01)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.forms import IntakeForm, PaymentForm, WorkForm
from cases.models import Beneficiary, Case, Payment, QualityOutcome
from cases.tests.conftest import make_case, performers, second_assistant_user  # noqa: F401
from cases.tests.test_pages import intake_data
from legalaid.refusal import Refusal
from legalaid.validation import (
    BIRTH,
    DEADLINE,
    RECORD,
    CitizenIdField,
    check_amount,
    check_citizen_id,
    check_fits,
    citizen_id_problem,
    count_field,
    hours_field,
    money_field,
    query_choice,
    query_date,
    query_id,
    query_int,
    query_text,
)

ARABIC_INDIC = "١٢٣٤٥٦٧٨٩٠١٢"  # twelve digits that \d and str.isdigit() accept
FULL_WIDTH = "０２０１８０００１２３４"


def _field_errors(field, value):
    from django import forms

    form = type("F", (forms.Form,), {"x": field})({"x": value})
    form.is_valid()
    return form.errors.get("x")


# --- Citizen IDs ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [ARABIC_INDIC, FULL_WIDTH, "02018000123", "0201800012345", "02018000123a"])
def test_a_citizen_id_is_twelve_ascii_digits(value):
    assert citizen_id_problem(value)
    assert _field_errors(CitizenIdField(required=False), value)
    with pytest.raises(Refusal) as refused:
        check_citizen_id(value)
    assert refused.value.field == "citizen_id"


def test_a_citizen_id_typed_as_text_is_kept_as_typed_never_padded():
    assert _field_errors(CitizenIdField(), "20180001234")  # 11 digits: not padded to 12
    field = CitizenIdField()
    assert field.clean(" 020180001234 ") == "020180001234"
    assert citizen_id_problem("") == ""


def test_the_old_nine_digit_card_is_read_only_where_a_caller_allows_it():
    assert citizen_id_problem("123456789")
    assert citizen_id_problem("123456789", lengths=(9, 12)) == ""
    assert citizen_id_problem("١٢٣٤٥٦٧٨٩", lengths=(9, 12))


def test_the_citizen_id_message_names_the_field_in_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        message = str(_field_errors(CitizenIdField(), ARABIC_INDIC)[0])
    assert "CCCD" in message and "12" in message


# --- Numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["99999999999999999999", "1e400", "-1", "NaN", "Infinity", "１２３", "١٢٣", "1000000000000", "1.5"],
)
def test_an_amount_is_a_whole_number_of_at_most_twelve_digits(value):
    assert _field_errors(money_field("amount"), value)


def test_an_amount_within_bounds_is_read():
    assert money_field("amount").clean("999999999999") == Decimal("999999999999")


@pytest.mark.parametrize("value", ["25", "1e400", "-0.5", "NaN", "２"])
def test_hours_of_a_day_are_from_zero_to_twenty_four(value):
    assert _field_errors(hours_field("hours", max_value=24), value)
    assert hours_field("hours", max_value=24).clean("7.5") == Decimal("7.5")


@pytest.mark.parametrize("value", ["99999999999999999999", "1000001", "-1", "1e3", "١٢"])
def test_a_count_is_bounded(value):
    assert _field_errors(count_field("attendees"), value)
    assert count_field("attendees").clean("120") == 120


@pytest.mark.parametrize(
    "value", [Decimal("1e400"), "NaN", Decimal("-1"), Decimal("1000000000000"), "abc", None]
)
def test_a_service_refuses_an_amount_a_form_would_refuse(value):
    with pytest.raises(Refusal) as refused:
        check_amount(value)
    assert refused.value.field == "amount"


# --- Dates ------------------------------------------------------------------------------------


def test_dates_have_bounds_by_kind():
    today = timezone.localdate()
    assert BIRTH.problem(date(1899, 12, 31))
    assert BIRTH.problem(today + timedelta(days=1))
    assert BIRTH.problem(date(1950, 1, 1)) == ""
    assert RECORD.problem(date(1, 1, 1))
    assert RECORD.problem(date(9999, 12, 31))
    assert RECORD.problem(date(1999, 12, 31))
    assert RECORD.problem(today + timedelta(days=30)) == ""
    assert DEADLINE.problem(today + timedelta(days=3 * 365)) == ""
    assert DEADLINE.problem(date(9999, 12, 31))


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "31/02/2026", "1899-05-04"])
def test_the_intake_form_refuses_a_birth_date_out_of_bounds(org, value):
    form = IntakeForm(intake_data(org, date_of_birth=value))
    assert not form.is_valid() and "date_of_birth" in form.errors


# --- What fits the database -------------------------------------------------------------------


def test_a_value_that_does_not_fit_its_column_is_refused_with_the_field():
    with pytest.raises(Refusal) as refused:
        check_fits(Beneficiary, address="x" * 256)
    assert refused.value.field == "address"
    with pytest.raises(Refusal) as refused:
        check_fits(Beneficiary, full_name="Lan\x00")
    assert refused.value.field == "full_name"
    with pytest.raises(Refusal):
        check_fits(Payment, amount=Decimal("1e20"))
    check_fits(Beneficiary, address="Thôn Nà Cạn\nxã Mẫu Sơn", full_name="Hoàng Thị Lan")


# --- Query strings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["0", "10000", "abc", "", "١٢٣٤", "２０２５", "99999999999999999999999", "2025.0", " ", "1e3"]
)
def test_a_year_in_the_query_string_out_of_range_or_unparsable_gives_the_default(text):
    assert query_int(QueryDict(f"year={text}"), "year", default=7, min=2000, max=2100) == 7


def test_query_parsers_read_what_is_right():
    params = QueryDict("year=2025&day=2026-01-05&vn=05/01/2026&kind=mobile&q=Lan%00%1b&id=12")
    assert query_int(params, "year", default=None, min=2000, max=2100) == 2025
    assert query_date(params, "day") == date(2026, 1, 5)
    assert query_date(params, "vn") == date(2026, 1, 5)
    assert query_choice(params, "kind", ["desk", "mobile"]) == "mobile"
    assert query_choice(params, "kind", ["desk"], default="desk") == "desk"
    assert query_text(params, "q") == "Lan"
    assert query_id(params, "id") == 12


@pytest.mark.parametrize(
    "text", ["0001-01-01", "9999-12-31", "2026-02-31", "31/02/2026", "x", "２０２６-01-05"]
)
def test_a_date_in_the_query_string_out_of_range_gives_the_default(text):
    assert query_date(QueryDict(f"d={text}"), "d", default="none") == "none"


def test_an_id_in_the_query_string_is_a_positive_bigint():
    for text in ["0", "-1", "9223372036854775808", "١٢", "1.0"]:
        assert query_id(QueryDict(f"id={text}"), "id") is None


# --- The 500s the review found ----------------------------------------------------------------


@pytest.fixture
def payable_case(make_case, director, performers, second_assistant_user):  # noqa: F811
    case = make_case(Case.Status.ACCEPTED)
    case_services.case_appoint(case=case, by=director, performer=performers.lawyer)
    case_services.case_complete(case=case, by=director, outcome="favourable", summary="Thắng kiện")
    case_services.appraisal_assign(case=case, by=director, appraiser=second_assistant_user)
    case_services.appraisal_record(
        case=case,
        by=second_assistant_user,
        findings="Đạt",
        outcome=QualityOutcome.objects.get(scale="appraisal", code="dat"),
        criteria=case_services.applicable_criteria(case),
    )
    return case


@pytest.mark.parametrize("amount", [Decimal("99999999999999999999"), Decimal("1e400"), Decimal("NaN")])
def test_the_payment_service_refuses_an_amount_that_does_not_fit(payable_case, director, amount):
    with pytest.raises(Refusal) as refused:
        case_services.payment_record(
            case=payable_case,
            by=director,
            adjusted_amount=amount,
            adjustment_reason="Giám đốc duyệt theo tờ trình",
        )
    assert refused.value.field == "adjusted_amount"
    assert not Payment.objects.exists()


@pytest.mark.parametrize("paid_on", [date(1, 1, 1), date(9999, 12, 31), date(1999, 12, 31)])
def test_the_payment_service_refuses_a_date_out_of_bounds(payable_case, director, paid_on):
    with pytest.raises(Refusal) as refused:
        case_services.payment_record(
            case=payable_case,
            by=director,
            adjusted_amount=Decimal(500000),
            adjustment_reason="Giám đốc duyệt theo tờ trình",
            paid_on=paid_on,
        )
    assert refused.value.field == "paid_on"
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"adjusted_amount": "99999999999999999999"},
        {"adjusted_amount": "1e400"},
        {"adjusted_amount": "NaN"},
        {"adjusted_amount": "-1"},
        {"paid_on": "0001-01-01"},
        {"paid_on": "9999-12-31"},
    ],
)
def test_the_payment_page_answers_bad_input_with_a_message(payable_case, director, data):
    client = Client(raise_request_exception=False)
    client.force_login(director)
    posted = {
        "adjusted_amount": "1500000",
        "adjustment_reason": "Giám đốc duyệt",
        "paid_on": timezone.localdate().isoformat(),
        **data,
    }
    assert PaymentForm(posted).is_valid() is False
    response = client.post(reverse("cases:payment_add", args=[payable_case.pk]), posted)
    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_a_payment_within_bounds_is_recorded(payable_case, director):
    payment = case_services.payment_record(
        case=payable_case,
        by=director,
        adjusted_amount=Decimal("999999999999"),
        adjustment_reason="Giám đốc duyệt theo tờ trình",
    )
    assert payment.amount == Decimal("999999999999")


@pytest.mark.parametrize("citizen_id", [ARABIC_INDIC, FULL_WIDTH])
def test_intake_refuses_other_scripts_digits_in_a_citizen_id(client, org, intake_officer, citizen_id):
    client = Client(raise_request_exception=False)
    client.force_login(intake_officer)
    response = client.post(reverse("cases:intake"), intake_data(org, citizen_id=citizen_id))
    assert response.status_code == 200
    assert "citizen_id" in response.context["form"].errors
    assert not Case.objects.exists() and not Beneficiary.objects.exists()


def test_the_intake_service_refuses_what_its_form_would_refuse(org, intake_officer):
    from cases.tests.conftest import receive

    with pytest.raises(Refusal) as refused:
        receive(intake_officer, org.admin_department, citizen_id=ARABIC_INDIC)
    assert refused.value.field == "citizen_id"
    with pytest.raises(Refusal) as refused:
        receive(intake_officer, org.admin_department, name="Lan" * 100)
    assert refused.value.field == "full_name"
    with pytest.raises(Refusal) as refused:
        receive(intake_officer, org.admin_department, request_date=date(1, 1, 1))
    assert refused.value.field == "request_date"
    assert not Case.objects.exists() and not Beneficiary.objects.exists()


def test_a_work_entry_refuses_hours_out_of_bounds(make_case):  # noqa: F811
    case = make_case(Case.Status.ASSIGNED)
    for hours in ["25", "1e400", "NaN", "-1"]:
        form = WorkForm(
            {"day": timezone.localdate().isoformat(), "kind": "meeting", "hours": hours, "description": "x"},
            case=case,
            user=case.received_by,
        )
        assert not form.is_valid() and "hours" in form.errors


HOSTILE_QUERIES = [
    "year=0",
    "year=10000",
    "year=99999999999999999999",
    "year=١٢٣٤",
    "performer=99999999999999999999",
    "unit=99999999999999999999",
    "form=99999999999999999999",
    "category=99999999999999999999",
    "from=0001-01-01&to=9999-12-31",
    "from=31/02/2026",
    "q=%00",
    "q=١٢٣٤",
    "page=-1",
    "page=999999",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_the_case_list_and_its_export_answer_any_query_string(org, director, query):
    client = Client(raise_request_exception=False)
    client.force_login(director)
    assert client.get(f"{reverse('cases:index')}?{query}").status_code == 200
    assert client.get(f"{reverse('cases:export')}?{query}").status_code < 500
    assert client.get(f"{reverse('cases:person_lookup')}?{query}").status_code < 500


@pytest.mark.parametrize("query", ["nam=0", "nam=10000", "nam=abc", "nam=99999999999999999999", "nam=١٢"])
def test_the_trainings_and_outreach_pages_answer_any_year(org, director, query):
    client = Client(raise_request_exception=False)
    client.force_login(director)
    assert client.get(f"{reverse('staffing:trainings')}?{query}").status_code == 200
    for name in ("outreach:index", "outreach:session_list", "outreach:coverage", "outreach:place_list"):
        assert client.get(f"{reverse(name)}?{query}&q=%00&don-vi=99999999999999999999").status_code < 500


@pytest.mark.parametrize("query", ["performer=99999999999999999999", "start=0001-01-01", "end=9999-12-31"])
def test_the_payments_page_answers_any_query_string(org, director, query):
    client = Client(raise_request_exception=False)
    client.force_login(director)
    assert client.get(f"{reverse('cases:payments')}?{query}").status_code == 200


# --- Uploads ----------------------------------------------------------------------------------

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}


def _office(kind: str, parts: dict[str, bytes] | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/main.xml" ContentType="{CONTENT_TYPES[kind]}"/></Types>',
        )
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_office_file_is_known_by_its_declared_content_type_not_its_name():
    from legalaid.uploads import upload_problem

    assert upload_problem(_office("docx"), kinds=("docx",), name="ke-hoach.docx") == ("", "docx")
    problem, kind = upload_problem(_office("xlsx"), kinds=("docx",), name="ke-hoach.docx")
    assert kind == "" and "ke-hoach.docx" in problem
    assert upload_problem(b"%PDF-1.7 ...", kinds=("xlsx",), name="a.xlsx")[1] == ""
    assert upload_problem(b"%PDF-1.7 ...", kinds=("pdf", "png"), name="scan.png") == ("", "pdf")
    assert upload_problem(b"PK\x03\x04 not a zip", kinds=("xlsx",), name="a.xlsx")[1] == ""
    assert upload_problem(b"", kinds=("pdf",), name="rong.pdf")[0]


def test_a_zip_that_unpacks_too_large_is_refused_before_it_is_read(settings):
    from legalaid.uploads import check_upload

    settings.UPLOAD_MAX_UNCOMPRESSED_MB = 1
    bomb = _office("docx", {"word/document.xml": b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # small as sent
    with pytest.raises(Refusal) as refused:
        check_upload(bomb, kinds=("docx",), name="ke-hoach.docx")
    assert "ke-hoach.docx" in str(refused.value) and refused.value.field == "file"


def test_a_zip_with_too_many_parts_is_refused(settings):
    from legalaid.uploads import check_upload

    settings.UPLOAD_MAX_ZIP_ENTRIES = 10
    with pytest.raises(Refusal):
        check_upload(_office("xlsx", {f"xl/p{n}.xml": b"x" for n in range(20)}), kinds=("xlsx",))


def test_a_file_over_the_size_limit_is_refused(settings):
    from legalaid.uploads import upload_problem

    settings.UPLOAD_MAX_MB = 1
    assert upload_problem(b"%PDF-" + b"0" * (1024 * 1024), kinds=("pdf",), name="lon.pdf")[0]


def test_the_staff_import_refuses_a_bomb_and_names_a_damaged_workbook(settings, db):
    from staffing.importer import import_people

    settings.UPLOAD_MAX_UNCOMPRESSED_MB = 1
    with pytest.raises(Refusal) as refused:
        import_people(
            _office("xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (2 * 1024 * 1024)}), name="ctv.xlsx"
        )
    assert "ctv.xlsx" in str(refused.value)
    with pytest.raises(Refusal) as refused:  # the right type, a broken workbook inside
        import_people(_office("xlsx", {"xl/workbook.xml": b"<workbook"}), name="ctv.xlsx")
    assert "ctv.xlsx" in str(refused.value)


def test_the_import_command_refuses_a_renamed_file(tmp_path, db):
    from django.core.management import CommandError, call_command

    path = tmp_path / "ctv.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    with pytest.raises(CommandError, match="ctv.xlsx"):
        call_command("import_collaborators", str(path), "--dry-run")


def test_upload_forms_check_the_real_type():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.forms import PaperForm
    from staffing.forms import ImportUploadForm

    renamed = SimpleUploadedFile("ctv.xlsx", b"%PDF-1.4 hello")
    assert "file" in ImportUploadForm({}, {"file": renamed}).errors
    workbook = SimpleUploadedFile("ctv.xlsx", _office("xlsx"))
    assert "file" not in ImportUploadForm({}, {"file": workbook}).errors
    script = SimpleUploadedFile("scan.pdf", b"#!/bin/sh\nrm -rf /")
    assert "scan" in PaperForm({}, {"scan": script}).errors
