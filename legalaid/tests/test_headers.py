"""What the server tells browsers and proxies about keeping its answers: nothing a signed-in
user was shown (pages, JSON, PDFs, spreadsheets) may be stored, so that the Back button after
logging out cannot show a case again; anonymous public pages keep their normal caching."""

# ruff: noqa: F811 (pytest fixtures imported from cases/tests/conftest.py are parameters here)
from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case
from cases.tests.conftest import make_case, performers, second_assistant_user  # noqa: F401
from legalaid.tests.browser import TIMEOUT, login

S = Case.Status
CITIZEN_ID = "020180004321"


def assert_not_stored(response) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, (response.request["PATH_INFO"], cache_control)
    assert "public" not in cache_control
    assert response.get("Pragma") == "no-cache"


@pytest.fixture
def refused_case(make_case):
    return make_case(S.REFUSED, citizen_id=CITIZEN_ID)


def test_a_signed_in_users_case_page_pdf_spreadsheet_and_json_are_not_stored(client, refused_case, director):
    client.force_login(director)
    year = timezone.localdate().year
    responses = [
        client.get(reverse("cases:detail", args=[refused_case.pk])),
        client.get(reverse("cases:pdf", args=[refused_case.pk, "tu-choi"])),
        client.get(reverse("cases:register_xlsx", args=[year])),
        client.get(reverse("cases:person_lookup"), {"q": "Hoàng"}),
        client.get(reverse("home")),
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert responses[1]["Content-Type"] == "application/pdf"
    assert "spreadsheetml" in responses[2]["Content-Type"]
    assert responses[3]["Content-Type"].startswith("application/json")
    for response in responses:
        assert_not_stored(response)


def test_a_view_that_allowed_private_caching_loses_it_for_a_signed_in_user(rf, director):
    """A file a view marked ``private, max-age=…`` (session photos) is not kept either."""
    from django.http import HttpResponse

    from legalaid.middleware import PrivateResponseMiddleware

    def view(request):
        response = HttpResponse(b"\xff\xd8", content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    request = rf.get("/")
    request.user = director
    response = PrivateResponseMiddleware(view)(request)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0"} <= cache_control
    assert "max-age=3600" not in cache_control


def test_a_stricter_header_the_view_set_is_kept(rf, director):
    from django.http import HttpResponse

    from legalaid.middleware import PrivateResponseMiddleware

    def view(request):
        response = HttpResponse("survey")
        response["Cache-Control"] = "private, no-store"
        return response

    request = rf.get("/")
    request.user = director
    response = PrivateResponseMiddleware(view)(request)

    assert response["Cache-Control"] == "private, no-store"
    assert response["Pragma"] == "no-cache"


def test_the_anonymous_public_roster_keeps_normal_caching(client, org):
    response = client.get(reverse("staffing:roster"))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
    assert "Cookie" in response["Vary"]  # one language's page is not served for the other


def test_the_login_page_itself_is_not_marked(client, org):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Pragma" not in response


# Content-Security-Policy: no inline script anywhere, so an injected <script> or onclick= in a
# name typed at the desk cannot run.

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# A <script> element that is neither loaded from a file nor JSON data (json_script).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>", re.I)
# An event-handler attribute (onclick=, onchange=, …) inside a tag.
HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I)


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1] if " " in part.strip() else ""
        for part in header.split(";")
        if part.strip()
    }


def assert_no_inline_script(url: str, response) -> None:
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html))
    assert not HANDLER.findall(html), (url, HANDLER.findall(html))
    assert "javascript:" not in html.lower(), url
    directives = policy_of(response)
    for name, value in POLICY.items():
        assert directives.get(name) == value, (url, name, directives.get(name))
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]


def test_the_patterns_catch_what_they_are_meant_to_catch():
    assert INLINE_SCRIPT.findall("<script>alert(1)</script><script defer>x()</script>") == [
        "<script>",
        "<script defer>",
    ]
    assert not INLINE_SCRIPT.findall('<script src="/static/a.js" defer></script>')
    assert not INLINE_SCRIPT.findall('<script id="d" type="application/json">{}</script>')
    assert HANDLER.findall('<input type="checkbox" onchange="go()">')
    assert HANDLER.findall("<button\n  onclick='go()'>")
    assert not HANDLER.findall('<form method="post" action="/x/"><p>on=</p>')


def test_the_policy_is_sent_with_every_page_signed_in_or_not(client, director):
    assert_no_inline_script("login", client.get(reverse("login")))
    client.force_login(director)
    assert_no_inline_script("home", client.get(reverse("home")))


def test_the_main_pages_of_every_app_carry_no_inline_script(client, make_case, director, org):
    received = make_case(S.RECEIVED, citizen_id=CITIZEN_ID)
    client.force_login(director)
    pages = [
        reverse("home"),
        reverse("units"),
        reverse("account"),
        reverse("dashboard:index"),
        reverse("cases:index"),
        reverse("cases:intake"),
        reverse("cases:deadlines"),
        reverse("cases:detail", args=[received.pk]),
        reverse("cases:action", args=[received.pk, "refuse"]),
        reverse("outreach:index"),
        reverse("outreach:session_list"),
        reverse("outreach:session_create"),
        reverse("staffing:index"),
        reverse("staffing:person_list"),
        reverse("planning:index"),
        reverse("planning:activity_list"),
    ]
    for url in pages:
        assert_no_inline_script(url, client.get(url))
    client.logout()
    assert_no_inline_script("roster", client.get(reverse("staffing:roster")))


def test_the_admin_pages_carry_no_inline_script(admin_client, make_case):
    case = make_case(S.RECEIVED)
    pages = [
        reverse("admin:index"),
        reverse("admin:cases_case_changelist"),
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:legalaid_user_add"),
        reverse("admin:staffing_person_changelist"),
        reverse("admin:staffing_person_add"),
    ]
    for url in pages:
        assert_no_inline_script(url, admin_client.get(url))


# In a real browser: Back after logging out, and the scripts of the intake form under the policy.

LOGIN_PATH = "/dang-nhap/"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_back_after_logging_out_shows_the_login_page_not_the_case(
    page, live_server, make_case, intake_officer
):
    case = make_case(S.RECEIVED, name="Triệu Thị Nguyệt", citizen_id=CITIZEN_ID)
    login(page, live_server, intake_officer.username)
    page.goto(f"{live_server.url}{reverse('cases:detail', args=[case.pk])}")
    expect(page.locator("main")).to_contain_text("Triệu Thị Nguyệt")

    with page.expect_navigation():
        page.locator("header .account form button[type=submit]").click()
    assert page.url.startswith(f"{live_server.url}{LOGIN_PATH}")

    page.go_back()

    assert page.url.startswith(f"{live_server.url}{LOGIN_PATH}"), page.url
    expect(page.locator("#id_username")).to_be_visible(timeout=TIMEOUT)
    content = page.content()
    assert "Triệu Thị Nguyệt" not in content and CITIZEN_ID not in content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_intake_lookup_script_works_under_the_policy(page, live_server, make_case, intake_officer):
    make_case(S.RECEIVED, name="Triệu Thị Nguyệt", citizen_id=CITIZEN_ID)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, live_server, intake_officer.username)
    page.goto(f"{live_server.url}{reverse('cases:intake')}")

    page.fill("#lookup", "trieu thi nguyet")
    result = page.locator("#lookup-results li", has_text="Triệu Thị Nguyệt")
    expect(result).to_have_count(1, timeout=TIMEOUT)
    result.locator("button").click()

    expect(page.locator("#chosen")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#chosen")).to_contain_text("Triệu Thị Nguyệt")
    expect(page.locator("#new-person")).to_be_hidden()
    assert page.input_value("#id_existing_beneficiary")
    assert violations == []


def test_the_admin_export_page_binds_its_select_all_box_from_a_file(admin_client):
    """django-import-export's own template keeps its inline onchange= (blocked by the policy);
    the project's override loads the script that binds the same function."""
    response = admin_client.get(reverse("admin:staffing_person_export"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="/static/legalaid/admin_export.js"' in html
    assert "import_export/export_selectable_fields.js" in html
    assert not INLINE_SCRIPT.findall(html)
