"""Shared fixtures: a small province with named people for each role, so tests read as stories.

The tree: Sở Tư pháp > Trung tâm > (Phòng HC-TH, Phòng Nghiệp vụ, Chi nhánh 1, Chi nhánh 2).
"""

import pytest

PASSWORD = "Mat-khau-2026"


@pytest.fixture
def org(db):
    from legalaid.models import Commune, Province, Unit
    from legalaid.tests.factories import UnitFactory

    province = Province.objects.create(code=20, name="Lạng Sơn", division_type="tỉnh")
    communes = [
        Commune.objects.create(code=code, province=province, name=name, division_type="xã")
        for code, name in [
            (6040, "Xã Thất Khê"),
            (6046, "Xã Tràng Định"),
            (6529, "Xã Lộc Bình"),
            (6541, "Xã Mẫu Sơn"),
        ]
    ]
    doj = UnitFactory(
        name="Sở Tư pháp tỉnh Lạng Sơn", short_name="STP", kind=Unit.Kind.DOJ, province=province
    )
    centre = UnitFactory(
        name="Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn",
        short_name="TGPL",
        kind=Unit.Kind.CENTRE,
        parent=doj,
        province=province,
    )
    admin_dept = UnitFactory(name="Phòng Hành chính – Tổng hợp", short_name="HC-TH", parent=centre)
    professional = UnitFactory(name="Phòng Nghiệp vụ", short_name="NV", parent=centre)
    branch = UnitFactory(name="Chi nhánh số 1", short_name="CN1", kind=Unit.Kind.BRANCH, parent=centre)
    other_branch = UnitFactory(name="Chi nhánh số 2", short_name="CN2", kind=Unit.Kind.BRANCH, parent=centre)
    branch.communes.set(communes[:2])
    other_branch.communes.set(communes[2:])
    court = UnitFactory(name="Tòa án nhân dân tỉnh Lạng Sơn", kind=Unit.Kind.COURT, parent=doj)
    return type(
        "Org",
        (),
        dict(
            province=province,
            communes=communes,
            doj=doj,
            centre=centre,
            admin_department=admin_dept,
            professional_department=professional,
            branch=branch,
            other_branch=other_branch,
            court=court,
        ),
    )


def _person(username, full_name, unit, role, **extra):
    from legalaid.tests.factories import UserFactory

    return UserFactory(username=username, full_name=full_name, unit=unit, role=role, **extra)


@pytest.fixture
def director(org):
    from legalaid.roles import Role

    return _person("giamdoc", "Hoàng Văn Thắng", org.centre, Role.DIRECTOR)


@pytest.fixture
def intake_officer(org):
    from legalaid.roles import Role

    return _person("tiepnhan", "Nguyễn Thị Hồng Nhung", org.admin_department, Role.INTAKE_OFFICER)


@pytest.fixture
def assistant(org):
    from legalaid.roles import Role

    return _person("trogiupvien", "Lương Văn Đức", org.professional_department, Role.ASSISTANT)


@pytest.fixture
def collaborator(org):
    from legalaid.roles import Role

    return _person("congtacvien", "Đặng Thị Mai", org.branch, Role.PERFORMER)


@pytest.fixture
def branch_officer(org):
    from legalaid.roles import Role

    return _person("chinhanh1", "Vi Văn Hùng", org.branch, Role.INTAKE_OFFICER)


@pytest.fixture
def other_branch_officer(org):
    from legalaid.roles import Role

    return _person("chinhanh2", "Hà Thị Lan", org.other_branch, Role.INTAKE_OFFICER)


@pytest.fixture
def official(org):
    from legalaid.roles import Role

    return _person("sotuphap", "Dương Thị Thu Hà", org.doj, Role.OFFICIAL)


@pytest.fixture
def administrator(org):
    from legalaid.roles import Role

    return _person("quantri", "Lý Minh Tuấn", org.centre, Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def everyone(director, intake_officer, assistant, collaborator, branch_officer, official, administrator):
    """Every role's named person, keyed by role value."""
    return {
        "director": director,
        "intake_officer": intake_officer,
        "assistant": assistant,
        "performer": collaborator,
        "branch_intake_officer": branch_officer,
        "official": official,
        "administrator": administrator,
    }


from legalaid.tests.browser import browser, page  # noqa: E402,F401
from legalaid.tests.clock import cookies_outlive_the_clock, pinned_moment  # noqa: E402,F401


def pytest_configure(config):
    from legalaid.tests import clock

    clock.start()


def pytest_report_header(config):
    from legalaid.tests import clock

    return clock.report_header()


def pytest_collection_modifyitems(items):
    """Every test that commits (transactional tests, the live server) restores the database
    content the migrations created, and its flush does not re-run post_migrate.

    Mixing the two kinds breaks the serialized ones: a plain transactional test's flush re-runs
    post_migrate, which recreates content types and the role groups under new ids, and the next
    serialized test then reloads the old rows beside them (duplicate group names). With every
    committing test serialized, each starts from exactly what the migrations left.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = "live_server" in item.fixturenames or "transactional_db" in item.fixturenames
        if marker is not None and marker.kwargs.get("transaction"):
            commits = True
        if commits and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)
