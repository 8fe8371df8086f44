"""The coverage figures (communes reached, board coverage, sessions against the plan, leaflets)
and the indicator functions and target provider registered in ``OutreachConfig.ready()``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from legalaid import indicators
from legalaid.models import Commune, Unit
from outreach import figures
from outreach.models import (
    Board,
    BoardInspection,
    Distribution,
    LeafletEdition,
    MediaItem,
    Place,
    PrintRun,
    Session,
    Target,
)

if TYPE_CHECKING:
    from legalaid.indicators import Period


# --- Coverage ----------------------------------------------------------------------------------


# The session and scope helpers are the figures' own: coverage reads through ``figures`` (which
# reads the models), never the reverse.
_in_scope = figures.in_scope
_code = figures.commune_code
_kinds = figures.kinds_of
sessions_in = figures.sessions_in


def province_of(unit: Unit) -> int | None:
    if unit.province_id:
        return unit.province_id
    return unit.ancestors().exclude(province=None).values_list("province_id", flat=True).last()


def commune_universe(scope: Unit | None) -> QuerySet[Commune]:
    """The communes a scope answers for: a branch's service area, otherwise its province."""
    communes = Commune.objects.filter(active=True)
    if scope is None:
        return communes
    if scope.communes.exists():
        return scope.communes.filter(active=True)
    province = province_of(scope)
    return communes.filter(province_id=province) if province else communes


@dataclass
class CommuneCoverage:
    universe: int
    reached: list[tuple[Commune, int]] = field(default_factory=list)  # (commune, sessions)
    not_reached: list[Commune] = field(default_factory=list)
    reached_outside: int = 0  # communes reached outside the scope's area

    @property
    def share(self) -> float:
        return round(100 * len(self.reached) / self.universe, 1) if self.universe else 0.0

    @property
    def disadvantaged_not_reached(self) -> int:
        return sum(1 for c in self.not_reached if c.extremely_disadvantaged)


# Inside an indicators.batch() (the dashboard: communes reached, not reached and the coverage
# share, for the period and last year; sessions by day), each coverage and each year's sessions
# are read once.
MEMO = "outreach.coverage"


def commune_coverage(
    *, period: Period, scope: Unit | None, disadvantaged: bool | None = None, commune=None
) -> CommuneCoverage:
    """Communes with at least one mobile or direct session in the period (led within the
    scope), and those not yet reached: extremely disadvantaged ones first, then by name."""
    memo = indicators.memo(MEMO)
    key = (
        period,
        scope.pk if scope is not None else None,
        disadvantaged,
        _code(commune) if commune else None,
    )
    if memo is not None and key in memo:
        return memo[key]
    result = _commune_coverage(period=period, scope=scope, disadvantaged=disadvantaged, commune=commune)
    if memo is not None:
        memo[key] = result
    return result


def _commune_coverage(
    *, period: Period, scope: Unit | None, disadvantaged: bool | None, commune
) -> CommuneCoverage:
    universe = list(commune_universe(scope).order_by("name_search_key"))
    if disadvantaged is not None:
        universe = [c for c in universe if c.extremely_disadvantaged == disadvantaged]
    if commune:
        universe = [c for c in universe if c.code == _code(commune)]
    counts = figures.communes(period, scope, Session.REACH_KINDS)
    in_universe = {c.code for c in universe}
    result = CommuneCoverage(universe=len(universe))
    result.reached = [(c, counts[c.code]) for c in universe if c.code in counts]
    result.not_reached = sorted(
        (c for c in universe if c.code not in counts),
        key=lambda c: (not c.extremely_disadvantaged, c.name_search_key),
    )
    result.reached_outside = len(set(counts) - in_universe)
    return result


def _latest_conditions(on: date, boards: QuerySet[Board]) -> dict[int, str]:
    """board id -> condition of its latest log entry on or before ``on``."""
    entries = (
        BoardInspection.objects.filter(board__in=boards, on__lte=on)
        .order_by("board_id", "-on", "-id")
        .distinct("board_id")
        .values_list("board_id", "condition")
    )
    return dict(entries)


@dataclass
class BoardCoverageRow:
    kind: str
    label: str
    places: int
    covered: int
    target: int | None = None

    @property
    def share(self) -> float:
        return round(100 * self.covered / self.places, 1) if self.places else 0.0


def board_coverage(
    *, on: date, scope: Unit | None, place_kind: str | None = None, commune=None
) -> list[BoardCoverageRow]:
    """Per kind of place: active places, and those with at least one board or box in good
    condition on ``on`` (its latest log entry on or before that day)."""
    places = _in_scope(Place.objects.filter(active=True), scope, "unit")
    if place_kind:
        places = places.filter(kind=place_kind)
    if commune:
        places = places.filter(commune_id=_code(commune))
    place_kinds = dict(places.values_list("id", "kind"))
    boards = Board.objects.filter(place_id__in=list(place_kinds), installed_on__lte=on)
    conditions = _latest_conditions(on, boards)
    good_places = {
        place_id
        for board_id, place_id in boards.values_list("id", "place_id")
        if conditions.get(board_id) == Board.Condition.GOOD
    }
    rows = []
    for kind, label in Place.Kind.choices:
        ids = [pid for pid, k in place_kinds.items() if k == kind]
        if place_kind and kind != place_kind:
            continue
        rows.append(BoardCoverageRow(kind, str(label), len(ids), sum(1 for pid in ids if pid in good_places)))
    return rows


@dataclass
class UnitSessions:
    unit: Unit
    counts: dict[str, int]
    targets: dict[str, int | None]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def sessions_by_unit(*, period: Period, scope: Unit | None) -> tuple[list[UnitSessions], UnitSessions | None]:
    """Sessions of each kind per lead unit in the period, with the targets set for the year
    (a target for every kind is shown under ``""``). The second value totals the scope."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, kind, n in (
        sessions_in(period, scope)
        .values_list("lead_unit_id", "kind")
        .annotate(n=Count("id"))
        .values_list("lead_unit_id", "kind", "n")
    ):
        counts[unit_id][kind] += n
    targets: dict[int, dict[str, int]] = defaultdict(dict)
    target_rows = _in_scope(
        Target.objects.filter(year=period.start.year, measure=Target.Measure.SESSIONS), scope, "unit"
    )
    for unit_id, kind, value in target_rows.values_list("unit_id", "session_kind", "value"):
        targets[unit_id][kind] = value
    unit_ids = set(counts) | set(targets)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    rows = [
        UnitSessions(units[pk], dict(counts.get(pk, {})), dict(targets.get(pk, {})))
        for pk in sorted(unit_ids, key=lambda pk: units[pk].path)
    ]
    total = None
    if scope is not None:
        all_counts: dict[str, int] = defaultdict(int)
        for row in rows:
            for kind, n in row.counts.items():
                all_counts[kind] += n
        total = UnitSessions(scope, dict(all_counts), dict(targets.get(scope.pk, {})))
        rows = [r for r in rows if r.unit.pk != scope.pk or r.total]
    return rows, total


def leaflets_distributed(period: Period, scope: Unit | None, leaflet=None, commune=None) -> int:
    given = _in_scope(
        Distribution.objects.filter(distributed_on__range=(period.start, period.end)), scope, "unit"
    )
    if commune:
        code = _code(commune)
        given = given.filter(Q(place__commune_id=code) | Q(session__commune_id=code))
    if leaflet:
        given = given.filter(edition__leaflet_id=getattr(leaflet, "pk", leaflet))
    return given.aggregate(n=Sum("quantity"))["n"] or 0


def leaflets_printed(period: Period, scope: Unit | None, leaflet=None) -> int:
    printed = _in_scope(
        PrintRun.objects.filter(printed_on__range=(period.start, period.end)), scope, "edition__leaflet__unit"
    )
    if leaflet:
        printed = printed.filter(edition__leaflet_id=getattr(leaflet, "pk", leaflet))
    return printed.aggregate(n=Sum("quantity"))["n"] or 0


def target_value(
    *, year: int, scope: Unit | None, measure: str, session_kind: str = "", place_kind: str = ""
):
    if scope is None:
        return None
    target = Target.objects.filter(
        year=year, unit=scope, measure=measure, session_kind=session_kind, place_kind=place_kind
    ).first()
    return target.value if target else None


# --- Indicators (registered in OutreachConfig.ready) ---------------------------------------------


def indicator_sessions(period: Period, scope: Unit | None, kind=None, programme=None, commune=None) -> int:
    if not programme:
        return figures.totals(period, scope, _kinds(kind), _code(commune) if commune else None)["sessions"]
    return sessions_in(period, scope, kind, commune).filter(programme=programme).count()


def indicator_attendees(period: Period, scope: Unit | None, kind=None, group=None, commune=None) -> int:
    column = figures.COLUMNS.get(group or "")
    if column is None:
        raise ValueError("group must be 'women' or 'minority'")
    return figures.totals(period, scope, _kinds(kind), _code(commune) if commune else None)[column]


def indicator_communes_reached(period: Period, scope: Unit | None, disadvantaged=None, commune=None) -> int:
    return len(
        commune_coverage(period=period, scope=scope, disadvantaged=disadvantaged, commune=commune).reached
    )


def indicator_communes_not_reached(period: Period, scope: Unit | None, disadvantaged=None) -> int:
    return len(commune_coverage(period=period, scope=scope, disadvantaged=disadvantaged).not_reached)


def indicator_commune_coverage(period: Period, scope: Unit | None, disadvantaged=None) -> float:
    return commune_coverage(period=period, scope=scope, disadvantaged=disadvantaged).share


def indicator_board_coverage(period: Period, scope: Unit | None, place_kind=None, commune=None) -> float:
    rows = board_coverage(on=period.end, scope=scope, place_kind=place_kind, commune=commune)
    places = sum(r.places for r in rows)
    return round(100 * sum(r.covered for r in rows) / places, 1) if places else 0.0


def indicator_boards_installed(period: Period, scope: Unit | None) -> int:
    boards = _in_scope(
        Board.objects.filter(installed_on__range=(period.start, period.end)), scope, "place__unit"
    )
    return boards.count()


def indicator_boards_replaced(period: Period, scope: Unit | None) -> int:
    entries = BoardInspection.objects.filter(
        kind=BoardInspection.Kind.REPLACED, on__range=(period.start, period.end)
    )
    return _in_scope(entries, scope, "board__place__unit").count()


def indicator_boards_to_replace(period: Period, scope: Unit | None) -> int:
    boards = _in_scope(Board.objects.filter(place__active=True), scope, "place__unit")
    conditions = _latest_conditions(period.end, boards.filter(installed_on__lte=period.end))
    return sum(1 for c in conditions.values() if c in Board.NEEDS_REPLACEMENT)


def indicator_leaflets_distributed(period: Period, scope: Unit | None, leaflet=None, commune=None) -> int:
    return leaflets_distributed(period, scope, leaflet, commune)


def indicator_leaflets_printed(period: Period, scope: Unit | None, leaflet=None) -> int:
    return leaflets_printed(period, scope, leaflet)


def indicator_media_items(period: Period, scope: Unit | None, kind=None) -> int:
    items = _in_scope(MediaItem.objects.filter(published_on__range=(period.start, period.end)), scope, "unit")
    kinds = _kinds(kind)
    return items.filter(kind__in=kinds).count() if kinds else items.count()


def stock_by_edition(editions: QuerySet[LeafletEdition]) -> list[tuple[LeafletEdition, int, int]]:
    """(edition, printed, handed out) for each edition, in two queries."""
    rows = list(
        editions.select_related("leaflet").annotate(
            printed=Sum("print_runs__quantity"),
        )
    )
    given = dict(
        Distribution.objects.filter(edition__in=[e.pk for e in rows])
        .values_list("edition_id")
        .annotate(n=Sum("quantity"))
        .values_list("edition_id", "n")
    )
    return [(e, e.printed or 0, given.get(e.pk, 0)) for e in rows]


_TARGET_MEASURES = {
    "outreach.sessions": (Target.Measure.SESSIONS, "kind"),
    "outreach.leaflets_distributed": (Target.Measure.LEAFLETS, None),
    "outreach.board_coverage": (Target.Measure.BOARD_COVERAGE, "place_kind"),
    "outreach.commune_coverage": (Target.Measure.COMMUNE_COVERAGE, None),
}


def target_provider(key: str, period: Period, scope: Unit | None, filters: dict) -> int | None:
    """Registered with legalaid.indicators: the yearly targets kept here, for a whole calendar
    year and the unit they were set for."""
    if key not in _TARGET_MEASURES or scope is None or period != indicators.Period.year(period.start.year):
        return None
    measure, filter_name = _TARGET_MEASURES[key]
    detail = filters.get(filter_name, "") if filter_name else ""
    extra = set(filters) - ({filter_name} if filter_name else set())
    if extra or not isinstance(detail, str):
        return None  # a figure filtered in a way no target was set for
    kind_field = {"kind": "session_kind", "place_kind": "place_kind"}.get(filter_name or "")
    lookup = {kind_field: detail} if kind_field else {}
    return target_value(year=period.start.year, scope=scope, measure=measure, **lookup)


def records_link(url_name: str, fragment: str = ""):
    """A link function for the registry: the outreach page behind a figure, for the period's
    year (and the scope, on the coverage page; other pages scope by the viewer)."""

    def link(period: Period, scope: Unit | None, filters: dict) -> str:
        params = {"nam": period.start.year}
        if url_name == "outreach:coverage" and scope is not None:
            params["don-vi"] = scope.pk
        kind = filters.get("kind")
        if url_name == "outreach:session_list" and isinstance(kind, str) and kind:
            params["loai"] = kind
        return f"{reverse(url_name)}?{urlencode(params)}{fragment}"

    return link
