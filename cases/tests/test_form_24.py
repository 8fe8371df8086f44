"""Biểu 24/BTP/TGPL counts what the form defines: every cell of the seeded form over a hand-made
set of cases, each built through the services to fall just inside or just outside a column or
the period; and the procedural role that the 2026 categories need, refused at intake without a
fitting one, whoever calls the service.

The period runs from 01/10/2025 to 31/03/2026, across the amendments: the old khoản 5 and point
7đ end on 31/12/2025, point 7g on 30/06/2025; khoản 6a starts on 01/07/2025, the new khoản 5 on
01/01/2026. The form counts the cases completed in the period (``StatisticsTable.counts``).
"""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, date, datetime
from typing import NamedTuple

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cases import services
from cases.eligibility import CONTRADICTED, ROLE_UNFIT
from cases.models import Case
from legalaid import documents
from legalaid.indicators import Period, compute
from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField, StatisticsTable
from legalaid.refusal import Refusal
from legalaid.statistics import build_table, table_xlsx
from staffing.models import Ethnicity

pytestmark = pytest.mark.django_db

S = Case.Status
R = Case.ProceduralRole
PERIOD = Period(date(2025, 10, 1), date(2026, 3, 31))
ADULT = date(1985, 7, 7)
KINH, TAY = "01", "02"


@pytest.fixture
def december(time_machine):
    time_machine.move_to(datetime(2026, 12, 7, 3, 0, tzinfo=UTC))


class Made(NamedTuple):
    """A case of the set: received, accepted and appointed on ``on``, then ``then`` on ``until``."""

    form: str
    field: str
    sex: str
    categories: list[str]
    on: date
    then: str  # complete, terminate, assigned (appointed, still being performed), accepted, refuse, refer
    until: date | None = None
    role: str = ""
    born: date = ADULT
    ethnicity: str | None = None


CASES = {
    # Completed inside the period: each lands in the column of its category (and role).
    "A1 accused 16-18, old khoản 5, first day": Made(
        "TGTT",
        "HS",
        "male",
        ["BBT1618"],
        date(2025, 9, 10),
        "complete",
        date(2025, 10, 1),
        R.ACCUSED,
        date(2008, 4, 4),
    ),
    "A2 accused, new khoản 5, 16 on the request date, last day": Made(
        "TGTT",
        "HS",
        "male",
        ["NCTN1618"],
        date(2026, 1, 15),
        "complete",
        date(2026, 3, 31),
        R.ACCUSED,
        date(2010, 1, 15),
    ),
    "A3 child the day before the 16th birthday": Made(
        "TGTT",
        "HS",
        "female",
        ["TE"],
        date(2026, 1, 15),
        "complete",
        date(2026, 2, 10),
        born=date(2010, 1, 16),
    ),
    "A4 victim, new khoản 5": Made(
        "TGTT",
        "HS",
        "female",
        ["NCTN1618"],
        date(2026, 1, 20),
        "complete",
        date(2026, 3, 1),
        R.VICTIM,
        date(2009, 5, 5),
    ),
    "A5 victim, point 7đ": Made(
        "TGTT",
        "HS",
        "female",
        ["7dd"],
        date(2025, 8, 1),
        "complete",
        date(2025, 11, 20),
        R.VICTIM,
        date(2008, 3, 3),
    ),
    "A6 witness, new khoản 5": Made(
        "TGTT",
        "HS",
        "male",
        ["NCTN1618"],
        date(2026, 2, 2),
        "complete",
        date(2026, 3, 15),
        R.WITNESS,
        date(2009, 6, 6),
    ),
    "A7 prisoner, new khoản 5": Made(
        "TGTT",
        "HS",
        "male",
        ["NCTN1618"],
        date(2026, 1, 5),
        "complete",
        date(2026, 2, 20),
        R.PRISONER,
        date(2008, 9, 9),
    ),
    "A8 accused of a near-poor household": Made(
        "TGTT", "HS", "male", ["BBTCN"], date(2025, 9, 1), "complete", date(2025, 12, 12), R.ACCUSED
    ),
    "A9 trafficking victim, khoản 6a": Made(
        "TVPL", "HS", "female", ["MBN"], date(2025, 8, 15), "complete", date(2025, 10, 20)
    ),
    "A10 trafficking victim, point 7g": Made(
        "DDNTT", "HNGD", "female", ["7g"], date(2025, 6, 10), "complete", date(2025, 10, 5)
    ),
    "A11 poor household, Kinh": Made(
        "TVPL", "DS", "male", ["HN"], date(2025, 12, 1), "complete", date(2025, 12, 2), ethnicity=KINH
    ),
    "A12 poor household and ethnic minority": Made(
        "TVPL",
        "DS",
        "female",
        ["HN", "DTTS"],
        date(2026, 1, 10),
        "complete",
        date(2026, 1, 12),
        ethnicity=TAY,
    ),
    "A13 poor household, Tày but not in the minority category": Made(
        "TVPL", "DD", "male", ["HN"], date(2025, 10, 10), "complete", date(2025, 10, 11), ethnicity=TAY
    ),
    "A14 elderly": Made(
        "TVPL", "LD", "female", ["7c"], date(2026, 1, 5), "complete", date(2026, 1, 6), born=date(1960, 1, 1)
    ),
    "A15 disability": Made("DDNTT", "LD", "male", ["7d"], date(2026, 2, 1), "complete", date(2026, 3, 10)),
    "A16 domestic violence": Made(
        "TGTT", "HC", "female", ["7e"], date(2025, 10, 1), "complete", date(2025, 11, 11)
    ),
    "A17 merit": Made("TVPL", "UD", "male", ["NCC"], date(2025, 10, 1), "complete", date(2025, 10, 15)),
    "A18 fallen soldier's family": Made(
        "TVPL", "UD", "female", ["7a"], date(2026, 1, 10), "complete", date(2026, 2, 2)
    ),
    "A19 Agent Orange": Made(
        "TVPL", "KHAC", "male", ["7b"], date(2025, 12, 1), "complete", date(2025, 12, 31)
    ),
    "A20 HIV": Made("DDNTT", "KHAC", "female", ["7h"], date(2026, 3, 1), "complete", date(2026, 3, 20)),
    "A21 poor household, last day": Made(
        "TGTT", "HNGD", "female", ["HN"], date(2026, 3, 1), "complete", date(2026, 3, 31)
    ),
    "A22 elderly on her 60th birthday": Made(
        "TVPL",
        "DD",
        "female",
        ["7c"],
        date(2026, 1, 15),
        "complete",
        date(2026, 1, 20),
        born=date(1966, 1, 15),
    ),
    # Outside: completed a day early or late, never performed, refused, referred, still going.
    "X1 completed the day before the period": Made(
        "TGTT",
        "HS",
        "male",
        ["BBT1618"],
        date(2025, 9, 1),
        "complete",
        date(2025, 9, 30),
        R.ACCUSED,
        date(2008, 1, 1),
    ),
    "X2 completed the day after the period": Made(
        "TVPL", "DS", "female", ["HN"], date(2026, 3, 20), "complete", date(2026, 4, 1)
    ),
    "X3 not continued after appointment": Made(
        "TGTT",
        "HS",
        "male",
        ["NCTN1618"],
        date(2026, 2, 1),
        "terminate",
        date(2026, 3, 1),
        R.ACCUSED,
        date(2009, 2, 2),
    ),
    "X4 accepted, never appointed": Made("TGTT", "DS", "female", ["HN"], date(2026, 1, 10), "accepted"),
    "X5 refused": Made("TVPL", "HNGD", "female", ["HN"], date(2025, 11, 1), "refuse", date(2025, 11, 1)),
    "X6 referred": Made("TVPL", "DD", "male", ["HN"], date(2026, 2, 1), "refer"),
    "X7 being performed at the period's end": Made(
        "TGTT", "LD", "male", ["HN"], date(2026, 3, 1), "assigned"
    ),
    "X8 victim 7đ, completed after the period": Made(
        "TGTT",
        "HS",
        "female",
        ["7dd"],
        date(2025, 9, 1),
        "complete",
        date(2026, 5, 5),
        R.VICTIM,
        date(2008, 6, 6),
    ),
}

# Columns: (1) total, (2) men, (3) women, (4) merit, (5) poor household, (6) ethnic minority,
# (7) both, (8) child, (9) accused 16-18, (10) accused near-poor; hardship: (11) 7a, (12) 7b,
# (13) elderly, (14) disability, (15) victim 16-18, (16) domestic violence, (17) trafficking 7g,
# (18) HIV; added: (19) trafficking 6a, (20) the other roles of the new khoản 5.
EXPECTED = {
    "": [22, 10, 12, 1, 4, 1, 1, 1, 2, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 2],
    "1": [9, 5, 4, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 2, 0, 0, 0, 1, 2],
    "1.1": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
    "1.2": [8, 5, 3, 0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2],
    "1.3": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "2": [4, 1, 3, 0, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    "2.1": [2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "2.2": [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "2.3": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    "3": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    "3.1": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "3.2": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    "3.3": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "4": [2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    "4.1": [2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    "4.2": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "4.3": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "5": [2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0],
    "5.1": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    "5.2": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "5.3": [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    "6": [2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "6.1": [2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "6.2": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "6.3": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "7": [2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0],
    "7.1": [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    "7.2": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "7.3": [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
}


def receive(by, unit, made: Made, *, role: str | None = None, born: date | None = None, reason: str = ""):
    return services.case_receive(
        by=by,
        unit=unit,
        request_date=made.on,
        categories=list(BeneficiaryCategory.objects.filter(code__in=made.categories)),
        form=LegalAidForm.objects.get(code=made.form),
        field=LegalField.objects.get(code=made.field),
        description="Vụ việc dựng cho Biểu 24",
        procedural_role=made.role if role is None else role,
        new_beneficiary=services.BeneficiaryData(
            full_name=f"Lò Văn {made.categories[0]} {made.on:%d%m%Y}",
            sex=made.sex,
            date_of_birth=made.born if born is None else born,
            ethnicity_id=Ethnicity.objects.get(code=made.ethnicity).pk if made.ethnicity else None,
        ),
        allow_duplicate=True,
        category_override_reason=reason,
    )


def build(made: Made, *, director, intake, performer, unit) -> Case:
    case = receive(intake, unit, made)
    if made.then == "refuse":
        return services.case_refuse(
            case=case, by=director, reason=Case.RefusalReason.BUSINESS, refused_on=made.until
        )
    if made.then == "refer":
        return services.case_refer(case=case, by=intake, referred_to_text="Văn phòng luật sư")
    for group in services.papers_checklist(case):
        proof = CategoryProof.objects.filter(category=group.category, group=group.group).first()
        services.proof_paper_add(
            case=case, by=intake, document_type=proof.document_type, number="01/GT", issued_on=made.on
        )
    case = services.case_accept(case=case, by=intake, accepted_on=made.on)
    if made.then == "accepted":
        return case
    services.case_appoint(case=case, by=director, performer=performer, decided_on=made.on)
    case.refresh_from_db()
    if made.then == "terminate":
        return services.case_terminate(
            case=case, by=director, reason="Người yêu cầu rút yêu cầu", terminated_on=made.until
        )
    if made.then == "assigned":
        return case
    return services.case_complete(
        case=case,
        by=director,
        outcome=Case.Outcome.FAVOURABLE,
        summary="Đã thực hiện",
        completed_on=made.until,
    )


@pytest.fixture
def the_set(december, org, director, intake_officer, performers):
    made = {
        key: build(
            spec,
            director=director,
            intake=intake_officer,
            performer=performers.assistant,
            unit=org.admin_department,
        )
        for key, spec in CASES.items()
    }
    assert {key: case.status for key, case in made.items() if not key.startswith("A")} == {
        "X1 completed the day before the period": S.COMPLETED,
        "X2 completed the day after the period": S.COMPLETED,
        "X3 not continued after appointment": S.TERMINATED,
        "X4 accepted, never appointed": S.ACCEPTED,
        "X5 refused": S.REFUSED,
        "X6 referred": S.REFERRED,
        "X7 being performed at the period's end": S.ASSIGNED,
        "X8 victim 7đ, completed after the period": S.COMPLETED,
    }
    return made


def form_24() -> StatisticsTable:
    return StatisticsTable.objects.get(code="24/BTP/TGPL")


def test_every_cell_of_form_24_counts_the_cases_completed_in_the_period_by_category_and_role(the_set, org):
    result = build_table(form_24(), PERIOD, org.centre)
    assert [c.number for c in result.columns] == [f"({n})" for n in range(1, 21)]
    assert {row.number: [int(v) for v in cells] for row, cells in result.lines()} == EXPECTED
    # The same over the whole register (no scope), and over the branch, which holds none of them.
    assert build_table(form_24(), PERIOD, None).cells == result.cells
    assert all(v == 0 for line in build_table(form_24(), PERIOD, org.branch).cells for v in line)


def test_group_rows_add_up_their_forms_the_total_row_the_groups_and_men_and_women_the_total(the_set, org):
    lines = {row.number: cells for row, cells in build_table(form_24(), PERIOD, org.centre).lines()}
    groups = [number for number in lines if number and "." not in number]
    assert groups == ["1", "2", "3", "4", "5", "6", "7"]
    for group in groups:
        forms = [lines[f"{group}.{n}"] for n in (1, 2, 3)]
        assert lines[group] == [sum(column) for column in zip(*forms, strict=True)], group
    assert lines[""] == [sum(column) for column in zip(*(lines[g] for g in groups), strict=True)]
    for cells in lines.values():
        assert cells[1] + cells[2] == cells[0]  # every sex is known


def test_the_statistics_page_says_what_form_24_counts_and_that_the_reading_is_unverified(client, official):
    client.force_login(official)
    page = client.get(reverse("dashboard:statistics")).content.decode()
    assert "Số liệu tính: vụ việc hoàn thành trong kỳ." in page
    assert "Cách tính này chưa được đối chiếu với hướng dẫn của Bộ Tư pháp." in page
    StatisticsTable.objects.filter(code="24/BTP/TGPL").update(definition_verified=True)
    assert "chưa được đối chiếu" not in client.get(reverse("dashboard:statistics")).content.decode()


def test_the_form_can_be_set_to_count_cases_in_progress_at_the_end_or_accepted_in_the_period(the_set, org):
    table = form_24()
    table.counts = StatisticsTable.Counts.IN_PROGRESS
    # X2 (completed the day after), X7 (still being performed), X8 (completed in May): appointed
    # by 31/03/2026 and neither completed nor closed by then. X3 stopped on 01/03, X4 never had a
    # performer.
    assert build_table(table, PERIOD, org.centre).cells[0][:3] == [3, 1, 2]
    table.counts = StatisticsTable.Counts.ACCEPTED
    accepted = [
        k
        for k, m in CASES.items()
        if m.then not in ("refuse", "refer") and PERIOD.start <= m.on <= PERIOD.end
    ]
    assert build_table(table, PERIOD, org.centre).cells[0][0] == len(accepted) == 21
    assert compute("cases.people_assisted", PERIOD, org.centre, counts="accepted") == 21
    assert compute("cases.people_assisted", PERIOD, org.centre) == 22  # completed, by default


def test_the_role_filter_counts_live_and_by_any_of_several_roles(the_set, org):
    assert compute("cases.completed", PERIOD, org.centre, role=R.ACCUSED) == 3  # A1, A2, A8
    assert compute("cases.completed", PERIOD, org.centre, role=[R.WITNESS, R.PRISONER]) == 2
    assert compute("cases.accepted", PERIOD, org.centre, category="NCTN1618", role=R.VICTIM) == 1


def test_the_pdf_and_the_spreadsheet_of_form_24_carry_the_twenty_columns(the_set, org):
    result = build_table(form_24(), PERIOD, org.centre)
    sheet = load_workbook(io.BytesIO(table_xlsx(result, title_lines=["Biểu số: 24/BTP/TGPL"]))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["1.2", "Tham gia tố tụng", *EXPECTED["1.2"]] in values
    assert any("cột bổ sung" in str(cell) for row in values for cell in row)

    pdf = documents.render_pdf(
        "legalaid/pdf/statistics.html",
        {
            "result": result,
            "period_label": "01/10/2025 - 31/03/2026",
            "reporting_unit": org.centre.name,
            "receiving_unit": "Sở Tư pháp",
            "date_line": documents.vietnamese_date_line("Lạng Sơn", date(2026, 4, 5)),
        },
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages)).split())
    assert "(20)" in text and "khoản 6a" in text
    assert "1.2 Tham gia tố tụng 8 5 3 0 0 0 0 1 2 1 0 0 0 0 2 0 0 0 0 2" in text


# --- The procedural role at intake -----------------------------------------------------------


def refusal(intake_officer, org, made: Made, **kwargs) -> Refusal:
    with pytest.raises(Refusal) as refused:
        receive(intake_officer, org.admin_department, made, **kwargs)
    return refused.value


@pytest.mark.parametrize(
    ("code", "on", "role", "fits"),
    [
        ("NCTN1618", date(2026, 1, 2), "", False),
        *[("NCTN1618", date(2026, 1, 2), role, True) for role in R.values if role != R.PARTY],
        ("NCTN1618", date(2026, 1, 2), R.PARTY, False),
        ("BBT1618", date(2025, 12, 31), R.ACCUSED, True),
        ("BBT1618", date(2025, 12, 31), R.VICTIM, False),
        ("BBT1618", date(2025, 12, 31), "", False),
        ("7dd", date(2025, 12, 31), R.VICTIM, True),
        ("7dd", date(2025, 12, 31), R.ACCUSED, False),
        ("BBTCN", date(2026, 1, 2), R.ACCUSED, True),
        ("BBTCN", date(2026, 1, 2), R.WITNESS, False),
        ("HN", date(2026, 1, 2), "", True),
        ("HN", date(2026, 1, 2), R.PARTY, True),
    ],
)
def test_a_category_that_names_procedural_roles_is_refused_without_a_fitting_one(
    december, org, intake_officer, code, on, role, fits
):
    made = Made("TGTT", "HS", "male", [code], on, "accepted", role=role, born=date(2009, 1, 1))
    if fits:
        case = receive(intake_officer, org.admin_department, made)
        assert case.procedural_role == role
        return
    refused = refusal(intake_officer, org, made)
    assert (refused.field, refused.code) == ("procedural_role", ROLE_UNFIT)
    assert "tư cách tham gia tố tụng" in refused.message
    assert not Case.objects.exists()


def test_no_override_reason_lets_a_wrong_role_through_and_an_unknown_role_is_refused(
    december, org, intake_officer
):
    made = Made("TGTT", "HS", "male", ["NCTN1618"], date(2026, 1, 2), "accepted", born=date(2009, 1, 1))
    refused = refusal(intake_officer, org, made, role=R.PARTY, reason="Giấy tờ tố tụng ghi như vậy")
    assert refused.code == ROLE_UNFIT and "“đương sự" in refused.message
    assert refusal(intake_officer, org, made, role="judge").field == "procedural_role"


def test_the_16th_birthday_opens_khoan_5_and_the_day_before_only_the_child_category(
    december, org, intake_officer
):
    on = date(2026, 1, 15)
    accused = Made("TGTT", "HS", "male", ["NCTN1618"], on, "accepted", role=R.ACCUSED)
    assert refusal(intake_officer, org, accused, born=date(2010, 1, 16)).code == CONTRADICTED
    assert receive(intake_officer, org.admin_department, accused, born=date(2010, 1, 15)).pk
    child = Made("TGTT", "HS", "male", ["TE"], on, "accepted", born=date(2010, 1, 16))
    assert receive(intake_officer, org.admin_department, child).pk


def test_the_intake_page_asks_for_the_role_and_the_case_page_shows_it(client, december, org, intake_officer):
    client.force_login(intake_officer)
    page = client.get(reverse("cases:intake")).content.decode()
    assert 'name="procedural_role"' in page and "Người bị kiến nghị khởi tố" in page
    made = Made(
        "TGTT",
        "HS",
        "female",
        ["NCTN1618"],
        date(2026, 2, 2),
        "accepted",
        role=R.WITNESS,
        born=date(2009, 6, 6),
    )
    case = receive(intake_officer, org.admin_department, made)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Tư cách tham gia tố tụng" in page or "tư cách tham gia tố tụng" in page
    assert "Người làm chứng" in page


def test_check_records_lists_a_case_whose_role_does_not_fit_its_category(december, org, intake_officer):
    made = Made(
        "TGTT",
        "HS",
        "male",
        ["NCTN1618"],
        date(2026, 1, 2),
        "accepted",
        role=R.ACCUSED,
        born=date(2009, 1, 1),
    )
    case = receive(intake_officer, org.admin_department, made)
    out = io.StringIO()
    call_command("check_records", stdout=out)
    Case.objects.filter(pk=case.pk).update(procedural_role=R.PARTY)  # as an old import might write
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("check_records", stdout=out)
    assert exit.value.code == 1
    assert reverse("cases:detail", args=[case.pk]) in out.getvalue()
    assert "“đương sự, người có quyền lợi, nghĩa vụ liên quan”" in out.getvalue()


def test_a_table_asking_an_indicator_that_cannot_say_what_it_counts_is_reported_clearly(db):
    table = StatisticsTable.objects.create(
        code="99/THU",
        title="Biểu thử",
        indicator_key="cases.accepted",
        counts=StatisticsTable.Counts.COMPLETED,
    )
    with pytest.raises(ValueError, match="does not say what it counts"):
        build_table(table, PERIOD, None)
