"""Demo data: a year of Lạng Sơn cases in every state, made through the real services.

Idempotent: the demo cases carry a Ministry ID starting with ``DEMO-``; when they exist the
builder does nothing. People's names are built from common family, middle and given names of
Lạng Sơn (Tày, Nùng, Kinh, Dao...), addresses from the province's real communes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

DEMO_PREFIX = "DEMO-"
FAMILY = [
    "Hoàng",
    "Nông",
    "Lương",
    "Vi",
    "Hà",
    "Lý",
    "Triệu",
    "Đinh",
    "Mã",
    "Chu",
    "Lăng",
    "Lộc",
    "Dương",
    "Nguyễn",
    "Hứa",
    "La",
    "Đàm",
    "Tô",
    "Bế",
    "Lành",
    "Hoàng",
    "Nông",
    "Vi",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Văn", "Quang", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Thu", "Thị", "Hồng", "Thanh", "Thị Thu"]
GIVEN_MALE = ["Tài", "Hùng", "Sơn", "Dũng", "Chiến", "Quang", "Tuấn", "Cường", "Bình", "Lợi", "Thắng", "Kiên"]
GIVEN_FEMALE = ["Mai", "Lan", "Nga", "Hoa", "Thảo", "Hạnh", "Phương", "Thơ", "Yến", "Dung", "Huệ", "Nhung"]
ETHNICITIES = ["02", "02", "07", "07", "01", "09", "15", "04"]  # Tày, Nùng, Kinh, Dao, Sán Chay, Hoa
KINH = "01"
# Ages that fit the categories defined by age (cases.eligibility): a child is under 16, the
# juvenile categories 16 or 17, the elderly 60 and over; the others are adults.
AGES = {"TE": (6, 15), "BBT1618": (17, 17), "NCTN1618": (17, 17), "7dd": (17, 17), "7c": (61, 85)}
VILLAGES = [
    "Thôn Nà Pàn",
    "Thôn Khòn Pổ",
    "Thôn Bản Chắt",
    "Thôn Pác Cáp",
    "Thôn Nà Slảng",
    "Khối 3",
    "Thôn Co Khuông",
    "Thôn Bản Nầng",
]
MATTERS = {
    "HS": [
        "Bào chữa cho bị can trong vụ án trộm cắp tài sản",
        "Bảo vệ quyền lợi bị hại trong vụ án cố ý gây thương tích",
        "Bào chữa cho bị can 17 tuổi trong vụ án cướp giật tài sản",
    ],
    "DS": [
        "Tranh chấp hợp đồng vay tài sản với người cùng thôn",
        "Tranh chấp thừa kế quyền sử dụng đất của bố mẹ để lại",
    ],
    "HNGD": ["Ly hôn, tranh chấp quyền nuôi con", "Yêu cầu cấp dưỡng nuôi con sau ly hôn"],
    "HC": [
        "Khiếu nại quyết định thu hồi đất làm đường",
        "Khiếu nại việc không được hưởng chế độ trợ cấp xã hội",
    ],
    "DD": [
        "Tranh chấp ranh giới đất rừng với hộ liền kề",
        "Hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất",
    ],
    "LD": ["Đòi tiền lương bị nợ khi làm việc tại khu công nghiệp", "Hỏi về chế độ bảo hiểm xã hội một lần"],
    "UD": ["Hỏi về chế độ ưu đãi đối với thân nhân liệt sĩ"],
    "KHAC": ["Hỏi về chính sách hỗ trợ hộ nghèo vay vốn"],
}
CATEGORY_CODES = ["HN", "HN", "HN", "DTTS", "DTTS", "DTTS", "NCC", "TE", "7c", "7d", "7e", "BBTCN"]
# The state each demo case is taken to, by age: most old cases are appraised.
STATES_BY_AGE = [
    (300, ["appraised"] * 6 + ["completed", "refused", "referred", "terminated"]),
    (120, ["appraised"] * 3 + ["appraising", "completed", "assigned", "terminated", "refused"]),
    (30, ["assigned", "assigned", "suspended", "accepted", "completed", "appraising"]),
    (0, ["received", "needs_papers", "accepted", "received", "refused", "referred"]),
]
CASE_COUNT = 90


def _name(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}", "male"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}", "female"


def _born(rng: random.Random, code: str, on: date) -> date:
    """A date of birth that fits category ``code`` on the request date ``on``: the year
    ``on.year - n`` gives an age of n or n - 1, both inside the ranges of ``AGES``."""
    youngest, oldest = AGES.get(code, (on.year - 2006, on.year - 1948))
    born = date(on.year - rng.randint(youngest, oldest), rng.randint(1, 12), rng.randint(1, 28))
    return min(born, on)


def _role(code: str, field_code: str, form_code: str, description: str) -> str:
    """The procedural role the category names (cases.eligibility.ROLES), else the one the
    matter tells: defence or victim in a criminal case, a party in other proceedings."""
    from .eligibility import ROLES
    from .models import Case

    role = Case.ProceduralRole
    if code in ROLES:
        return role.VICTIM if ROLES[code] == (role.VICTIM,) else role.ACCUSED
    if field_code == "HS":
        return role.VICTIM if "bị hại" in description else role.ACCUSED
    return role.PARTY if form_code == "TGTT" else ""


def _second_assistant(demo):
    """An assistant account to appraise the cases the demo assistant performs."""
    from legalaid.demo import DEMO_PASSWORD
    from legalaid.models import User
    from legalaid.roles import Role, assign_role

    user = User.objects.filter(username="trogiupvien2").first()
    if user is None:
        user = User(
            username="trogiupvien2",
            full_name="Hoàng Thị Thu Trang",
            title="Trợ giúp viên pháp lý",
            unit=demo.professional_department,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        assign_role(user, Role.ASSISTANT)
    return user


def _performers(demo):
    from legalaid.models import LegalField
    from staffing.models import Person

    people = list(Person.objects.performers().filter(unit__path__startswith=demo.centre.path))
    if not people:  # staffing's demo did not run: a small team of our own
        fields = list(LegalField.objects.all())
        for name, kind, unit in [
            ("Lương Văn Đức", Person.Kind.ASSISTANT, demo.professional_department),
            ("Nông Thị Hạnh", Person.Kind.ASSISTANT, demo.branch),
            ("Vi Văn Khánh", Person.Kind.LAWYER, demo.professional_department),
            ("Đặng Thị Mai", Person.Kind.COLLABORATOR, demo.branch),
        ]:
            person = Person.objects.create(
                full_name=name, kind=kind, unit=unit, sex="male" if " Văn " in name else "female"
            )
            person.fields.set(fields)
            people.append(person)
    return people


def build(demo) -> None:
    from legalaid.history import attribute_to, bulk_create_with_history
    from legalaid.models import BeneficiaryCategory, CategoryProof, Commune, LegalAidForm, LegalField, Unit
    from staffing.models import Ethnicity

    from . import services
    from .models import Beneficiary, Case, QualityOutcome, WorkEntry

    if Case.objects.filter(centre=demo.centre, national_id__startswith=DEMO_PREFIX).exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible on purpose
    today = timezone.localdate()
    director, intake = demo.users["director"], demo.users["intake_officer"]
    branch_intake = demo.users.get("branch_intake_officer", intake)
    appraisers = [u for u in (demo.users.get("assistant"), _second_assistant(demo)) if u is not None]
    performers = _performers(demo)
    communes = list(Commune.objects.filter(province__code=20, active=True).order_by("code"))
    branch_communes = set(demo.branch.communes.values_list("code", flat=True))
    ethnicities = {e.code: e for e in Ethnicity.objects.filter(code__in=ETHNICITIES)}
    forms = {f.code: f for f in LegalAidForm.objects.all()}
    fields = {f.code: f for f in LegalField.objects.all()}
    courts = list(
        Unit.objects.filter(
            kind__in=[Unit.Kind.COURT, Unit.Kind.POLICE, Unit.Kind.DETENTION], parent=demo.doj
        )
    )
    outcomes = list(QualityOutcome.objects.filter(scale="appraisal").order_by("rank"))
    proofs: dict[int, list] = {}
    for proof in CategoryProof.objects.select_related("document_type"):
        proofs.setdefault(proof.category_id, []).append(proof)
    work: list[WorkEntry] = []  # written at the end, at once, with their history

    for n in range(CASE_COUNT):
        age = int(365 * (1 - (n + 0.5) / CASE_COUNT))
        request_date = today - timedelta(days=age)
        state = rng.choice(next(states for limit, states in STATES_BY_AGE if age >= limit))
        if n == CASE_COUNT - 1:
            state = "received"  # the newest request waits for its answer: every state is shown
        valid = {c.code: c for c in BeneficiaryCategory.objects.valid_on(request_date)}
        code = rng.choice(CATEGORY_CODES)
        category = valid.get(code) or valid["HN"]
        # The person fits the category on the request date (cases.eligibility): an ethnic
        # minority living in a commune on the list of extremely disadvantaged ones.
        listed = [c for c in communes if c.is_extremely_disadvantaged_on(request_date)]
        if category.code == "DTTS" and not listed:
            category = valid["HN"]
        minority = category.code == "DTTS"
        commune = rng.choice(listed if minority else communes)
        in_branch = commune.code in branch_communes
        unit, by = (demo.branch, branch_intake) if in_branch else (demo.admin_department, intake)
        field_code = rng.choice(list(MATTERS))
        form_code = "TGTT" if field_code == "HS" else rng.choice(["TVPL", "TVPL", "TGTT", "DDNTT"])
        name, sex = _name(rng)
        person = Beneficiary(
            full_name=name,
            sex=sex,
            date_of_birth=_born(rng, category.code, request_date),
            ethnicity=ethnicities.get(
                rng.choice([c for c in ETHNICITIES if c != KINH] if minority else ETHNICITIES)
            ),
            citizen_id=f"0201{rng.randint(10**7, 10**8 - 1)}",
            commune=commune,
            address=rng.choice(VILLAGES),
            phone=f"09{rng.randint(10**7, 10**8 - 1)}",
            unit=unit,
        )
        attribute_to(person, by)
        person.save()
        forwarded = form_code == "TGTT" and field_code == "HS" and courts and rng.random() < 0.6
        description = rng.choice(MATTERS[field_code])  # drawn where the call drew it: same dice
        case = services.case_receive(
            by=by,
            unit=unit,
            request_date=request_date,
            categories=[category],
            form=forms[form_code],
            field=fields[field_code],
            description=description,
            procedural_role=_role(category.code, field_code, form_code, description),
            beneficiary=person,
            channel=Case.Channel.COURT
            if forwarded
            else rng.choice(["desk", "desk", "phone", "mail", "mobile"]),
            urgent=forwarded,
            requester_kind=Case.RequesterKind.AGENCY if forwarded else Case.RequesterKind.SELF,
            requester_agency=rng.choice(courts) if forwarded else None,
            forwarding_document=f"Công văn số {rng.randint(10, 300)}/CV ngày {request_date:%d/%m/%Y}"
            if forwarded
            else "",
        )
        Case.objects.filter(pk=case.pk).update(national_id=f"{DEMO_PREFIX}{request_date.year}-{n + 1:03d}")
        case.refresh_from_db()
        if state == "received":
            continue
        if state == "needs_papers":
            services.case_request_papers(
                case=case, by=by, note="Bản sao có chứng thực giấy tờ chứng minh diện"
            )
            continue
        if state == "refused":
            services.case_refuse(
                case=case,
                by=director,
                reason=rng.choice(["business", "not_eligible", "unlawful"]),
                refused_on=request_date,
            )
            continue
        if state == "referred":
            services.case_refer(case=case, by=by, referred_to_text="Văn phòng công chứng Lạng Sơn")
            continue
        for proof in {p.group: p for p in proofs.get(category.pk, [])}.values():
            services.proof_paper_add(
                case=case,
                by=by,
                document_type=proof.document_type,
                number=f"{rng.randint(1, 400)}/GCN-UBND",
                issued_on=request_date - timedelta(days=90),
                issuer=f"UBND {commune.name}",
            )
        services.case_accept(case=case, by=by, accepted_on=request_date)
        if state == "accepted":
            continue
        kinds = services.allowed_performer_kinds(case.form, case.request_date)
        choices = [p for p in performers if p.kind in kinds] or performers
        performer = rng.choice(choices)
        decided = min(request_date + timedelta(days=2), today)
        services.case_appoint(case=case, by=director, performer=performer, decided_on=decided)
        for k in range(rng.randint(1, 3)):
            day = min(decided + timedelta(days=3 + 7 * k), today)
            work.append(
                WorkEntry(
                    case=case,
                    day=day,
                    kind=rng.choice(["meeting", "study", "writing", "hearing"]),
                    hours=Decimal(rng.choice([1, 2, 3, 4])),
                    recorded_by=director,
                    description="Làm việc với người được trợ giúp pháp lý, nghiên cứu hồ sơ",
                )
            )
        if state == "assigned":
            continue
        if state == "suspended":
            services.case_suspend(
                case=case, by=director, reason="Tạm đình chỉ giải quyết vụ án chờ giám định"
            )
            continue
        if state == "terminated":
            services.case_terminate(
                case=case,
                by=director,
                reason="Người được trợ giúp pháp lý rút yêu cầu",
                terminated_on=decided,
            )
            continue
        completed = min(decided + timedelta(days=rng.randint(20, 90)), today)
        case = services.case_complete(
            case=case,
            by=director,
            outcome=rng.choice(["favourable", "favourable", "partly", "advice"]),
            summary="Đã hoàn thành việc trợ giúp pháp lý theo yêu cầu",
            completed_on=completed,
        )
        if state == "completed":
            continue
        appraiser = next((u for u in appraisers if u.pk != performer.user_id), None)
        if appraiser is None:
            continue
        assigned = min(completed + timedelta(days=3), today)
        services.appraisal_assign(case=case, by=director, appraiser=appraiser, assigned_on=assigned)
        if state == "appraising":
            continue
        outcome = rng.choice(outcomes[:2] * 4 + outcomes[2:])
        applicable = services.applicable_criteria(case)
        # The criteria the appraiser marks agree with the conclusion (the service checks it).
        met = outcome.unmet(applicable, set())
        if not outcome.meets_quality and applicable:
            met = rng.sample(applicable, rng.randint(0, len(applicable) - 1))
        services.appraisal_record(
            case=case,
            by=appraiser,
            outcome=outcome,
            criteria=met,
            findings="Hồ sơ đầy đủ, thực hiện đúng trình tự, thủ tục",
            appraised_on=min(assigned + timedelta(days=4), today),
        )
        if rng.random() < 0.4:
            services.survey_record(
                case=case,
                by=intake,
                comment="Cán bộ nhiệt tình, chu đáo",
                scores={
                    "attitude": rng.randint(4, 5),
                    "responsibility": rng.randint(4, 5),
                    "expertise": rng.randint(3, 5),
                    "satisfaction": rng.randint(3, 5),
                },
            )
    bulk_create_with_history(work, WorkEntry, by=director)
    _pay(demo, director, forms.values(), today)
    _declare_parties(director, rng)
    appraised = list(Case.objects.filter(centre=demo.centre, status="appraised").order_by("pk")[:2])
    for case in appraised:
        services.complaint_record(
            by=intake,
            unit=demo.admin_department,
            received_on=case.completed_on,
            caller="Hà Văn Lợi",
            phone="0912345678",
            channel="hotline",
            topic="quality",
            case=case,
            content="Người nhà phản ánh chưa được thông báo kết quả vụ việc",
        )
    question = services.complaint_record(
        by=intake,
        unit=demo.admin_department,
        received_on=today - timedelta(days=5),
        caller="Lăng Thị Huệ",
        channel="hotline",
        topic="question",
        content="Hỏi thủ tục yêu cầu trợ giúp pháp lý cho mẹ già",
    )
    services.complaint_resolve(  # answered: its answer letter can be printed
        complaint=question,
        by=intake,
        resolution="Đã hướng dẫn thủ tục và gửi mẫu đơn yêu cầu trợ giúp pháp lý qua bưu điện.",
    )
    official = demo.users.get("official")
    if official is not None:
        services.evaluation_round_create(
            by=official,
            centre=demo.centre,
            name=f"Đánh giá chất lượng năm {today.year}",
            window_start=today - timedelta(days=365),
            window_end=today,
            rate=20,
            rng=rng,
        )


# Illustrative amounts for the demo only: their basis says so. A centre enters its own lines,
# with the text fixing each amount, and marks them verified.
DEMO_TARIFF = {
    "TGTT": (Decimal(500_000), "day"),
    "DDNTT": (Decimal(1_500_000), "case"),
    "TVPL": (Decimal(300_000), "case"),
}
DEMO_TARIFF_BASIS = "Mức minh hoạ của dữ liệu mẫu, không phải mức do văn bản quy định"


def _pay(demo, director, forms, today: date) -> None:
    """A tariff line set from the start of last year, and the first appraised cases paid."""
    from . import services
    from .models import PaymentTariff

    start = date(today.year - 1, 1, 1)
    for form in forms:
        amount, unit = DEMO_TARIFF.get(form.code, (Decimal(0), "case"))
        for kind in services.PAID_KINDS:
            PaymentTariff.objects.create(
                form=form,
                performer_kind=kind,
                amount=amount,
                unit=unit,
                legal_basis=DEMO_TARIFF_BASIS,
                valid_from=start,
                verified=amount > 0,
            )
    payable = services.payable_cases(centre_path=demo.centre.path, start=start, end=today)
    for case in payable.order_by("appraisal__appraised_on")[:6]:
        if services.payment_quote(case).problem:
            continue
        paid_on = min(case.appraisal.appraised_on + timedelta(days=10), today)
        services.payment_record(case=case, by=director, paid_on=paid_on)


def _declare_parties(director, rng) -> None:
    """The opposing party of a few open disputes."""
    from . import services
    from .models import Case, CaseParty

    disputes = Case.objects.filter(
        national_id__startswith=DEMO_PREFIX, status__in=["accepted", "assigned"], field__code__in=["DS", "DD"]
    ).select_related("unit")
    for case in disputes.order_by("pk")[:4]:
        family, given = rng.choice(FAMILY), rng.choice(GIVEN_MALE)
        services.case_party_add(
            case=case,
            by=director,
            full_name=f"{family} Văn {given}",
            role=CaseParty.Role.OPPOSING,
            note="Hộ liền kề, bên tranh chấp",
        )


def register_demo() -> None:
    from legalaid.demo import register

    register(build)
