"""Accounts: lockout after failed logins, password change and reset, the second factor, idle timeout."""

import base64
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


# --- password change and reset -----------------------------------------------------------------

NEW_PASSWORD = "Mat-khau-moi-2027!"


def test_every_user_finds_the_password_change_in_the_header_and_changes_it(client, collaborator):
    client.force_login(collaborator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("account")}"' in page
    assert f'href="{reverse("password_change")}"' in page
    assert "Đổi mật khẩu" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Đã đổi mật khẩu" in response.content.decode()
    collaborator.refresh_from_db()
    assert collaborator.check_password(NEW_PASSWORD)
    # The session that changed it stays signed in.
    assert client.get(reverse("account")).status_code == 200


def test_a_wrong_old_password_changes_nothing(client, collaborator):
    client.force_login(collaborator)
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    collaborator.refresh_from_db()
    assert collaborator.check_password(PASSWORD)


def test_without_mail_the_forgotten_password_page_sends_the_person_to_an_administrator(client, director):
    assert 'href="/quen-mat-khau/"' in client.get(reverse("login")).content.decode()
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "quản trị viên" in response.content.decode()
    assert 'name="email"' not in response.content.decode()
    client.post(reverse("password_reset"), {"email": "giamdoc@example.vn"})
    from django.core import mail

    assert mail.outbox == []


@override_settings(PASSWORD_RESET_BY_EMAIL=True)
def test_with_mail_the_person_gets_a_one_time_link_by_email(client, director, mailoutbox):
    director.email = "giamdoc@tgpl.example.vn"
    director.save(update_fields=["email"])
    response = client.post(reverse("password_reset"), {"email": "giamdoc@tgpl.example.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "mật khẩu" in message.subject
    link = next(line for line in message.body.splitlines() if "/dat-lai-mat-khau/" in line)
    set_password_with_link(client, link.split("testserver", 1)[1])
    director.refresh_from_db()
    assert director.check_password(NEW_PASSWORD)


def set_password_with_link(client, path):
    response = client.get(path, follow=True)
    assert response.context["validlink"], path
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Đã lưu mật khẩu" in response.content.decode()


def make_link(client, administrator, user):
    client.force_login(administrator)
    url = reverse("admin:legalaid_user_password_link", args=[user.pk])
    page = client.get(reverse("admin:legalaid_user_change", args=[user.pk])).content.decode()
    assert url in page and "Tạo liên kết đặt lại mật khẩu" in page
    response = client.post(url)
    client.logout()
    return response


def test_an_administrator_hands_over_a_link_that_works_once(client, administrator, collaborator):
    response = make_link(client, administrator, collaborator)
    link = response.context["link"]
    assert link.startswith("http://testserver/dat-lai-mat-khau/")
    assert "3 ngày" in response.content.decode()
    path = link.removeprefix("http://testserver")
    # The person opens it without being signed in, sets a password, and logs in with it.
    set_password_with_link(client, path)
    assert log_in(client, "congtacvien", NEW_PASSWORD).status_code == 302
    client.logout()
    # The same link again: used, no longer valid.
    response = client.get(path, follow=True)
    assert not response.context["validlink"]
    assert "không còn hiệu lực" in response.content.decode()


def test_a_link_expires_after_the_reset_timeout(client, administrator, collaborator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        path = (
            make_link(client, administrator, collaborator).context["link"].removeprefix("http://testserver")
        )
    with time_machine.travel(start + timedelta(days=3, minutes=1), tick=False):
        assert not client.get(path, follow=True).context["validlink"]


def test_the_user_list_action_leads_to_the_link_page_for_one_account(client, administrator, collaborator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:legalaid_user_changelist"),
        {"action": "make_password_link", "_selected_action": [collaborator.pk]},
    )
    assert response["Location"] == reverse("admin:legalaid_user_password_link", args=[collaborator.pk])


def test_only_a_superuser_makes_a_link_for_a_superuser(client, administrator, org):
    from legalaid.tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(administrator)
    response = client.post(reverse("admin:legalaid_user_password_link", args=[root.pk]), follow=True)
    assert response.context["link"] is None
    assert "Chỉ quản trị viên cấp cao" in response.content.decode()


# --- idle timeout ----------------------------------------------------------------------------

EXPIRED = "Phiên làm việc đã hết hạn do không thao tác"


def test_thirty_minutes_without_a_request_end_the_session(client, director):
    start = timezone.now()
    client.force_login(director)
    with time_machine.travel(start, tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    # 29 minutes after the last request, not after the first: still signed in at 58.
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=88, seconds=1), tick=False):
        response = client.get(reverse("units"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={reverse('units')}"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert EXPIRED in page


def test_the_last_activity_is_written_at_most_once_a_minute(client, director):
    from django.contrib.sessions.models import Session

    start = timezone.now()
    client.force_login(director)
    with time_machine.travel(start, tick=False):
        client.get(reverse("home"))
        saved = Session.objects.get().expire_date
    # Requests within the minute leave the session as it was: not saved again.
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        client.get(reverse("home"))
        assert Session.objects.get().expire_date == saved
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(reverse("home"))
        assert Session.objects.get().expire_date > saved


@override_settings(SESSION_IDLE_MINUTES=10)
def test_the_idle_time_is_a_setting(client, director):
    start = timezone.now()
    client.force_login(director)
    with time_machine.travel(start, tick=False):
        client.get(reverse("home"))
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        assert client.get(reverse("home")).status_code == 302


def test_an_active_session_still_ends_at_the_session_cookie_age(client, director, settings):
    start = timezone.now()
    client.force_login(director)
    minutes = settings.SESSION_COOKIE_AGE // 60
    for minute in range(0, minutes, 20):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=minutes, seconds=1), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert "đăng nhập lại" in client.get(response["Location"]).content.decode()


# --- second factor (TOTP) --------------------------------------------------------------------


def code_now(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    page = client.get(reverse("second_factor_enrol")).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page  # typed by hand
    response = client.post(reverse("second_factor_enrol"), {"token": code_now(device)}, follow=True)
    assert "Đã cài đặt ứng dụng tạo mã" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_a_director_enrols_from_the_account_page_with_a_first_code(client, director):
    client.force_login(director)
    page = client.get(reverse("account")).content.decode()
    assert reverse("second_factor_enrol") in page
    client.logout()
    enrol(client, director)


def test_a_wrong_first_code_does_not_confirm_the_device(client, official):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(official)
    client.get(reverse("second_factor_enrol"))
    response = client.post(reverse("second_factor_enrol"), {"token": "000000"})
    assert "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=official, confirmed=True).exists()


def test_once_enrolled_login_asks_for_the_code_and_refuses_a_wrong_one(client, director):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        device = enrol(client, director)
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        response = log_in(client, "giamdoc")
        assert response.status_code == 302
        # Every page leads to the code page until the code is given.
        response = client.get(reverse("units"))
        assert response["Location"] == f"{reverse('login_code')}?next={reverse('units')}"
        wrong = "000000" if code_now(device) != "000000" else "111111"
        response = client.post(response["Location"], {"token": wrong})
        assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
        assert client.get(reverse("home")).status_code == 302
    # django-otp makes the next try wait after a wrong code: a few seconds later.
    with time_machine.travel(start + timedelta(minutes=1, seconds=5), tick=False):
        response = client.post(
            f"{reverse('login_code')}?next={reverse('units')}", {"token": code_now(device)}
        )
        assert response["Location"] == reverse("units")
        assert client.get(reverse("units")).status_code == 200


def test_a_user_without_a_device_logs_in_with_the_password_only(client, director, assistant):
    response = log_in(client, "trogiupvien")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # The roles that may not enrol are not offered it.
    assert reverse("second_factor_enrol") not in client.get(reverse("account")).content.decode()
    assert client.get(reverse("second_factor_enrol")).status_code == 302


def test_the_device_is_removed_with_the_password(client, administrator):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        device = enrol(client, administrator)
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        log_in(client, "quantri")
        client.post(reverse("login_code"), {"token": code_now(device)})
        response = client.post(reverse("second_factor_remove"), {"password": "sai"}, follow=True)
        assert "Mật khẩu không đúng" in response.content.decode()
        assert TOTPDevice.objects.filter(user=administrator).exists()
        client.post(reverse("second_factor_remove"), {"password": PASSWORD})
        assert not TOTPDevice.objects.filter(user=administrator).exists()
        client.logout()
        log_in(client, "quantri")
        assert client.get(reverse("home")).status_code == 200


@override_settings(OTP_REQUIRED_ROLES=["director"])
def test_a_required_role_is_sent_to_enrol_after_login_until_done(client, director, assistant):
    log_in(client, "giamdoc")
    response = client.get(reverse("units"))
    assert response["Location"] == f"{reverse('second_factor_enrol')}?next={reverse('units')}"
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=director)
    response = client.post(response["Location"], {"token": code_now(device)})
    assert response["Location"] == reverse("units")
    assert client.get(reverse("units")).status_code == 200
    # Other roles are not asked.
    client.logout()
    log_in(client, "trogiupvien")
    assert client.get(reverse("home")).status_code == 200
