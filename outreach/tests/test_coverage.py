"""Each coverage figure against a small province counted by hand.

The province of ``org`` has four communes: Thất Khê and Tràng Định (served by branch 1), Lộc
Bình and Mẫu Sơn (branch 2). Mẫu Sơn is extremely disadvantaged.
"""

from datetime import date

import pytest
from django.utils import translation

from legalaid import indicators
from legalaid.indicators import Period
from legalaid.refusal import Refusal
from outreach import coverage, services
from outreach.models import Board, Distribution, Place, Session, Target
from outreach.tests.conftest import YEAR

YEAR_2025 = Period.year(YEAR)


@pytest.fixture
def sessions(org, communes, record_session):
    """Thất Khê reached twice (mobile in March, direct in May), Lộc Bình once (direct, by the
    admin department); Mẫu Sơn only had a club meeting, which does not reach a commune; Tràng
    Định had a mobile session the year before."""
    record_session(
        communes["Thất Khê"], date(YEAR, 3, 4), attendees=50, attendees_women=30, attendees_minority=41
    )
    record_session(
        communes["Thất Khê"],
        date(YEAR, 5, 20),
        kind=Session.Kind.DIRECT,
        lead_unit=org.branch,
        attendees=25,
        attendees_women=10,
    )
    record_session(
        communes["Lộc Bình"],
        date(YEAR, 9, 9),
        kind=Session.Kind.DIRECT,
        lead_unit=org.admin_department,
        attendees=35,
        attendees_minority=20,
    )
    record_session(
        communes["Mẫu Sơn"], date(YEAR, 6, 1), kind=Session.Kind.CLUB, attendees=15, attendees_women=15
    )
    record_session(communes["Tràng Định"], date(YEAR - 1, 12, 30))


def test_a_commune_reached_twice_counts_once_and_the_unreached_list_puts_the_disadvantaged_first(
    org, communes, sessions
):
    result = coverage.commune_coverage(period=YEAR_2025, scope=org.centre)

    assert result.universe == 4
    assert [(c.name, n) for c, n in result.reached] == [("Xã Lộc Bình", 1), ("Xã Thất Khê", 2)]
    assert [c.name for c in result.not_reached] == ["Xã Mẫu Sơn", "Xã Tràng Định"]
    assert result.share == 50.0
    assert indicators.compute("outreach.communes_reached", YEAR_2025, org.centre) == 2
    assert indicators.compute("outreach.communes_not_reached", YEAR_2025, org.centre) == 2
    assert indicators.compute("outreach.commune_coverage", YEAR_2025, org.centre) == 50.0
    assert indicators.compute("outreach.communes_reached", YEAR_2025, org.centre, disadvantaged=True) == 0
    assert indicators.compute("outreach.communes_not_reached", YEAR_2025, org.centre, disadvantaged=True) == 1
    # The year before: only Tràng Định.
    assert indicators.compute("outreach.communes_reached", Period.year(YEAR - 1), org.centre) == 1


def test_a_branch_answers_for_its_own_communes_with_its_own_sessions(org, communes, sessions):
    result = coverage.commune_coverage(period=YEAR_2025, scope=org.branch)

    assert result.universe == 2
    assert [(c.name, n) for c, n in result.reached] == [("Xã Thất Khê", 1)]
    assert [c.name for c in result.not_reached] == ["Xã Tràng Định"]
    # The other branch led nothing.
    assert indicators.compute("outreach.communes_reached", YEAR_2025, org.other_branch) == 0
    assert indicators.compute("outreach.commune_coverage", YEAR_2025, org.other_branch) == 0.0


def test_sessions_and_attendees_by_kind_and_group(org, sessions):
    assert indicators.compute("outreach.sessions", YEAR_2025, org.centre) == 4
    assert indicators.compute("outreach.sessions", YEAR_2025, org.centre, kind="direct") == 2
    assert indicators.compute("outreach.sessions", YEAR_2025, org.centre, kind=["direct", "mobile"]) == 3
    assert indicators.compute("outreach.sessions", YEAR_2025, org.professional_department) == 2
    assert indicators.compute("outreach.attendees", YEAR_2025, org.centre) == 50 + 25 + 35 + 15
    assert indicators.compute("outreach.attendees", YEAR_2025, org.centre, group="women") == 30 + 10 + 15
    assert indicators.compute("outreach.attendees", YEAR_2025, org.centre, group="minority") == 41 + 20
    assert indicators.compute("outreach.attendees", YEAR_2025, org.branch) == 25
    assert indicators.compute("outreach.attendees", Period.quarter(YEAR, 1), None) == 50


def test_sessions_by_lead_unit_stand_against_the_plan(org, sessions):
    services.target_set(
        year=YEAR, unit=org.centre, measure=Target.Measure.SESSIONS, session_kind="direct", value=20
    )
    for department in (org.admin_department, org.professional_department):
        services.target_set(
            year=YEAR, unit=department, measure=Target.Measure.SESSIONS, session_kind="direct", value=10
        )

    rows, total = coverage.sessions_by_unit(period=YEAR_2025, scope=org.centre)

    by_unit = {row.unit.name: (row.counts, row.targets) for row in rows}
    assert by_unit == {
        "Phòng Hành chính – Tổng hợp": ({"direct": 1}, {"direct": 10}),
        "Phòng Nghiệp vụ": ({"mobile": 1, "club": 1}, {"direct": 10}),
        "Chi nhánh số 1": ({"direct": 1}, {}),
    }
    assert total.counts == {"direct": 2, "mobile": 1, "club": 1}
    assert total.targets == {"direct": 20}
    # The same targets reach the dashboard through the registry, for the whole year only.
    assert indicators.target_for("outreach.sessions", YEAR_2025, org.centre, kind="direct") == 20
    assert indicators.target_for("outreach.sessions", YEAR_2025, org.admin_department, kind="direct") == 10
    assert (
        indicators.target_for("outreach.sessions", Period.quarter(YEAR, 1), org.centre, kind="direct") is None
    )
    assert indicators.target_for("outreach.sessions", YEAR_2025, org.centre) is None


@pytest.fixture
def boards(org, communes, police, director):
    """Two committee offices and a police station. Thất Khê's board is good all year; Lộc
    Bình's was damaged in April and replaced in August; the police board was worn in June;
    Mẫu Sơn's committee office has no board at all."""
    that_khe = services.place_create(
        name="UBND xã Thất Khê", kind=Place.Kind.COMMITTEE, commune=communes["Thất Khê"], unit=org.branch
    )
    loc_binh = services.place_create(
        name="UBND xã Lộc Bình",
        kind=Place.Kind.COMMITTEE,
        commune=communes["Lộc Bình"],
        unit=org.other_branch,
    )
    mau_son = services.place_create(
        name="UBND xã Mẫu Sơn", kind=Place.Kind.COMMITTEE, commune=communes["Mẫu Sơn"], unit=org.other_branch
    )
    station = services.place_create(
        name="Công an xã Thất Khê",
        kind=Place.Kind.POLICE,
        commune=communes["Thất Khê"],
        unit=org.branch,
        body=police,
    )
    good = services.board_install(place=that_khe, installed_on=date(YEAR - 1, 6, 1), by=director)
    services.board_inspect(board=good, on=date(YEAR, 2, 1), condition=Board.Condition.GOOD, by=director)
    damaged = services.board_install(place=loc_binh, installed_on=date(YEAR - 2, 3, 1), by=director)
    services.board_inspect(
        board=damaged, on=date(YEAR, 4, 15), condition=Board.Condition.DAMAGED, by=director
    )
    services.board_replace(board=damaged, on=date(YEAR, 8, 5), by=director)
    worn = services.board_install(
        place=station, installed_on=date(YEAR - 1, 1, 5), by=director, kind=Board.Kind.BOX
    )
    services.board_inspect(board=worn, on=date(YEAR, 6, 10), condition=Board.Condition.WORN, by=director)
    return {"good": good, "damaged": damaged, "worn": worn, "places": (that_khe, loc_binh, mau_son, station)}


def test_a_board_replaced_after_damage_counts_as_good_again_from_the_replacement_date(org, boards):
    june = coverage.board_coverage(on=date(YEAR, 6, 30), scope=org.centre)
    year_end = coverage.board_coverage(on=date(YEAR, 12, 31), scope=org.centre)

    as_counts = lambda rows: {r.kind: (r.places, r.covered) for r in rows if r.places}  # noqa: E731
    assert as_counts(june) == {"committee": (3, 1), "police": (1, 0)}
    assert as_counts(year_end) == {"committee": (3, 2), "police": (1, 0)}
    assert indicators.compute("outreach.board_coverage", YEAR_2025, org.centre) == 50.0  # 2 of 4 places
    assert (
        indicators.compute("outreach.board_coverage", YEAR_2025, org.centre, place_kind="committee") == 66.7
    )
    assert indicators.compute("outreach.board_coverage", Period.month(YEAR, 6), org.centre) == 25.0
    assert (
        indicators.compute("outreach.board_coverage", YEAR_2025, org.branch) == 50.0
    )  # Thất Khê's two places
    assert indicators.compute("outreach.boards_replaced", YEAR_2025, org.centre) == 1
    assert indicators.compute("outreach.boards_installed", Period.year(YEAR - 1), org.centre) == 2
    assert indicators.compute("outreach.boards_to_replace", Period.month(YEAR, 6), org.centre) == 2
    assert indicators.compute("outreach.boards_to_replace", YEAR_2025, org.centre) == 1


def test_the_board_keeps_its_latest_state_and_lands_on_the_replacement_list_until_replaced(
    org, boards, director
):
    damaged, worn = boards["damaged"], boards["worn"]
    damaged.refresh_from_db()
    assert (damaged.condition, damaged.last_inspected_on, damaged.replaced_on) == (
        Board.Condition.GOOD,
        date(YEAR, 4, 15),
        date(YEAR, 8, 5),
    )
    assert [e.kind for e in damaged.inspections.order_by("on")] == ["installed", "inspected", "replaced"]

    services.board_plan_replacement(board=worn, year=YEAR + 1, quarter=2, by=director)
    assert services.replacement_list(Board.objects.all()) == [worn]

    services.board_replace(board=worn, on=date(YEAR, 11, 2), by=director)
    worn.refresh_from_db()
    assert services.replacement_list(Board.objects.all()) == []
    assert (worn.planned_year, worn.planned_quarter) == (None, None)


def test_an_inspection_dated_before_the_installation_is_refused(boards, director):
    with translation.override("vi"), pytest.raises(Refusal) as error:
        services.board_inspect(
            board=boards["good"], on=date(YEAR - 2, 1, 1), condition=Board.Condition.WORN, by=director
        )
    assert "trước ngày lắp đặt" in error.value.message


def test_a_distribution_larger_than_the_stock_is_refused_with_a_clear_message(org, leaflet, director, boards):
    edition = leaflet.editions.get()
    place = boards["places"][0]
    services.distribution_record(
        edition=edition,
        distributed_on=date(YEAR, 2, 1),
        quantity=600,
        unit=org.branch,
        by=director,
        place=place,
    )
    services.distribution_record(
        edition=edition,
        distributed_on=date(YEAR, 3, 1),
        quantity=300,
        unit=org.branch,
        by=director,
        place=place,
    )
    assert services.edition_stock(edition) == 100

    with translation.override("vi"), pytest.raises(Refusal) as error:
        services.distribution_record(
            edition=edition,
            distributed_on=date(YEAR, 4, 1),
            quantity=200,
            unit=org.branch,
            by=director,
            place=place,
        )

    assert [error.value.message] == [
        "Không đủ tờ gấp trong kho: “Quyền được trợ giúp pháp lý miễn phí, lần xuất bản 1” chỉ còn 100 tờ "
        "có thể phát vào ngày 01/04/2025, không thể ghi nhận 200 tờ."
    ]
    assert Distribution.objects.count() == 2
    assert indicators.compute("outreach.leaflets_distributed", YEAR_2025, org.centre) == 900
    assert indicators.compute("outreach.leaflets_printed", YEAR_2025, org.centre) == 1000


def test_a_back_dated_distribution_cannot_take_copies_that_later_ones_already_handed_out(
    org, leaflet, director, boards
):
    edition = leaflet.editions.get()
    place = boards["places"][0]
    services.distribution_record(
        edition=edition,
        distributed_on=date(YEAR, 6, 1),
        quantity=900,
        unit=org.branch,
        by=director,
        place=place,
    )
    # Before the print run there was nothing to hand out.
    with pytest.raises(Refusal):
        services.distribution_record(
            edition=edition,
            distributed_on=date(YEAR, 1, 5),
            quantity=1,
            unit=org.branch,
            by=director,
            place=place,
        )
    # In February 1,000 were on the shelf, but June's 900 leave only 100 to spare.
    assert services.edition_available_on(edition, date(YEAR, 2, 1)) == 100
    with pytest.raises(Refusal):
        services.distribution_record(
            edition=edition,
            distributed_on=date(YEAR, 2, 1),
            quantity=101,
            unit=org.branch,
            by=director,
            place=place,
        )
    services.distribution_record(
        edition=edition,
        distributed_on=date(YEAR, 2, 1),
        quantity=100,
        unit=org.branch,
        by=director,
        place=place,
    )
    assert services.edition_stock(edition) == 0


def test_leaflets_handed_out_at_a_session_leave_the_stock_in_the_same_transaction(
    org, communes, leaflet, record_session
):
    edition = leaflet.editions.get()
    session = record_session(
        communes["Mẫu Sơn"], date(YEAR, 5, 5), handouts=[services.LeafletHandout(edition, 150)]
    )
    assert session.distributions.get().quantity == 150
    assert services.edition_stock(edition) == 850

    with pytest.raises(Refusal):
        record_session(
            communes["Mẫu Sơn"], date(YEAR, 5, 6), handouts=[services.LeafletHandout(edition, 851)]
        )
    assert Session.objects.count() == 1  # the session with too many leaflets was not kept either


def test_media_items_count_by_kind(org, director):
    for kind, day in (("radio", 3), ("facebook", 4), ("facebook", 5)):
        services.media_item_record(
            kind=kind,
            published_on=date(YEAR, 7, day),
            outlet="Đài PT-TH Lạng Sơn",
            title="Tin bài",
            unit=org.admin_department,
            by=director,
        )
    assert indicators.compute("outreach.media_items", YEAR_2025, org.centre) == 3
    assert indicators.compute("outreach.media_items", YEAR_2025, org.centre, kind="facebook") == 2
    assert indicators.compute("outreach.media_items", YEAR_2025, org.branch) == 0


def test_every_issue_indicator_is_registered_with_its_filters():
    keys = {i.key: i for i in indicators.all_indicators() if i.key.startswith("outreach.")}
    for key in (
        "outreach.sessions",
        "outreach.communes_reached",
        "outreach.board_coverage",
        "outreach.leaflets_distributed",
        "outreach.attendees",
    ):
        assert key in keys
    assert keys["outreach.sessions"].filters == ("kind", "programme", "commune")
    assert keys["outreach.board_coverage"].unit == indicators.MeasureUnit.PERCENT


def test_the_dashboard_links_each_figure_to_the_outreach_page_behind_it(org):
    sessions = indicators.get("outreach.sessions").records_url(YEAR_2025, org.centre, kind="direct")
    assert sessions == f"/truyen-thong/buoi/?nam={YEAR}&loai=direct"
    communes = indicators.get("outreach.communes_reached").records_url(YEAR_2025, org.branch)
    assert communes == f"/truyen-thong/bao-phu/?nam={YEAR}&don-vi={org.branch.pk}#communes"
