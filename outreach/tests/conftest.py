"""Outreach fixtures built on the shared ``org``: places with boards, a leaflet with a print run,
and helpers that record sessions through the services, as staff would."""

from datetime import date

import pytest

from legalaid.models import Unit
from outreach import services
from outreach.models import Place, Session

YEAR = 2025


@pytest.fixture
def communes(org):
    """The four communes of ``org`` by name; Mẫu Sơn is extremely disadvantaged."""
    by_name = {c.name.removeprefix("Xã "): c for c in org.communes}
    by_name["Mẫu Sơn"].extremely_disadvantaged = True
    by_name["Mẫu Sơn"].save()
    return by_name


@pytest.fixture
def police(org):
    from legalaid.tests.factories import UnitFactory

    return UnitFactory(name="Công an tỉnh Lạng Sơn", kind=Unit.Kind.POLICE, parent=org.doj)


@pytest.fixture
def record_session(org, director):
    def record(commune, held_on, kind=Session.Kind.MOBILE, lead_unit=None, attendees=40, **extra):
        return services.session_record(
            kind=kind,
            held_on=held_on,
            commune=commune,
            lead_unit=lead_unit or org.professional_department,
            attendees=attendees,
            by=director,
            **extra,
        )

    return record


@pytest.fixture
def committee_place(org, communes):
    return services.place_create(
        name="UBND xã Thất Khê", kind=Place.Kind.COMMITTEE, commune=communes["Thất Khê"], unit=org.branch
    )


@pytest.fixture
def leaflet(org, director):
    leaflet = services.leaflet_create(title="Quyền được trợ giúp pháp lý miễn phí", unit=org.centre)
    edition = leaflet.editions.get()
    services.print_run_record(edition=edition, printed_on=date(YEAR, 1, 10), quantity=1000, by=director)
    return leaflet
