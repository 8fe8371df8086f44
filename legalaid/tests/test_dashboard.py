from datetime import date

import pytest

from legalaid import dashboard, indicators
from legalaid.charts import Series, bar_chart, horizontal_bars
from legalaid.dashboard import SECTIONS, ChartSpec, Section, TileSpec, choose_period
from legalaid.indicators import MeasureUnit, Period


@pytest.fixture
def fake_indicators(monkeypatch):
    """Test-only figures: sessions 4 per month in 2025 and 3 in 2024; 2 in a commune."""
    # Only the foundation's own indicator and a test one: the figures are hand-counted.
    registry = {"legalaid.active_users": indicators.get("legalaid.active_users")}
    monkeypatch.setattr(indicators, "_registry", registry)
    monkeypatch.setattr(indicators, "_target_providers", [])
    monkeypatch.setattr(
        dashboard,
        "SECTIONS",
        [
            Section("Test", [TileSpec("test.sessions")]),
            Section("System", [TileSpec("legalaid.active_users")]),
        ],
    )
    monkeypatch.setattr(
        dashboard, "CHARTS", [ChartSpec("Sessions per month", "test.sessions", by_month=True)]
    )
    calls = []

    def sessions(period, scope, commune=None):
        calls.append((period, scope, commune))
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
        per_month = 4 if period.start.year == 2025 else 3
        return (2 if commune else per_month) * months

    indicators.register(
        "test.sessions",
        label="Sessions",
        unit=MeasureUnit.COUNT,
        filters=("commune",),
        link=lambda p, s, f: f"/truyen-thong/?year={p.start.year}&commune={f.get('commune', '')}",
    )(sessions)
    indicators.register_target_provider(lambda key, p, s, f: 60 if key == "test.sessions" else None)
    return calls


def test_the_period_selector_reads_every_kind():
    today = date(2026, 11, 22)
    assert choose_period({}, today).period == Period.year(2026)
    assert choose_period({"kind": "quarter", "year": "2025", "quarter": "2"}, today).period == Period.quarter(
        2025, 2
    )
    assert choose_period({"kind": "month", "year": "2025", "month": "2"}, today).period == Period.month(
        2025, 2
    )
    custom = choose_period({"kind": "custom", "start": "2025-03-01", "end": "2025-03-15"}, today)
    assert custom.period == Period(date(2025, 3, 1), date(2025, 3, 15))
    # nonsense falls back to the current year instead of failing
    assert choose_period({"kind": "custom", "start": "x"}, today).period == Period.year(2026)
    assert choose_period({"kind": "month", "month": "13"}, today).period == Period.month(2026, 11)


def test_the_statistical_year_follows_the_setting(settings):
    settings.STATISTICAL_YEAR_START = (11, 1)
    choice = choose_period({"kind": "statistical", "year": "2025"}, date(2026, 1, 1))
    assert choice.period == Period(date(2024, 11, 1), date(2025, 10, 31))
    assert "01/11/2024" in choice.label


def test_the_dashboard_shows_registered_figures_with_target_last_year_and_link(
    client, official, org, fake_indicators
):
    client.force_login(official)
    page = client.get(
        "/bang-dieu-hanh/", {"kind": "year", "year": "2025", "unit": org.centre.pk}
    ).content.decode()
    assert 'data-indicator="test.sessions"' in page
    assert ">48<" in page  # 12 months x 4
    assert "60" in page  # the plan's target
    assert "36" in page and "+33%" in page  # last year 12 x 3
    assert "/truyen-thong/?year=2025" in page

    assert "<svg" in page  # the sessions-per-month chart


def test_one_commune_shows_only_figures_that_can_be_cut_by_commune(client, official, org, fake_indicators):
    client.force_login(official)
    commune = org.communes[0]
    page = client.get("/bang-dieu-hanh/", {"year": "2025", "commune": commune.pk}).content.decode()
    assert ">24<" in page  # 12 x 2 in that commune
    assert 'data-indicator="legalaid.active_users"' not in page
    assert all(call[2] in (None, commune.pk) for call in fake_indicators)


def test_a_scope_outside_the_users_subtree_is_refused(client, branch_officer, director, org):
    client.force_login(director)
    assert client.get("/bang-dieu-hanh/", {"unit": org.doj.pk}).status_code == 404
    assert client.get("/bang-dieu-hanh/", {"unit": org.branch.pk}).status_code == 200


def test_only_directors_officials_and_administrators_open_the_dashboard_and_it_changes_nothing(
    client, everyone
):
    allowed = {"director", "official", "administrator"}
    for role, user in everyone.items():
        client.force_login(user)
        assert client.get("/bang-dieu-hanh/").status_code == (200 if role in allowed else 403), role
    client.force_login(everyone["official"])
    assert client.post("/bang-dieu-hanh/").status_code == 405


def test_the_dashboard_takes_a_fixed_number_of_queries_besides_the_figures(
    client, official, org, django_assert_max_num_queries
):
    client.force_login(official)
    indicators_only_foundation = {"legalaid.active_users": indicators.get("legalaid.active_users")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indicators, "_registry", indicators_only_foundation)
        with django_assert_max_num_queries(13):  # 12, and the header's unread count
            assert client.get("/bang-dieu-hanh/").status_code == 200


def test_a_tile_whose_indicator_no_app_registered_is_left_out(client, official, org, monkeypatch):
    monkeypatch.setattr(
        indicators, "_registry", {"legalaid.active_users": indicators.get("legalaid.active_users")}
    )
    monkeypatch.setattr(
        dashboard, "SECTIONS", [Section("X", [TileSpec("nobody.nothing"), TileSpec("legalaid.active_users")])]
    )
    client.force_login(official)
    page = client.get("/bang-dieu-hanh/").content.decode()
    assert 'data-indicator="legalaid.active_users"' in page
    assert "nobody.nothing" not in page


def test_every_tile_key_is_namespaced_by_its_app():
    keys = [tile.key for section in SECTIONS for tile in section.tiles]
    assert len(keys) == len(set(keys))
    assert [
        key
        for key in keys
        if key.split(".")[0] not in {"cases", "outreach", "staffing", "planning", "legalaid"}
    ] == []


def test_charts_are_svg_with_escaped_labels_and_a_bar_per_value():
    svg = bar_chart(["01/25", "02/25"], [Series("A & B", [1, 3]), Series("C", [2, 0])], title="<x>")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "&lt;x&gt;" in svg and "A &amp; B" in svg
    assert svg.count("<rect") == 4 + 2  # four bars and two legend keys
    rows = horizontal_bars([("Pháp luật hình sự", 5), ("Pháp luật dân sự", 2)], title="Lĩnh vực")
    assert "Pháp luật hình sự" in rows and rows.count("<rect") == 2
    with pytest.raises(ValueError):
        bar_chart(["a"], [Series("x", [1, 2])])


def test_the_dashboard_report_is_an_official_pdf_with_the_same_figures_and_charts(
    client, official, org, fake_indicators
):
    import io
    import unicodedata

    from pypdf import PdfReader

    client.force_login(official)
    response = client.get("/bang-dieu-hanh/bao-cao.pdf", {"year": "2025", "unit": org.centre.pk})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages)).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO" in text and "Năm 2025" in text
    assert "Sessions 48 60 36" in text  # figure, target, same period last year
    assert "01/2025" in text  # the chart's month labels are drawn into the PDF
