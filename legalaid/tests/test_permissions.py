"""Every URL of the foundation, walked as every role (and as the public)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from legalaid.jobs import job_start
from legalaid.models import PeriodicReport
from legalaid.tasks import export_users_task

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
LOGIN = "login"  # a redirect to the login page

# url name -> (method, expected status per role, in the order of ROLES)
EXPECTED = {
    "home": ("get", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "login": ("get", [200, 302, 302, 302, 302, 302, 302, 302]),
    "logout": ("post", [302, 302, 302, 302, 302, 302, 302, 302]),
    "set_language": ("post", [302, 302, 302, 302, 302, 302, 302, 302]),
    "account": ("get", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "password_change": ("get", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset_done": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    "password_reset_confirm": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),  # "link not valid"
    "password_reset_complete": ("get", [200, 200, 200, 200, 200, 200, 200, 200]),
    # no code owed: back to the home page
    "login_code": ("get", [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
    # the roles that may enrol see the page; the others are sent back to their account page
    "second_factor_enrol": ("get", [LOGIN, 200, 302, 302, 302, 302, 200, 200]),
    "second_factor_remove": ("post", [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
    "units": ("get", [LOGIN, 200, 200, 200, 403, 200, 200, 200]),
    # the branch's page: outside the subtree of the departments -> 404, not 403
    "unit_detail": ("get", [LOGIN, 200, 404, 404, 403, 200, 200, 200]),
    "unit_users_pdf": ("get", [LOGIN, 200, 403, 403, 403, 403, 200, 200]),
    "unit_users_export": ("post", [LOGIN, 302, 403, 403, 403, 403, 302, 302]),
    # the director's job: only its creator sees it
    "job_detail": ("get", [LOGIN, 200, 404, 404, 404, 404, 404, 404]),
    "job_status": ("get", [LOGIN, 200, 404, 404, 404, 404, 404, 404]),
    "job_download": ("get", [LOGIN, 404, 404, 404, 404, 404, 404, 404]),  # not finished yet
    "dashboard:index": ("get", [LOGIN, 200, 403, 403, 403, 403, 200, 200]),
    "dashboard:pdf": ("get", [LOGIN, 200, 403, 403, 403, 403, 200, 200]),
    "dashboard:xlsx": ("get", [LOGIN, 200, 403, 403, 403, 403, 200, 200]),
    "dashboard:statistics": ("get", [LOGIN, 200, 403, 403, 403, 403, 200, 200]),
    "dashboard:reports": ("get", [LOGIN, 200, 200, 403, 403, 200, 200, 200]),
    # the centre's report: its departments work on it; a branch does not see it
    "dashboard:report": ("get", [LOGIN, 200, 200, 403, 403, 404, 200, 200]),
    "dashboard:report_pdf": ("get", [LOGIN, 200, 200, 403, 403, 404, 200, 200]),
    # only a director issues (the policy's role, checked before the report is looked up)
    "dashboard:report_issue": ("post", [LOGIN, 302, 403, 403, 403, 403, 403, 403]),
    # everyone has an inbox; a notice opens (read, then its page) for its recipient only
    "notifications": ("get", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    "notifications_read_all": ("post", [LOGIN, 302, 302, 302, 302, 302, 302, 302]),
    "notification_open": ("get", [LOGIN, 302, 404, 404, 404, 404, 404, 404]),
    # the date widget's calendar: holidays of a year, for every signed-in user
    "calendar_days": ("get", [LOGIN, 200, 200, 200, 200, 200, 200, 200]),
    # posting a form for a table that does not exist (the walk has none): 404 once allowed
    "dashboard:statistics_report": ("post", [LOGIN, 404, 403, 403, 403, 403, 404, 404]),
}
# URL namespaces that belong to the foundation (the apps walk their own URLs).
FOUNDATION_NAMESPACES = {"dashboard"}


def _url(name, org, job):
    if name in {"unit_detail", "unit_users_pdf", "unit_users_export"}:
        return reverse(name, args=[org.branch.pk])
    if name.startswith("job_"):
        return reverse(name, args=[job.pk])
    if name == "dashboard:statistics_report":
        return reverse(name, args=[999999])
    if name == "notification_open":  # the director's (the job's creator)
        from legalaid.models import Notification

        notice = Notification.objects.create(
            recipient=job.created_by, kind=Notification.Kind.APPOINTED, text="Được cử", url="/"
        )
        return reverse(name, args=[notice.pk])
    if name == "password_reset_confirm":
        return reverse(name, args=["MQ", "not-a-token"])
    if name in {"dashboard:report", "dashboard:report_pdf", "dashboard:report_issue"}:
        report, _created = PeriodicReport.objects.get_or_create(unit=org.centre, kind="year", year=2026)
        return reverse(name, args=[report.pk])
    return reverse(name)


def test_every_named_url_of_the_foundation_is_in_the_table():
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
        elif isinstance(entry, URLResolver) and entry.namespace in FOUNDATION_NAMESPACES:
            names |= {f"{entry.namespace}:{p.name}" for p in entry.url_patterns if p.name}
    assert names - set(EXPECTED) == set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_url_answers_each_role_as_the_table_says(
    client, org, everyone, director, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = job_start(task=export_users_task, kind="test", label="x", by=director, unit_id=org.branch.pk)
    method, expected = EXPECTED[name]
    url = _url(name, org, job)
    for role, want in zip(ROLES, expected, strict=True):
        client.logout()
        if role != "anonymous":
            client.force_login(everyone[role])
        data = {"language": "vi", "next": "/"} if name == "set_language" else {}
        response = getattr(client, method)(url, data)
        if want == LOGIN:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("login")), (role, url)
        else:
            assert response.status_code == want, (role, url, response.status_code)


def test_every_model_of_the_shared_app_is_in_the_admin():
    missing = [
        model.__name__
        for model in apps.get_app_config("legalaid").get_models()
        if not model.__name__.startswith("Historical") and model not in admin.site._registry
    ]
    assert missing == []


def test_the_administrator_opens_every_admin_list_and_only_staff_get_in(client, administrator, director):
    client.force_login(administrator)
    for model in admin.site._registry:
        if model._meta.app_label != "legalaid":
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    client.force_login(director)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_speaks_vietnamese(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Đơn vị" in page


def test_every_role_group_holds_every_permission_granted_to_it_even_for_the_last_app(db):
    from django.contrib.auth.models import Group

    from legalaid.roles import Role, role_permissions

    for role in Role:
        held = {
            f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()
        }
        assert role_permissions(role) - held == set(), role
