"""A Department of Justice official reads everything and changes nothing.

Every URL pattern of the project (the apps', the dashboard's, the admin's) is built into a
concrete address pointing at a real record of a world that has one of nearly everything, and
tried as the ``official``: POST (with an admin "delete the selected rows" payload, so a granted
admin permission would really delete), then GET. No request may write a row of any table
(PostgreSQL's count of the rows the transaction inserted, updated or deleted, read after each
request), every table must hold exactly the same rows at the end as at the start (a checksum of
each), and the answer must be a refusal (403, 404, 405) or a page that changed nothing and did
not take the official's input as a form to validate. The few addresses anyone logged in may post
to, and the Department's own evaluation work, are listed in ALLOWED with the reason.

The sweep runs twice: as the official the fixtures make (the admin sends them to its login), and
as the same official let into the admin (``is_staff``), where the admin's own permission checks
must refuse every change.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from legalaid.roles import Role, role_permissions
from legalaid.tests.dashboard_world import build_world, on

# The official's permissions that are not "view": each is a read or the Department's own work.
OFFICIAL_NON_VIEW_PERMISSIONS = {
    # the case list as a spreadsheet: reading, in another format
    "cases.export_case",
    # the Department's quality evaluation of the centre's cases (ARCHITECTURE.md, "who uses it":
    # the official "records quality evaluations of the Department")
    "cases.add_evaluation",
}


@dataclass(frozen=True)
class Allowed:
    why: str
    tables: frozenset[str] = frozenset()  # the only tables the request may write
    ends_session: bool = False


# URLs the official may legitimately post to. Everything else must refuse or change nothing.
ALLOWED = {
    "login": Allowed("the login form is open to everyone (an authenticated visitor is sent on)"),
    "logout": Allowed("logging out ends the official's own session", ends_session=True),
    "set_language": Allowed("the language switch sets a cookie for anyone, on the login page too"),
    "admin:login": Allowed("the admin's login form is open to everyone"),
    "admin:logout": Allowed("logging out of the admin ends the official's own session", ends_session=True),
    "admin:password_change": Allowed("the admin's form for changing one's own password"),
    "cases:survey_public": Allowed(
        "the public satisfaction survey: whoever holds the single-use link printed on the slip answers it"
    ),
    "cases:evaluations": Allowed("officials draw the Department's evaluation samples (cases.add_evaluation)"),
    "cases:evaluation_round": Allowed("officials record the Department's evaluation conclusions"),
    "unit_users_export": Allowed(
        "asks for the unit's users as a spreadsheet: a background job record; the users are only read",
        frozenset({"legalaid_job"}),
    ),
    "admin:staffing_person_export": Allowed(
        "the admin's spreadsheet export of the register asks for a file format: a read, like the list"
    ),
    "second_factor_enrol": Allowed(
        "an official may set up a code generator for their own sign-in (an unconfirmed device)",
        frozenset({"otp_totp_totpdevice"}),
    ),
    "dashboard:statistics_report": Allowed(
        "fills a Ministry statistics form in the background: a job record; the figures are only read",
        frozenset({"legalaid_job"}),
    ),
}

# Tables a request may touch whatever it does: the session of the logged-in official, and the
# sign-in log (django-axes records when the official's own session ends).
IGNORED_TABLES = {"django_session", "axes_accesslog"}


# --- A world with one of nearly everything ------------------------------------------------------


@pytest.fixture
def full_world(org, director, branch_officer, official, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    import planning
    from cases import services as case_services
    from legalaid.jobs import job_start
    from legalaid.models import CalendarOverride, PeriodicReport
    from legalaid.tasks import export_users_task
    from outreach import services as outreach
    from outreach.models import Session
    from planning.importer import parse_plan
    from planning.services import plan_import
    from staffing.models import StaffingYear

    settings.MEDIA_ROOT = tmp_path
    world = build_world(org, director, branch_officer)
    cases = world.cases
    with on(date(2025, 9, 20)):
        case_services.case_log_work(
            case=cases["C6"],
            by=director,
            day=date(2025, 9, 20),
            kind="meeting",
            hours=Decimal("2"),
            description="Gặp người được trợ giúp pháp lý",
        )
        case_services.case_request_replacement(
            case=cases["C6"], by=director, reason="Người được trợ giúp đề nghị"
        )
        case_services.case_party_add(case=cases["C6"], by=director, full_name="Hà Văn Lợi", role="opposing")
    with on(date(2025, 5, 2)):
        case_services.payment_record(
            case=cases["A1"],
            by=director,
            adjusted_amount=Decimal("1500000"),
            adjustment_reason="Tờ trình số 3",
        )
    with on(date(2026, 2, 20)):
        case_services.evaluation_round_create(
            by=official,
            centre=org.centre,
            name="Đánh giá chất lượng năm 2025",
            window_start=date(2025, 1, 1),
            window_end=date(2025, 12, 31),
            rate=100,
        )
        picture = BytesIO()
        Image.new("RGB", (4, 4), "red").save(picture, format="PNG")
        session = Session.objects.order_by("pk").first()
        outreach.session_photo_add(
            session=session,
            by=director,
            caption="Buổi trợ giúp pháp lý lưu động",
            upload=SimpleUploadedFile("buoi.png", picture.getvalue(), content_type="image/png"),
        )
        seed = Path(planning.__file__).parent / "tests" / "seeds" / "lang_son_2025.txt"
        parsed = parse_plan(seed.read_text(encoding="utf-8"))
        world.plan = plan_import(parsed=parsed, unit=org.centre, by=director)
        PeriodicReport.objects.create(unit=org.centre, kind=PeriodicReport.Kind.YEAR, year=2025)
        CalendarOverride.objects.create(
            day=date(2026, 4, 27), kind=CalendarOverride.Kind.DAY_OFF, reason="Nghỉ bù"
        )
        StaffingYear.objects.create(year=2025, assistant_case_quota=3, training_hours=16)
        world.job = job_start(
            task=export_users_task,
            kind="legalaid.users_xlsx",
            label="Người dùng",
            by=official,
            unit=org.centre,
            unit_id=org.centre.pk,
        )
        export_users_task.enqueue(world.job.pk, unit_id=org.centre.pk)  # a task row for the admin's list
        from django_otp.plugins.otp_totp.models import TOTPDevice

        world.device = TOTPDevice.objects.create(user=director, name="Điện thoại", confirmed=True)
    return world


def _first(model, **filters):
    row = model._default_manager.filter(**filters).order_by("pk").first()
    assert row is not None, f"the world has no {model.__name__}"
    return row


def _notice_of(user):
    """A notice of ``user`` (the world's services ran inside its transaction: none were written
    on commit)."""
    from legalaid.models import Notification

    return Notification.objects.filter(recipient=user).order_by("pk").first() or Notification.objects.create(
        recipient=user, kind=Notification.Kind.APPOINTED, text="Được cử thực hiện vụ việc", url="/"
    )


def url_values(world) -> dict[str, dict[str, object]]:
    """For each URL name, the record each path parameter points at."""
    from cases.models import (
        Appointment,
        Case,
        CaseParty,
        Complaint,
        EvaluationRound,
        ProofPaper,
        SurveyLink,
        WorkEntry,
    )
    from legalaid.models import PeriodicReport, StatisticsTable
    from outreach.models import Board, LeafletEdition, Place, Session, SessionPhoto
    from planning.models import Activity
    from planning.models import Target as PlanTarget

    centre = world.org.centre
    case = world.cases["C6"]  # being performed: the most actions apply to it
    report = _first(PeriodicReport)
    table = _first(StatisticsTable)
    activity = _first(Activity, targets__isnull=False)
    values = {
        "unit_detail": {"pk": centre.pk},
        "unit_users_pdf": {"pk": centre.pk},
        "unit_users_export": {"pk": centre.pk},
        "job_detail": {"pk": world.job.pk},
        "job_status": {"pk": world.job.pk},
        "job_download": {"pk": world.job.pk},
        "dashboard:report": {"pk": report.pk},
        "dashboard:report_issue": {"pk": report.pk},
        "dashboard:report_pdf": {"pk": report.pk},
        "dashboard:statistics_report": {"pk": table.pk},
        "cases:detail": {"pk": case.pk},
        "cases:paper_add": {"pk": case.pk},
        "cases:paper_scan": {"pk": case.pk, "paper_pk": _first(ProofPaper, case=case).pk},
        "cases:work_result": {"pk": case.pk, "entry_pk": _first(WorkEntry, case=case).pk},
        "cases:survey_staff": {"pk": case.pk},
        "cases:payment_add": {"pk": world.cases["C5"].pk},  # appraised, performed by a lawyer: payable
        "cases:party_add": {"pk": case.pk},
        "cases:party_remove": {"pk": case.pk, "party_pk": _first(CaseParty, case=case).pk},
        "cases:pdf": {"pk": case.pk, "kind": "phieu-hen"},
        "cases:appointment_pdf": {"pk": case.pk, "appointment_pk": _first(Appointment, case=case).pk},
        "cases:register_pdf": {"year": 2025},
        "cases:register_xlsx": {"year": 2025},
        "cases:survey_public": {"token": _first(SurveyLink, case=case).token},
        "cases:complaint_resolve": {"pk": _first(Complaint).pk},
        "cases:complaint_assign": {"pk": _first(Complaint).pk},
        "cases:complaint_answer_pdf": {"pk": _first(Complaint).pk},
        "cases:evaluation_round": {"pk": _first(EvaluationRound).pk},
        "cases:correct_case": {"pk": case.pk},
        "cases:correct_person": {"pk": case.pk},
        "cases:paper_reissue": {"pk": case.pk},
        # someone else's notice: the official's request answers 404 and marks nothing read
        "notification_open": {"pk": _notice_of(case.received_by).pk},
        "staffing:person_detail": {"pk": world.people[0].pk},
        "staffing:person_change_status": {"pk": world.people[0].pk},
        "outreach:session_detail": {"pk": _first(Session).pk},
        "outreach:session_edit": {"pk": _first(Session).pk},
        "outreach:session_photos_add": {"pk": _first(Session).pk},
        "outreach:session_handout_add": {"pk": _first(Session).pk},
        "outreach:photo": {"pk": _first(SessionPhoto).pk},
        "outreach:place_detail": {"pk": _first(Place).pk},
        "outreach:board_detail": {"pk": _first(Board).pk},
        "outreach:edition_detail": {"pk": _first(LeafletEdition).pk},
        "planning:plan": {"pk": world.plan.pk},
        "planning:plan_pdf": {"pk": world.plan.pk},
        "planning:report_pdf": {"pk": world.plan.pk},
        "planning:copy": {"pk": world.plan.pk},
        "planning:plan_status": {"pk": world.plan.pk},
        "planning:plan_revise": {"pk": world.plan.pk},
        "planning:activity": {"pk": activity.pk},
        "planning:activity_status": {"pk": activity.pk},
        "planning:activity_note": {"pk": activity.pk},
        "planning:target_add": {"pk": activity.pk},
        "planning:target_bind": {"pk": activity.pk, "target_pk": _first(PlanTarget, activity=activity).pk},
        # the admin's own addresses
        "admin:app_list": {"app_label": "cases"},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(Case).pk,
            "object_id": case.pk,
        },
        "admin:staffing_person_import_invalid": {"token": "khong-co"},
        # the admin's pages of a code generator (its key and QR code are hidden: 403)
        "admin:otp_totp_totpdevice_config": {"pk": world.device.pk},
        "admin:otp_totp_totpdevice_qrcode": {"pk": world.device.pk},
        "cases:subject_export": {"person_pk": case.beneficiary_id},
        "password_reset_confirm": {"uidb64": "MQ", "token": "khong-co"},
        "staffing:import_detail": {"stamp": 1},  # no import: 404 once allowed
        "staffing:import_publish": {"stamp": 1},
        "staffing:person_publish": {"pk": world.people[0].pk},
        "staffing:person_unpublish": {"pk": world.people[0].pk},
    }
    # Every action of the case workflow, each on a case it could apply to.
    from cases.workflow import TRANSITIONS

    for action, transition in TRANSITIONS.items():
        target = (
            Case.objects.filter(status__in=transition.sources, centre=centre).order_by("pk").first() or case
        )
        values[f"cases:action[{action}]"] = {"pk": target.pk, "name": str(action)}
    return values


# --- Building every URL -------------------------------------------------------------------------


@dataclass
class Route:
    name: str
    segments: tuple  # URLResolver... URLPattern
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or str(self.segments[0].pattern) == "quan-tri/"

    @property
    def text(self) -> str:
        return "".join(str(s.pattern) for s in self.segments)


def every_route() -> list[Route]:
    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, (*prefix, entry), ns)
            elif isinstance(entry, URLPattern):
                yield Route(namespace + (entry.name or ""), (*prefix, entry), entry.callback)

    return list(walk(get_resolver().url_patterns, (), ""))


def _admin_model(route: Route):
    """The model of an admin page, from the resolver named after it (``cases/case/``)."""
    for segment in route.segments:
        match = re.fullmatch(r"(\w+)/(\w+)/", str(segment.pattern))
        if match and isinstance(segment, URLResolver):
            for model in admin.site._registry:
                if (model._meta.app_label, model._meta.model_name) == match.groups():
                    return model
    return None


def build(route: Route, values: dict, missing: list[str]) -> str:
    """A concrete address for ``route``: real records where the world has them."""
    known = dict(values.get(route.name, {}))
    model = _admin_model(route) if route.is_admin else None
    if model is not None:
        row = model._default_manager.order_by("pk").first()
        known.setdefault("object_id", row.pk if row is not None else 1)
        known.setdefault("id", known["object_id"])  # the user admin's password form
        if row is not None and hasattr(model, "history"):
            historical = (
                model.history.filter(**{model._meta.pk.attname: row.pk}).order_by("-history_id").first()
            )
            known.setdefault("history_id", historical.history_id if historical else 1)
    positional = [known.get("object_id", 1), known.get("history_id", 1)]

    def named(match):
        name = match.group("name")
        if name in known:
            return str(known[name])
        if name == "url":  # the admin's catch-all
            return "khong-co-trang-nay/"
        missing.append(f"{route.name or route.text} <{name}>")
        return "1"

    path = "/"
    for segment in route.segments:
        text = str(segment.pattern)
        if text.startswith("^") or text.endswith("$"):  # a regular expression (admin, history)
            text = text.removeprefix("^").removesuffix("$")
            text = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", named, text)
            text = re.sub(r"\(\[\^/\]\+\)", lambda _m: str(positional.pop(0)), text)
        else:
            text = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", named, text)
        path += text
    return path


# --- What "unchanged" means ----------------------------------------------------------------------


def checksums() -> dict[str, str]:
    """A checksum of every row of every table."""
    tables = sorted(set(connection.introspection.table_names()) - IGNORED_TABLES)
    quote = connection.ops.quote_name
    # Table names from the database's own catalogue, quoted: nothing from outside the test.
    rows = (
        "SELECT %s, md5(coalesce(string_agg(r, chr(10) ORDER BY r), '')) "
        "FROM (SELECT to_jsonb(t)::text AS r FROM {} t) s"
    )
    sql = " UNION ALL ".join(rows.format(quote(table)) for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())


def writes() -> dict[str, int]:
    """Rows inserted, updated or deleted so far in this test's transaction, per table: PostgreSQL
    counts them for the transaction, so one cheap query tells whether a request wrote anything
    (even an UPDATE that set the same values)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE schemaname = 'public'"
        )
        return {table: n for table, n in cursor.fetchall() if table not in IGNORED_TABLES}


def changed(before: dict, after: dict) -> set[str]:
    return {table for table in before.keys() | after.keys() if before.get(table) != after.get(table)}


ADMIN_DELETE = {"action": "delete_selected", "post": "yes"}


@contextmanager
def logins_not_stamped():
    """Logging in stamps ``last_login`` (and its history row); the sweep logs the official back
    in after each logout, which is not the official changing a record."""
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    try:
        yield
    finally:
        user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


def sweep(client: Client, official, routes: list[Route], values: dict, *, staff: bool) -> list[str]:
    """Try every route as the official; return what went wrong, one line per request."""
    problems: list[str] = []
    missing: list[str] = []
    # The logouts last: everything else is tried in one session.
    routes = sorted(routes, key=lambda r: r.name in ALLOWED and ALLOWED[r.name].ends_session)
    with logins_not_stamped():
        client.force_login(official)
        client.get("/bang-dieu-hanh/")  # the figures' summaries are brought up to date by a first read
        initially = checksums()
        before = writes()
        for route in routes:
            names = [route.name]
            if route.name == "cases:action":
                names = [name for name in values if name.startswith("cases:action[")]
            allowed = ALLOWED.get(route.name)
            for name in names:
                address = build(Route(name, route.segments, route.callback), values, missing)
                match = resolve(address)
                if match.func is not route.callback:
                    problems.append(f"{name}: {address} reaches {match.view_name!r}, not this pattern")
                    continue
                for method in ("post", "get"):
                    # Never an empty POST: ``Form(request.POST or None)`` would take it as no form.
                    payload = {"sweep": "1"} if method == "post" else {}
                    if method == "post" and route.is_admin:
                        model = _admin_model(route)
                        row = model._default_manager.order_by("pk").first() if model else None
                        payload = {**ADMIN_DELETE, "_selected_action": [row.pk] if row else []}
                    response = getattr(client, method)(address, payload)
                    after = writes()
                    problems += judge(
                        f"{method.upper()} {address} ({name})",
                        route,
                        response,
                        staff=staff,
                        written=changed(before, after) - (allowed.tables if allowed else set()),
                    )
                    before = after
                    if allowed is not None and allowed.ends_session:
                        client.force_login(official)
        at_the_end = checksums()
    allowed_tables = set().union(*(a.tables for a in ALLOWED.values()))
    moved = changed(initially, at_the_end) - allowed_tables
    if moved:
        problems.append(f"after the sweep these tables differ from before: {sorted(moved)}")
    problems += [
        f"no record for {m}: say in url_values() which record it points at" for m in sorted(set(missing))
    ]
    return problems


def judge(where: str, route: Route, response, *, staff: bool, written: set[str]) -> list[str]:
    """What is wrong with one answer to the official."""
    allowed = ALLOWED.get(route.name)
    problems = []
    if written:
        problems.append(f"{where} wrote to {sorted(written)} (answered {response.status_code})")
    if response.status_code >= 500:
        problems.append(f"{where} failed with {response.status_code}")
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    ends_session = allowed is not None and allowed.ends_session
    if location.startswith("/dang-nhap/") and not ends_session:
        problems.append(f"{where} sent the official to the login page: the session was lost")
    if (
        route.is_admin
        and not staff
        and location
        and not location.startswith("/quan-tri/login/")
        and not ends_session
    ):
        problems.append(f"{where}: the admin let a non-staff user through (to {location})")
    if (
        where.startswith("POST")
        and allowed is None
        and response.status_code == 200
        and not response.streaming
        and b'class="errorlist' in response.content
    ):
        problems.append(f"{where} took the official's input as a form to check (200 with errors)")
    return problems


@pytest.fixture
def routes():
    every = every_route()
    assert len(every) > 150  # the apps' pages and the admin's
    # Pages for the developers' eyes only (DEBUG): not part of the application.
    return [r for r in every if not r.text.startswith("__errors__/")]


def test_the_officials_permissions_are_views_plus_the_named_reads_and_evaluations(official):
    granted = role_permissions(Role.OFFICIAL)
    in_group = {
        f"{app}.{codename}"
        for app, codename in official.groups.get().permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert in_group == granted
    assert {p for p in granted if not p.split(".", 1)[1].startswith("view_")} == OFFICIAL_NON_VIEW_PERMISSIONS


def test_an_official_changes_nothing_through_any_address_of_the_application(full_world, official, routes):
    client = Client(raise_request_exception=False)
    problems = sweep(client, official, routes, url_values(full_world), staff=False)
    assert problems == [], "\n".join(problems)


def test_an_official_let_into_the_admin_still_changes_nothing_there(full_world, official, routes):
    official.is_staff = True
    official.save(update_fields=["is_staff"])
    client = Client(raise_request_exception=False)
    admin_routes = [r for r in routes if r.is_admin]
    problems = sweep(client, official, admin_routes, url_values(full_world), staff=True)
    assert problems == [], "\n".join(problems)


def test_the_sweep_sees_a_change_when_the_official_may_write(full_world, official, routes):
    """The check itself: give officials the right to delete media items, and the sweep must
    report the address that deleted one."""
    from django.contrib.auth.models import Permission

    official.groups.get().permissions.add(
        Permission.objects.get(content_type__app_label="outreach", codename="delete_mediaitem")
    )
    official.is_staff = True
    official.save(update_fields=["is_staff"])
    client = Client(raise_request_exception=False)
    media_routes = [r for r in routes if r.name == "admin:outreach_mediaitem_changelist"]
    problems = sweep(client, official, media_routes, url_values(full_world), staff=True)
    assert any(
        p.startswith("POST /quan-tri/outreach/mediaitem/") and "outreach_mediaitem" in p for p in problems
    )


def test_the_sweep_sees_a_page_that_lets_the_official_fill_in_a_form(full_world, official, routes):
    """The check itself, on the application's own pages: with the right to record outreach
    sessions, the empty form posted by the sweep comes back with errors to correct, and the
    sweep must report that the page took the official's input."""
    from django.contrib.auth.models import Permission

    official.groups.get().permissions.add(
        Permission.objects.get(content_type__app_label="outreach", codename="add_session")
    )
    client = Client(raise_request_exception=False)
    create = [r for r in routes if r.name == "outreach:session_create"]
    problems = sweep(client, official, create, url_values(full_world), staff=False)
    assert problems == [
        "POST /truyen-thong/buoi/moi/ (outreach:session_create) took the official's input as a form to check "
        "(200 with errors)"
    ]


# django-simple-history 3.13's history form saves a POST for a staff user who may only view
# (its "Revert" button is only hidden); legalaid.history_admin.HistoryAdmin refuses it.
def test_a_staff_user_who_may_only_view_cannot_revert_a_record_through_its_history(client, official, org):
    from legalaid.models import Unit

    official.is_staff = True
    official.save(update_fields=["is_staff"])
    branch = org.branch
    first = Unit.history.filter(id=branch.pk).order_by("history_id").first()
    branch.name = "Chi nhánh số 1 - Tràng Định"
    branch.save()
    client.force_login(official)
    response = client.post(
        f"/quan-tri/legalaid/unit/{branch.pk}/history/{first.history_id}/",
        {
            "name": "Chi nhánh số 1",
            "short_name": "CN1",
            "kind": "branch",
            "parent": org.centre.pk,
            "position": 0,
            "active": "on",
        },
    )
    branch.refresh_from_db()
    assert (response.status_code, branch.name) == (403, "Chi nhánh số 1 - Tràng Định")


def test_an_administrator_still_reverts_a_record_through_its_history(client, administrator, org):
    from legalaid.models import Unit

    branch = org.branch
    first = Unit.history.filter(id=branch.pk).order_by("history_id").first()
    branch.name = "Chi nhánh số 1 - Tràng Định"
    branch.save()
    client.force_login(administrator)
    response = client.post(
        f"/quan-tri/legalaid/unit/{branch.pk}/history/{first.history_id}/",
        {
            "name": "Chi nhánh số 1",
            "short_name": "CN1",
            "kind": "branch",
            "parent": org.centre.pk,
            "position": 0,
            "active": "on",
        },
    )
    branch.refresh_from_db()
    assert (response.status_code, branch.name) == (302, "Chi nhánh số 1")
