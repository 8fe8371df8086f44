import pytest

from legalaid import indicators
from legalaid.demo import seed_demo
from legalaid.indicators import Period
from outreach.models import Board, BoardInspection, Distribution, Leaflet, MediaItem, Place, Session, Target

YEAR = Period.year(2025)


@pytest.mark.django_db
def test_the_demo_is_a_year_of_lang_son_outreach_with_work_left_and_running_it_again_changes_nothing():
    demo = seed_demo()
    models = (Session, Distribution, Leaflet, Place, Board, BoardInspection, MediaItem, Target)
    counts = {m.__name__: m.objects.count() for m in models}
    history = {m.__name__: m.history.count() for m in models if hasattr(m, "history")}

    assert counts["Session"] == 25
    assert counts["Leaflet"] == 2
    assert counts["MediaItem"] >= 6
    assert set(Board.objects.values_list("condition", flat=True)) == {"good", "worn", "damaged", "missing"}
    assert BoardInspection.objects.filter(kind="replaced").count() == 2
    reached = indicators.compute("outreach.communes_reached", YEAR, demo.centre)
    not_reached = indicators.compute("outreach.communes_not_reached", YEAR, demo.centre)
    assert 15 <= reached < reached + not_reached == 65
    assert indicators.compute("outreach.communes_not_reached", YEAR, demo.centre, disadvantaged=True) >= 2
    assert indicators.compute("outreach.sessions", YEAR, demo.centre, kind="direct") < indicators.target_for(
        "outreach.sessions", YEAR, demo.centre, kind="direct"
    )
    assert 0 < indicators.compute("outreach.board_coverage", YEAR, demo.centre) < 100
    assert indicators.compute("outreach.leaflets_distributed", YEAR, demo.centre) > 1000

    seed_demo()

    assert {m.__name__: m.objects.count() for m in models} == counts
    assert {m.__name__: m.history.count() for m in models if hasattr(m, "history")} == history
