"""Workflows of the shared vocabulary (keyword-only, named <entity>_<action>)."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import Commune, Province, Unit, User
from legalaid.refusal import CONFLICT, Refusal

if TYPE_CHECKING:
    from legalaid.indicators import Period


def active_users(period: Period, scope: Unit | None) -> int:
    """Indicator legalaid.active_users: active accounts in the scope's subtree at period end."""
    end = timezone.make_aware(datetime.combine(period.end, time.max))
    users = User.objects.filter(is_active=True, date_joined__lte=end)
    if scope is not None:
        users = users.filter(unit__path__startswith=scope.path)
    return users.count()


def active_users_link(period: Period, scope: Unit | None, filters: dict) -> str:
    from django.urls import reverse

    return reverse("unit_detail", args=[scope.pk]) if scope is not None else reverse("units")


def users_of_subtree(unit: Unit) -> QuerySet[User]:
    return (
        User.objects.filter(unit__path__startswith=unit.path, is_active=True)
        .select_related("unit")
        .prefetch_related("groups")
        .order_by("unit__path", "name_sort_key")
    )


def users_export_xlsx(*, unit: Unit, progress=None) -> bytes:
    """The users of a unit's subtree as a spreadsheet, with the headers admins keep."""
    from legalaid.roles import Role
    from legalaid.spreadsheets import Column, Sheet, workbook_bytes

    role_labels = dict(Role.choices)
    users = list(users_of_subtree(unit))

    def rows():
        for index, user in enumerate(users, start=1):
            roles = ", ".join(str(role_labels.get(g.name, g.name)) for g in user.groups.all())
            yield [
                index,
                user.full_name,
                user.username,
                user.title,
                user.unit.name,
                roles,
                user.phone,
                user.email,
            ]
            if progress is not None and (index % 100 == 0 or index == len(users)):
                progress(index, len(users))

    sheet = Sheet(
        title="Người dùng",
        heading=[f"DANH SÁCH NGƯỜI DÙNG - {unit.name.upper()}"],
        columns=[
            Column("STT", "integer"),
            Column("Họ và tên"),
            Column("Tên đăng nhập"),
            Column("Chức vụ"),
            Column("Đơn vị"),
            Column("Vai trò"),
            Column("Điện thoại", "code"),
            Column("Thư điện tử"),
        ],
        rows=rows(),
    )
    return workbook_bytes([sheet])


def areas_load(*, province_code: int) -> tuple[Province, int, int]:
    """Create or refresh a province and its communes from the official list, by code.

    Names and types are refreshed; the administrator's flags (extremely disadvantaged) are kept.
    Communes no longer in the list are marked inactive, never deleted: records point at them.
    """
    from vietnam_provinces import Province as OfficialProvince
    from vietnam_provinces import ProvinceCode, Ward

    try:
        official = OfficialProvince.from_code(ProvinceCode(province_code))
    except ValueError:
        raise Refusal(
            _("No province has the code %(code)s in the official list.") % {"code": province_code},
            field="province_code",
        ) from None
    province, _created = Province.objects.update_or_create(
        code=province_code,
        defaults={"name": official.name, "division_type": official.division_type.value},
    )
    existing = {c.code: c for c in Commune.objects.filter(province=province)}
    created = updated = 0
    seen = set()
    for ward in Ward.iter_by_province(ProvinceCode(province_code)):
        code = int(ward.code.value)
        seen.add(code)
        commune = existing.get(code)
        if commune is None:
            Commune.objects.create(
                code=code, province=province, name=ward.name, division_type=ward.division_type.value
            )
            created += 1
        elif (commune.name, commune.division_type, commune.active) != (
            ward.name,
            ward.division_type.value,
            True,
        ):
            commune.name, commune.division_type, commune.active = ward.name, ward.division_type.value, True
            commune.save()
            updated += 1
    Commune.objects.filter(province=province, active=True).exclude(code__in=seen).update(active=False)
    return province, created, updated


def periodic_report_period(*, kind: str, year: int) -> Period:
    """The year is the statistical year (settings.STATISTICAL_YEAR_START); six months are its
    first half."""
    from datetime import timedelta

    from django.conf import settings

    from legalaid.indicators import Period
    from legalaid.models import PeriodicReport

    month, day = settings.STATISTICAL_YEAR_START
    whole = Period.statistical_year(year, month, day)
    if kind == PeriodicReport.Kind.YEAR:
        return whole
    start = whole.start
    end_month = start.month + 6
    half_end = start.replace(year=start.year + (end_month - 1) // 12, month=(end_month - 1) % 12 + 1)
    return Period(start, half_end - timedelta(days=1))


def periodic_report_update(*, report_id: int, version: int, by: User, **narratives: str):
    """Save the narrative sections unless someone saved them since ``version`` was read."""
    from django.db import transaction

    from legalaid.models import PeriodicReport

    with transaction.atomic():
        report = PeriodicReport.objects.select_for_update().get(pk=report_id)
        if report.status == PeriodicReport.Status.ISSUED:
            raise Refusal(_("This report has been issued: it can no longer be changed."))
        if report.version != version:
            raise Refusal(
                _(
                    "Someone else saved this report while you were writing. Your text is kept below; "
                    "the report now reads as shown under each box. Merge them and save again."
                ),
                code=CONFLICT,
            )
        for name in PeriodicReport.NARRATIVE_FIELDS:
            if name in narratives:
                setattr(report, name, narratives[name].strip())
        report.version += 1
        report.updated_by = by
        attribute_to(report, by)
        report.save()
    return report


def periodic_report_issue(*, report_id: int, by: User, number: int | None, report_date) -> None:
    from django.db import transaction

    from legalaid.models import PeriodicReport

    with transaction.atomic():
        report = PeriodicReport.objects.select_for_update().get(pk=report_id)
        report.status = PeriodicReport.Status.ISSUED
        report.number, report.report_date = number, report_date
        report.version += 1
        report.updated_by = by
        attribute_to(report, by)
        report.save()
