"""Demo data: the Lạng Sơn centre. Idempotent: running it again changes nothing.

Other apps add their records with ``register(builder)`` in their ``AppConfig.ready()``; the
builders run in registration order after the foundation, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from legalaid.models import Commune, Unit, User
from legalaid.roles import Role, assign_role
from legalaid.services import areas_load

DEMO_PASSWORD = "TroGiup@2026"  # noqa: S105 - printed on purpose: demo logins only
PROVINCE_CODE = 20  # Lạng Sơn

DemoBuilder = Callable[["DemoCentre"], None]
_builders: list[DemoBuilder] = []


def register(builder: DemoBuilder) -> DemoBuilder:
    if builder not in _builders:
        _builders.append(builder)
    return builder


@dataclass
class DemoCentre:
    doj: Unit
    centre: Unit
    admin_department: Unit
    professional_department: Unit
    branch: Unit
    users: dict[str, User]


# Communes served by the branch (codes: names change, codes do not): the Tràng Định area.
BRANCH_COMMUNES = [6046, 6040, 6001, 6016, 6019, 6037, 6058]
# A demo choice of communes flagged as extremely disadvantaged (admin-editable flag).
DISADVANTAGED_COMMUNES = [6541, 6037, 6613, 6625, 6103, 6400]

OUTSIDE_BODIES = [
    ("Tòa án nhân dân tỉnh Lạng Sơn", "TAND", Unit.Kind.COURT),
    ("Viện kiểm sát nhân dân tỉnh Lạng Sơn", "VKSND", Unit.Kind.PROCURACY),
    ("Công an tỉnh Lạng Sơn", "CA", Unit.Kind.POLICE),
    ("Trại tạm giam Công an tỉnh Lạng Sơn", "TTG", Unit.Kind.DETENTION),
    ("Ủy ban nhân dân tỉnh Lạng Sơn", "UBND", Unit.Kind.PEOPLES_COMMITTEE),
    ("Sở Nội vụ tỉnh Lạng Sơn", "SNV", Unit.Kind.PROVINCIAL_AGENCY),
    ("Sở Tài chính tỉnh Lạng Sơn", "STC", Unit.Kind.PROVINCIAL_AGENCY),
    ("Báo và Phát thanh, Truyền hình Lạng Sơn", "BPTTH", Unit.Kind.MEDIA),
    ("Đoàn Luật sư tỉnh Lạng Sơn", "ĐLS", Unit.Kind.BAR),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn", "MTTQ", Unit.Kind.ORGANISATION),
]

# username, full name, position, unit attribute, role, staff (admin site)
DEMO_USERS = [
    ("giamdoc", "Hoàng Văn Thắng", "Giám đốc", "centre", Role.DIRECTOR, False),
    (
        "tiepnhan",
        "Nguyễn Thị Hồng Nhung",
        "Chuyên viên tiếp nhận",
        "admin_department",
        Role.INTAKE_OFFICER,
        False,
    ),
    (
        "trogiupvien",
        "Lương Văn Đức",
        "Trợ giúp viên pháp lý",
        "professional_department",
        Role.ASSISTANT,
        False,
    ),
    ("congtacvien", "Đặng Thị Mai", "Cộng tác viên", "branch", Role.PERFORMER, False),
    ("chinhanh", "Vi Văn Hùng", "Trưởng Chi nhánh", "branch", Role.INTAKE_OFFICER, False),
    ("sotuphap", "Dương Thị Thu Hà", "Chuyên viên Phòng Bổ trợ tư pháp", "doj", Role.OFFICIAL, False),
    ("quantri", "Lý Minh Tuấn", "Quản trị hệ thống", "centre", Role.ADMINISTRATOR, True),
]


def _unit(name: str, **fields) -> Unit:
    unit = Unit.objects.filter(name=name).first()
    if unit is None:
        unit = Unit(name=name)
    changed = unit.pk is None
    for key, value in fields.items():
        if getattr(unit, key if key != "parent" else "parent_id") != (value.pk if key == "parent" else value):
            setattr(unit, key, value)
            changed = True
    if changed:
        unit.save()
    return unit


@transaction.atomic
def seed_demo() -> DemoCentre:
    province, _created, _updated = areas_load(province_code=PROVINCE_CODE)
    Commune.objects.filter(code__in=DISADVANTAGED_COMMUNES, extremely_disadvantaged=False).update(
        extremely_disadvantaged=True
    )
    doj = _unit(
        "Sở Tư pháp tỉnh Lạng Sơn",
        short_name="STP",
        kind=Unit.Kind.DOJ,
        province=province,
        address="Số 2 đường Hùng Vương, phường Lương Văn Tri, tỉnh Lạng Sơn",
    )
    _unit(
        "Phòng Bổ trợ tư pháp",
        short_name="BTTP",
        kind=Unit.Kind.DOJ_DIVISION,
        parent=doj,
        province=province,
        position=1,
    )
    centre = _unit(
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
        short_name="TGPL",
        kind=Unit.Kind.CENTRE,
        parent=doj,
        province=province,
        position=2,
        phone="0205 375 7555",
        address="Phường Đông Kinh, tỉnh Lạng Sơn",
    )
    admin_department = _unit(
        "Phòng Hành chính – Tổng hợp",
        short_name="HC-TH",
        kind=Unit.Kind.DEPARTMENT,
        parent=centre,
        province=province,
        position=1,
    )
    professional = _unit(
        "Phòng Nghiệp vụ",
        short_name="NV",
        kind=Unit.Kind.DEPARTMENT,
        parent=centre,
        province=province,
        position=2,
    )
    branch = _unit(
        "Chi nhánh Trợ giúp pháp lý số 1 (Tràng Định)",
        short_name="CN1",
        kind=Unit.Kind.BRANCH,
        parent=centre,
        province=province,
        position=3,
        address="Xã Thất Khê, tỉnh Lạng Sơn",
    )
    if set(branch.communes.values_list("code", flat=True)) != set(BRANCH_COMMUNES):
        branch.communes.set(BRANCH_COMMUNES)
    for position, (name, short, kind) in enumerate(OUTSIDE_BODIES, start=10):
        _unit(name, short_name=short, kind=kind, parent=doj, province=province, position=position)

    units = {
        "doj": doj,
        "centre": centre,
        "admin_department": admin_department,
        "professional_department": professional,
        "branch": branch,
    }
    users: dict[str, User] = {}
    for username, full_name, title, unit_key, role, staff in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, full_name=full_name, title=title, unit=units[unit_key], is_staff=staff
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        if str(role) not in user.groups.values_list("name", flat=True):
            assign_role(user, role)
        users[str(role) if username != "chinhanh" else "branch_intake_officer"] = user

    demo = DemoCentre(doj, centre, admin_department, professional, branch, users)
    for builder in _builders:
        builder(demo)
    return demo
