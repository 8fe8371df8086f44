"""Every outreach URL walked as every role; the session form; photos served only through the
access check; list pages in a bounded number of queries."""

import io
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from outreach import services
from outreach.models import Board, Place, Session, SessionPhoto
from outreach.tests.conftest import YEAR

ROLES = [
    "anonymous",
    "director",
    "intake_officer",
    "assistant",
    "performer",
    "branch_intake_officer",
    "official",
    "administrator",
]
LOGIN = "login"
ALL = [LOGIN, 200, 200, 200, 403, 200, 200, 200]
BRANCH_RECORD = [LOGIN, 200, 404, 404, 403, 200, 200, 200]
BRANCH_CHANGE = [LOGIN, 200, 404, 404, 403, 200, 403, 200]
BRANCH_POST = [LOGIN, 302, 404, 404, 403, 302, 403, 302]
ADD = [LOGIN, 200, 200, 200, 403, 200, 403, 200]

EXPECTED = {
    "index": ("get", ALL),
    "coverage": ("get", ALL),
    "session_list": ("get", ALL),
    "session_create": ("get", ADD),
    "session_detail": ("get", BRANCH_RECORD),
    "session_edit": ("get", BRANCH_CHANGE),
    "session_photos_add": ("post", BRANCH_POST),
    "session_handout_add": ("post", BRANCH_POST),
    "photo": ("get", BRANCH_RECORD),
    "place_list": ("get", ALL),
    "place_create": ("get", ADD),
    "place_detail": ("get", BRANCH_RECORD),
    "board_detail": ("get", BRANCH_RECORD),
    "replacement_list": ("get", ALL),
    "leaflet_list": ("get", ALL),
    "edition_detail": ("get", ALL),
    "media_list": ("get", ALL),
    "targets": ("get", ALL),
}


def jpeg(width=40, height=30, color=(200, 30, 30), name="anh.jpg", fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def records(org, communes, director, leaflet):
    session = services.session_record(
        kind=Session.Kind.MOBILE,
        held_on=date(YEAR, 4, 2),
        commune=communes["Thất Khê"],
        lead_unit=org.branch,
        attendees=30,
        by=director,
        photos=[jpeg()],
    )
    place = services.place_create(
        name="UBND xã Thất Khê", kind=Place.Kind.COMMITTEE, commune=communes["Thất Khê"], unit=org.branch
    )
    board = services.board_install(place=place, installed_on=date(YEAR, 1, 2), by=director)
    return {
        "session": session,
        "place": place,
        "board": board,
        "photo": session.photos.get(),
        "edition": leaflet.editions.get(),
    }


def _url(name, records):
    arg = {
        "session_detail": "session",
        "session_edit": "session",
        "session_photos_add": "session",
        "session_handout_add": "session",
        "photo": "photo",
        "place_detail": "place",
        "board_detail": "board",
        "edition_detail": "edition",
    }.get(name)
    return reverse(f"outreach:{name}", args=[records[arg].pk] if arg else [])


def test_every_named_url_of_outreach_is_in_the_table():
    from outreach.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_url_answers_each_role_as_the_table_says(client, everyone, records, name):
    method, expected = EXPECTED[name]
    url = _url(name, records)
    for role, want in zip(ROLES, expected, strict=True):
        client.logout()
        if role != "anonymous":
            client.force_login(everyone[role])
        response = getattr(client, method)(url, {})
        if want == LOGIN:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
                role,
                url,
            )
        else:
            assert response.status_code == want, (role, url, response.status_code)


def test_the_menu_shows_outreach_to_those_who_may_see_sessions(client, director, collaborator):
    client.force_login(director)
    assert 'href="/truyen-thong/"' in client.get("/").content.decode()
    client.force_login(collaborator)
    assert 'href="/truyen-thong/"' not in client.get("/").content.decode()


def test_a_branch_officer_records_a_session_from_the_form(client, org, communes, branch_officer, leaflet):
    from legalaid.models import LegalField
    from staffing.models import Person

    helper = Person.objects.create(full_name="Nông Thị Hoa", kind=Person.Kind.COLLABORATOR, unit=org.branch)
    Person.objects.create(full_name="Hà Văn Nam", kind=Person.Kind.COLLABORATOR, unit=org.other_branch)
    field = LegalField.objects.order_by("position").first()
    client.force_login(branch_officer)
    page = client.get(reverse("outreach:session_create")).content.decode()
    assert "Nông Thị Hoa" in page and "Hà Văn Nam" not in page  # only the branch's own people
    edition = leaflet.editions.get()
    response = client.post(
        reverse("outreach:session_create"),
        {
            "kind": "direct",
            "held_on": f"{YEAR}-06-12",
            "commune": communes["Tràng Định"].pk,
            "village": "Thôn Nà Lả",
            "lead_unit": org.branch.pk,
            "attendees": "42",
            "attendees_women": "20",
            "attendees_minority": "35",
            "edition": edition.pk,
            "leaflets": "40",
            "staff": [helper.pk],
            "legal_fields": [field.pk],
            "photos": [jpeg(), jpeg(name="b.png", fmt="PNG")],
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    session = Session.objects.get()
    assert (session.commune, session.village, session.attendees, session.recorded_by) == (
        communes["Tràng Định"],
        "Thôn Nà Lả",
        42,
        branch_officer,
    )
    assert session.distributions.get().quantity == 40
    assert (list(session.staff.all()), list(session.fields.all())) == ([helper], [field])
    assert sorted(p.content_type for p in session.photos.all()) == ["image/jpeg", "image/png"]
    assert response["Location"] == reverse("outreach:session_detail", args=[session.pk])


def test_the_form_says_in_vietnamese_what_is_wrong_and_keeps_nothing(client, org, communes, branch_officer):
    client.force_login(branch_officer)
    response = client.post(
        reverse("outreach:session_create"),
        {
            "kind": "mobile",
            "held_on": f"{YEAR}-06-12",
            "commune": communes["Tràng Định"].pk,
            "lead_unit": org.branch.pk,
            "attendees": "10",
            "attendees_women": "12",
        },
    )
    assert response.status_code == 200
    assert (
        "Số người tham dự là nữ (12) không được lớn hơn tổng số người tham dự (10)."
        in response.content.decode()
    )
    assert not Session.objects.exists()


def test_a_photo_that_is_not_a_picture_or_too_big_is_refused(client, records, branch_officer, settings):
    client.force_login(branch_officer)
    url = reverse("outreach:session_photos_add", args=[records["session"].pk])
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(url, {"photos": [fake]}, follow=True)
    assert "Tệp anh.jpg không phải là ảnh JPEG hoặc PNG." in response.content.decode()
    settings.OUTREACH_PHOTO_MAX_BYTES = 1024 * 1024
    big = jpeg(width=3000, height=3000, name="lon.png", fmt="PNG")
    big_bytes = Image.effect_noise((1400, 1400), 100).convert("RGB")
    buffer = io.BytesIO()
    big_bytes.save(buffer, "PNG")
    big = SimpleUploadedFile("lon.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 1024 * 1024
    response = client.post(url, {"photos": [big]}, follow=True)
    assert "vượt giới hạn 1 MB" in response.content.decode()
    assert SessionPhoto.objects.count() == 1  # only the one from the fixture


def test_photos_live_outside_the_web_root_and_come_only_through_the_checked_view(
    client, records, settings, branch_officer, other_branch_officer
):
    photo = records["photo"]
    path = photo.image.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert "anh" not in photo.image.name.rsplit("/", 1)[-1]  # the uploader's name is not kept
    client.force_login(branch_officer)
    response = client.get(reverse("outreach:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(other_branch_officer)
    assert client.get(reverse("outreach:photo", args=[photo.pk])).status_code == 404
    assert client.get(settings.MEDIA_URL + photo.image.name).status_code == 404


def test_editing_a_session_opened_before_someone_else_saved_is_refused(
    client, records, branch_officer, director
):
    session = records["session"]
    client.force_login(branch_officer)
    form = client.get(reverse("outreach:session_edit", args=[session.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if k not in ("staff", "legal_fields")}
    data.update(commune=session.commune.pk, lead_unit=session.lead_unit.pk, held_on=f"{YEAR}-04-02")
    services.session_update(session=session, version=session.version, by=director, attendees=31)
    response = client.post(reverse("outreach:session_edit", args=[session.pk]), {**data, "attendees": 99})
    assert "Người khác đã sửa buổi truyền thông này" in response.content.decode()
    session.refresh_from_db()
    assert session.attendees == 31
    data["version"] = session.version
    response = client.post(reverse("outreach:session_edit", args=[session.pk]), {**data, "attendees": 99})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.attendees, session.version) == (99, 3)


def test_an_inspection_and_a_replacement_from_the_board_page(client, records, branch_officer):
    client.force_login(branch_officer)
    board = records["board"]
    url = reverse("outreach:board_detail", args=[board.pk])
    client.post(url, {"action": "inspect", "on": f"{YEAR}-03-01", "condition": "damaged"})
    board.refresh_from_db()
    assert board.condition == Board.Condition.DAMAGED
    replacement = client.get(reverse("outreach:replacement_list")).content.decode()
    assert "UBND xã Thất Khê" in replacement
    client.post(url, {"action": "replace", "on": f"{YEAR}-03-20"})
    board.refresh_from_db()
    assert (board.condition, board.replaced_on) == (Board.Condition.GOOD, date(YEAR, 3, 20))
    assert "UBND xã Thất Khê" not in client.get(reverse("outreach:replacement_list")).content.decode()


def test_handing_out_more_than_the_stock_on_the_leaflet_page_shows_the_reason(
    client, records, branch_officer
):
    client.force_login(branch_officer)
    edition = records["edition"]
    response = client.post(
        reverse("outreach:edition_detail", args=[edition.pk]),
        {
            "action": "give",
            "distributed_on": f"{YEAR}-05-01",
            "quantity": "1001",
            "place": records["place"].pk,
        },
    )
    assert response.status_code == 200
    assert "Không đủ tờ gấp trong kho" in response.content.decode()
    assert "chỉ còn 1.000 tờ" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["index", "coverage", "session_list", "place_list", "replacement_list", "leaflet_list", "media_list"],
)
def test_list_pages_take_a_bounded_number_of_queries(
    client, org, communes, director, records, name, django_assert_max_num_queries
):
    for day in range(1, 30):
        services.session_record(
            kind=Session.Kind.DIRECT,
            held_on=date(YEAR, 5, day),
            commune=communes["Lộc Bình"],
            lead_unit=org.admin_department,
            attendees=10,
            by=director,
        )
        place = services.place_create(
            name=f"UBND {day}", kind=Place.Kind.COMMITTEE, commune=communes["Lộc Bình"], unit=org.other_branch
        )
        board = services.board_install(place=place, installed_on=date(YEAR, 1, 2), by=director)
        services.board_inspect(board=board, on=date(YEAR, 2, 2), condition="worn", by=director)
    client.force_login(director)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(f"outreach:{name}") + f"?nam={YEAR}")
    assert response.status_code == 200


def test_every_outreach_model_is_in_the_admin_and_its_lists_open(client, administrator, records):
    from outreach.figures import MonthlyFigure  # the dashboard's summary, kept by triggers: no admin

    models = [
        m
        for m in apps.get_app_config("outreach").get_models()
        if not m.__name__.startswith("Historical") and m is not MonthlyFigure
    ]
    assert [m.__name__ for m in models if m not in admin.site._registry] == []
    client.force_login(administrator)
    for model in models:
        url = reverse(f"admin:outreach_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_the_director_sets_the_plan_numbers_that_the_coverage_page_measures_against(
    client, org, director, assistant, records
):
    url = reverse("outreach:targets") + f"?nam={YEAR}"
    data = {
        "unit": org.branch.pk,
        "measure": "sessions",
        "session_kind": "mobile",
        "place_kind": "court",
        "value": "4",
        "source": "Kế hoạch số 12/KH-TGPL",
    }
    client.force_login(assistant)
    assert client.post(url, data).status_code == 403
    client.force_login(director)
    assert client.post(url, data).status_code == 302
    target = org.branch.outreach_targets.get()
    assert (target.year, target.session_kind, target.place_kind, target.value) == (YEAR, "mobile", "", 4)
    client.post(url, {**data, "value": "5"})
    assert org.branch.outreach_targets.get().value == 5  # set again: replaced, not duplicated
    page = client.get(reverse("outreach:coverage") + f"?nam={YEAR}&don-vi={org.branch.pk}").content.decode()
    assert '1 / <span class="unmet">5</span>' in page


def test_the_session_page_counts_the_requests_other_apps_received_at_it(
    client, records, branch_officer, django_assert_max_num_queries
):
    session = records["session"]
    pointing = [
        r.related_model
        for r in Session._meta.related_objects
        if r.related_model._meta.app_label != "outreach"
    ]
    client.force_login(branch_officer)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("outreach:session_detail", args=[session.pk])).content.decode()
    from django.utils import translation
    from django.utils.text import capfirst

    assert 'id="linked"' in page
    with translation.override("vi"):
        labels = [
            capfirst(str(m._meta.verbose_name_plural))
            for m in pointing
            if not m.__name__.startswith("Historical")
        ]
    for label in labels:
        assert f"{label}: <strong>0</strong>" in page
