"""The inbox of notifications, the unread count in the header, the e-mail copy sent by the
background worker after the transaction commits, and EMAIL_URL read into Django's settings."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from legalaid.context_processors import notifications as notifications_context
from legalaid.mail import email_settings
from legalaid.models import Notification
from legalaid.notifications import Draft, deliver, notify

K = Notification.Kind


def _notice(user, text: str, *, minutes_ago: int = 0, url: str = "/", **extra) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=K.OVERDUE,
        text=text,
        url=url,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **extra,
    )


# --- The inbox ---------------------------------------------------------------------------------


def test_the_inbox_lists_ones_own_notices_newest_first_in_pages(
    client, director, intake_officer, django_assert_max_num_queries
):
    for i in range(35):
        _notice(director, f"Vụ việc số {i:02d} quá hạn", minutes_ago=100 - i)
    _notice(intake_officer, "Thông báo của người khác")
    client.force_login(director)
    with django_assert_max_num_queries(12):
        page = client.get("/thong-bao/").content.decode()
    assert page.index("Vụ việc số 34") < page.index("Vụ việc số 33")
    assert "Vụ việc số 05" in page and "Vụ việc số 04" not in page  # 30 a page
    assert "Thông báo của người khác" not in page
    assert "Trang 1/2" in page
    assert "Đánh dấu tất cả đã đọc" in page
    second = client.get("/thong-bao/?page=2").content.decode()
    assert "Vụ việc số 04" in second and "Vụ việc số 00" in second


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, director):
    notice = _notice(director, "Vụ việc 12/2026/TGPL quá hạn", url="/vu-viec/")
    other = _notice(director, "Vụ việc khác")
    client.force_login(director)
    response = client.get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/vu-viec/"
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None and other.read_at is None
    first_read = notice.read_at
    client.get(f"/thong-bao/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at == first_read  # read once, not again


def test_another_users_notice_is_not_found_and_stays_unread(client, director, intake_officer):
    notice = _notice(intake_officer, "Của người tiếp nhận")
    client.force_login(director)
    assert client.get(f"/thong-bao/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_link_elsewhere_is_never_followed(client, director):
    notice = _notice(director, "Liên kết lạ", url="https://example.com/")
    client.force_login(director)
    assert client.get(f"/thong-bao/{notice.pk}/")["Location"] == "/thong-bao/"


def test_marking_all_read_touches_only_ones_own(client, director, intake_officer):
    mine = [_notice(director, f"Thông báo {i}") for i in range(3)]
    theirs = _notice(intake_officer, "Của người khác")
    client.force_login(director)
    assert client.get("/thong-bao/da-doc-tat-ca/").status_code == 405
    response = client.post("/thong-bao/da-doc-tat-ca/", follow=True)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


# --- The header --------------------------------------------------------------------------------


def test_the_header_shows_the_unread_count(client, director):
    _notice(director, "Một")
    _notice(director, "Hai")
    _notice(director, "Đã đọc", read_at=timezone.now())
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "Thông báo (2 chưa đọc)" in page
    client.post("/thong-bao/da-doc-tat-ca/")
    page = client.get("/").content.decode()
    assert "Thông báo (" not in page and ">Thông báo</a>" in page


def test_the_count_is_one_query_made_once_and_none_for_the_anonymous(director, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    _notice(director, "Một")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications_context(request) == {}
    request.user = director
    unread = notifications_context(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert unread() == 1
        assert unread() == 1


# --- Writing after commit, e-mail by the worker ------------------------------------------------


def test_notices_are_written_after_the_commit_and_never_on_rollback(
    director, django_capture_on_commit_callbacks
):
    def build():
        return [Draft(director, K.COMPLAINT, "Có khiếu nại mới", url="/vu-viec/khieu-nai/")]

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(build)
            raise RuntimeError
        assert not Notification.objects.exists()
        notify(build)
        assert not Notification.objects.exists()
    assert Notification.objects.get().text == "Có khiếu nại mới"


def test_a_keyed_notice_is_written_once(director):
    draft = Draft(director, K.DUE_SOON, "Đến hạn", key="due_soon:cases.case:1:2026-12-14")
    assert len(deliver([draft, draft])) == 1
    assert deliver([draft]) == []
    assert Notification.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_emails_a_notice_once_after_the_commit(settings, director, intake_officer):
    settings.NOTIFICATION_EMAILS = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://tgpl.langson.gov.vn"
    director.email = "giamdoc@langson.gov.vn"
    director.save()
    intake_officer.email = ""
    intake_officer.save()
    with transaction.atomic():
        notify(
            lambda: [
                Draft(director, K.COMPLAINT, "Có khiếu nại mới", url="/vu-viec/khieu-nai/"),
                Draft(intake_officer, K.COMPLAINT, "Có khiếu nại mới", url="/vu-viec/khieu-nai/"),
            ]
        )
        assert not Notification.objects.exists() and not DBTaskResult.objects.exists()
    assert Notification.objects.count() == 2
    assert DBTaskResult.objects.count() == 1  # queued, not sent: nobody waits for the mail server
    assert mail.outbox == []

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())

    [message] = mail.outbox
    assert message.to == ["giamdoc@langson.gov.vn"]
    assert message.subject == "[Trợ giúp pháp lý] Tiếp nhận khiếu nại"
    assert message.body == "Có khiếu nại mới\n\nXem tại: https://tgpl.langson.gov.vn/vu-viec/khieu-nai/"
    sent = Notification.objects.get(recipient=director)
    assert sent.emailed_at is not None
    assert Notification.objects.get(recipient=intake_officer).emailed_at is None

    from legalaid.notifications import send_notification_emails

    send_notification_emails.call([sent.pk])  # a second run sends nothing more
    assert len(mail.outbox) == 1


def test_without_mail_nothing_is_queued(settings, director):
    settings.NOTIFICATION_EMAILS = False
    director.email = "giamdoc@langson.gov.vn"
    director.save()
    deliver([Draft(director, K.COMPLAINT, "Có khiếu nại mới")])
    assert not DBTaskResult.objects.exists()


# --- EMAIL_URL ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://tgpl%40langson.gov.vn:m%E1%BA%ADt-kh%E1%BA%A9u@mail.langson.gov.vn:587",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.langson.gov.vn",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "tgpl@langson.gov.vn",
                "EMAIL_HOST_PASSWORD": "mật-khẩu",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        (
            "smtp://mail.langson.gov.vn",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.langson.gov.vn",
                "EMAIL_PORT": 25,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_is_read_into_djangos_settings(url, expected):
    assert email_settings(url) == expected


def test_smtp_over_ssl_defaults_to_port_465():
    found = email_settings("smtps://u:p@mail.example.vn")
    assert (found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (465, True, False)


@pytest.mark.parametrize("url", ["http://mail.example.vn", "smtp://", "smtp://mail.example.vn:port"])
def test_a_wrong_email_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured):
        email_settings(url)
