"""Access policies of the project's own URLs (legalaid.policy explains the declaration).

Keyed by full URL name: the project's URLs live in several namespaces (none, "dashboard")."""

from __future__ import annotations

from legalaid.jobs import jobs_visible_to
from legalaid.notifications import inbox
from legalaid.policy import FORM, POST, Kind, Policy, Scope
from legalaid.roles import Role, visible_units

DASHBOARD = "legalaid.view_dashboard"
REPORTS = "legalaid.view_periodicreport"


def _reports(user):
    from legalaid.models import PeriodicReport
    from legalaid.views import report_units

    return PeriodicReport.objects.filter(unit__in=report_units(user))


def _tables(user):
    """The Ministry's statistical forms: the same list for everyone who reads the figures."""
    from legalaid.models import StatisticsTable

    return StatisticsTable.objects.all()


UNIT = Scope("legalaid.Unit", visible_units, unit="")
JOB = Scope("legalaid.Job", jobs_visible_to, unit="")
NOTIFICATION = Scope("legalaid.Notification", inbox, unit="")
REPORT = Scope("legalaid.PeriodicReport", _reports)

POLICIES = {
    "home": Policy(Kind.PAGE),
    "login": Policy(Kind.PAGE, public=True, methods=FORM),
    "logout": Policy(Kind.ACTION, methods=POST),
    "set_language": Policy(Kind.ACTION, public=True, methods=FORM),
    "units": Policy(Kind.PAGE, "legalaid.view_unit"),
    "unit_detail": Policy(Kind.PAGE, "legalaid.view_unit", scope=UNIT),
    "unit_users_pdf": Policy(Kind.PDF, "legalaid.view_user", scope=UNIT),
    "unit_users_export": Policy(Kind.XLSX, "legalaid.view_user", methods=POST, scope=UNIT),
    "job_detail": Policy(Kind.PAGE, scope=JOB),
    "job_status": Policy(Kind.JSON, scope=JOB),
    "job_download": Policy(Kind.FILE, scope=JOB),
    # The date widget's holidays: the public calendar, for every signed-in user.
    "calendar_days": Policy(Kind.JSON),
    # Everyone signed in has an inbox and reaches only their own notices (opening one marks it
    # read and goes to its page).
    "notifications": Policy(Kind.PAGE, lists=(NOTIFICATION,)),
    "notification_open": Policy(Kind.PAGE, scope=NOTIFICATION),
    "notifications_read_all": Policy(Kind.ACTION, methods=POST, writes=True),
    "dashboard:index": Policy(Kind.PAGE, DASHBOARD),
    "dashboard:pdf": Policy(Kind.PDF, DASHBOARD),
    "dashboard:xlsx": Policy(Kind.XLSX, DASHBOARD),
    "dashboard:statistics": Policy(Kind.PAGE, DASHBOARD),
    # Queues the form's report for the user's own scope (chosen by the same selectors as the page).
    "dashboard:statistics_report": Policy(
        Kind.ACTION, DASHBOARD, methods=POST, scope=Scope("legalaid.StatisticsTable", _tables, unit="")
    ),
    "dashboard:reports": Policy(Kind.PAGE, REPORTS, methods=FORM),
    "dashboard:report": Policy(Kind.PAGE, REPORTS, methods=FORM, scope=REPORT),
    "dashboard:report_issue": Policy(
        Kind.ACTION,
        "legalaid.change_periodicreport",
        roles=(Role.DIRECTOR,),
        methods=POST,
        writes=True,
        scope=REPORT,
    ),
    "dashboard:report_pdf": Policy(Kind.PDF, REPORTS, scope=REPORT),
    # Accounts (legalaid/accounts): every signed-in user has their own account page.
    "account": Policy(Kind.PAGE),
    "password_change": Policy(Kind.PAGE, methods=FORM),
    # Reached from the login page or from a link handed over by an administrator: no sign-in.
    "password_reset": Policy(Kind.PAGE, public=True, methods=FORM),
    "password_reset_done": Policy(Kind.PAGE, public=True),
    "password_reset_confirm": Policy(
        Kind.PAGE, public=True, methods=FORM, kwargs=lambda: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "password_reset_complete": Policy(Kind.PAGE, public=True),
    # The login's second step and the user's own code generator (legalaid/accounts/access.py
    # says who may enrol; the others are sent back to their account page).
    "login_code": Policy(Kind.PAGE, methods=FORM),
    "second_factor_enrol": Policy(Kind.PAGE, methods=FORM),
    "second_factor_remove": Policy(Kind.ACTION, methods=POST),
}
