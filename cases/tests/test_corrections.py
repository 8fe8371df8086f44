"""Corrections with a reason: the intake data of a case and its person's data, corrected by the
intake officers and directors over the case's unit, recorded in history and on the timeline,
refused when they race another change (naming it), when they touch what only a correction
decision corrects, or when the person's data would contradict the case's categories."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from cases import services
from cases.eligibility import CONTRADICTED
from cases.models import Beneficiary, Case, CaseEvent, Event
from cases.services import corrections
from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField
from legalaid.refusal import CONFLICT, DUPLICATE, Refusal

S = Case.Status


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def colleague(org):
    """An intake officer of the same department who did not receive the case."""
    from legalaid.roles import Role
    from legalaid.tests.factories import UserFactory

    return UserFactory(
        username="tiepnhan2", full_name="Chu Văn Lâm", unit=org.admin_department, role=Role.INTAKE_OFFICER
    )


def _events(case, code=Event.CORRECT):
    return list(CaseEvent.objects.filter(case=case, code=code).order_by("pk"))


# --- The case's intake data -------------------------------------------------------------------


def test_the_intake_officer_corrects_the_matter_with_a_reason_recorded_in_history_and_timeline(
    make_case, intake_officer
):
    case = make_case()
    made = corrections.correct_case(
        case=case,
        by=intake_officer,
        version=case.version,
        changes={"description": "Tranh chấp ranh giới đất rừng", "urgent": True},
        reason="Ghi nhầm nội dung khi tiếp nhận",
    )
    case.refresh_from_db()
    assert case.description == "Tranh chấp ranh giới đất rừng" and case.urgent
    assert [c.name for c in made] == ["urgent", "description"]
    (event,) = _events(case)
    assert event.actor == intake_officer and event.from_status == event.to_status == S.RECEIVED
    assert "Nội dung vụ việc: Tranh chấp đất đai với hộ liền kề → Tranh chấp ranh giới đất rừng" in event.note
    assert "Cấp thiết: không → có" in event.note
    assert "Ghi nhầm nội dung khi tiếp nhận" in event.note
    row = case.history.order_by("-history_date").first()
    assert (
        row.history_user == intake_officer and row.history_change_reason == "Ghi nhầm nội dung khi tiếp nhận"
    )
    assert case.version == 2  # a form opened before now is refused


def test_a_correction_without_a_reason_or_without_a_change_is_refused(make_case, intake_officer):
    case = make_case()
    with pytest.raises(Refusal) as refused:
        corrections.correct_case(
            case=case, by=intake_officer, version=case.version, changes={"urgent": True}, reason="  "
        )
    assert refused.value.field == "reason"
    with pytest.raises(Refusal, match="Không có thay đổi"):
        corrections.correct_case(
            case=case, by=intake_officer, version=case.version, changes={"urgent": False}, reason="Sửa"
        )
    assert not _events(case)


@pytest.mark.parametrize("name", ["register_number", "accepted_on", "request_date", "closed_on"])
def test_register_data_and_decision_dates_are_never_corrected(make_case, director, name):
    case = make_case(S.ACCEPTED)
    value = "99/2026/TL-TGPL" if name == "register_number" else date(2026, 1, 2)
    with pytest.raises(Refusal, match="đính chính đã ghi nhận") as refused:
        corrections.correct_case(
            case=case, by=director, version=case.version, changes={name: value}, reason="Sai số"
        )
    assert refused.value.field == name
    with pytest.raises(Refusal, match="không sửa được ở đây"):
        corrections.correct_case(
            case=case, by=director, version=case.version, changes={"status": S.RECEIVED}, reason="Sai"
        )


def test_what_decides_the_performer_is_corrected_only_before_the_appointment(make_case, director):
    case = make_case(S.ASSIGNED)
    other = LegalField.objects.get(code="DD")
    with pytest.raises(Refusal, match="trước khi cử người thực hiện") as refused:
        corrections.correct_case(
            case=case, by=director, version=case.version, changes={"field": other}, reason="Sai lĩnh vực"
        )
    assert refused.value.field == "field"
    corrections.correct_case(
        case=case,
        by=director,
        version=case.version,
        changes={"requester_phone": "0912000111"},
        reason="Sai số",
    )
    accepted = make_case(S.ACCEPTED, name="Lò Văn Páo")
    form = LegalAidForm.objects.get(code="TVPL")
    corrections.correct_case(
        case=accepted,
        by=director,
        version=accepted.version,
        changes={"field": other, "form": form},
        reason="Chọn nhầm",
    )
    accepted.refresh_from_db()
    assert (accepted.field, accepted.form) == (other, form)


def test_the_procedural_role_is_corrected_within_what_the_categories_allow(make_case, director):
    """A role the category names (cases.eligibility.ROLES) is checked as at intake: the new
    khoản 5 takes a witness, never no role at all; an accused near-poor person stays accused."""
    from cases.eligibility import ROLE_UNFIT

    case = make_case(S.ACCEPTED, category="NCTN1618", name="Vi Văn Tú")
    assert case.procedural_role == "accused"
    corrections.correct_case(
        case=case,
        by=director,
        version=case.version,
        changes={"procedural_role": "witness"},
        reason="Ghi nhầm",
    )
    case.refresh_from_db()
    assert case.procedural_role == "witness"
    with pytest.raises(Refusal) as refused:
        corrections.correct_case(
            case=case, by=director, version=case.version, changes={"procedural_role": ""}, reason="Xoá"
        )
    assert (refused.value.field, refused.value.code) == ("procedural_role", ROLE_UNFIT)
    near_poor = make_case(S.ACCEPTED, category="BBTCN", name="Lục Văn Sinh")
    with pytest.raises(Refusal, match="người bị buộc tội") as refused:
        corrections.correct_case(
            case=near_poor,
            by=director,
            version=near_poor.version,
            changes={"procedural_role": "victim"},
            reason="Sai vai trò",
        )
    assert refused.value.field == "procedural_role"
    near_poor.refresh_from_db()
    assert near_poor.procedural_role == "accused"


def test_a_completed_case_keeps_its_intake_data(make_case, director):
    case = make_case(S.COMPLETED)
    with pytest.raises(Refusal, match="trước khi kết thúc"):
        corrections.correct_case(
            case=case, by=director, version=case.version, changes={"urgent": True}, reason="Sai"
        )


def test_only_the_intake_officers_and_directors_over_the_unit_correct(
    make_case, assistant, branch_officer, official, intake_officer
):
    case = make_case()
    for user in (assistant, branch_officer, official):
        with pytest.raises(Refusal, match="Chỉ cán bộ tiếp nhận"):
            corrections.correct_case(
                case=case, by=user, version=case.version, changes={"urgent": True}, reason="Sai"
            )
        assert not corrections.may_correct(user, case)
    assert corrections.may_correct(intake_officer, case)


def test_a_correction_racing_another_shows_what_the_other_person_changed(make_case, intake_officer, director):
    case = make_case()
    seen = corrections.current_values(case, [*corrections.CASE_FIELDS, "status"])
    opened_at = case.version
    corrections.correct_case(
        case=case,
        by=director,
        version=opened_at,
        changes={"description": "Tranh chấp đất rừng sản xuất"},
        reason="Bổ sung",
    )
    with pytest.raises(Refusal) as refused:
        corrections.correct_case(
            case=case,
            by=intake_officer,
            version=opened_at,
            changes={"description": "Tranh chấp đất vườn"},
            reason="Sửa lỗi",
            seen=seen,
        )
    message = str(refused.value)
    assert refused.value.code == CONFLICT
    assert "Hoàng Văn Thắng" in message
    assert "“Tranh chấp đất đai với hộ liền kề” → “Tranh chấp đất rừng sản xuất”" in message
    assert "bạn đã nhập “Tranh chấp đất vườn”" in message
    case.refresh_from_db()
    assert case.description == "Tranh chấp đất rừng sản xuất" and len(_events(case)) == 1


def test_a_correction_racing_a_transition_names_the_step(make_case, intake_officer, director):
    from .conftest import add_all_papers

    case = make_case()
    seen = corrections.current_values(case, [*corrections.CASE_FIELDS, "status"])
    add_all_papers(case, intake_officer)
    services.case_accept(case=case, by=director)
    with pytest.raises(Refusal) as refused:
        corrections.correct_case(
            case=case, by=intake_officer, version=1, changes={"urgent": True}, reason="Sai", seen=seen
        )
    assert "“Đã tiếp nhận” → “Đã thụ lý”" in str(refused.value)


def test_a_step_racing_a_correction_is_told_what_moved_the_case_on(make_case, intake_officer, director):
    case = make_case()
    opened = case.version
    corrections.correct_case(
        case=case,
        by=director,
        version=opened,
        changes={"urgent": True},
        reason="Người yêu cầu đang bị tạm giữ",
    )
    with pytest.raises(Refusal) as refused:
        services.case_request_papers(case=case, by=intake_officer, expected_version=opened)
    assert refused.value.code == CONFLICT
    assert "Thay đổi gần nhất: Đính chính thông tin, do Hoàng Văn Thắng thực hiện lúc" in str(refused.value)


def test_categories_are_checked_again_against_the_persons_data(make_case, intake_officer):
    case = make_case()  # a woman born in 1980, of a poor household
    elderly = BeneficiaryCategory.objects.get(code="7c")
    with pytest.raises(Refusal) as refused:
        corrections.correct_case(
            case=case,
            by=intake_officer,
            version=case.version,
            changes={"categories": [elderly]},
            reason="Sai diện",
        )
    assert refused.value.code == CONTRADICTED and refused.value.field == "categories"
    corrections.correct_case(
        case=case,
        by=intake_officer,
        version=case.version,
        changes={"categories": [elderly]},
        reason="Sai diện",
        category_override_reason="Giấy khai sinh ghi năm sinh 1958",
    )
    assert list(case.categories.all()) == [elderly]
    (event,) = _events(case)
    assert (
        "Giấy khai sinh ghi năm sinh 1958" in event.note
        and "2. Người thuộc hộ nghèo → 7c. Người cao tuổi" in event.note
    )


def test_a_sensitive_case_is_corrected_only_by_those_who_may_see_it(
    make_case, intake_officer, colleague, director
):
    case = make_case(category="MBN")
    assert case.sensitive
    with pytest.raises(Refusal, match="dữ liệu được bảo mật"):
        corrections.correct_case(
            case=case, by=colleague, version=case.version, changes={"description": "Khác"}, reason="Sai"
        )
    # Nor may the colleague add a sensitive category to a case they would then no longer see.
    plain = make_case(name="Lò Thị Dung")
    trafficking = BeneficiaryCategory.objects.get(code="MBN")
    with pytest.raises(Refusal, match="Diện nhạy cảm") as refused:
        corrections.correct_case(
            case=plain,
            by=colleague,
            version=plain.version,
            changes={"categories": [trafficking]},
            reason="Sai",
        )
    assert refused.value.field == "categories"
    corrections.correct_case(
        case=plain,
        by=director,
        version=plain.version,
        changes={"categories": [trafficking]},
        reason="Sai diện",
    )
    plain.refresh_from_db()
    assert plain.sensitive
    with pytest.raises(Refusal, match="những người đang xử lý"):
        corrections.correct_person(case=case, by=colleague, changes={"phone": "0912000000"}, reason="Sai")
    corrections.correct_person(
        case=case, by=colleague, changes={"full_name": "Hoàng Thị Lân"}, reason="Sai chính tả"
    )


# --- The person -------------------------------------------------------------------------------


def test_a_misspelt_name_and_a_wrong_citizen_id_are_corrected_on_every_open_case(
    make_case, intake_officer, director
):
    case = make_case(S.ACCEPTED, citizen_id="020180001234")
    person = case.beneficiary
    second = services.case_receive(
        by=intake_officer,
        unit=case.unit,
        request_date=case.request_date,
        categories=list(case.categories.all()),
        form=case.form,
        field=case.field,
        description="Yêu cầu tư vấn về thừa kế",
        beneficiary=person,
    )
    seen = corrections.current_values(person, corrections.PERSON_FIELDS)
    made = corrections.correct_person(
        case=case,
        by=intake_officer,
        changes={"full_name": "Hoàng  Thị Lanh", "citizen_id": "020180004321"},
        reason="Ghi sai theo CCCD",
        seen=seen,
    )
    person.refresh_from_db()
    assert person.full_name == "Hoàng Thị Lanh" and person.citizen_id == "020180004321"
    assert Beneficiary.objects.filter(Beneficiary.name_matches("hoang thi lanh")).get() == person
    assert [c.name for c in made] == ["full_name", "citizen_id"]
    for target in (case, second):
        (event,) = _events(target)
        assert "Họ và tên: Hoàng Thị Lan → Hoàng Thị Lanh" in event.note
        assert "Số CCCD: 020180001234 → 020180004321" in event.note
    row = person.history.order_by("-history_date").first()
    assert row.history_user == intake_officer and row.history_change_reason == "Ghi sai theo CCCD"
    # The appointment slip prints both: it is offered for re-issue, and re-issued on the timeline.
    (slip,) = corrections.affected_papers(case, [c.name for c in made])
    assert slip.key == "phieu-hen"
    assert corrections.affected_papers(case, ["description"]) == []
    corrections.paper_reissue(case=case, by=intake_officer, paper="phieu-hen")
    (reissue,) = _events(case, Event.REISSUE)
    assert "Phiếu hẹn" in reissue.note and reissue.paper == "phieu-hen"
    assert corrections.last_reissue(case, "phieu-hen") == reissue
    with pytest.raises(Refusal):
        corrections.paper_reissue(case=case, by=intake_officer, paper="tu-choi")


def test_a_person_correction_racing_another_names_the_change(make_case, intake_officer, director):
    case = make_case()
    seen = corrections.current_values(case.beneficiary, corrections.PERSON_FIELDS)
    corrections.correct_person(case=case, by=director, changes={"address": "Thôn Nà Làng"}, reason="Bổ sung")
    with pytest.raises(Refusal) as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"full_name": "Hoàng Thị Lành"}, reason="Sai", seen=seen
        )
    assert refused.value.code == CONFLICT
    assert "Địa chỉ: “—” → “Thôn Nà Làng”" in str(refused.value) and "Hoàng Văn Thắng" in str(refused.value)
    assert Beneficiary.objects.get(pk=case.beneficiary_id).full_name == "Hoàng Thị Lan"


def test_a_citizen_id_is_checked_as_at_intake(make_case, intake_officer):
    case = make_case()
    make_case(name="Vi Thị Nga", citizen_id="020180009999")
    with pytest.raises(Refusal) as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"citizen_id": "02018"}, reason="Sai"
        )
    assert refused.value.field == "citizen_id"
    with pytest.raises(Refusal, match="Vi Thị Nga") as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"citizen_id": "020180009999"}, reason="Sai"
        )
    assert refused.value.code == DUPLICATE


def test_a_name_and_birth_date_shared_with_another_person_needs_confirmation(make_case, intake_officer):
    case = make_case()
    other = make_case(name="Hoàng Thị Lanh").beneficiary
    with pytest.raises(Refusal) as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"full_name": "Hoàng Thị Lanh"}, reason="Sai"
        )
    assert refused.value.code == DUPLICATE and refused.value.field == "allow_duplicate"
    corrections.correct_person(
        case=case,
        by=intake_officer,
        changes={"full_name": "Hoàng Thị Lanh"},
        reason="Sai",
        allow_duplicate=True,
    )
    assert other.pk != case.beneficiary_id


def test_a_birth_date_contradicting_the_categories_needs_a_reason(make_case, intake_officer):
    case = make_case(category="TE")  # a child of 10
    with pytest.raises(Refusal) as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"date_of_birth": date(1990, 1, 15)}, reason="Sai năm sinh"
        )
    assert refused.value.code == CONTRADICTED
    corrections.correct_person(
        case=case,
        by=intake_officer,
        changes={"date_of_birth": date(1990, 1, 15)},
        reason="Sai năm sinh",
        category_override_reason="Giấy khai sinh ghi năm 2016",
    )
    (event,) = _events(case)
    assert "Giấy khai sinh ghi năm 2016" in event.note
    with pytest.raises(Refusal) as refused:
        corrections.correct_person(
            case=case, by=intake_officer, changes={"date_of_birth": date(2099, 1, 1)}, reason="Sai"
        )
    assert refused.value.field == "date_of_birth"
