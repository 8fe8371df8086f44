"""Personal data: one rule for a sensitive case's categories and the person's contact data,
every showing of them logged, the directors' review of that log, the data-subject export and the
anonymisation of people whose cases closed before the retention period."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from cases import access, national_export, services
from cases.models import (
    Beneficiary,
    Case,
    CaseEvent,
    Complaint,
    MonthlyFigure,
    ProofPaper,
    SensitiveView,
    Survey,
)
from legalaid import indicators
from legalaid.models import CategoryProof

from .test_pages import pdf_text

S = Case.Status
MASK = "được bảo mật"
CITIZEN_ID = "020180001234"
ADDRESS = "Số 12 ngõ 5 đường Bà Triệu"
PHONE = "0912345678"


@pytest.fixture
def colleague(org):
    """An intake officer of the same department who did not receive the case."""
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _with_contact(case: Case) -> Case:
    person = case.beneficiary
    person.citizen_id, person.address, person.phone = CITIZEN_ID, ADDRESS, PHONE
    person.save()
    return Case.objects.get(pk=case.pk)


def _inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "cases_sensitiveview"')]


# --- 1. One rule ------------------------------------------------------------------------------


def test_contact_data_of_a_sensitive_case_is_masked_like_its_categories(
    client, make_case, director, intake_officer, colleague, assistant, official
):
    case = _with_contact(make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền"))
    ordinary = _with_contact(make_case(S.ASSIGNED, name="Vi Văn Tài"))
    for user, sees in [
        (director, True),
        (intake_officer, True),  # received it
        (assistant, True),  # performs it
        (colleague, False),
        (official, False),
    ]:
        client.force_login(user)
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "Mã Thị Hiền" in page  # the name is never masked
        for value in (CITIZEN_ID, ADDRESS, PHONE, "04/05/1980"):
            assert (value in page) is sees, (user, value)
        assert (MASK in page) is not sees, user
        contact = access.beneficiary_contact(
            user, Case.objects.select_related("unit", "performer").get(pk=case.pk)
        )
        assert contact["protected"] is not sees
        # A case of no sensitive category shows its contact data to everyone who sees it.
        page = client.get(reverse("cases:detail", args=[ordinary.pk])).content.decode()
        assert CITIZEN_ID in page and ADDRESS in page and PHONE in page, user


def test_the_register_and_the_national_export_mask_the_contact_data(
    client, make_case, director, colleague, administrator
):
    case = _with_contact(make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền"))
    year = case.accepted_on.year
    for user, sees in [(director, True), (colleague, False)]:
        client.force_login(user)
        response = client.get(reverse("cases:register_xlsx", args=[year]))
        cells = [
            str(c.value)
            for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
            for c in row
        ]
        assert any(ADDRESS in cell for cell in cells) is sees, user
    for user, sees in [(director, True), (administrator, False)]:
        row = Case.objects.select_related("unit", "centre", "performer", "beneficiary").get(pk=case.pk)
        national_export._attach([row], user)
        values = {c.key: c.value(row) for c in national_export.CASE_COLUMNS}
        with translation.override("vi"):
            assert (values["citizen_id"] == CITIZEN_ID) is sees
            assert (values["address"] == ADDRESS) is sees
            assert (values["date_of_birth"] == date(1980, 5, 4)) is sees
            if not sees:
                assert str(values["citizen_id"]) == MASK


def test_the_person_lookup_masks_the_contact_data_of_a_sensitive_case(
    client, make_case, intake_officer, colleague
):
    case = make_case(S.RECEIVED, category="7h", name="Mã Thị Hiền", citizen_id=CITIZEN_ID)
    for user, sees in [(intake_officer, True), (colleague, False)]:
        client.force_login(user)
        with translation.override("vi"):
            found = client.get(reverse("cases:person_lookup"), {"q": "ma thi"}).json()["results"]
        assert [r["id"] for r in found] == [case.beneficiary_id]
        assert (found[0]["citizen_id"] == CITIZEN_ID) is sees
        assert (found[0]["birth"] == "04/05/1980") is sees


def test_the_appointment_decision_is_not_served_outside_the_rule(client, make_case, director, colleague):
    case = make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền")
    decision = reverse("cases:appointment_pdf", args=[case.pk, case.appointments.get().pk])
    client.force_login(colleague)
    assert client.get(decision).status_code == 404
    client.force_login(director)
    assert client.get(decision).status_code == 200


# Where a beneficiary's contact data may be read, and why. Everything else shows it through
# cases.access.beneficiary_contact (or the year of birth only, a statistical field: ".year",
# '|date:"Y"' and the test "if b.date_of_birth else" before it).
CONTACT_READERS = {
    "cases/access.py": "the rule itself",
    "cases/services/privacy.py": "the data-subject export and the anonymisation",
    "cases/services/intake.py": "the intake service checks what the clerk typed",
    "cases/services/corrections.py": "a correction checks what was typed; refused where the rule hides it",
    "cases/eligibility.py": "categories against the age; masked where the rule hides it (protected=)",
    "cases/views/intake.py": "the intake form hands typed values to the service",
    "templates/cases/intake.html": "the intake form's own fields, and the people it matches",
    "templates/cases/pdf/_beneficiary.html": "served only where the rule shows (papers._paper_case)",
    "templates/cases/pdf/subject_export.html": "the person's own data, handed to them",
    "cases/services/parties.py": "conflict of interest: declared parties matched by citizen ID",
    "templates/cases/detail.html": "the declared parties' IDs, listed only where the rule shows (parties)",
}
CONTACT_READ = re.compile(
    r"(?:beneficiary|\bperson|\bb|\bp)\.(citizen_id|address|phone|date_of_birth)\b"
    r"(?!\.year|\|date:\"Y\"| else)"
)


def test_no_other_place_decides_who_sees_contact_data():
    root = Path(django_settings.BASE_DIR)
    sources = [
        *root.glob("cases/*.py"),
        *root.glob("cases/views/*.py"),
        *root.glob("cases/services/*.py"),
        *root.glob("templates/cases/**/*.html"),
    ]
    readers = {
        str(path.relative_to(root))
        for path in sources
        if CONTACT_READ.search(path.read_text(encoding="utf-8"))
    }
    assert readers <= set(CONTACT_READERS), readers - set(CONTACT_READERS)
    # The papers decide nothing themselves: every paper view goes through the one rule.
    papers = (root / "cases/views/papers.py").read_text(encoding="utf-8")
    # the case papers and the appointment decisions
    assert len(re.findall(r"(?<!def )_paper_case\(request", papers)) == 2
    assert "def _paper_case" in papers and "access.may_see_sensitive(request.user, case)" in papers
    # Only cases.access words the mask.
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if str(path.relative_to(root)) != "cases/access.py" and path.suffix == ".py":
            assert '_("protected")' not in text, path


# --- 2. Every view is logged ------------------------------------------------------------------


def test_the_case_page_logs_one_row_in_one_insert(client, make_case, director, colleague, org):
    case = make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền")
    ordinary = make_case(S.ASSIGNED)
    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert len(_inserts(queries)) == 1
    view = SensitiveView.objects.get()
    assert (view.user, view.case, view.beneficiary, view.kind, view.url_name, view.unit) == (
        director,
        case,
        case.beneficiary,
        SensitiveView.Kind.PAGE,
        "cases:detail",
        org.centre,
    )
    # Nothing is logged for a case of no sensitive category, nor for someone shown the mask.
    client.get(reverse("cases:detail", args=[ordinary.pk]))
    client.force_login(colleague)
    client.get(reverse("cases:detail", args=[case.pk]))
    assert SensitiveView.objects.count() == 1


def test_papers_scans_and_exports_are_logged(client, make_case, director, intake_officer, private_media):
    case = make_case(S.ASSIGNED, category="7h", name="Mã Thị Hiền")
    paper_type = CategoryProof.objects.filter(category__code="7h").first().document_type
    paper = ProofPaper.objects.filter(
        case=case, document_type=paper_type
    ).first() or services.proof_paper_add(
        case=case, by=intake_officer, document_type=paper_type, number="1/GCN", issued_on=date(2026, 1, 5)
    )
    paper.scan = SimpleUploadedFile("giay.pdf", b"%PDF-1.4 scan")
    paper.save()
    client.force_login(director)
    year = case.accepted_on.year
    for url, kind in [
        (reverse("cases:pdf", args=[case.pk, "phieu-hen"]), SensitiveView.Kind.PDF),
        (
            reverse("cases:appointment_pdf", args=[case.pk, case.appointments.get().pk]),
            SensitiveView.Kind.PDF,
        ),
        (reverse("cases:paper_scan", args=[case.pk, paper.pk]), SensitiveView.Kind.SCAN),
        (reverse("cases:register_pdf", args=[year]), SensitiveView.Kind.EXPORT),
        (reverse("cases:register_xlsx", args=[year]), SensitiveView.Kind.EXPORT),
        (reverse("cases:export"), SensitiveView.Kind.EXPORT),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        last = SensitiveView.objects.order_by("-pk").first()
        assert (last.kind, last.case_id, last.url_name) == (kind, case.pk, response.resolver_match.view_name)
    assert SensitiveView.objects.count() == 6


def test_an_export_logs_every_sensitive_row_in_one_insert(client, make_case, director):
    cases = [make_case(S.ACCEPTED, category="7h", name=f"Người {n}") for n in range(3)]
    make_case(S.ACCEPTED)  # not sensitive: not logged
    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:register_xlsx", args=[cases[0].accepted_on.year]))
    assert len(_inserts(queries)) == 1
    assert set(SensitiveView.objects.values_list("case_id", flat=True)) == {c.pk for c in cases}
    # The national export writes its rows in chunks: one insert per chunk.
    rows = list(
        national_export.national_cases(
            user=director, unit=cases[0].centre, start=cases[0].request_date, end=cases[0].request_date
        )
    )
    with CaptureQueriesContext(connection) as queries:
        national_export._attach(rows, director)
    assert len(_inserts(queries)) == 1
    assert SensitiveView.objects.filter(url_name="cases:national_export").count() == 3


# --- 3. The directors' review -----------------------------------------------------------------


def _log(user, case, at):
    SensitiveView.objects.create(
        user=user,
        unit=user.unit,
        case=case,
        beneficiary=case.beneficiary,
        kind="page",
        url_name="cases:detail",
        at=at,
    )


def test_a_director_reviews_the_views_of_their_subtree_only(
    client, make_case, director, intake_officer, assistant, branch_officer, org
):
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    case = make_case(S.ACCEPTED, category="7h", name="Mã Thị Hiền")
    branch_director = UserFactory(
        username="gdcn", full_name="Lò Văn Sáng", unit=org.branch, role=Role.DIRECTOR
    )
    now = timezone.now()
    for n in range(55):
        _log(assistant, case, now - timedelta(minutes=n))
    _log(intake_officer, case, now - timedelta(days=40))
    client.force_login(director)
    response = client.get(reverse("cases:sensitive_views"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 56 and len(page.object_list) == 50
    assert page.object_list[0].at == now  # newest first
    by_user = client.get(reverse("cases:sensitive_views"), {"user": intake_officer.pk}).context["page"]
    assert [v.user for v in by_user.object_list] == [intake_officer]
    period = {
        "from": (now - timedelta(days=41)).date().isoformat(),
        "to": (now - timedelta(days=39)).date().isoformat(),
    }
    assert client.get(reverse("cases:sensitive_views"), period).context["page"].paginator.count == 1
    number = client.get(reverse("cases:sensitive_views"), {"number": case.register_number}).context["page"]
    assert number.paginator.count == 56
    assert (
        client.get(reverse("cases:sensitive_views"), {"number": "999/2000/TL-X"})
        .context["page"]
        .paginator.count
        == 0
    )
    # The spreadsheet, through the one writer, with the same filter.
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("cases:sensitive_views_xlsx"), {"user": intake_officer.pk}).content)
    ).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "NHẬT KÝ TRUY CẬP DỮ LIỆU NHẠY CẢM" in cells and intake_officer.full_name in cells
    assert assistant.full_name not in cells
    # The cases page links it for directors only.
    assert reverse("cases:sensitive_views") in client.get(reverse("cases:index")).content.decode()
    # A director of a branch sees nothing of the centre's administrative department.
    client.force_login(branch_director)
    assert client.get(reverse("cases:sensitive_views")).context["page"].paginator.count == 0
    for user in (intake_officer, assistant, branch_officer):
        client.force_login(user)
        assert client.get(reverse("cases:sensitive_views")).status_code == 403, user
        assert client.get(reverse("cases:sensitive_views_xlsx")).status_code == 403, user
        assert reverse("cases:sensitive_views") not in client.get(reverse("cases:index")).content.decode()


# --- 4. The data-subject export ---------------------------------------------------------------


def test_the_subject_export_lists_everything_held_and_is_logged(
    client, make_case, director, intake_officer, branch_officer, assistant
):
    case = _with_contact(make_case(S.APPRAISED, category="7h", name="Mã Thị Hiền"))
    services.survey_record(
        case=case,
        by=intake_officer,
        scores={"attitude": 5, "responsibility": 4, "expertise": 5, "satisfaction": 5},
        comment="Rất tận tình",
    )
    url = reverse("cases:subject_export", args=[case.beneficiary_id])
    client.force_login(intake_officer)
    assert url in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "Mã Thị Hiền",
        CITIZEN_ID,
        ADDRESS,
        PHONE,
        "04/05/1980",
        case.register_number,
        "7h",
        "Lương Văn Đức",
        "Rất tận tình",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]:
        assert expected in text, expected
    log = SensitiveView.objects.get(kind=SensitiveView.Kind.SUBJECT_EXPORT)
    assert (log.user, log.beneficiary, log.case) == (intake_officer, case.beneficiary, None)
    # The director reviews it in the log of their subtree.
    client.force_login(director)
    assert log in client.get(reverse("cases:sensitive_views")).context["page"].object_list
    # Nobody else: a branch officer (another subtree), an assistant (not a receiving role).
    for user in (branch_officer, assistant):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user
        assert url not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert SensitiveView.objects.filter(kind=SensitiveView.Kind.SUBJECT_EXPORT).count() == 1


# --- 5. Retention anonymisation ---------------------------------------------------------------


def _figures(centre):
    year = indicators.Period.year(timezone.localdate().year)
    values = {
        indicator.key: indicators.compute(indicator.key, year, centre)
        for indicator in indicators.all_indicators()
        if indicator.key.startswith("cases.")
    }
    monthly = list(MonthlyFigure.objects.order_by("pk").values_list())
    return values, monthly


def test_anonymisation_forgets_the_person_and_keeps_every_figure(
    make_case, intake_officer, director, org, private_media, settings
):
    settings.CASE_RETENTION_YEARS = 10
    closed = _with_contact(make_case(S.REFUSED, name="Mã Thị Hiền", citizen_id=""))
    Case.objects.filter(pk=closed.pk).update(requester_name="Mã Văn Cha", requester_phone="0987654321")
    done = make_case(S.APPRAISED, name="Vi Văn Tài")
    paper = done.papers.first()
    paper.scan = SimpleUploadedFile("giay.pdf", b"%PDF-1.4 scan")
    paper.save()
    scan_path = Path(paper.scan.path)
    open_case = make_case(S.ASSIGNED, name="Lành Thị Nga")  # still open: kept
    services.survey_record(
        case=done,
        by=intake_officer,
        scores={"attitude": 5, "responsibility": 4, "expertise": 5, "satisfaction": 5},
        comment="Anh Tài ở xóm Bản Chắt rất hài lòng",
    )
    services.complaint_record(
        by=intake_officer,
        unit=org.admin_department,
        received_on=timezone.localdate(),
        caller="Mã Văn Cha",
        channel=Complaint.Channel.choices[0][0],
        topic=Complaint.Topic.choices[0][0],
        content="Con gái tôi Mã Thị Hiền chưa được trả lời",
        phone="0987654321",
        case=closed,
    )
    before = _figures(org.centre)
    eleven_years_on = datetime.combine(
        timezone.localdate() + timedelta(days=11 * 366), datetime.min.time()
    ).replace(hour=10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(eleven_years_on, tick=False):
        dry = services.anonymise_closed_cases(before=services.retention_cutoff(), dry_run=True)
        assert (dry.people, dry.cases, dry.files) == (2, 2, 1)
        assert Beneficiary.objects.filter(anonymised_on__isnull=False).count() == 0
        out = io.StringIO()
        with translation.override("vi"):
            call_command("anonymise_closed_cases", stdout=out)
        assert "2" in out.getvalue() and "ẩn danh" in out.getvalue().lower()
        again = io.StringIO()
        call_command("anonymise_closed_cases", "--json", stdout=again)
        assert json.loads(again.getvalue())["people"] == 0  # a second run changes nothing
    assert _figures(org.centre) == before

    person = Beneficiary.objects.get(pk=closed.beneficiary_id)
    assert person.full_name == f"Đã ẩn danh #{person.pk}"
    assert (person.citizen_id, person.address, person.phone) == ("", "", "")
    assert person.date_of_birth == date(1980, 7, 1) and person.anonymised_on is not None
    assert person.sex == "female"
    case = Case.objects.get(pk=closed.pk)
    assert (case.requester_name, case.requester_phone) == ("", "")
    assert "Tranh chấp" not in case.description
    assert case.status == S.REFUSED and case.refusal_reason == Case.RefusalReason.BUSINESS
    assert not scan_path.exists() and not ProofPaper.objects.get(pk=paper.pk).scan
    # simple-history kept the old values: scrubbed too.
    for text in ("Mã Thị Hiền", "mã thị hiền", CITIZEN_ID, ADDRESS, PHONE):
        assert not Beneficiary.history.filter(id=person.pk).filter(full_name__icontains=text).exists()
        assert not Beneficiary.history.filter(id=person.pk, citizen_id=text).exists()
        assert not Beneficiary.history.filter(id=person.pk, address=text).exists()
    assert not Beneficiary.history.filter(id=person.pk, date_of_birth=date(1980, 5, 4)).exists()
    assert not Case.history.filter(id=case.pk, requester_name="Mã Văn Cha").exists()
    assert not Case.history.filter(id=case.pk, description__contains="Tranh chấp").exists()
    assert not ProofPaper.history.filter(id=paper.pk).exclude(scan="").exists()
    # The free text kept beside the cases, and its history, too.
    for model, lookup, text in [
        (Survey, "comment__contains", "xóm Bản Chắt"),
        (Complaint, "content__contains", "Mã Thị Hiền"),
        (Complaint, "caller", "Mã Văn Cha"),
        (Complaint, "phone", "0987654321"),
    ]:
        assert not model.objects.filter(case__in=[case, done], **{lookup: text}).exists()
        assert not model.history.filter(case_id__in=[case.pk, done.pk], **{lookup: text}).exists()
    assert not CaseEvent.objects.filter(case__in=[case, done]).exclude(note="").exists()
    assert Complaint.objects.filter(case=case).count() == 1  # still counted
    # The change is recorded with its reason.
    latest = Beneficiary.history.filter(id=person.pk).latest("history_date")
    assert "thời hạn lưu trữ" in latest.history_change_reason
    # The open case's person is untouched.
    assert Beneficiary.objects.get(pk=open_case.beneficiary_id).full_name == "Lành Thị Nga"


def test_a_person_with_an_open_or_recent_case_is_kept(make_case, director, intake_officer, performers):
    old = make_case(S.REFUSED, name="Mã Thị Hiền")
    # The same person asks again: the new case is open.
    from .conftest import reference

    form, field, category = reference()
    services.case_receive(
        by=intake_officer,
        unit=old.unit,
        request_date=timezone.localdate(),
        categories=[category],
        form=form,
        field=field,
        description="Yêu cầu mới",
        beneficiary=old.beneficiary,
    )
    later = timezone.localdate() + timedelta(days=11 * 366)
    assert services.anonymise_closed_cases(before=later).people == 0
    assert Beneficiary.objects.get(pk=old.beneficiary_id).full_name == "Mã Thị Hiền"


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("anonymise_closed_cases", "--before", "31/12/2016")


def test_the_retention_period_is_a_setting(settings):
    settings.CASE_RETENTION_YEARS = 7
    assert services.retention_cutoff(date(2026, 3, 1)) == date(2019, 3, 1)
    settings.CASE_RETENTION_YEARS = None
    assert services.retention_years() == 10
