"""The dashboard's periods (the default year, quarter and statistical year, the edges between
periods, with a frozen clock) and its query budgets."""

from __future__ import annotations

from datetime import date

from legalaid import indicators
from legalaid.tests.dashboard_reading import screen_tiles, xlsx_rows
from legalaid.tests.dashboard_world import (
    TODAY,
    YEAR,
    on,
    world_fixture,  # noqa: F401 (the fixture "world")
)

# --- Period edges, with a frozen clock ---------------------------------------------------------


def _received_on(org, director, *days: date) -> None:
    from cases import services as case_services
    from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField

    poor = BeneficiaryCategory.objects.get(code="HN")
    for n, day in enumerate(days):
        with on(day):
            case = case_services.case_receive(
                by=director,
                unit=org.branch,
                request_date=day,
                categories=[poor],
                form=LegalAidForm.objects.get(code="TVPL"),
                field=LegalField.objects.get(code="DS"),
                description="Hỏi về thừa kế quyền sử dụng đất",
                allow_duplicate=True,
                new_beneficiary=case_services.BeneficiaryData(full_name=f"Hoàng Văn Bình {n}", sex="male"),
            )
            for proof in {p.group: p for p in CategoryProof.objects.filter(category=poor)}.values():
                case_services.proof_paper_add(
                    case=case,
                    by=director,
                    document_type=proof.document_type,
                    number="9/GCN",
                    issued_on=date(2024, 1, 5),
                )
            case_services.case_accept(case=case, by=director, accepted_on=day)


def _figures(client, **query) -> dict[str, float]:
    tiles = screen_tiles(client.get("/bang-dieu-hanh/", query).content.decode())
    return {key: tiles[key]["value"] for key in ("cases.requests_received", "cases.accepted")}


def test_31_october_and_1_november_fall_in_different_statistical_years(
    client, org, director, official, settings
):
    settings.STATISTICAL_YEAR_START = (11, 1)
    _received_on(org, director, date(2025, 10, 31), date(2025, 11, 1))
    client.force_login(official)
    with on(date(2026, 2, 10)):
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical", "year": "2025"}).content.decode()
        ending_2026 = _figures(client, kind="statistical", year="2026")
    assert "Năm thống kê 2025 (01/11/2024 – 31/10/2025)" in page
    tiles = screen_tiles(page)
    assert (tiles["cases.requests_received"]["value"], tiles["cases.accepted"]["value"]) == (1, 1)  # 31/10
    assert ending_2026 == {"cases.requests_received": 1, "cases.accepted": 1}  # 01/11
    # the calendar year holds both
    with on(date(2026, 2, 10)):
        assert _figures(client, kind="year", year="2025") == {
            "cases.requests_received": 2,
            "cases.accepted": 2,
        }


def test_a_statistical_year_starting_mid_month_splits_that_month_on_the_day(
    client, org, director, official, settings
):
    """15/10: the first half of October belongs to one statistical year, the rest to the next,
    so a figure summed by whole months must still count the days of the split month."""
    settings.STATISTICAL_YEAR_START = (10, 15)
    _received_on(org, director, date(2025, 10, 1), date(2025, 10, 14), date(2025, 10, 15), date(2025, 10, 31))
    client.force_login(official)
    with on(date(2026, 2, 10)):
        assert _figures(client, kind="statistical", year="2025") == {
            "cases.requests_received": 2,  # 01/10 and 14/10 (15/10/2024-14/10/2025)
            "cases.accepted": 2,
        }
        assert _figures(client, kind="statistical", year="2026") == {
            "cases.requests_received": 2,  # 15/10 and 31/10 (15/10/2025-14/10/2026)
            "cases.accepted": 2,
        }
        assert _figures(client, kind="custom", start="2025-10-14", end="2025-10-15") == {
            "cases.requests_received": 2,
            "cases.accepted": 2,
        }


def test_31_march_and_1_april_fall_in_different_quarters_and_the_default_quarter_is_todays(
    client, org, director, official
):
    _received_on(org, director, date(2025, 3, 31), date(2025, 4, 1))
    client.force_login(official)
    with on(date(2025, 4, 1), hour=16):
        assert _figures(client, kind="quarter", year="2025", quarter="1") == {
            "cases.requests_received": 1,
            "cases.accepted": 1,
        }
        page = client.get("/bang-dieu-hanh/", {"kind": "quarter"}).content.decode()
    assert "Quý 2/2025" in page  # no quarter chosen: the frozen today's quarter
    assert screen_tiles(page)["cases.requests_received"]["value"] == 1
    with on(date(2025, 4, 1), hour=16):
        assert _figures(client, kind="month", year="2025", month="3") == {
            "cases.requests_received": 1,
            "cases.accepted": 1,
        }


def test_the_default_period_is_the_year_of_todays_date_in_vietnam(client, org, official):
    client.force_login(official)
    # 00:30 on 1 January in Hà Nội is still 31 December in UTC: the dashboard opens on the new year.
    with on(date(2026, 1, 1), hour=0):
        page = client.get("/bang-dieu-hanh/").content.decode()
        sheet = client.get("/bang-dieu-hanh/so-lieu.xlsx").content
    assert "Năm 2026" in page
    assert '<option value="2026" selected>' in page
    header, _rows = xlsx_rows(sheet)
    assert header[2][0] == "Kỳ: Năm 2026, từ 01/01/2026 đến 31/12/2026"
    assert header[3][0] == "Lập lúc 01/01/2026 00:00"


def test_with_no_year_chosen_the_statistical_year_is_the_one_in_progress(client, org, official, settings):
    settings.STATISTICAL_YEAR_START = (11, 1)
    client.force_login(official)
    with on(date(2025, 11, 15)):
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical"}).content.decode()
    assert "Năm thống kê 2026 (01/11/2025 – 31/10/2026)" in page
    with on(date(2025, 10, 31)):  # the last day of the statistical year 2025
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical"}).content.decode()
    assert "Năm thống kê 2025 (01/11/2024 – 31/10/2025)" in page


# --- Query budgets --------------------------------------------------------------------------------


def test_the_spreadsheet_takes_a_fixed_number_of_queries_besides_the_figures(
    client, official, org, django_assert_max_num_queries, monkeypatch
):
    from legalaid import indicators

    monkeypatch.setattr(
        indicators, "_registry", {"legalaid.active_users": indicators.get("legalaid.active_users")}
    )
    client.force_login(official)
    with django_assert_max_num_queries(10):
        assert client.get("/bang-dieu-hanh/so-lieu.xlsx").status_code == 200


def test_the_whole_dashboard_reads_a_fixed_number_of_queries_with_every_indicator_registered(
    client, world, official
):
    """The budget is taken with the full registry (cases, outreach, staffing, planning) on the
    world of fourteen cases, sessions and people, and again with every case copied twice more:
    the count is the same, so it does not grow with the records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case

    registered = {key.split(".")[0] for key in indicators._registry}
    assert registered >= {"legalaid", "cases", "outreach", "staffing", "planning"}
    client.force_login(official)

    def queries_for_the_page() -> int:
        with on(TODAY), CaptureQueriesContext(connection) as queries:
            page = client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk})
        assert page.status_code == 200
        return len(queries)

    # The first page after signing in at another moment stamps the session's last activity (the
    # idle timeout writes it at most once a minute): count from the second, as a working day does.
    queries_for_the_page()
    as_built = queries_for_the_page()
    assert as_built <= DASHBOARD_QUERY_BUDGET
    originals = list(Case.objects.prefetch_related("categories"))
    for copy_number in (1, 2):
        for case in originals:
            copy = Case.objects.get(pk=case.pk)
            copy.pk = None
            copy.register_seq = case.register_seq + 1000 * copy_number if case.register_seq else None
            copy.save()
            copy.categories.set(case.categories.all())
    assert Case.objects.count() == 3 * len(originals)
    assert queries_for_the_page() == as_built


# Measured with the full registry (49 queries on the world): the figures come from summaries
# read once per batch, so the bound holds whatever the size of the register.
DASHBOARD_QUERY_BUDGET = 52
