"""Hostile input on every page: no server error, nothing written.

The URLs are found by walking the URLconf (``test_access_matrix.url_patterns``), so a new form
is fuzzed without anyone listing it. Each URL's methods, who may open it and the record it names
come from its declared policy (``legalaid.policy``): a record URL is opened with a record of the
demo its user may open (``Policy.scope``), a URL naming no record with the policy's ``kwargs``.
The one workflow URL (``cases:action``) is fuzzed for every step of ``cases.workflow``, each with
a case in a state that step starts from. What is not fuzzed is listed in ``SKIPPED`` with its
reason, and a test checks that every URL is either fuzzed or listed there.

For each URL, as a user the policy admits (the director when it does):
- the page (GET) is opened with hostile query strings: every parameter the views read and every
  field of the page's GET forms, each given each hostile value once over a few requests;
- each form posting to the URL (read from the pages of the world; a POST-only action's form is on
  another page) is posted with hostile values, every field getting each value once over
  ``len(HOSTILE_VALUES)`` combined posts;
- the rows of every table of the project's models (count and checksum of their contents) are
  compared before and after: hostile input writes nothing. Only logs the pages keep by design
  are left out (``LOGS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from legalaid.models import Job
from legalaid.policy import Kind, Policy, policies
from legalaid.tests.test_access_matrix import demo, url_patterns  # noqa: F401

# Hostile values for form fields: huge and non-finite numbers, other scripts' digits, control
# characters, 100 KB, out-of-range and impossible dates, another unit's id ("{other_unit}").
HOSTILE_VALUES = [
    "99999999999999999999",
    "1e400",
    "-1",
    "١٢٣٤٥٦٧٨٩٠١٢",
    "\x00",
    "a\x1bb",
    "x" * 100_000,
    "0001-01-01",
    "{other_unit}",
]
# For query strings (each parameter read through legalaid.validation's query_* helpers).
HOSTILE_QUERY_VALUES = [
    "99999999999999999999",
    "-1",
    "١٢٣",
    "\x00" + "x" * 5000,
    "0001-01-01",
    "{other_unit}",
]
# Parameters the list pages, dashboards and exports read, beside their forms' fields.
QUERY_NAMES = (
    "year",
    "nam",
    "page",
    "trang",
    "q",
    "unit",
    "don-vi",
    "performer",
    "commune",
    "from",
    "to",
    "start",
    "end",
    "kind",
    "quarter",
    "month",
    "status",
)
# Fields posted to an action whose form the world's pages do not show (a button the state hides).
USUAL_FIELDS = {"version", "unit", "performer", "amount", "year", "note", "reason", "status"}

# Logs a request writes whatever it carries, by design: who was shown sensitive data, sessions,
# sign-in attempts and the second factor's throttling.
# A background job is the request for a file (an export, a statistics form): its parameters are
# checked when it is queued and it must not fail (checked separately).
# A notification opened is marked read, whatever the query string says.
LOGS = {
    "cases.SensitiveView",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "legalaid.Job",
    "legalaid.Notification",
    "django_tasks_db.DBTaskResult",
}

SKIPPED = {
    "logout": "ends the session the fuzzing runs in (a POST with no fields)",
    "login": "sign-in machinery (django-axes counts failures by design; its form is Django's own)",
    "login_code": "sign-in machinery (django-otp's throttling writes by design)",
    "second_factor_enrol": "sign-in machinery (django-otp's device and throttling)",
    "second_factor_remove": "sign-in machinery (deletes the user's own device, no fields)",
    "password_reset": "Django's own form (an e-mail field), sign-in machinery",
    "password_reset_confirm": "Django's own form, reached only with a valid token",
    "set_language": "Django's own view: a language code, written to a cookie only",
}
# Buttons whose form (no field but the CSRF token) a page shows only beside their record: what
# they do is what the button says, whatever else is posted with it; checked for errors only.
BUTTONS = {
    "cases:party_remove": "removes the declared party the address names",
}
# Files served from storage and papers rendered from stored records read no query string that
# a page does not read too: one hostile request each (their pages are fuzzed in full).
FILE_KINDS = {Kind.FILE, Kind.PDF}


# Fields that accept a value from a list or of one type only: every hostile value is refused
# there. Free text (a note, a reason) may hold "-1" or "0001-01-01" as words; it must refuse NUL.
STRICT = {"select", "radio", "number", "date", "datetime-local", "month", "time", "email"}
REFUSED_EVERYWHERE = "\x00"


@dataclass
class Form:
    method: str
    action: str
    fields: set[str] = field(default_factory=set)
    strict: set[str] = field(default_factory=set)  # fields that accept no free text (see STRICT)


class FormParser(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.current: Form | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.current = Form((attributes.get("method") or "get").lower(), attributes.get("action") or "")
            self.forms.append(self.current)
        elif tag in ("input", "select", "textarea", "button") and self.current is not None:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.current.fields.add(name)
                kind = tag if tag in ("select", "textarea") else (attributes.get("type") or "text")
                if kind in STRICT or attributes.get("inputmode") == "numeric":
                    self.current.strict.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


@dataclass
class Target:
    label: str
    name: str
    policy: Policy
    user: str
    path: str


def admitted_user(policy: Policy, users) -> str | None:
    for role in ("director", "administrator", "intake_officer", "assistant", "performer", "official"):
        if policy.admits(users[role]):
            return role
    return None


def targets(demo) -> tuple[list[Target], dict[str, str]]:  # noqa: F811
    """Every URL of the URLconf as a target to fuzz, or skipped with its reason."""
    from cases.models import Case
    from cases.workflow import TRANSITIONS, refusal

    chosen: list[Target] = []
    skipped = dict(SKIPPED)
    declared = policies()
    for name in sorted(url_patterns()):
        if name in SKIPPED:
            continue
        policy = declared[name]
        role = admitted_user(policy, demo.users)
        if role is None:
            skipped[name] = "no user of the demo is admitted"
            continue
        user = demo.users[role]
        if name == "cases:action":
            for action, transition in TRANSITIONS.items():
                found = None
                cases = Case.objects.filter(status__in=transition.sources).order_by("pk")
                for case in cases[:200]:
                    for who, actor in demo.users.items():
                        if refusal(case, action, actor) is None:
                            found = (who, case)
                            break
                    if found:
                        break
                label = f"{name}[{action}]"
                if found is None:
                    skipped[label] = "the demo holds no case this step can be taken on"
                    continue
                path = reverse(name, kwargs={"pk": found[1].pk, "name": str(action)})
                chosen.append(Target(label, name, policy, found[0], path))
            continue
        if policy.scope is not None:
            scope = policy.scope
            record = scope.all().filter(pk__in=scope.visible(user).values("pk")).order_by("pk").first()
            if record is None:
                skipped[name] = f"the demo holds no {scope.model} its user may open"
                continue
            kwargs = scope.kwargs(record)
        else:
            kwargs = policy.kwargs() if policy.kwargs else {}
        chosen.append(Target(name, name, policy, role, reverse(name, kwargs=kwargs)))
    return chosen, skipped


def view_name(action: str, page: str) -> str | None:
    """The URL a form sends to (``cases:action[step]`` for a workflow step), None outside."""
    try:
        match = resolve(urlsplit(action).path or urlsplit(page).path)
    except Resolver404:
        return None
    if match.view_name == "cases:action":
        return f"cases:action[{match.kwargs['name']}]"
    return match.view_name


@pytest.fixture(scope="module")
def world(demo, django_db_blocker):  # noqa: F811
    """The targets, the forms of every page by the URL they post to, and the hostile ids."""
    from legalaid.models import Unit
    from legalaid.roles import visible_units

    with django_db_blocker.unblock():
        chosen, skipped = targets(demo)
        director = demo.users["director"]
        other_unit = Unit.objects.exclude(pk__in=visible_units(director).values("pk")).order_by("pk").first()
        posted: dict[str, Form] = {}  # by URL: the first form posting to it (its exact path)
        queried: dict[str, set[str]] = {}
        clients: dict[str, Client] = {}
        for target in chosen:
            if "GET" not in target.policy.methods or target.policy.kind in FILE_KINDS | {Kind.XLSX}:
                continue
            client = clients.setdefault(target.user, logged_in(demo.users[target.user]))
            response = client.get(target.path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = FormParser()
            parser.feed(response.content.decode(errors="replace"))
            for form in parser.forms:
                key = view_name(form.action, target.path)
                if key is None:
                    continue
                if form.method == "post":
                    form.action = urlsplit(form.action).path or target.path
                    posted.setdefault(key, form)
                else:
                    queried.setdefault(key, set()).update(form.fields)
    return {
        "targets": {target.label: target for target in chosen},
        "skipped": skipped,
        "posted": posted,
        "queried": queried,
        "other_unit": str(other_unit.pk if other_unit else 2**31),
    }


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def rotations(names: list[str], values: list[str], other_unit: str) -> list[dict[str, str]]:
    """``len(values)`` requests in which every name gets every value once. Another unit's id is
    hostile where a unit is named; elsewhere (a version, a count) a small number is not."""

    def value(name: str, text: str) -> str:
        if text != "{other_unit}":
            return text
        return other_unit if "unit" in name or "don-vi" in name else "99999999999999999999"

    return [
        {n: value(n, values[(i + j) % len(values)]) for j, n in enumerate(names)} for i in range(len(values))
    ]


def tables() -> list[str]:
    names = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model._meta.label in LOGS:
            continue
        names.append(model._meta.db_table)
    return sorted(set(names))


def snapshot() -> dict[str, tuple[int, int]]:
    """Each table's row count and a checksum of its rows (an update shows as well as an insert)."""
    names = tables()
    checksum = "coalesce(sum(hashtext(t::text)::bigint), 0)"
    parts = [
        f"SELECT {i}, count(*), {checksum} FROM {connection.ops.quote_name(n)} t"  # noqa: S608
        for i, n in enumerate(names)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return {names[i]: (count, checksum) for i, count, checksum in rows}


# Found by this test and left to the app's engineer (strict: the test says when it is fixed).
KNOWN_WRITES: dict[str, str] = {}


def pytest_generate_tests(metafunc):
    if "label" in metafunc.fixturenames:
        from cases.workflow import TRANSITIONS

        labels = [name for name in sorted(url_patterns()) if name not in SKIPPED and name != "cases:action"]
        labels += [f"cases:action[{action}]" for action in TRANSITIONS]
        marks = {
            label: pytest.mark.xfail(reason=reason, strict=True) for label, reason in KNOWN_WRITES.items()
        }
        metafunc.parametrize("label", [pytest.param(x, marks=marks.get(x, ())) for x in sorted(labels)])


def test_every_url_is_fuzzed_or_skipped_with_its_reason(world, db, capsys):
    every = set(url_patterns()) - {"cases:action"}
    fuzzed = {target.name for target in world["targets"].values()}
    skipped = world["skipped"]
    assert every <= fuzzed | set(skipped), sorted(every - fuzzed - set(skipped))
    assert all(skipped.values())
    with capsys.disabled():
        print(f"\nfuzz: {len(world['targets'])} URLs fuzzed; skipped {len(skipped)}:")
        for label, reason in sorted(skipped.items()):
            print(f"  {label}: {reason}")
    # The pages that hold the project's main forms are among them.
    assert {"cases:intake", "cases:index", "staffing:trainings", "outreach:session_create"} <= fuzzed
    assert "cases:action[log_work]" in world["targets"]


def test_hostile_input(label, world, demo, db, capsys):  # noqa: F811
    target = world["targets"].get(label)
    if target is None:
        assert label in world["skipped"]
        return
    policy = target.policy
    client = logged_in(demo.users[target.user])
    other = world["other_unit"]
    errors: list[str] = []
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    before = snapshot()
    if "GET" in policy.methods:
        names = sorted(set(QUERY_NAMES) | world["queried"].get(label, set()))
        queries = rotations(names, HOSTILE_QUERY_VALUES, other)
        if policy.kind in FILE_KINDS:
            queries = queries[:1]
        for query in queries:
            response = client.get(f"{target.path}?{urlencode(query)}")
            if response.status_code >= 500:
                errors.append(f"GET {target.path}?{urlencode(query)[:80]}…: {response.status_code}")
    unchecked: list[dict[str, str]] = []
    if "POST" in policy.methods:
        form = world["posted"].get(label)
        # The record of the form its user is shown (a prefixed field names it too), else the
        # policy's record with the usual fields.
        path = form.action if form is not None else target.path
        names = sorted(form.fields if form is not None and form.fields else USUAL_FIELDS)
        strict = form.strict if form is not None else set(names)
        posts = rotations(names, HOSTILE_VALUES, other)
        # A post must be refused when a field of one type holds a hostile value or any field NUL;
        # one whose every value is acceptable text for its field is only checked for errors.
        refused = [d for d in posts if REFUSED_EVERYWHERE in d.values() or strict & d.keys()]
        if (form is not None and not form.fields) or label in BUTTONS:
            refused = []  # a button with no field: nothing to refuse
        unchecked = [d for d in posts if d not in refused]
        for data in refused + unchecked:
            if unchecked and data is unchecked[0]:
                after = snapshot()
            response = client.post(path, data)
            if response.status_code >= 500:
                shown = {k: v[:12] for k, v in data.items()}
                errors.append(f"POST {target.path} {shown}: {response.status_code}")
    if not unchecked:
        after = snapshot()
    written = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not errors, "\n".join(errors)
    failed = Job.objects.filter(pk__gt=last_job, status=Job.Status.FAILED)
    assert not failed.exists(), f"{label}: hostile input made a background job fail"
    assert not written, f"{label} wrote: {written}"
    if unchecked:
        # A button with no field (publish, copy to next year) or a form of free text only.
        with capsys.disabled():
            print(f"\nfuzz: {label}: {len(unchecked)} posts of acceptable text checked for errors only")
