"""Accounts: lockout after failed logins, password change and reset, the second factor, idle timeout."""

from datetime import timedelta

import time_machine
from axes.models import AccessAttempt, AccessLog
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from legalaid.accounts.lockout import client_ip

LOCKED = (
    "Tài khoản tạm bị khoá do đăng nhập sai nhiều lần; thử lại sau 15 phút hoặc nhờ quản trị viên mở khoá."
)


def log_in(client, username, password=PASSWORD, address="127.0.0.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


# --- lockout ---------------------------------------------------------------------------------


def test_six_wrong_passwords_lock_the_account_until_fifteen_minutes_have_passed(client, director):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(6):
            response = log_in(client, "giamdoc", "sai-mat-khau")
        assert LOCKED in response.content.decode()
        # The right password now fails too, on the login page, with the message.
        response = log_in(client, "giamdoc")
        assert response.status_code == 429
        assert "registration/login.html" in [t.name for t in response.templates]
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in client.session
        # From another address the account is locked as well: the lock is per account.
        assert LOCKED in log_in(client, "giamdoc", address="10.9.9.9").content.decode()
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert LOCKED in log_in(client, "giamdoc").content.decode()
    # Attempts during the lockout did not restart it: fifteen minutes after the last failure.
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        response = log_in(client, "giamdoc")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(director.pk)


def test_four_wrong_passwords_then_the_right_one_log_in_and_start_the_count_again(client, director):
    for _attempt in range(4):
        response = log_in(client, "giamdoc", "sai-mat-khau")
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert log_in(client, "giamdoc").status_code == 302
    assert not AccessAttempt.objects.filter(username="giamdoc").exists()


def test_an_address_that_failed_for_many_accounts_is_locked_for_every_account(client, director, assistant):
    for name in ["an", "binh", "chi", "dung", "giang"]:
        log_in(client, name, "sai", address="203.0.113.7")
    # No account reached the limit, but the address did: a right password is refused there.
    response = log_in(client, "trogiupvien", address="203.0.113.7")
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same person from another address logs in.
    assert log_in(client, "trogiupvien", address="198.51.100.20").status_code == 302


def test_the_administrator_unlocks_an_account_from_the_user_admin(client, director, administrator):
    for _attempt in range(5):
        log_in(client, "giamdoc", "sai")
    assert LOCKED in log_in(client, "giamdoc").content.decode()
    client.force_login(administrator)
    response = client.post(
        reverse("admin:legalaid_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [director.pk]},
        follow=True,
    )
    assert "Đã mở khoá 1 tài khoản" in response.content.decode()
    client.logout()
    assert log_in(client, "giamdoc").status_code == 302


def test_the_user_admin_offers_the_unlock_action_in_vietnamese(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:legalaid_user_changelist")).content.decode()
    assert "Mở khoá" in page


def test_a_lockout_at_the_admin_login_sends_the_person_to_the_login_page_with_the_message(client, director):
    for _attempt in range(5):
        log_in(client, "giamdoc", "sai")
    response = client.post(
        reverse("admin:login"),
        {"username": "giamdoc", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("login")
    assert LOCKED in response.content.decode()


def _request(remote, forwarded=None):
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_the_client_address_is_remote_addr_unless_a_trusted_proxy_forwards_it():
    # No trusted proxy: a forwarded header is the client's own claim and is ignored.
    assert client_ip(_request("198.51.100.5", "1.2.3.4")) == "198.51.100.5"
    with override_settings(TRUSTED_PROXY=["10.0.0.0/8"]):
        # The proxy appended the client's address; whatever the client wrote lies to its left.
        assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
        assert client_ip(_request("10.0.0.2", "203.0.113.9, 10.0.0.3")) == "203.0.113.9"
        # A request straight to the server, not through the proxy: its own address.
        assert client_ip(_request("198.51.100.5", "1.2.3.4")) == "198.51.100.5"
        assert client_ip(_request("10.0.0.2", "nonsense")) == "10.0.0.2"
        assert client_ip(_request("10.0.0.2")) == "10.0.0.2"


def test_a_successful_login_is_written_to_the_access_log(client, director):
    log_in(client, "giamdoc")
    assert AccessLog.objects.filter(username="giamdoc").count() == 1
