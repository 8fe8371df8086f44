"""The access matrix: every URL × every role of the demo × a record inside and one outside the
user's subtree (sensitive or not), each answer checked against the URL's declared policy
(legalaid/policy.py, the apps' policies.py).

The expected answer is worked out from the policy alone: the anonymous go to the login page
unless the URL is public; a user the policy does not admit gets 403; a record outside the
policy's scope 404; otherwise the page (200, or a redirect after a POST). No answer is ever a
server error. Where the policy names the records whose sensitive data a user may see, a case
page of a sensitive case shows the beneficiary's citizen ID only to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from legalaid.policy import ADMIN_NAMESPACE, Kind, Policy, Scope, policies

# The demo's users by role (legalaid.demo): one of each, the branch's head beside the centre's.
DEMO_USERS = (
    "director",
    "intake_officer",
    "assistant",
    "performer",
    "branch_intake_officer",
    "official",
    "administrator",
)


def url_patterns() -> dict[str, URLPattern]:
    """Every named URL of the URLconf by its full name, outside the Django admin."""
    found: dict[str, URLPattern] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner != ADMIN_NAMESPACE:
                    walk(
                        pattern,
                        f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else inner,
                    )
            elif pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver(), "")
    return found


def test_every_url_declares_its_policy_and_every_policy_names_a_url():
    patterns = url_patterns()
    declared = policies()
    missing = sorted(set(patterns) - set(declared))
    assert not missing, f"URLs without an access policy: {missing}"
    unknown = sorted(set(declared) - set(patterns))
    assert not unknown, f"policies for URLs that do not exist: {unknown}"


def test_a_policy_agrees_with_its_view_and_its_address():
    for name, pattern in url_patterns().items():
        policy = declared(name)
        # A public policy and a view the login middleware lets through go together.
        login_required = getattr(pattern.callback, "login_required", True)
        assert policy.public == (not login_required), name
        route = str(pattern.pattern)
        if route.endswith(".pdf"):
            assert policy.kind == Kind.PDF, name
        if route.endswith(".xlsx"):
            assert policy.kind == Kind.XLSX, name
        if policy.writes:
            assert "POST" in policy.methods, name
        keywords = set(pattern.pattern.regex.groupindex)
        if keywords:
            assert policy.scope is not None or policy.kwargs is not None, f"{name} names {keywords}"


def declared(name: str) -> Policy:
    return policies()[name]


# ---------------------------------------------------------------------------------------------
# The demo, seeded once for the module; each test runs inside it and rolls back its own changes.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from legalaid.demo import seed_demo

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            centre = seed_demo()
            add_what_a_working_centre_also_holds(centre)
            yield centre
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def add_what_a_working_centre_also_holds(demo) -> None:
    """The demo holds no stored files, background jobs or periodic reports, and declares parties
    only on the disputes its dice give: add them, in the centre and in the branch, so that every
    URL is tried inside and outside a subtree."""
    from cases.models import Case, CaseParty, ProofPaper, WorkEntry
    from legalaid.models import Job, Notification, PeriodicReport
    from outreach.models import Session, SessionPhoto

    paper_types = ProofPaper._meta.get_field("document_type").related_model.objects.order_by("pk")
    today = timezone.localdate()
    for unit in (demo.centre, demo.branch):
        in_unit = Case.objects.filter(unit__path__startswith=unit.path).exclude(performer=None)
        for case in (in_unit.filter(sensitive=True).first(), in_unit.filter(sensitive=False).first()):
            if case is None:
                continue
            by = demo.users["director"]
            ProofPaper.objects.create(
                case=case,
                document_type=paper_types.exclude(pk__in=case.papers.values("document_type")).first(),
                number="01",
                added_by=by,
                scan=ContentFile(PDF, "scan.pdf"),
            )
            opposing = CaseParty.Role.OPPOSING
            CaseParty.objects.create(case=case, full_name="Hà Văn Lợi", role=opposing, added_by=by)
            WorkEntry.objects.create(
                case=case,
                day=case.request_date,
                kind=WorkEntry.Kind.WRITING,
                hours=1,
                description="Văn bản tư vấn",
                recorded_by=by,
                result=ContentFile(PDF, "ket-qua.pdf"),
            )
        session = Session.objects.filter(lead_unit__path__startswith=unit.path).first()
        if session is not None:
            SessionPhoto.objects.create(
                session=session,
                image=ContentFile(PNG, "anh.png"),
                content_type="image/png",
                size=len(PNG),
                uploaded_by=demo.users["director"],
            )
        PeriodicReport.objects.get_or_create(unit=unit, kind=PeriodicReport.Kind.YEAR, year=today.year)
    for role in ("director", "branch_intake_officer"):
        job = Job(
            kind="cases.export", label="Xuất Excel", status=Job.Status.DONE, created_by=demo.users[role]
        )
        job.result_file.save("so-lieu.xlsx", ContentFile(b"PK"), save=False)
        job.save()
        Notification.objects.create(
            recipient=demo.users[role], kind=Notification.Kind.OVERDUE, text="Vụ việc quá hạn", url="/"
        )


PDF = b"%PDF-1.4\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@dataclass
class Probe:
    who: str
    record: object | None
    expected: str
    got: str
    status: int

    def __str__(self) -> str:
        record = f" {type(self.record).__name__} #{self.record.pk}" if self.record is not None else ""
        return f"{self.who}{record}: expected {self.expected}, got {self.got} ({self.status})"


def answer(response, login_url: str) -> str:
    if response.status_code >= 500:
        return "error"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not found"
    if response.status_code == 405:
        return "method"
    if response.status_code in (301, 302) and response["Location"].startswith(f"{login_url}?next="):
        return "login"
    if response.status_code < 400:
        return "allowed"
    return "refused"  # 400: a form refused what was posted (allowed to post, nothing written)


def expectation(policy: Policy, user, record) -> set[str]:
    if not user.is_authenticated and not policy.public:
        return {"login"}
    if not policy.admits(user):
        return {"forbidden"}
    if record is not None and not policy.scope.visible(user).filter(pk=record.pk).exists():
        return {"not found"}
    if record is None and policy.kwargs_name_nothing:
        return {"not found"}
    allowed = {"allowed", "refused"} if "GET" not in policy.methods else {"allowed"}
    if policy.refined_by:
        allowed |= {"forbidden", "refused"}
    return allowed


def records_for(policy: Policy, user) -> list:
    """One record the user may open (a sensitive one too, where the scope has them) and one
    outside their scope; none when the URL names no record."""
    scope = policy.scope
    if scope is None:
        return [None]
    every = scope.all()
    visible = scope.visible(user).values("pk") if user.is_authenticated else every.none().values("pk")
    inside = every.filter(pk__in=visible).order_by("pk")
    chosen = []
    if scope.sensitive is not None:
        chosen += [r for r in inside[:200] if scope.sensitive(r)][:1]
        chosen += [r for r in inside[:200] if not scope.sensitive(r)][:1]
    else:
        chosen += list(inside[:1])
    chosen += list(every.exclude(pk__in=visible).order_by("pk")[:1])
    return chosen


POLICY_NAMES = sorted(name for name in policies())


@pytest.mark.parametrize("name", POLICY_NAMES)
def test_the_matrix(name, demo, db):
    policy = declared(name)
    users = [demo.users[u] for u in DEMO_USERS] + [AnonymousUser()]
    login_url = reverse("login")
    failures: list[Probe] = []
    seen_records = 0
    probed: set[bool] = set()  # sensitive records tried, shown to the user (True) or not
    for user in users:
        client = Client(raise_request_exception=False)
        if user.is_authenticated:
            client.force_login(user)
        for record in records_for(policy, user):
            seen_records += record is not None
            kwargs = policy.scope.kwargs(record) if record is not None else (policy.kwargs or dict)()
            url = reverse(name, kwargs=kwargs)
            with transaction.atomic():
                response = client.get(url) if "GET" in policy.methods else client.post(url, {})
                transaction.set_rollback(True)
            got = answer(response, login_url)
            expected = expectation(policy, user, record)
            who = user.username if user.is_authenticated else "anonymous"
            if got not in expected:
                failures.append(Probe(who, record, " or ".join(sorted(expected)), got, response.status_code))
            elif got == "allowed" and policy.kind == Kind.PAGE and record is not None:
                failures += sensitive_probe(policy, user, record, response, who, probed)
    assert not failures, f"{name}:\n" + "\n".join(map(str, failures))
    if policy.scope is not None:
        assert seen_records, f"{name}: the demo holds no record to try it on"
    if policy.scope is not None and policy.scope.shown is not None and policy.kind == Kind.PAGE:
        assert probed == {True, False}, f"{name}: sensitive data tried only as {probed or 'nothing'}"


def sensitive_probe(policy: Policy, user, record, response, who: str, probed: set[bool]) -> list[Probe]:
    """On a page of a sensitive case, the beneficiary's citizen ID shows only to those the
    policy says may see it."""
    scope = policy.scope
    if scope.shown is None or not scope.sensitive(record):
        return []
    citizen_id = getattr(getattr(record, "beneficiary", None), "citizen_id", "")
    if not citizen_id:
        return []
    shown = scope.shown(user).filter(pk=record.pk).exists()
    probed.add(shown)
    present = citizen_id in response.content.decode()
    if present == shown:
        return []
    expected = "the citizen ID shown" if shown else "the citizen ID hidden"
    return [Probe(who, record, expected, "the opposite", response.status_code)]


# ---------------------------------------------------------------------------------------------
# Writing never reaches further than reading, and a branch never writes above itself.


def test_write_access_is_never_wider_than_read_access(demo, db):
    declared_policies = policies()
    reads: dict[str, list[Scope]] = {}
    for policy in declared_policies.values():
        if policy.writes:
            continue
        for scope in ([policy.scope] if policy.scope is not None else []) + list(policy.lists):
            reads.setdefault(scope.model, []).append(scope)
    users = [demo.users[u] for u in DEMO_USERS]
    problems = []
    for name, policy in sorted(declared_policies.items()):
        if not policy.writes or policy.scope is None:
            continue
        if policy.scope.model not in reads:
            problems.append(f"{name}: no page reads the {policy.scope.model} records it writes")
            continue
        for user in users:
            wider = policy.scope.visible(user)
            for read in reads[policy.scope.model]:
                wider = wider.exclude(pk__in=read.visible(user).values("pk"))
            if wider.exists():
                problems.append(f"{name} as {user.username}: {wider.count()} records it cannot read")
    assert not problems, "\n".join(problems)


def test_a_branch_never_writes_to_the_units_above_it(demo, db):
    """The branch's staff write in the branch; above it, only to the cases they perform or
    appraise (a collaborator of the branch appointed to a centre's case logs work on it)."""
    branch_users = [demo.users["branch_intake_officer"], demo.users["performer"]]
    problems = []
    for name, policy in sorted(policies().items()):
        if not policy.writes or policy.scope is None or not policy.scope.unit:
            continue
        for user in branch_users:
            outside = policy.scope.visible(user).exclude(
                **{f"{policy.scope.unit}__path__startswith": user.unit.path}
            )
            if policy.scope.model == "cases.Case":
                outside = outside.exclude(performer__user=user).exclude(appraisal__appraiser=user)
            if outside.exists():
                problems.append(
                    f"{name} as {user.username}: writes {outside.count()} records above the branch"
                )
    assert not problems, "\n".join(problems)
