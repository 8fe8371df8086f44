"""The rules of the outreach services, each refused with a Vietnamese message naming what is wrong."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from legalaid.models import Unit
from legalaid.refusal import Refusal
from legalaid.tests.factories import UnitFactory
from outreach import services
from outreach.access import sessions_for
from outreach.coverage import commune_universe
from outreach.models import Place, Session
from outreach.tests.conftest import YEAR
from staffing.models import Person


def refused(function, **kwargs) -> str:
    with translation.override("vi"), pytest.raises(Refusal) as error:
        function(**kwargs)
    return error.value.message


def test_a_court_place_must_name_a_court_of_the_organisation_list(org, communes, police):
    common = {"name": "Tòa án", "kind": Place.Kind.COURT, "commune": communes["Thất Khê"], "unit": org.branch}
    assert refused(services.place_create, **common) == (
        "Điểm niêm yết loại “Tòa án” phải chọn cơ quan trong danh mục tổ chức."
    )
    assert refused(services.place_create, **common, body=police) == (
        "Công an tỉnh Lạng Sơn không phải là cơ quan loại “Tòa án”."
    )
    assert refused(services.place_create, **common, body=org.branch) == (
        "Chi nhánh số 1 là đơn vị thuộc Trung tâm, không phải cơ quan bên ngoài."
    )
    place = services.place_create(**common, body=org.court)
    assert place.body == org.court


def test_a_session_cannot_be_dated_in_the_future_nor_count_more_women_than_attendees(
    org, communes, record_session
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    message = refused(record_session, commune=communes["Mẫu Sơn"], held_on=tomorrow)
    assert message == f"Ngày tổ chức ({tomorrow:%d/%m/%Y}) không được sau ngày hôm nay."
    message = refused(
        record_session,
        commune=communes["Mẫu Sơn"],
        held_on=date(YEAR, 2, 2),
        attendees=10,
        attendees_minority=11,
    )
    assert message == "Số người dân tộc thiểu số (11) không được lớn hơn tổng số người tham dự (10)."
    assert not Session.objects.exists()


def test_staff_must_work_in_the_lead_unit_and_are_kept_with_the_sessions_history(
    org, communes, record_session
):
    inside = Person.objects.create(full_name="Lương Văn Đức", kind=Person.Kind.ASSISTANT, unit=org.branch)
    outside = Person.objects.create(
        full_name="Hà Thị Lan", kind=Person.Kind.COLLABORATOR, unit=org.other_branch
    )

    message = refused(
        record_session,
        commune=communes["Thất Khê"],
        held_on=date(YEAR, 2, 2),
        lead_unit=org.branch,
        staff=[inside, outside],
    )
    assert message == "Hà Thị Lan không thuộc Chi nhánh số 1; hãy ghi vào mục đơn vị, người phối hợp."

    session = record_session(
        communes["Thất Khê"],
        date(YEAR, 2, 2),
        lead_unit=org.branch,
        staff=[inside],
        partners="Hội Liên hiệp Phụ nữ xã",
    )
    assert list(session.staff.all()) == [inside]
    assert list(session.history.latest().staff.values_list("person_id", flat=True)) == [inside.pk]


def test_a_lead_unit_must_belong_to_the_centre(org, communes, record_session):
    message = refused(
        record_session, commune=communes["Thất Khê"], held_on=date(YEAR, 2, 2), lead_unit=org.court
    )
    assert message == "Đơn vị chủ trì phải là đơn vị thuộc Trung tâm."


def _image(fmt: str, size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("a.jpg", _image("JPEG"), "image/jpeg"),
        ("a.JPEG", _image("JPEG"), "image/jpeg"),
        ("a.png", _image("PNG"), "image/png"),
        ("a.gif", _image("GIF"), None),  # a real picture, but not JPEG or PNG
        ("a.jpg", _image("GIF"), None),  # renamed
        ("a.png", b"<script>alert(1)</script>", None),
        ("a.jpg", _image("JPEG")[:40], None),  # truncated
    ],
)
def test_only_real_jpeg_and_png_pictures_are_accepted(name, content, accepted):
    upload = SimpleUploadedFile(name, content)
    if accepted:
        assert services.photo_validate(upload) == accepted
        assert upload.tell() == 0
    else:
        assert (
            refused(services.photo_validate, upload=upload) == f"Tệp {name} không phải là ảnh JPEG hoặc PNG."
        )


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.OUTREACH_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    upload = SimpleUploadedFile("to.jpg", b"\xff\xd8" + b"0" * (3 * 1024 * 1024))
    assert (
        refused(services.photo_validate, upload=upload)
        == "Ảnh to.jpg có dung lượng 3,0 MB, vượt giới hạn 2 MB."
    )


def test_a_branch_sees_its_own_sessions_and_the_centre_sees_all(
    org, communes, record_session, branch_officer, other_branch_officer, director, official
):
    own = record_session(communes["Thất Khê"], date(YEAR, 2, 2), lead_unit=org.branch)
    other = record_session(communes["Lộc Bình"], date(YEAR, 2, 3), lead_unit=org.other_branch)
    assert list(sessions_for(branch_officer)) == [own]
    assert list(sessions_for(other_branch_officer)) == [other]
    assert set(sessions_for(director)) == set(sessions_for(official)) == {own, other}


def test_a_ministry_user_without_a_province_sees_every_commune_in_the_universe(org):
    ministry = UnitFactory(name="Bộ Tư pháp", kind=Unit.Kind.MINISTRY)
    assert commune_universe(ministry).count() == 4
    assert commune_universe(org.branch).count() == 2
    assert commune_universe(org.professional_department).count() == 4


def test_moving_a_session_moves_its_leaflets_unless_they_were_not_printed_yet(
    org, communes, leaflet, record_session, director
):
    edition = leaflet.editions.get()  # 1,000 printed on 10/01
    session = record_session(
        communes["Mẫu Sơn"], date(YEAR, 3, 3), handouts=[services.LeafletHandout(edition, 200)]
    )
    session = services.session_update(
        session=session, version=session.version, by=director, held_on=date(YEAR, 3, 9)
    )
    assert session.distributions.get().distributed_on == date(YEAR, 3, 9)

    message = refused(
        services.session_update,
        session=session,
        version=session.version,
        by=director,
        held_on=date(YEAR, 1, 2),
    )
    assert message.startswith("Không thể chuyển buổi truyền thông sang ngày 02/01/2025")
    session.refresh_from_db()
    assert (session.held_on, session.distributions.get().distributed_on) == (
        date(YEAR, 3, 9),
        date(YEAR, 3, 9),
    )
