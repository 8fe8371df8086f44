"""Demo people of the Lạng Sơn centre: 40 collaborators across real communes, 5 legal-aid
assistants, 6 contracted lawyers, a few staff; trainings and this year's quota. Idempotent:
people are keyed by citizen ID and created once.

A province's own messy list to try the import on lives beside the code, as data, in
``staffing/fixtures/ctv-lang-son-mau-loi.xlsx`` (``staffing.sheets.demo_workbook()`` saved).

The public roster: the director has published everyone the roster may list, except four
collaborators recognised this month who came in through the administrator's spreadsheet import
and wait to be published (the people list's "waiting" filter and their import's page show them)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from legalaid.models import Commune, LegalField
from staffing import services
from staffing.importer import import_people
from staffing.models import Attendance, Ethnicity, Person, StaffingYear, Training
from staffing.sheets import messy_workbook

FAMILY = [
    "Hoàng",
    "Nông",
    "Lương",
    "Vi",
    "Lăng",
    "Hà",
    "Lộc",
    "Chu",
    "Triệu",
    "Lý",
    "Mã",
    "Nguyễn",
    "Dương",
    "Bế",
    "Đàm",
    "Hứa",
    "Tô",
    "La",
    "Hoàng",
    "Nông",
]
MALE = [
    ("Văn", "Thắng"),
    ("Văn", "Hùng"),
    ("Đức", "Anh"),
    ("Văn", "Tuấn"),
    ("Minh", "Quân"),
    ("Văn", "Sơn"),
    ("Văn", "Phúc"),
    ("Đình", "Khánh"),
    ("Văn", "Toàn"),
    ("Quốc", "Việt"),
]
FEMALE = [
    ("Thị", "Mai"),
    ("Thị", "Hạnh"),
    ("Thị Thu", "Hà"),
    ("Thị", "Lan"),
    ("Thị", "Huyền"),
    ("Thị", "Nhung"),
    ("Thị", "Thảo"),
    ("Thị Bích", "Ngọc"),
    ("Thị", "Dung"),
    ("Thị", "Hoa"),
]
# (ethnicity code, languages spoken) in Lạng Sơn proportions: Nùng, Tày, Kinh, Dao, Sán Chay, Mông.
ETHNIC_MIX = [
    ("07", ["07"]),
    ("02", ["02"]),
    ("07", ["07", "02"]),
    ("01", []),
    ("02", ["02", "07"]),
    ("09", ["09"]),
    ("07", ["07"]),
    ("15", ["15", "02"]),
    ("02", ["02"]),
    ("08", ["08"]),
]
OCCUPATIONS = [
    ("Trưởng thôn", "UBND xã"),
    ("Công chức Tư pháp - Hộ tịch", "UBND xã"),
    ("Chủ tịch Hội Phụ nữ xã", "Hội Liên hiệp Phụ nữ xã"),
    ("Bí thư chi bộ thôn", "Đảng ủy xã"),
    ("Giáo viên", "Trường THCS"),
    ("Chủ tịch Hội Nông dân xã", "Hội Nông dân xã"),
    ("Cán bộ Mặt trận", "Ủy ban MTTQ xã"),
    ("Hưu trí", ""),
]
FIELD_SETS = [["DS", "HNGD"], ["DD"], ["HS"], ["HNGD"], ["DD", "HC"], ["LD", "UD"], ["DS"], ["KHAC"]]

ASSISTANTS = [
    ("020079000101", "Lương Văn Đức", "male", "trogiupvien", "professional_department", "TGV-0152"),
    ("020182000102", "Hoàng Thị Thanh Hương", "female", None, "professional_department", "TGV-0153"),
    ("020080000103", "Vi Văn Quảng", "male", None, "branch", "TGV-0178"),
    ("020186000104", "Nông Thị Thùy Linh", "female", None, "admin_department", "TGV-0201"),
    ("020078000105", "Lăng Văn Bình", "male", None, "professional_department", "TGV-0117"),
]
LAWYERS = [
    ("020075000201", "Trần Minh Đức", "male", "Công ty Luật TNHH Minh Đức Lạng Sơn", "lawyer"),
    ("020183000202", "Hoàng Thị Vân Anh", "female", "Văn phòng Luật sư Vân Anh", "lawyer"),
    ("020077000203", "Đinh Văn Hải", "male", "Công ty Luật Hợp danh Kỳ Lừa", "lawyer"),
    ("020181000204", "Lý Thị Phương", "female", "Văn phòng Luật sư Đông Kinh", "lawyer"),
    ("020076000205", "Nguyễn Quang Huy", "male", "Công ty Luật TNHH Xứ Lạng", "lawyer"),
    (
        "020185000206",
        "Chu Thị Minh Nguyệt",
        "female",
        "Trung tâm Tư vấn pháp luật Hội Luật gia tỉnh",
        "adviser",
    ),
]
STAFF = [
    (
        "020188000301",
        "Nguyễn Thị Hồng Nhung",
        "female",
        "tiepnhan",
        "admin_department",
        "Chuyên viên tiếp nhận",
    ),
    ("020087000302", "Vi Văn Hùng", "male", "chinhanh", "branch", "Trưởng Chi nhánh"),
    ("020190000303", "Hà Thị Thu Trang", "female", None, "admin_department", "Kế toán"),
]

# Collaborators recognised this month, imported from a spreadsheet and not yet published:
# (citizen ID, name, sex, index of their commune, card number).
NEWCOMERS = [
    ("020196000501", "Lục Văn Bình", "Nam", 0, "CTV-26-501"),
    ("020197000502", "Hoàng Thị Duyên", "Nữ", 1, "CTV-26-502"),
    ("020198000503", "Vy Văn Lâm", "Nam", 5, "CTV-26-503"),
    ("020199000504", "Triệu Thị Ngân", "Nữ", 9, "CTV-26-504"),
]
NEWCOMER_HEADERS = ["STT", "Họ tên", "CCCD/CMND", "Giới tính", "Địa bàn", "Lĩnh vực", "Số thẻ CTV"]


def _import_newcomers(demo, communes) -> None:
    """Through the import like a province's list (importing it again changes nothing)."""
    rows = [
        [n + 1, name, citizen_id, sex, communes[index % len(communes)].name, "Dân sự; Đất đai", card]
        for n, (citizen_id, name, sex, index, card) in enumerate(NEWCOMERS)
    ]
    import_people(
        messy_workbook(NEWCOMER_HEADERS, rows), by=demo.users.get("administrator"), default_unit=demo.centre
    )


def _publish_roster(demo, today) -> None:
    """The director publishes everyone waiting, except this month's newcomers."""
    director = demo.users.get("director")
    if director is None:
        return
    waiting = list(
        Person.objects.waiting_publication(today).exclude(citizen_id__in=[n[0] for n in NEWCOMERS])
    )
    if waiting:
        services.people_publish(people=waiting, by=director, on=today)


def build(demo) -> None:
    today = timezone.localdate()
    communes = list(Commune.objects.filter(province_id=20).order_by("code"))
    if not communes:
        return
    fields = {f.code: f for f in LegalField.objects.all()}
    ethnicities = {e.code: e for e in Ethnicity.objects.all()}
    units = {
        "professional_department": demo.professional_department,
        "admin_department": demo.admin_department,
        "branch": demo.branch,
        "centre": demo.centre,
    }
    branch_communes = set(demo.branch.communes.values_list("code", flat=True))

    def person(citizen_id: str, *, field_codes=(), languages=(), **values) -> Person:
        existing = Person.objects.filter(citizen_id=citizen_id).first()
        if existing is not None:
            return existing
        created = Person.objects.create(citizen_id=citizen_id, **values)
        created.fields.set([fields[c] for c in field_codes if c in fields])
        created.minority_languages.set([ethnicities[c] for c in languages if c in ethnicities])
        return created

    # 40 collaborators, one or two per commune across the province.
    step = max(1, len(communes) // 40)
    for i in range(40):
        commune = communes[(i * step) % len(communes)]
        female = i % 5 in (1, 3)  # about 40% women
        middle, given = (FEMALE if female else MALE)[i % 10]
        ethnicity, languages = ETHNIC_MIX[i % len(ETHNIC_MIX)]
        occupation, workplace = OCCUPATIONS[i % len(OCCUPATIONS)]
        issued = date(2021 + i % 4, 1 + i % 12, 1 + i % 27)
        person(
            f"0201{85 + i % 10:02d}{i + 1:06d}",
            full_name=f"{FAMILY[i % len(FAMILY)]} {middle} {given}",
            kind=Person.Kind.COLLABORATOR,
            sex=Person.Sex.FEMALE if female else Person.Sex.MALE,
            date_of_birth=date(1965 + i % 30, 1 + (i * 5) % 12, 1 + (i * 7) % 28),
            ethnicity=ethnicities.get(ethnicity),
            commune=commune,
            unit=demo.branch if commune.code in branch_communes else demo.centre,
            phone=f"09{12 + i % 80:02d}{345000 + i * 37:06d}",
            address=f"Thôn Bản {['Chắt', 'Piằng', 'Còn', 'Nà Làng', 'Khòn Pinh'][i % 5]}, {commune.name}",
            occupation=occupation,
            workplace=f"{workplace} {commune.name.split(' ', 1)[-1]}".strip() if workplace else "",
            is_village_head=occupation == "Trưởng thôn",
            is_respected_person=i % 6 == 0,
            card_number=f"CTV-{20 + i % 4}-{i + 1:03d}",
            card_issued_on=issued,
            # One card runs out within the month: the warnings show it.
            card_expires_on=today + timedelta(days=20) if i == 7 else None,
            appointment_decision=f"{100 + i}/QĐ-STP",
            appointment_date=issued,
            field_codes=FIELD_SETS[i % len(FIELD_SETS)],
            languages=languages,
        )
    # A collaborator whose work ended, to show the status history.
    person(
        "020184009901",
        full_name="Hoàng Văn Dũng",
        kind=Person.Kind.COLLABORATOR,
        sex=Person.Sex.MALE,
        commune=communes[3],
        unit=demo.centre,
        status=Person.Status.ENDED,
        status_reason="Chuyển công tác khỏi địa bàn",
        status_date=date(2025, 3, 1),
        field_codes=["DS"],
    )

    for n, (citizen_id, name, sex, username, unit, card) in enumerate(ASSISTANTS):
        person(
            citizen_id,
            full_name=name,
            kind=Person.Kind.ASSISTANT,
            sex=sex,
            unit=units[unit],
            user=demo.users.get("assistant") if username == "trogiupvien" else None,
            position="Trợ giúp viên pháp lý",
            ethnicity=ethnicities["07" if n % 2 else "02"],
            appointment_decision=f"{1200 + n}/QĐ-BTP",
            appointment_date=date(2015 + n, 6, 15),
            card_number=card,
            card_issued_on=date(2015 + n, 7, 1),
            has_law_degree=True,
            has_lawyer_training=n != 3,
            commune=communes[n * 11 % len(communes)],
            field_codes=["HS", "DS", "HNGD", "HC", "DD"],
        )
    for n, (citizen_id, name, sex, organisation, kind) in enumerate(LAWYERS):
        person(
            citizen_id,
            full_name=name,
            kind=kind,
            sex=sex,
            unit=demo.centre,
            organisation=organisation,
            bar_association="Đoàn Luật sư tỉnh Lạng Sơn" if kind == "lawyer" else "",
            card_number=f"{9000 + n * 137}/LS" if kind == "lawyer" else "",
            contract_number=f"{n + 1:02d}/{today.year}/HĐ-TGPL",
            contract_start=date(today.year, 1, 2),
            # The first contract ends within the month: the warnings show it.
            contract_end=today + timedelta(days=25) if n == 0 else date(today.year + 1, 12, 31),
            commune=communes[(n * 7 + 1) % len(communes)],
            field_codes=["HS", "DS"] if n % 2 else ["HS", "HC", "DD"],
        )
    for citizen_id, name, sex, username, unit, position in STAFF:
        user = next((u for u in demo.users.values() if u.username == username), None) if username else None
        person(
            citizen_id,
            full_name=name,
            kind=Person.Kind.STAFF,
            sex=sex,
            unit=units[unit],
            position=position,
            user=user,
        )
    collaborator_user = demo.users.get("performer")
    if collaborator_user is not None:
        mai = person(
            "020189000401",
            full_name="Đặng Thị Mai",
            kind=Person.Kind.COLLABORATOR,
            sex=Person.Sex.FEMALE,
            unit=demo.branch,
            commune=Commune.objects.filter(code=6040).first(),
            card_number="CTV-24-041",
            ethnicity=ethnicities["02"],
            field_codes=["HNGD", "DS"],
            languages=["02"],
        )
        if mai.user_id is None and not Person.objects.filter(user=collaborator_user).exists():
            mai.user = collaborator_user
            mai.save(update_fields=["user"])

    _import_newcomers(demo, communes)
    _publish_roster(demo, today)

    StaffingYear.objects.get_or_create(
        year=today.year, defaults={"assistant_case_quota": 12, "training_hours": 16}
    )
    training, _created = Training.objects.get_or_create(
        title="Tập huấn kỹ năng tư vấn pháp luật cho cộng tác viên",
        start_date=date(today.year, 4, 10),
        defaults={
            "organiser": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
            "end_date": date(today.year, 4, 11),
            "hours": Decimal("16"),
            "topic": "Kỹ năng tư vấn, hòa giải; pháp luật đất đai 2024",
        },
    )
    second, _created = Training.objects.get_or_create(
        title="Bồi dưỡng kỹ năng tham gia tố tụng",
        start_date=date(today.year, 8, 20),
        defaults={
            "organiser": "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý",
            "end_date": date(today.year, 8, 20),
            "hours": Decimal("8"),
            "topic": "Bào chữa cho người dưới 18 tuổi",
        },
    )
    if not training.attendances.exists():
        collaborators = list(
            Person.objects.filter(kind=Person.Kind.COLLABORATOR, status="active").order_by("pk")[:25]
        )
        Attendance.objects.bulk_create([Attendance(training=training, person=p) for p in collaborators])
    if not second.attendances.exists():
        Attendance.objects.bulk_create(
            [Attendance(training=second, person=p) for p in Person.objects.filter(kind=Person.Kind.ASSISTANT)]
        )
