"""The officials' dashboard against a small world counted by hand.

The world is built through the apps' own services on the days the work happened (the clock is
moved to each day), so every date the indicators read (request, acceptance, refusal, completion,
the day a survey or a person was recorded) is the one a real office would have. The figures are
read with the REAL indicators of cases, outreach and staffing; the expected numbers are written
out below with the counting beside them, and the same numbers must appear on the screen, in the
PDF's text and in the spreadsheet.

Planning tiles (``planning.*``) are left out of the comparison: another part of the work adds
them and their figures are tested there.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zoneinfo
from contextlib import contextmanager
from datetime import date, datetime, time
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from legalaid import indicators

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# The day the dashboard is read: every record below is in the past, and the 2025 figures that
# depend on "today" (open cases past their deadline) are cut at 31/12/2025.
TODAY = date(2026, 3, 2)
YEAR = {"kind": "year", "year": "2025"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def on(day: date, hour: int = 10):
    """Work as if it were ``day`` (Vietnamese office hours)."""
    with time_machine.travel(datetime.combine(day, time(hour, 0), tzinfo=TZ), tick=False):
        yield


# --- The world ---------------------------------------------------------------------------------


def build_world(org, director, branch_officer) -> SimpleNamespace:
    """Fourteen cases in two branches, four outreach sessions, three places, seven people on the
    register, trainings, quotas, surveys and a complaint (see EXPECTED for what counts where)."""
    from cases import services as case_services
    from cases.models import Case, Criterion, QualityOutcome
    from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField, User
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory
    from outreach import services as outreach
    from outreach.models import Board, MediaItem, Place, Session, Target
    from staffing.models import AssistantQuota, Person, Training
    from staffing.services import person_record_training

    cn1, cn2 = org.branch, org.other_branch
    communes = {c.name.removeprefix("Xã "): c for c in org.communes}
    poor = BeneficiaryCategory.objects.get(code="HN")
    forms = {f.code: f for f in LegalAidForm.objects.all()}
    fields = {f.code: f for f in LegalField.objects.all()}

    # Accounts: the director since 2023, the appraiser since January 2024, the branch officer
    # since May 2025 (legalaid.active_users counts accounts created by the end of the period).
    User.objects.filter(pk=director.pk).update(date_joined=datetime(2023, 1, 3, 8, tzinfo=TZ))
    User.objects.filter(pk=branch_officer.pk).update(date_joined=datetime(2025, 5, 5, 8, tzinfo=TZ))
    with on(date(2024, 1, 2)):
        appraiser = UserFactory(
            username="thamdinh",
            full_name="Hoàng Thị Thu",
            unit=org.professional_department,
            role=Role.ASSISTANT,
        )

    # The register of people who perform legal aid, recorded on the day they joined.
    def person(day, name, kind, unit, **extra):
        with on(day):
            return Person.objects.create(full_name=name, kind=kind, unit=unit, **extra)

    K = Person.Kind
    p1 = person(date(2024, 2, 1), "Lương Văn Đức", K.ASSISTANT, org.professional_department, sex="male")
    p2 = person(date(2025, 6, 2), "Triệu Thị Hoa", K.ASSISTANT, org.professional_department, sex="female")
    p3 = person(date(2024, 1, 15), "Đặng Thị Mai", K.COLLABORATOR, cn1, sex="female")
    p4 = person(
        date(2024, 10, 1),
        "Nông Văn Bình",
        K.LAWYER,
        cn2,
        sex="male",
        contract_start=date(2024, 10, 1),
        contract_end=date(2025, 9, 30),
    )
    p5 = person(date(2025, 2, 10), "Hà Văn Sơn", K.COLLABORATOR, cn2, sex="male")
    person(date(2025, 3, 3), "Vi Thị Lan", K.COLLABORATOR, cn2, sex="female", status=Person.Status.ENDED)
    person(date(2026, 1, 12), "Lăng Văn Tùng", K.COLLABORATOR, cn1, sex="male")
    AssistantQuota.objects.create(person=p1, year=2025, cases=3)
    AssistantQuota.objects.create(person=p2, year=2025, cases=2)
    with on(date(2024, 8, 5)):
        training_2024 = Training.objects.create(
            title="Kỹ năng tham gia tố tụng", start_date=date(2024, 8, 5), end_date=date(2024, 8, 6), hours=16
        )
        person_record_training(person=p4, training=training_2024)
    with on(date(2025, 5, 12)):
        training_2025 = Training.objects.create(
            title="Trợ giúp pháp lý cho người dân tộc thiểu số",
            start_date=date(2025, 5, 12),
            end_date=date(2025, 5, 14),
            hours=24,
        )
        person_record_training(person=p1, training=training_2025)
        person_record_training(person=p3, training=training_2025)
        person_record_training(person=p5, training=training_2025, completed=False)

    # Cases, each driven through the workflow on its own days.
    cases: dict[str, Case] = {}
    success = Criterion.objects.get(kind="success", code="HS-01")
    good = QualityOutcome.objects.get(scale="appraisal", code="tot")

    def receive(key, unit, day, form="TVPL", field="DS", name="Hoàng Thị Lan"):
        with on(day):
            cases[key] = case_services.case_receive(
                by=director,
                unit=unit,
                request_date=day,
                categories=[poor],
                form=forms[form],
                field=fields[field],
                description="Tranh chấp đất đai với hộ liền kề",
                allow_duplicate=True,
                new_beneficiary=case_services.BeneficiaryData(
                    full_name=name, sex="female", date_of_birth=date(1975, 4, 2)
                ),
            )

    def accept(key, day):
        with on(day):
            for proof in {p.group: p for p in CategoryProof.objects.filter(category=poor)}.values():
                case_services.proof_paper_add(
                    case=cases[key],
                    by=director,
                    document_type=proof.document_type,
                    number="15/GCN-UBND",
                    issued_on=date(2024, 1, 5),
                )
            case_services.case_accept(case=cases[key], by=director, accepted_on=day)

    def appoint(key, day, performer):
        with on(day):
            case_services.case_appoint(case=cases[key], by=director, performer=performer, decided_on=day)

    def complete(key, day, successful=False):
        with on(day):
            case_services.case_complete(
                case=cases[key],
                by=director,
                outcome="favourable",
                completed_on=day,
                summary="Đã bảo vệ quyền lợi",
                success_criteria=[success] if successful else [],
            )

    def appraise(key, assigned, done):
        with on(assigned):
            case_services.appraisal_assign(
                case=cases[key], by=director, appraiser=appraiser, assigned_on=assigned
            )
        with on(done):
            case_services.appraisal_record(
                case=cases[key], by=appraiser, outcome=good, findings="Hồ sơ đầy đủ", appraised_on=done
            )

    def refuse(key, day):
        with on(day):
            case_services.case_refuse(case=cases[key], by=director, reason="business", refused_on=day)

    def refer(key, day):  # the referral is dated the day it is recorded
        with on(day):
            case_services.case_refer(
                case=cases[key], by=director, referred_to_text="Văn phòng luật sư Lạng Sơn"
            )

    def survey(key, day, satisfaction):
        with on(day):
            scores = {"attitude": 5, "responsibility": 5, "expertise": 4, "satisfaction": satisfaction}
            case_services.survey_record(case=cases[key], by=director, scores=scores)

    # 2024 (the "same period last year" column)
    receive("A1", cn1, date(2024, 3, 4), name="Nguyễn Thị Hằng")
    accept("A1", date(2024, 3, 4))
    appoint("A1", date(2024, 3, 5), p3)
    complete("A1", date(2024, 4, 15))
    appraise("A1", date(2024, 4, 17), date(2024, 4, 22))
    survey("A1", date(2024, 4, 25), 3)
    receive("A2", cn2, date(2024, 12, 27), field="HNGD", name="Lý Văn Tài")
    refuse("A2", date(2025, 1, 6))  # received in 2024, refused in 2025
    receive("A3", cn2, date(2024, 11, 11), form="TGTT", name="Chu Văn Hải")
    accept("A3", date(2024, 11, 12))
    appoint("A3", date(2024, 11, 13), p4)  # still being performed: no deadline
    # 2025 (the period read)
    receive("C1", cn1, date(2025, 1, 6), form="TGTT", field="HS", name="Hoàng Văn Minh")
    accept("C1", date(2025, 1, 6))
    appoint("C1", date(2025, 1, 8), p1)
    complete("C1", date(2025, 3, 10), successful=True)
    appraise("C1", date(2025, 3, 12), date(2025, 3, 17))
    survey("C1", date(2025, 3, 20), 4)
    receive("C2", cn1, date(2025, 2, 3), form="TGTT", field="HS", name="Lộc Văn Thành")
    accept("C2", date(2025, 2, 3))
    appoint("C2", date(2025, 2, 4), p1)
    complete("C2", date(2025, 5, 20))  # left completed: its appraisal was due in May
    receive("C3", cn1, date(2025, 4, 1), name="Mã Thị Nguyệt")
    refuse("C3", date(2025, 4, 2))
    receive("C4", cn1, date(2025, 6, 2), name="Hoàng Văn Quý")
    refer("C4", date(2025, 6, 3))
    receive("C5", cn2, date(2025, 7, 1), field="HNGD", name="Triệu Thị Dung")
    accept("C5", date(2025, 7, 1))
    appoint("C5", date(2025, 7, 2), p4)
    complete("C5", date(2025, 8, 15))
    appraise("C5", date(2025, 8, 18), date(2025, 8, 22))
    survey("C5", date(2025, 8, 25), 5)
    receive("C6", cn2, date(2025, 9, 1), form="DDNTT", name="Vy Văn Lực")
    accept("C6", date(2025, 9, 2))
    appoint("C6", date(2025, 9, 3), p4)  # being performed: no deadline
    receive("C7", cn2, date(2025, 10, 31), name="Nông Thị Hoa")  # never answered: due 03/11/2025
    receive("C8", cn2, date(2025, 12, 31), name="Hà Thị Mơ")
    accept("C8", date(2026, 1, 5))  # accepted the next year: appointment due in January 2026
    receive("C9", cn1, date(2025, 11, 3), form="TGTT", field="HS", name="Dương Văn Khải")
    accept("C9", date(2025, 11, 3))
    appoint("C9", date(2025, 11, 4), p1)
    complete("C9", date(2025, 12, 30))
    appraise("C9", date(2026, 1, 5), date(2026, 1, 9))  # completed in 2025, appraised in 2026
    # 2026 (after the period)
    receive("D1", cn1, date(2026, 1, 2), name="Lương Thị Thắm")  # due 05/01/2026
    receive("D2", cn2, date(2026, 2, 2), form="TGTT", field="HS", name="Bế Văn Chiến")
    accept("D2", date(2026, 2, 2))
    with on(date(2025, 9, 10)):
        case_services.complaint_record(
            by=director,
            unit=cn2,
            received_on=date(2025, 9, 10),
            caller="Triệu Văn Nam",
            channel="hotline",
            topic="quality",
            case=cases["C5"],
            content="Người nhà phản ánh chưa được thông báo kết quả",
        )

    # Outreach: a leaflet printed in January 2024, sessions, places with boards, media items.
    with on(date(2024, 1, 10)):
        leaflet = outreach.leaflet_create(title="Quyền được trợ giúp pháp lý miễn phí", unit=org.centre)
        edition = leaflet.editions.get()
        outreach.print_run_record(edition=edition, printed_on=date(2024, 1, 10), quantity=1000, by=director)

    def session(day, kind, commune, unit, attendees, handout=0, **extra):
        with on(day):
            handouts = [outreach.LeafletHandout(edition, handout)] if handout else []
            return outreach.session_record(
                kind=kind,
                held_on=day,
                commune=communes[commune],
                lead_unit=unit,
                attendees=attendees,
                by=director,
                handouts=handouts,
                **extra,
            )

    S = Session.Kind
    session(date(2024, 5, 10), S.MOBILE, "Mẫu Sơn", cn2, 120, handout=100)
    session(date(2025, 3, 15), S.MOBILE, "Thất Khê", cn1, 650, handout=200, attendees_women=300)
    session(date(2025, 6, 20), S.DIRECT, "Tràng Định", cn1, 480)
    session(date(2025, 9, 5), S.CLUB, "Lộc Bình", cn2, 35)
    session(date(2026, 1, 15), S.DIRECT, "Lộc Bình", cn2, 50)

    def place(name, commune, unit):
        return outreach.place_create(
            name=name, kind=Place.Kind.COMMITTEE, commune=communes[commune], unit=unit
        )

    that_khe = place("UBND xã Thất Khê", "Thất Khê", cn1)
    loc_binh = place("UBND xã Lộc Bình", "Lộc Bình", cn2)
    place("UBND xã Mẫu Sơn", "Mẫu Sơn", cn2)  # no board yet
    with on(date(2024, 2, 1)):
        board = outreach.board_install(place=that_khe, installed_on=date(2024, 2, 1), by=director)
    with on(date(2025, 5, 5)):
        outreach.board_install(place=loc_binh, installed_on=date(2025, 5, 5), by=director)
    with on(date(2025, 6, 1)):
        outreach.distribution_record(
            edition=edition,
            distributed_on=date(2025, 6, 1),
            quantity=150,
            unit=cn2,
            by=director,
            place=loc_binh,
        )
    with on(date(2026, 1, 10)):  # worn after the period: the end of 2025 still sees it good
        outreach.board_inspect(board=board, on=date(2026, 1, 10), condition=Board.Condition.WORN, by=director)

    def media(day, kind, unit, title):
        with on(day):
            outreach.media_item_record(
                kind=kind, published_on=day, outlet="Báo Lạng Sơn", title=title, unit=unit, by=director
            )

    media(date(2024, 12, 31), MediaItem.Kind.WEBSITE, cn2, "Tổng kết trợ giúp pháp lý năm 2024")
    media(date(2025, 4, 10), MediaItem.Kind.RADIO, org.centre, "Trợ giúp pháp lý cho người nghèo")
    media(date(2025, 10, 10), MediaItem.Kind.FACEBOOK, cn1, "Buổi trợ giúp pháp lý lưu động tại Thất Khê")
    # The centre's 2025 plan: 4 sessions, 500 leaflets handed out.
    outreach.target_set(year=2025, unit=org.centre, measure=Target.Measure.SESSIONS, value=4)
    outreach.target_set(year=2025, unit=org.centre, measure=Target.Measure.LEAFLETS, value=500)

    return SimpleNamespace(org=org, cases=cases, appraiser=appraiser, people=[p1, p2, p3, p4, p5])


@pytest.fixture
def world(org, director, branch_officer, official):
    return build_world(org, director, branch_officer)


# --- What the world adds up to, counted by hand ------------------------------------------------

# The centre, 2025 (01/01-31/12/2025). Each figure: (this year, same period of 2024, target).
CENTRE_2025 = {
    # received in 2025: C1 C2 C3 C4 C5 C6 C7 C8 C9 = 9 | 2024: A1 A2 A3 = 3
    "cases.requests_received": (9, 3, None),
    # accepted in 2025: C1 (06/01) C2 C5 C6 C9 = 5 (C8 was accepted in 2026) | 2024: A1 A3 = 2
    "cases.accepted": (5, 2, None),
    # refused in 2025: A2 (received 27/12/2024, refused 06/01/2025) and C3 = 2 | 2024: none
    "cases.refused": (2, 0, None),
    # referred: C4 = 1 | 2024: none
    "cases.referred": (1, 0, None),
    # completed in 2025: C1 C2 C5 C9 = 4 | 2024: A1 = 1
    "cases.completed": (4, 1, None),
    # of those 4, appraised by now: C1 C5 C9 (C9 in January 2026) = 75% | 2024: A1 of A1 = 100%
    "cases.appraised_share": (75, 100, None),
    # proceedings cases completed successfully in 2025: C1 = 1 | 2024: none
    "cases.successful_proceedings": (1, 0, None),
    # open cases whose deadline passed before 31/12/2025: C2 (appraisal to assign, May 2025)
    # and C7 (request never answered, due 03/11/2025) = 2; not C6 (no deadline), C8 (due
    # January 2026), D1 (due 05/01/2026) | before 31/12/2024: none
    "cases.overdue": (2, 0, None),
    # surveys recorded in 2025: C1 4/5, C5 5/5 = 4.5 | 2024: A1 3/5 = 3
    "cases.average_satisfaction": (4.5, 3, None),
    # complaints received in 2025: 1 (10/09, about C5) | 2024: none
    "cases.complaints": (1, 0, None),
    # sessions led by the centre's units in 2025: 15/03 mobile, 20/06 direct, 05/09 club = 3;
    # the plan aims at 4 | 2024: 10/05 mobile = 1
    "outreach.sessions": (3, 1, 4),
    # 650 + 480 + 35 = 1,165 | 2024: 120
    "outreach.attendees": (1165, 120, None),
    # communes with a mobile or direct session: Thất Khê, Tràng Định = 2 (a club meeting does
    # not reach a commune) | 2024: Mẫu Sơn = 1
    "outreach.communes_reached": (2, 1, None),
    # of the province's 4 communes: 2/4 = 50% | 2024: 1/4 = 25%
    "outreach.commune_coverage": (50, 25, None),
    # three committee offices; a board in good condition on 31/12/2025 at Thất Khê (worn only
    # in January 2026) and Lộc Bình (installed May 2025) = 2/3 = 66.7% | on 31/12/2024: 1/3
    "outreach.board_coverage": (66.7, 33.3, None),
    # handed out in 2025: 200 at the Thất Khê session + 150 at Lộc Bình = 350; the plan: 500
    # | 2024: 100 at the Mẫu Sơn session
    "outreach.leaflets_distributed": (350, 100, 500),
    # radio 10/04 and Facebook 10/10 = 2 | 2024: the website item of 31/12/2024 = 1
    "outreach.media_items": (2, 1, None),
    # active collaborators on the register by 31/12/2025: Mai, Sơn = 2 (Lan ended, Tùng joined
    # in 2026) | by 31/12/2024: Mai = 1
    "staffing.active_collaborators": (2, 1, None),
    # assistants: Đức, Hoa = 2 | 2024: Đức = 1
    "staffing.assistants": (2, 1, None),
    # lawyers whose contract ran some day of the year: Bình (10/2024-09/2025) = 1 | 2024: 1
    "staffing.contracted_lawyers": (1, 1, None),
    # Đức completed 3 proceedings cases (C1 C2 C9) against a quota of 3, Hoa 0 of 2: 1/2 = 50%
    # | 2024: no quota set, so no assistant is measured = 0
    "staffing.assistants_meeting_quota": (50, 0, None),
    # performers on the register by 31/12/2025: Đức Hoa Mai Bình Sơn = 5; completed a 2025
    # training: Đức, Mai (Sơn did not complete) = 40% | 2024: Bình of Đức Mai Bình = 33.3%
    "staffing.trained_share": (40, 33.3, None),
    # accounts of the centre by 31/12/2025: director, appraiser, branch officer = 3 | 2024: 2
    "legalaid.active_users": (3, 2, None),
}

# Chi nhánh số 1 alone, 2025: only its own cases, sessions, places and people.
BRANCH_2025 = {
    "cases.requests_received": (5, 1, None),  # C1 C2 C3 C4 C9 | A1
    "cases.accepted": (3, 1, None),  # C1 C2 C9 | A1
    "cases.refused": (1, 0, None),  # C3 (A2 belongs to branch 2)
    "cases.referred": (1, 0, None),  # C4
    "cases.completed": (3, 1, None),  # C1 C2 C9 | A1
    "cases.appraised_share": (66.7, 100, None),  # C1 C9 of 3 | A1
    "cases.successful_proceedings": (1, 0, None),  # C1
    "cases.overdue": (1, 0, None),  # C2 (C7 belongs to branch 2)
    "cases.average_satisfaction": (4, 3, None),  # C1 | A1
    "cases.complaints": (0, 0, None),  # the complaint was received by branch 2
    "outreach.sessions": (2, 0, None),  # Thất Khê, Tràng Định | the 2024 session was branch 2's
    "outreach.attendees": (1130, 0, None),  # 650 + 480
    "outreach.communes_reached": (2, 0, None),  # both communes of its service area
    "outreach.commune_coverage": (100, 0, None),  # 2/2 | 0/2
    "outreach.board_coverage": (100, 100, None),  # its one place, Thất Khê, good both years
    "outreach.leaflets_distributed": (200, 0, None),
    "outreach.media_items": (1, 0, None),  # the Facebook item
    "staffing.active_collaborators": (1, 1, None),  # Mai (Tùng joined in 2026)
    "staffing.assistants": (0, 0, None),
    "staffing.contracted_lawyers": (0, 0, None),
    "staffing.assistants_meeting_quota": (0, 0, None),  # no assistant in the branch
    "staffing.trained_share": (100, 0, None),  # Mai trained in 2025 | no 2024 training
    "legalaid.active_users": (1, 0, None),  # the branch officer, since May 2025
}


def change(value, previous):
    """The change the dashboard shows against last year, in percent (none when last year was 0)."""
    return None if not previous else (value - previous) * 100 / previous


# --- Reading the three outputs -----------------------------------------------------------------


def vietnamese_number(text: str) -> float:
    """'66,7' -> 66.7, '1.165' -> 1165, '+100%' -> 100 (Vietnamese separators)."""
    cleaned = text.strip().rstrip("%").lstrip("+").replace(".", "").replace(",", ".")
    return float(cleaned)


class _Tiles(HTMLParser):
    """Collect each tile's label, figure, meta line and link from the dashboard page."""

    def __init__(self) -> None:
        super().__init__()
        self.tiles: dict[str, dict] = {}
        self._key: str | None = None
        self._depth = 0
        self._part: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "data-indicator" in attributes:
            self._key = attributes["data-indicator"]
            self.tiles[self._key] = {"label": "", "figure": "", "meta": "", "href": None}
            self._depth = 1
            return
        if self._key is None:
            return
        if tag == "div":
            self._depth += 1
            if attributes.get("class") in ("label", "figure", "meta"):
                self._part = attributes["class"]
        if tag == "a" and self._part == "figure":
            self.tiles[self._key]["href"] = attributes.get("href")

    def handle_endtag(self, tag):
        if self._key is not None and tag == "div":
            self._depth -= 1
            self._part = None if self._depth <= 1 else self._part
            if self._depth == 0:
                self._key = None

    def handle_data(self, data):
        if self._key is not None and self._part:
            self.tiles[self._key][self._part] += data


def screen_tiles(html: str) -> dict[str, dict]:
    """key -> {value, previous, target, change, label, href} as the official reads them."""
    parser = _Tiles()
    parser.feed(html)
    read = {}
    for key, tile in parser.tiles.items():
        meta = " ".join(tile["meta"].split())
        previous = re.search(r"Cùng kỳ năm trước: ([\d.,]+)", meta)
        target = re.search(r"Chỉ tiêu: ([\d.,]+)", meta)
        moved = re.search(r"\(([+-]?\d+)%\)", meta)
        read[key] = {
            "label": " ".join(tile["label"].split()),
            "value": vietnamese_number(tile["figure"]),
            "previous": vietnamese_number(previous.group(1)),
            "target": vietnamese_number(target.group(1)) if target else None,
            "change": int(moved.group(1)) if moved else None,
            "href": tile["href"],
        }
    return read


UNIT_LABELS = {"count": "mục", "people": "người", "percent": "%"}


def is_percent(key: str) -> bool:
    return indicators.get(key).unit == "percent"


def without_planning(keys) -> set[str]:
    return {key for key in keys if not key.startswith("planning.")}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_number(value) -> str:
    """A figure as the PDF prints it: a decimal comma, no decimals when whole."""
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def xlsx_rows(content: bytes) -> tuple[list[tuple], dict[str, tuple]]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Phần của bảng điều hành")
    return rows[:header], {row[1]: row for row in rows[header + 1 :]}


# --- The three outputs agree with the hand count -----------------------------------------------


def check_screen(html: str, expected: dict) -> dict[str, dict]:
    tiles = screen_tiles(html)
    assert without_planning(tiles) == set(expected), "a tile was added or lost: count it by hand here"
    for key, (value, previous, target) in expected.items():
        tile = tiles[key]
        assert (tile["value"], tile["previous"], tile["target"]) == (value, previous, target), key
        moved = change(value, previous)
        assert tile["change"] == (None if moved is None else round(moved)), key
    return tiles


def check_pdf(text: str, screen: dict[str, dict], expected: dict) -> None:
    for key, (value, previous, target) in expected.items():
        unit = "%" if is_percent(key) else ""
        cells = [pdf_number(value) + unit]
        if target is not None:
            cells.append(pdf_number(target) + unit)
        cells.append(pdf_number(previous) + unit)
        # one row of the table: "<n>.<m> <label> <figure> [<target>] <last year>"
        row = f"{screen[key]['label']} {' '.join(cells)}"
        assert row in text, f"{key}: {row!r} not in the PDF"


def test_every_tile_on_the_screen_is_the_hand_counted_figure(client, world, official):
    client.force_login(official)
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
    check_screen(html, CENTRE_2025)
    # Decimals are written the Vietnamese way, with a comma.
    assert re.search(r'data-indicator="outreach.board_coverage">.*?>66,7(</a>)?%<', html, re.S)


def test_the_pdf_report_prints_the_same_figures(client, world, official):
    client.force_login(official)
    with on(TODAY):
        response = client.get("/bang-dieu-hanh/bao-cao.pdf", {**YEAR, "unit": world.org.centre.pk})
        screen = screen_tiles(
            client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
        )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Thời gian: từ ngày 01/01/2025 đến ngày 31/12/2025" in text
    assert world.org.centre.name in text
    check_pdf(text, screen, CENTRE_2025)


def test_the_spreadsheet_holds_the_same_figures_as_numbers(client, world, official):
    client.force_login(official)
    with on(TODAY):
        response = client.get("/bang-dieu-hanh/so-lieu.xlsx", {**YEAR, "unit": world.org.centre.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="so-lieu-20250101-20251231.xlsx"' in response["Content-Disposition"]
    header, rows = xlsx_rows(response.content)
    assert header[0][0] == "Số liệu trợ giúp pháp lý trên bảng điều hành"
    assert header[1][0] == f"Phạm vi: {world.org.centre.name}"
    assert header[2][0] == "Kỳ: Năm 2025, từ 01/01/2025 đến 31/12/2025"
    assert header[3][0] == "Lập lúc 02/03/2026 10:00"
    by_key = {}
    with on(TODAY):
        screen = screen_tiles(
            client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk}).content.decode()
        )
    for key in screen:
        by_key[key] = rows[screen[key]["label"]]
    assert without_planning(by_key) == set(CENTRE_2025)
    for key, (value, previous, target) in CENTRE_2025.items():
        section, _label, got, unit, got_target, got_previous, moved = by_key[key]
        assert (got, got_target, got_previous) == (value, target, previous), key
        assert all(isinstance(n, int | float) for n in (got, got_previous)), key  # numbers, not text
        expected_change = change(value, previous)
        assert moved == (None if expected_change is None else round(expected_change, 1)), key
        assert unit == UNIT_LABELS[indicators.get(key).unit], key
    assert by_key["cases.requests_received"][0] == "Vụ việc"
    assert by_key["outreach.sessions"][0] == "Truyền thông"
    assert by_key["staffing.assistants"][3] == "người"
    assert by_key["cases.requests_received"][6] == 200  # 9 against 3


def test_one_branch_shows_only_its_own_records_on_screen_pdf_and_spreadsheet(client, world, official):
    client.force_login(official)
    query = {**YEAR, "unit": world.org.branch.pk}
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", query).content.decode()
        pdf = client.get("/bang-dieu-hanh/bao-cao.pdf", query).content
        sheet = client.get("/bang-dieu-hanh/so-lieu.xlsx", query).content
    tiles = check_screen(html, BRANCH_2025)
    text = pdf_text(pdf)
    assert "Phạm vi: Chi nhánh số 1" in text
    check_pdf(text, tiles, BRANCH_2025)
    header, rows = xlsx_rows(sheet)
    assert header[1][0] == "Phạm vi: Chi nhánh số 1"
    for key, (value, previous, target) in BRANCH_2025.items():
        row = rows[tiles[key]["label"]]
        assert (row[2], row[4], row[5]) == (value, target, previous), key


def test_last_years_column_is_the_figure_of_last_year_read_on_its_own(client, world, official):
    """Read 2024 as the period: its figures are exactly the 2025 page's "same period last year"."""
    client.force_login(official)
    with on(TODAY):
        html = client.get("/bang-dieu-hanh/", {"kind": "year", "year": "2024", "unit": world.org.centre.pk})
    tiles = screen_tiles(html.content.decode())
    for key, (_value, previous, _target) in CENTRE_2025.items():
        if key == "cases.overdue":
            continue  # "past its deadline" is read at the period's end, from today's open cases
        assert tiles[key]["value"] == previous, key


# --- A figure leads to the records behind it ---------------------------------------------------


def case_list_rows(client, url: str) -> int:
    html = client.get(url).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<a href=\"/vu-viec/\d+/\">", body))


# The rows each case figure's link must list: (scope, query) -> figure -> cases.
QUARTER_1 = {"kind": "quarter", "year": "2025", "quarter": "1"}
LINKED_CASES = [
    (
        "centre",
        YEAR,
        {
            "cases.requests_received": 9,  # C1-C9
            "cases.accepted": 5,  # C1 C2 C5 C6 C9
            "cases.refused": 2,  # A2 (received in 2024) and C3: by the date of the refusal
            "cases.referred": 1,  # C4
            "cases.completed": 4,  # C1 C2 C5 C9
            "cases.appraised_share": 4,  # the completed cases the share is taken of
            "cases.successful_proceedings": 1,  # C1
        },
    ),
    (
        "branch",
        YEAR,
        {
            "cases.requests_received": 5,
            "cases.accepted": 3,
            "cases.refused": 1,
            "cases.referred": 1,
            "cases.completed": 3,
            "cases.appraised_share": 3,
            "cases.successful_proceedings": 1,
        },
    ),
    (
        "centre",
        QUARTER_1,
        {
            "cases.requests_received": 2,  # C1 06/01, C2 03/02
            "cases.accepted": 2,
            "cases.refused": 1,  # A2, refused 06/01/2025
            "cases.referred": 0,
            "cases.completed": 1,  # C1 10/03
            "cases.appraised_share": 1,
            "cases.successful_proceedings": 1,
        },
    ),
]


@pytest.mark.parametrize(("scope", "query", "expected"), LINKED_CASES, ids=["2025", "branch-2025", "q1-2025"])
def test_a_case_figure_links_to_the_list_of_exactly_the_cases_it_counts(
    client, world, official, scope, query, expected
):
    client.force_login(official)
    unit = world.org.centre if scope == "centre" else world.org.branch
    with on(TODAY):
        tiles = screen_tiles(client.get("/bang-dieu-hanh/", {**query, "unit": unit.pk}).content.decode())
        for key, rows in expected.items():
            href = tiles[key]["href"]
            assert href and href.startswith("/vu-viec/?"), key
            assert case_list_rows(client, href) == rows, (key, href)
        # "past its deadline" is as of today: a period that ended before today has no list to show
        assert tiles["cases.overdue"]["href"] is None


# --- Period edges, with a frozen clock ---------------------------------------------------------


def _received_on(org, director, *days: date) -> None:
    from cases import services as case_services
    from legalaid.models import BeneficiaryCategory, CategoryProof, LegalAidForm, LegalField

    poor = BeneficiaryCategory.objects.get(code="HN")
    for n, day in enumerate(days):
        with on(day):
            case = case_services.case_receive(
                by=director,
                unit=org.branch,
                request_date=day,
                categories=[poor],
                form=LegalAidForm.objects.get(code="TVPL"),
                field=LegalField.objects.get(code="DS"),
                description="Hỏi về thừa kế quyền sử dụng đất",
                allow_duplicate=True,
                new_beneficiary=case_services.BeneficiaryData(full_name=f"Hoàng Văn Bình {n}", sex="male"),
            )
            for proof in {p.group: p for p in CategoryProof.objects.filter(category=poor)}.values():
                case_services.proof_paper_add(
                    case=case,
                    by=director,
                    document_type=proof.document_type,
                    number="9/GCN",
                    issued_on=date(2024, 1, 5),
                )
            case_services.case_accept(case=case, by=director, accepted_on=day)


def _figures(client, **query) -> dict[str, float]:
    tiles = screen_tiles(client.get("/bang-dieu-hanh/", query).content.decode())
    return {key: tiles[key]["value"] for key in ("cases.requests_received", "cases.accepted")}


def test_31_october_and_1_november_fall_in_different_statistical_years(
    client, org, director, official, settings
):
    settings.STATISTICAL_YEAR_START = (11, 1)
    _received_on(org, director, date(2025, 10, 31), date(2025, 11, 1))
    client.force_login(official)
    with on(date(2026, 2, 10)):
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical", "year": "2025"}).content.decode()
        ending_2026 = _figures(client, kind="statistical", year="2026")
    assert "Năm thống kê 2025 (01/11/2024 – 31/10/2025)" in page
    tiles = screen_tiles(page)
    assert (tiles["cases.requests_received"]["value"], tiles["cases.accepted"]["value"]) == (1, 1)  # 31/10
    assert ending_2026 == {"cases.requests_received": 1, "cases.accepted": 1}  # 01/11
    # the calendar year holds both
    with on(date(2026, 2, 10)):
        assert _figures(client, kind="year", year="2025") == {
            "cases.requests_received": 2,
            "cases.accepted": 2,
        }


def test_a_statistical_year_starting_mid_month_splits_that_month_on_the_day(
    client, org, director, official, settings
):
    """15/10: the first half of October belongs to one statistical year, the rest to the next,
    so a figure summed by whole months must still count the days of the split month."""
    settings.STATISTICAL_YEAR_START = (10, 15)
    _received_on(org, director, date(2025, 10, 1), date(2025, 10, 14), date(2025, 10, 15), date(2025, 10, 31))
    client.force_login(official)
    with on(date(2026, 2, 10)):
        assert _figures(client, kind="statistical", year="2025") == {
            "cases.requests_received": 2,  # 01/10 and 14/10 (15/10/2024-14/10/2025)
            "cases.accepted": 2,
        }
        assert _figures(client, kind="statistical", year="2026") == {
            "cases.requests_received": 2,  # 15/10 and 31/10 (15/10/2025-14/10/2026)
            "cases.accepted": 2,
        }
        assert _figures(client, kind="custom", start="2025-10-14", end="2025-10-15") == {
            "cases.requests_received": 2,
            "cases.accepted": 2,
        }


def test_31_march_and_1_april_fall_in_different_quarters_and_the_default_quarter_is_todays(
    client, org, director, official
):
    _received_on(org, director, date(2025, 3, 31), date(2025, 4, 1))
    client.force_login(official)
    with on(date(2025, 4, 1), hour=16):
        assert _figures(client, kind="quarter", year="2025", quarter="1") == {
            "cases.requests_received": 1,
            "cases.accepted": 1,
        }
        page = client.get("/bang-dieu-hanh/", {"kind": "quarter"}).content.decode()
    assert "Quý 2/2025" in page  # no quarter chosen: the frozen today's quarter
    assert screen_tiles(page)["cases.requests_received"]["value"] == 1
    with on(date(2025, 4, 1), hour=16):
        assert _figures(client, kind="month", year="2025", month="3") == {
            "cases.requests_received": 1,
            "cases.accepted": 1,
        }


def test_the_default_period_is_the_year_of_todays_date_in_vietnam(client, org, official):
    client.force_login(official)
    # 00:30 on 1 January in Hà Nội is still 31 December in UTC: the dashboard opens on the new year.
    with on(date(2026, 1, 1), hour=0):
        page = client.get("/bang-dieu-hanh/").content.decode()
        sheet = client.get("/bang-dieu-hanh/so-lieu.xlsx").content
    assert "Năm 2026" in page
    assert '<option value="2026" selected>' in page
    header, _rows = xlsx_rows(sheet)
    assert header[2][0] == "Kỳ: Năm 2026, từ 01/01/2026 đến 31/12/2026"
    assert header[3][0] == "Lập lúc 01/01/2026 00:00"


def test_with_no_year_chosen_the_statistical_year_is_the_one_in_progress(client, org, official, settings):
    settings.STATISTICAL_YEAR_START = (11, 1)
    client.force_login(official)
    with on(date(2025, 11, 15)):
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical"}).content.decode()
    assert "Năm thống kê 2026 (01/11/2025 – 31/10/2026)" in page
    with on(date(2025, 10, 31)):  # the last day of the statistical year 2025
        page = client.get("/bang-dieu-hanh/", {"kind": "statistical"}).content.decode()
    assert "Năm thống kê 2025 (01/11/2024 – 31/10/2025)" in page


# --- The spreadsheet's door is the dashboard's -------------------------------------------------


def test_only_those_who_open_the_dashboard_download_its_spreadsheet(client, everyone, org):
    allowed = {"director", "official", "administrator"}
    for role, user in everyone.items():
        client.force_login(user)
        response = client.get("/bang-dieu-hanh/so-lieu.xlsx")
        assert response.status_code == (200 if role in allowed else 403), role
    client.force_login(everyone["official"])
    assert client.post("/bang-dieu-hanh/so-lieu.xlsx").status_code == 405
    client.force_login(everyone["director"])
    assert client.get("/bang-dieu-hanh/so-lieu.xlsx", {"unit": org.doj.pk}).status_code == 404
    client.logout()
    assert client.get("/bang-dieu-hanh/so-lieu.xlsx").status_code == 302


def test_the_dashboard_page_offers_the_spreadsheet_of_the_same_selection(client, official, org):
    client.force_login(official)
    page = client.get(
        "/bang-dieu-hanh/", {"kind": "quarter", "year": "2025", "quarter": "3"}
    ).content.decode()
    assert 'href="/bang-dieu-hanh/so-lieu.xlsx?kind=quarter&amp;year=2025&amp;quarter=3"' in page


def test_the_spreadsheet_takes_a_fixed_number_of_queries_besides_the_figures(
    client, official, org, django_assert_max_num_queries, monkeypatch
):
    from legalaid import indicators

    monkeypatch.setattr(
        indicators, "_registry", {"legalaid.active_users": indicators.get("legalaid.active_users")}
    )
    client.force_login(official)
    with django_assert_max_num_queries(10):
        assert client.get("/bang-dieu-hanh/so-lieu.xlsx").status_code == 200


def test_the_whole_dashboard_reads_a_fixed_number_of_queries_with_every_indicator_registered(
    client, world, official
):
    """The budget is taken with the full registry (cases, outreach, staffing, planning) on the
    world of fourteen cases, sessions and people, and again with every case copied twice more:
    the count is the same, so it does not grow with the records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case

    registered = {key.split(".")[0] for key in indicators._registry}
    assert registered >= {"legalaid", "cases", "outreach", "staffing", "planning"}
    client.force_login(official)

    def queries_for_the_page() -> int:
        with on(TODAY), CaptureQueriesContext(connection) as queries:
            page = client.get("/bang-dieu-hanh/", {**YEAR, "unit": world.org.centre.pk})
        assert page.status_code == 200
        return len(queries)

    as_built = queries_for_the_page()
    assert as_built <= DASHBOARD_QUERY_BUDGET
    originals = list(Case.objects.prefetch_related("categories"))
    for copy_number in (1, 2):
        for case in originals:
            copy = Case.objects.get(pk=case.pk)
            copy.pk = None
            copy.register_seq = case.register_seq + 1000 * copy_number if case.register_seq else None
            copy.save()
            copy.categories.set(case.categories.all())
    assert Case.objects.count() == 3 * len(originals)
    assert queries_for_the_page() == as_built


# Measured with the full registry (49 queries on the world): the figures come from summaries
# read once per batch, so the bound holds whatever the size of the register.
DASHBOARD_QUERY_BUDGET = 52
