"""Ministry statistics forms as configurable pivots over the indicator registry."""

import io
import unicodedata

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from legalaid import indicators
from legalaid.indicators import MeasureUnit, Period
from legalaid.models import Job, StatisticsColumn, StatisticsRow, StatisticsTable
from legalaid.statistics import build_table, merge_filters

# Hand-counted people assisted: (field, form, sex, categories)
PEOPLE = [
    ("HS", "TGTT", "male", {"HN", "DTTS"}),
    ("HS", "TGTT", "female", {"TE"}),
    ("HS", "TVPL", "male", {"NCC"}),
    ("DS", "TVPL", "female", {"HN"}),
    ("DS", "TVPL", "female", {"7c"}),
    ("HNGD", "DDNTT", "female", {"7e"}),
]


def _any(value, actual):
    return actual in (value if isinstance(value, list) else [value])


def people_assisted(period, scope, field=None, form=None, sex=None, category=None, categories_all=None):
    return sum(
        1
        for f, m, s, cats in PEOPLE
        if (field is None or _any(field, f))
        and (form is None or _any(form, m))
        and (sex is None or _any(sex, s))
        and (category is None or cats & set(category if isinstance(category, list) else [category]))
        and (categories_all is None or set(categories_all) <= cats)
    )


@pytest.fixture
def form_24(db, monkeypatch):
    monkeypatch.setattr(indicators, "_registry", dict(indicators._registry))
    indicators.register(
        "test.people_assisted",
        label="People assisted",
        unit=MeasureUnit.PEOPLE,
        filters=("field", "form", "sex", "category", "categories_all"),
    )(people_assisted)
    table = StatisticsTable.objects.create(
        code="24-thu/BTP/TGPL",
        title="Số lượt người đã được trợ giúp pháp lý",
        indicator_key="test.people_assisted",
        unit_label="Lượt người",
    )
    rows = [
        ("", "Tổng số", {}, True),
        ("1", "Pháp luật hình sự", {"field": "HS"}, True),
        ("1.1", "Tư vấn pháp luật", {"field": "HS", "form": "TVPL"}, False),
        ("1.2", "Tham gia tố tụng", {"field": "HS", "form": "TGTT"}, False),
        ("2", "Pháp luật dân sự, hôn nhân gia đình", {"field": ["DS", "HNGD"]}, True),
        ("2.1", "Tư vấn pháp luật", {"field": ["DS", "HNGD"], "form": "TVPL"}, False),
    ]
    for position, (number, label, filters, emphasis) in enumerate(rows):
        StatisticsRow.objects.create(
            table=table, position=position, number=number, label=label, filters=filters, emphasis=emphasis
        )
    columns = [
        ("(1)", "Tổng số", "", {}),
        ("(2)", "Nam", "Giới tính", {"sex": "male"}),
        ("(3)", "Nữ", "Giới tính", {"sex": "female"}),
        ("(4)", "Người thuộc hộ nghèo", "Diện người được trợ giúp", {"category": "HN"}),
        (
            "(5)",
            "Vừa thuộc hộ nghèo, vừa là người DTTS",
            "Diện người được trợ giúp",
            {"categories_all": ["HN", "DTTS"]},
        ),
        ("(6)", "Pháp luật dân sự (cột thử)", "", {"field": "DS"}),
    ]
    for position, (number, label, group, filters) in enumerate(columns):
        StatisticsColumn.objects.create(
            table=table, position=position, number=number, label=label, group=group, filters=filters
        )
    return table


def test_filters_of_a_row_and_a_column_combine_and_contradictions_give_zero():
    assert merge_filters({"field": "HS"}, {"sex": "male"}) == {"field": "HS", "sex": "male"}
    assert merge_filters({"field": ["DS", "HNGD"]}, {"field": "DS"}) == {"field": "DS"}
    assert merge_filters({"field": ["DS", "HNGD"]}, {"field": ["HNGD", "DS", "HS"]}) == {
        "field": ["DS", "HNGD"]
    }
    assert merge_filters({"field": "HS"}, {"field": "DS"}) is None


def test_every_cell_is_the_indicator_with_the_rows_and_columns_filters(form_24):
    result = build_table(form_24, Period.year(2025), None)
    assert result.cells == [
        [6, 2, 4, 2, 1, 2],  # total
        [3, 2, 1, 1, 1, 0],  # criminal
        [1, 1, 0, 0, 0, 0],  # criminal, advice
        [2, 1, 1, 1, 1, 0],  # criminal, proceedings
        [3, 0, 3, 1, 0, 2],  # civil and family
        [2, 0, 2, 1, 0, 2],  # civil and family, advice
    ]
    assert [c["label"] for c in result.header_cells()] == [
        "Tổng số",
        "Giới tính",
        "Diện người được trợ giúp",
        "Pháp luật dân sự (cột thử)",
    ]
    assert [c["colspan"] for c in result.header_cells()] == [1, 2, 2, 1]


def test_a_filter_the_indicator_does_not_know_is_reported_clearly(form_24):
    StatisticsColumn.objects.create(table=form_24, position=99, label="Sai", filters={"colour": "red"})
    with pytest.raises(ValueError, match="colour"):
        build_table(form_24, Period.year(2025), None)


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages)).split())


@pytest.mark.django_db(transaction=True)
def test_an_official_fills_the_form_as_pdf_and_xlsx_in_the_background(client, form_24, official, org):
    client.force_login(official)
    page = client.get(
        "/bang-dieu-hanh/bieu-thong-ke/", {"year": "2025", "unit": org.centre.pk}
    ).content.decode()
    assert "24-thu/BTP/TGPL" in page
    for output in ("pdf", "xlsx"):
        response = client.post(
            f"/bang-dieu-hanh/bieu-thong-ke/{form_24.pk}/lap-bieu/",
            {"year": "2025", "unit": org.centre.pk, "output": output},
        )
        assert response.status_code == 302
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())
    pdf_job, xlsx_job = Job.objects.order_by("pk")
    assert (pdf_job.status, xlsx_job.status) == (Job.Status.DONE, Job.Status.DONE)
    assert pdf_job.total == 36

    text = _pdf_text(b"".join(client.get(f"/cong-viec-nen/{pdf_job.pk}/tai-ve/").streaming_content))
    assert "Biểu số: 24-thu/BTP/TGPL" in text
    assert "SỐ LƯỢT NGƯỜI ĐÃ ĐƯỢC TRỢ GIÚP PHÁP LÝ" in text
    assert "Đơn vị báo cáo: Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn" in text
    assert "Đơn vị nhận báo cáo: Sở Tư pháp tỉnh Lạng Sơn" in text
    assert "từ ngày 01/01/2025 đến ngày 31/12/2025".lower() in text.lower()
    assert "1.2 Tham gia tố tụng 2 1 1 1 1 0" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text

    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(f"/cong-viec-nen/{xlsx_job.pk}/tai-ve/").streaming_content))
    ).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["1.2", "Tham gia tố tụng", 2, 1, 1, 1, 1, 0] in values
    assert values[0] == ["Biểu số: 24-thu/BTP/TGPL"] + [None] * (len(values[0]) - 1)


def test_a_form_whose_indicator_is_not_registered_says_so(client, official, db, org):
    table = StatisticsTable.objects.create(code="99/X", title="Biểu thử", indicator_key="nobody.nothing")
    client.force_login(official)
    page = client.get("/bang-dieu-hanh/bieu-thong-ke/").content.decode()
    assert "nobody.nothing" in page
    assert f"/bieu-thong-ke/{table.pk}/lap-bieu/" not in page
    assert "/bieu-thong-ke/" in page and "24/BTP/TGPL" in page  # the seeded form, whose figure exists


def test_form_24_is_seeded_with_its_rows_by_field_and_form_and_its_eighteen_columns_and_two_added(db):
    table = StatisticsTable.objects.get(code="24/BTP/TGPL")
    rows = list(StatisticsRow.objects.filter(table=table).order_by("position"))
    assert [r.number for r in rows[:5]] == ["", "1", "1.1", "1.2", "1.3"]
    assert rows[1].label == "Pháp luật hình sự" and rows[1].filters == {"field": ["HS"]}
    assert rows[3].filters == {"field": ["HS"], "form": "TGTT"}
    columns = list(StatisticsColumn.objects.filter(table=table).order_by("position"))
    assert [c.number for c in columns] == [f"({n})" for n in range(1, 21)]
    assert columns[6].filters == {"categories_all": ["HN", "DTTS"]}
    # The 2024 amendments (legalaid 0009): khoản 5 read with the procedural role, 6a outside the
    # financial-hardship heading, the other khoản-5 roles in a column marked as added.
    assert columns[8].filters == {"category": ["BBT1618", "NCTN1618"], "role": "accused"}
    assert columns[14].filters == {"category": ["7dd", "NCTN1618"], "role": "victim"}
    assert (columns[16].filters, columns[16].group) == ({"category": "7g"}, "Người có khó khăn về tài chính")
    assert columns[18].filters == {"category": "MBN"} and "cột bổ sung" in columns[18].group
    other_roles = ["reported", "proposed", "detained", "witness", "diverted", "prisoner"]
    assert columns[19].filters["role"] == other_roles
    assert (table.counts, table.definition_verified) == ("completed", False)
    assert "CHƯA đối chiếu" in table.definition
