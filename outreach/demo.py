"""Demo data: a year (2025) of outreach by the Lạng Sơn centre across real communes.

Everything goes through the services, so the demo obeys the same rules as staff (stock, dates,
attendees). Idempotent: each record is looked up by its natural key before it is created.
Some communes are left unreached on purpose, among them extremely disadvantaged ones, so the
coverage page shows work still to do.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from legalaid.models import Commune, LegalField, Unit
from outreach import services
from outreach.models import Board, Distribution, Leaflet, MediaItem, Place, Session, Target

if TYPE_CHECKING:
    from legalaid.demo import DemoCentre

YEAR = 2025

TOPICS = {
    "tgpl": (
        "Quyền được trợ giúp pháp lý miễn phí; người thuộc diện được trợ giúp pháp lý và cách gửi yêu cầu"
    ),
    "bltgd": "Phòng, chống bạo lực gia đình; quyền của nạn nhân bạo lực gia đình",
    "dat": "Pháp luật đất đai: cấp giấy chứng nhận quyền sử dụng đất, tranh chấp ranh giới",
    "mbn": "Luật Phòng, chống mua bán người năm 2024; trợ giúp pháp lý cho nạn nhân",
    "honnhan": "Luật Hôn nhân và gia đình; phòng, chống tảo hôn và hôn nhân cận huyết thống",
    "tre": "Luật Trẻ em; Luật Tư pháp người chưa thành niên (hiệu lực từ 01/01/2026)",
    "ktat": "Chính sách đối với người khuyết tật, người cao tuổi; trợ cấp xã hội hàng tháng",
}

# (month, day, kind, commune code, village, lead unit key, attendees, women, minority, topic, partners)
SESSIONS = [
    (3, 12, "direct", 6529, "Thôn Nà Lừa", "admin", 62, 35, 48, "tgpl", "Hội Liên hiệp Phụ nữ xã"),
    (
        3,
        26,
        "direct",
        6193,
        "Thôn Pò Mã",
        "professional",
        54,
        29,
        40,
        "bltgd",
        "Công chức Tư pháp - Hộ tịch xã",
    ),
    (4, 9, "mobile", 6541, "Thôn Khuổi Tát", "professional", 71, 38, 71, "honnhan", "UBND xã Mẫu Sơn"),
    (4, 16, "direct", 6253, "Thôn Bản Cáu", "admin", 45, 22, 37, "dat", "Hội Nông dân xã"),
    (4, 23, "mobile", 6040, "Khối phố Nà Pàn", "branch", 58, 31, 44, "tgpl", "Đoàn Thanh niên xã"),
    (5, 7, "direct", 6112, "Thôn Khau Ràng", "professional", 49, 27, 46, "mbn", "Công an xã Bình Gia"),
    (5, 14, "direct", 6325, "Thôn Còn Chè", "admin", 66, 30, 51, "tgpl", "Hội Liên hiệp Phụ nữ xã"),
    (5, 21, "club", 6040, "Khối phố Nà Pàn", "branch", 24, 15, 19, "bltgd", "Câu lạc bộ trợ giúp pháp lý xã"),
    (6, 4, "direct", 6385, "Thôn Còn Mu", "professional", 57, 26, 22, "dat", "Hội Nông dân xã"),
    (6, 11, "mobile", 6037, "Thôn Bản Đon", "branch", 63, 34, 63, "honnhan", "UBND xã Kháng Chiến"),
    (6, 18, "direct", 6463, "Thôn Bắc Thủy", "admin", 52, 24, 30, "ktat", "Hội Người cao tuổi xã"),
    (6, 25, "direct", 6529, "Thôn Pò Cại", "professional", 48, 28, 39, "bltgd", "Hội Liên hiệp Phụ nữ xã"),
    (7, 9, "mobile", 6103, "Thôn Nà Làng", "professional", 69, 37, 69, "tgpl", "UBND xã Thiện Long"),
    (7, 16, "direct", 6184, "Khu Ga", "admin", 41, 19, 25, "mbn", "Công an xã Đồng Đăng"),
    (7, 23, "thematic", 5977, "Khối 5", "professional", 35, 20, 12, "tre", "Trường THCS Đông Kinh"),
    (8, 6, "direct", 6148, "Thôn Nà Thâm", "admin", 50, 23, 43, "dat", "Hội Nông dân xã"),
    (8, 20, "direct", 6601, "Thôn Khuổi Phầy", "professional", 60, 33, 55, "honnhan", "Đoàn Thanh niên xã"),
    (9, 10, "mobile", 6001, "Thôn Bản Chu", "branch", 55, 30, 50, "ktat", "UBND xã Đoàn Kết"),
    (9, 17, "direct", 6214, "Thôn Pác Luống", "admin", 47, 21, 39, "tgpl", "Hội Cựu chiến binh xã"),
    (9, 24, "direct", 6376, "Thôn Nà Lầm", "professional", 53, 24, 41, "bltgd", "Hội Liên hiệp Phụ nữ xã"),
    (10, 8, "direct", 6445, "Thôn Đồng Bục", "admin", 44, 20, 18, "dat", "Công chức Tư pháp - Hộ tịch xã"),
    (10, 15, "mobile", 6019, "Thôn Nà Cạn", "branch", 51, 27, 47, "tgpl", "UBND xã Tân Tiến"),
    (10, 22, "direct", 6091, "Thôn Bản Kéo", "professional", 58, 31, 52, "mbn", "Công an xã Thiện Thuật"),
    (11, 5, "direct", 6193, "Thôn Pắc Cốp", "admin", 39, 18, 27, "ktat", "Hội Người cao tuổi xã"),
    (11, 12, "direct", 6577, "Thôn Bản Quan", "admin", 46, 22, 34, "honnhan", "Hội Liên hiệp Phụ nữ xã"),
]

LEAFLETS = [
    (
        "Quyền được trợ giúp pháp lý miễn phí của người dân tộc thiểu số",
        date(2024, 12, 20),
        [
            (date(YEAR, 1, 15), 3000, "Công ty Cổ phần In Lạng Sơn"),
            (date(YEAR, 7, 10), 2000, "Công ty Cổ phần In Lạng Sơn"),
        ],
    ),
    (
        "Trợ giúp pháp lý cho nạn nhân bạo lực gia đình và mua bán người",
        date(YEAR, 2, 25),
        [(date(YEAR, 3, 5), 2500, "Công ty Cổ phần In Lạng Sơn")],
    ),
]

# Communes whose People's Committee office has a board: (code, condition found in 2025, replaced on).
COMMITTEE_BOARDS = [
    (6040, "good", None),
    (6046, "worn", None),
    (6001, "good", None),
    (6016, "damaged", date(YEAR, 9, 18)),
    (6019, "good", None),
    (6037, "missing", None),
    (6058, "good", None),
    (6529, "good", None),
    (6541, "damaged", None),
    (6193, "good", None),
    (6253, "worn", None),
    (6112, "good", None),
    (6325, "good", None),
    (6385, "damaged", date(YEAR, 8, 12)),
    (6463, "good", None),
    (6184, "good", None),
    (6613, "missing", None),
    (6148, "good", None),
    (6214, "worn", None),
    (5977, "good", None),
]

# Outside bodies of the foundation's demo: (abbreviation, place kind, place name, commune code, condition).
BODY_PLACES = [
    ("TAND", Place.Kind.COURT, "Trụ sở Tòa án nhân dân tỉnh Lạng Sơn", 5983, "good"),
    ("VKSND", Place.Kind.PROCURACY, "Trụ sở Viện kiểm sát nhân dân tỉnh Lạng Sơn", 5983, "good"),
    ("CA", Place.Kind.POLICE, "Công an xã Thất Khê", 6040, "worn"),
    ("CA", Place.Kind.POLICE, "Công an xã Lộc Bình", 6529, "good"),
    ("TTG", Place.Kind.DETENTION, "Trại tạm giam Công an tỉnh Lạng Sơn", 5986, "good"),
]

MEDIA = [
    (
        "newspaper",
        date(YEAR, 3, 14),
        "Báo Lạng Sơn",
        "Đưa trợ giúp pháp lý về với đồng bào vùng cao Lộc Bình",
    ),
    (
        "radio",
        date(YEAR, 4, 2),
        "Báo và Phát thanh, Truyền hình Lạng Sơn",
        "Chuyên mục Pháp luật và đời sống: quyền được trợ giúp pháp lý",
    ),
    (
        "tv",
        date(YEAR, 6, 13),
        "Báo và Phát thanh, Truyền hình Lạng Sơn",
        "Phóng sự: Trợ giúp pháp lý lưu động tại xã Kháng Chiến",
    ),
    (
        "website",
        date(YEAR, 7, 11),
        "Trang thông tin điện tử Sở Tư pháp",
        "Trung tâm Trợ giúp pháp lý truyền thông tại xã Thiện Long",
    ),
    (
        "facebook",
        date(YEAR, 8, 21),
        "Trang Facebook Trợ giúp pháp lý Lạng Sơn",
        "Hình ảnh buổi truyền thông tại xã Lợi Bác",
    ),
    (
        "zalo",
        date(YEAR, 9, 12),
        "Zalo OA Trợ giúp pháp lý Lạng Sơn",
        "Hỏi đáp: ai được trợ giúp pháp lý miễn phí?",
    ),
    (
        "website",
        date(YEAR, 10, 24),
        "Cổng thông tin Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý",
        "Lạng Sơn: kết quả truyền thông về trợ giúp pháp lý 9 tháng năm 2025",
    ),
    (
        "facebook",
        date(YEAR, 11, 13),
        "Trang Facebook Trợ giúp pháp lý Lạng Sơn",
        "Truyền thông phòng, chống tảo hôn tại xã Thống Nhất",
    ),
]


def build_demo(demo: DemoCentre) -> None:
    units = {
        "admin": demo.admin_department,
        "professional": demo.professional_department,
        "branch": demo.branch,
    }
    by = demo.users.get("intake_officer") or demo.users.get("director")
    communes = {c.code: c for c in Commune.objects.filter(province_id=20)}
    editions = _leaflets(demo, by)
    _sessions(demo, units, communes, editions, by)
    places = _places(demo, communes, by)
    _place_distributions(editions, places, by)
    _media(demo, by)
    _targets(demo)


def _leaflets(demo: DemoCentre, by) -> list:
    editions = []
    for title, published_on, runs in LEAFLETS:
        leaflet = Leaflet.objects.filter(unit=demo.centre, title=title).first()
        if leaflet is None:
            leaflet = services.leaflet_create(title=title, unit=demo.centre, first_edition_on=published_on)
        edition = leaflet.editions.order_by("number").first()
        if not edition.print_runs.exists():
            for printed_on, quantity, printer in runs:
                services.print_run_record(
                    edition=edition, printed_on=printed_on, quantity=quantity, printer=printer, by=by
                )
        editions.append(edition)
    return editions


def _staff_of(unit: Unit) -> list:
    from staffing.models import Person

    return list(
        Person.objects.active()
        .filter(unit__path__startswith=unit.path)
        .exclude(kind__in=[Person.Kind.LAWYER, Person.Kind.ADVISER])
        .select_related("unit")
        .order_by("name_sort_key")[:2]
    )


def _sessions(demo: DemoCentre, units, communes, editions, by) -> None:
    fields = {f.code: f for f in LegalField.objects.all()}
    field_list = list(fields.values())
    for index, (
        month,
        day,
        kind,
        code,
        village,
        unit_key,
        total,
        women,
        minority,
        topic,
        partners,
    ) in enumerate(SESSIONS):
        held_on = date(YEAR, month, day)
        commune = communes.get(code)
        if commune is None or Session.objects.filter(held_on=held_on, commune=commune, kind=kind).exists():
            continue
        lead_unit = units[unit_key]
        edition = editions[index % len(editions)]
        programme = Session.Programme.ETHNIC if commune.extremely_disadvantaged else ""
        services.session_record(
            kind=kind,
            held_on=held_on,
            commune=commune,
            village=village,
            lead_unit=lead_unit,
            attendees=total,
            attendees_women=women,
            attendees_minority=minority,
            staff=_staff_of(lead_unit),
            partners=partners,
            topics=TOPICS[topic],
            fields=_two(field_list, index),
            programme=programme,
            by=by,
            handouts=[services.LeafletHandout(edition, total)],
        )


def _two(items: list, index: int) -> list:
    if not items:
        return []
    return list({items[index % len(items)], items[(index + 3) % len(items)]})


def _places(demo: DemoCentre, communes, by) -> list[Place]:
    branch_codes = set(demo.branch.communes.values_list("code", flat=True))
    places = []
    for code, condition, replaced_on in COMMITTEE_BOARDS:
        commune = communes.get(code)
        if commune is None:
            continue
        unit = demo.branch if code in branch_codes else demo.admin_department
        name = f"UBND {commune.name[:1].lower()}{commune.name[1:]}"
        place = _place(name=name, kind=Place.Kind.COMMITTEE, commune=commune, unit=unit)
        _board(place, condition, replaced_on, by, install_year=2019 + code % 4)
        places.append(place)
    bodies = {
        u.short_name: u for u in Unit.objects.filter(parent=demo.doj).exclude(kind__in=Unit.INTERNAL_KINDS)
    }
    for short, kind, name, code, condition in BODY_PLACES:
        body, commune = bodies.get(short), communes.get(code)
        if body is None or commune is None:
            continue
        unit = demo.branch if code in branch_codes else demo.admin_department
        place = _place(name=name, kind=kind, commune=commune, unit=unit, body=body)
        _board(place, condition, None, by, install_year=2021)
        places.append(place)
    # One committee office still without any board: it counts against the coverage.
    if communes.get(6625):
        _place(
            name="UBND xã Kiên Mộc",
            kind=Place.Kind.COMMITTEE,
            commune=communes[6625],
            unit=demo.admin_department,
        )
    return places


def _place(*, name, kind, commune, unit, body=None) -> Place:
    place = Place.objects.filter(name=name, commune=commune).first()
    return place or services.place_create(name=name, kind=kind, commune=commune, unit=unit, body=body)


def _board(place: Place, condition: str, replaced_on, by, install_year: int) -> None:
    if place.boards.exists():
        return
    board = services.board_install(place=place, installed_on=date(install_year, 5, 15), by=by)
    inspected_on = date(YEAR, 2 + place.pk % 5, 10)
    services.board_inspect(board=board, on=inspected_on, condition=condition, by=by)
    if replaced_on is not None:
        services.board_replace(board=board, on=replaced_on, by=by, notes="Thay bảng mới bằng inox")
    elif condition != Board.Condition.GOOD and place.pk % 2 == 0:
        services.board_plan_replacement(board=board, year=YEAR + 1, quarter=1 + place.pk % 2, by=by)
    if place.kind == Place.Kind.COMMITTEE and place.pk % 3 == 0:
        box = services.board_install(
            place=place, installed_on=date(install_year, 5, 15), by=by, kind=Board.Kind.BOX
        )
        services.board_inspect(board=box, on=inspected_on, condition=Board.Condition.GOOD, by=by)


def _place_distributions(editions, places, by) -> None:
    for index, place in enumerate(places[:12]):
        edition = editions[index % len(editions)]
        on = date(YEAR, 3 + index % 8, 20)
        if Distribution.objects.filter(edition=edition, place=place, distributed_on=on).exists():
            continue
        quantity = 300 if place.kind == Place.Kind.DETENTION else 100 + 20 * (index % 4)
        services.distribution_record(
            edition=edition, distributed_on=on, quantity=quantity, unit=place.unit, place=place, by=by
        )


def _media(demo: DemoCentre, by) -> None:
    for kind, published_on, outlet, title in MEDIA:
        if MediaItem.objects.filter(published_on=published_on, title=title).exists():
            continue
        services.media_item_record(
            kind=kind,
            published_on=published_on,
            outlet=outlet,
            title=title,
            unit=demo.admin_department,
            by=by,
        )


def _targets(demo: DemoCentre) -> None:
    source = "Kế hoạch công tác năm 2025 của Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn"
    wanted = [
        (demo.centre, Target.Measure.SESSIONS, "direct", "", 20),
        (demo.admin_department, Target.Measure.SESSIONS, "direct", "", 10),
        (demo.professional_department, Target.Measure.SESSIONS, "direct", "", 10),
        (demo.centre, Target.Measure.LEAFLETS, "", "", 6000),
        (demo.centre, Target.Measure.BOARD_COVERAGE, "", Place.Kind.COMMITTEE, 100),
        (demo.centre, Target.Measure.BOARD_COVERAGE, "", Place.Kind.COURT, 100),
        (demo.centre, Target.Measure.BOARD_COVERAGE, "", Place.Kind.PROCURACY, 100),
        (demo.centre, Target.Measure.BOARD_COVERAGE, "", Place.Kind.POLICE, 100),
        (demo.centre, Target.Measure.BOARD_COVERAGE, "", Place.Kind.DETENTION, 100),
    ]
    for unit, measure, session_kind, place_kind, value in wanted:
        exists = Target.objects.filter(
            year=YEAR,
            unit=unit,
            measure=measure,
            session_kind=session_kind,
            place_kind=place_kind,
            value=value,
        ).exists()
        if not exists:
            services.target_set(
                year=YEAR,
                unit=unit,
                measure=measure,
                session_kind=session_kind,
                place_kind=place_kind,
                value=value,
                source=source,
            )
