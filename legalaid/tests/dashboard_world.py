"""The small world of the officials' dashboard tests, and its figures counted by hand.

The world is built through the apps' own services on the days the work happened (the clock is
moved to each day), so every date the indicators read (request, acceptance, refusal, completion,
the day a survey or a person was recorded) is the one a real office would have. The figures are
read with the REAL indicators of cases, outreach and staffing; the expected numbers are written
out below (CENTRE_2025, BRANCH_2025) with the counting beside them.

The ``world`` fixture is defined here as ``world_fixture``: a test module imports it
(``from legalaid.tests.dashboard_world import world_fixture  # noqa: F401``) and its tests ask
for ``world``.
"""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager
from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
import time_machine

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# The day the dashboard is read: every record below is in the past, and the 2025 figures that
# depend on "today" (open cases past their deadline) are cut at 31/12/2025.
TODAY = date(2026, 3, 2)
YEAR = {"kind": "year", "year": "2025"}


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
                case=cases[key],
                by=appraiser,
                outcome=good,
                findings="Hồ sơ đầy đủ",
                criteria=case_services.applicable_criteria(cases[key]),
                appraised_on=done,
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


@pytest.fixture(name="world")
def world_fixture(org, director, branch_officer, official):
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
