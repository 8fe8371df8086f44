def test_the_home_page_shows_the_centre_its_departments_and_branches(
    client, org, director, django_assert_max_num_queries
):
    client.force_login(director)
    # 10, the header's unread count, and the work queue: which cases the director sees and the
    # counts of its groups (a query per provider: cases, complaints, staffing), whatever the
    # number of records.
    with django_assert_max_num_queries(17):
        page = client.get("/").content.decode()
    assert "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn" in page
    for name in ("Phòng Hành chính – Tổng hợp", "Phòng Nghiệp vụ", "Chi nhánh số 1", "Chi nhánh số 2"):
        assert name in page
    assert "Xã Thất Khê" in page  # a commune the branch serves
    assert 'lang="vi"' in page
    assert "Giám đốc Trung tâm" in page  # the role, in Vietnamese


def test_an_official_above_the_centre_sees_the_centre_on_the_home_page(client, org, official):
    client.force_login(official)
    assert "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn" in client.get("/").content.decode()


def test_the_menu_lists_only_pages_that_exist_and_that_the_role_may_open(client, org, director, collaborator):
    client.force_login(director)
    page = client.get("/").content.decode()
    assert 'href="/to-chuc/"' in page
    assert "/quan-tri/" not in page  # not staff
    client.force_login(collaborator)
    assert 'href="/to-chuc/"' not in client.get("/").content.decode()


def test_the_administrator_finds_the_admin_in_the_menu(client, administrator):
    client.force_login(administrator)
    assert 'href="/quan-tri/"' in client.get("/").content.decode()


def test_every_page_but_login_requires_login(client, db):
    response = client.get("/to-chuc/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
    assert client.get("/dang-nhap/").status_code == 200


def test_the_login_page_explains_a_wrong_password_in_vietnamese(client, director):
    response = client.post("/dang-nhap/", {"username": "giamdoc", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_switching_to_english_translates_the_interface(client, director):
    client.force_login(director)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Departments and branches" in page


def test_a_missing_page_is_a_friendly_vietnamese_404(client, director):
    client.force_login(director)
    response = client.get("/to-chuc/999999/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_forbidden_page_is_a_friendly_vietnamese_403(client, collaborator):
    client.force_login(collaborator)
    response = client.get("/to-chuc/")
    assert response.status_code == 403
    assert "trang chủ" in response.content.decode()


def test_the_organisation_list_takes_a_fixed_number_of_queries(
    client, org, director, django_assert_max_num_queries
):
    from legalaid.tests.factories import UnitFactory, UserFactory

    for i in range(10):
        UserFactory(unit=UnitFactory(name=f"Tổ {i}", parent=org.branch))
    client.force_login(director)
    with django_assert_max_num_queries(8):
        assert client.get("/to-chuc/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/to-chuc/{org.branch.pk}/").status_code == 200


def test_the_interface_is_vietnamese_even_when_the_browser_asks_for_english(client, director):
    client.force_login(director)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page
    assert "Phòng ban và chi nhánh" in page or "chi nhánh" in page


def test_notices_registered_by_the_apps_show_on_the_home_page(client, director, monkeypatch):
    from legalaid import notices

    monkeypatch.setattr(notices, "_providers", [])
    notices.register(lambda user: [notices.Notice("2 thẻ cộng tác viên sắp hết hạn", "/nhan-su/", "warning")])
    client.force_login(director)
    page = client.get("/").content.decode()
    assert '<a href="/nhan-su/">2 thẻ cộng tác viên sắp hết hạn</a>' in page
