"""The access policy of every URL, declared in one place per app.

Each app lists its URLs in ``<app>/policies.py`` as ``POLICIES = {"url-name": Policy(...)}``
(the project's own URLs in ``legalaid/policies.py``, keyed by their full name, namespace
included). A policy says, for one URL:

- what it answers (``kind``: a page, JSON, a PDF, a spreadsheet, a stored file…) and which
  methods it accepts;
- who may open it: ``public`` (anyone, signed in or not), or signed-in users holding
  ``permission`` (a Django permission a role grants) and, when ``roles`` is given, one of them;
- for a URL that names a record, how that record is checked (``scope``): the access rule giving
  the records the user may open (a queryset function of the app's ``access.py``); outside it the
  view answers 404, so a guessed address reveals nothing. For a record's sensitive data
  (``scope.shown``): the records whose protected data the user may see.

``PolicyMiddleware`` enforces the first two for every request before the view runs (a missing
permission is 403, whatever the view or the form says); the view enforces the scope through the
same access function, and ``legalaid/tests/test_access_matrix.py`` walks every URL of the URLconf
with every role of the demo, a record inside and one outside the user's subtree, and checks each
answer against what the policy declares. A URL without a policy fails that test, and answers 404
in production (closed by default).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed

from legalaid.roles import has_role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest, HttpResponse

    from legalaid.models import User

logger = logging.getLogger(__name__)

READ = ("GET", "HEAD")
FORM = ("GET", "HEAD", "POST")
POST = ("POST",)


class Kind(StrEnum):
    PAGE = "page"
    JSON = "json"
    PDF = "pdf"
    XLSX = "xlsx"
    FILE = "file"  # a stored upload: a scan, a photo, a work result
    ACTION = "action"  # a POST that changes records and redirects


def _pk(obj: Model) -> dict[str, Any]:
    return {"pk": obj.pk}


@dataclass(frozen=True)
class Scope:
    """How a URL's record is checked.

    ``visible(user)``: the records the user may open through this URL (the app's access rule).
    ``candidates()``: every record the URL could name (for the matrix: one inside and one
    outside ``visible``); ``kwargs(record)``: the URL's keywords for one record.
    ``shown(user)``: of the visible records, those whose sensitive data the user may see (None:
    the URL shows none). ``sensitive(record)`` tells the matrix which records carry such data.
    ``unit``: the path from the record to the unit that holds it (``unit``, ``plan__unit``…),
    for the rule that a user writes only in their own subtree."""

    model: str
    visible: Callable[[User], QuerySet]
    unit: str = "unit"
    candidates: Callable[[], QuerySet] | None = None
    kwargs: Callable[[Any], dict[str, Any]] = _pk
    shown: Callable[[User], QuerySet] | None = None
    sensitive: Callable[[Any], bool] | None = None

    def all(self) -> QuerySet:
        if self.candidates is not None:
            return self.candidates()
        return apps.get_model(self.model)._default_manager.all()


@dataclass(frozen=True)
class Policy:
    kind: Kind
    permission: str | None = None
    public: bool = False
    roles: tuple[str, ...] = ()
    methods: tuple[str, ...] = READ
    scope: Scope | None = None
    writes: bool = False
    # Keywords for a URL that names no record (a year, a token, a paper's kind).
    kwargs: Callable[[], dict[str, Any]] | None = field(default=None)
    # ``kwargs`` names nothing that exists (an import's stamp, a token): an admitted user gets 404.
    kwargs_name_nothing: bool = False
    # The records a list page shows (the same rules as ``scope``, for a page naming no record).
    lists: tuple[Scope, ...] = ()
    # A further rule the view applies inside the scope and that may answer 403, named here (the
    # workflow's transition table: who may take which step in which state).
    refined_by: str = ""
    # Why a signed-in user this policy does not admit is refused: shown on the 403 page in place
    # of the general text (a role that might expect the page, e.g. the assistant at intake).
    refusal: Any = ""

    def admits(self, user: User | AnonymousUser) -> bool:
        """May ``user`` open this URL at all (before any record is looked at)?"""
        if self.public:
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        if self.permission and not user.has_perm(self.permission):
            return False
        return not self.roles or user.is_superuser or has_role(user, *self.roles)


# The Django admin checks its own users (staff) and their model permissions.
ADMIN_NAMESPACE = "admin"


@cache
def policies() -> dict[str, Policy]:
    """Every declared policy by full URL name ("cases:detail"), from each app's policies.py."""
    declared: dict[str, Policy] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.policies")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.policies":
                raise
            continue
        namespace = getattr(module, "NAMESPACE", "")
        for name, policy in module.POLICIES.items():
            declared[f"{namespace}:{name}" if namespace else name] = policy
    return declared


def policy_for(view_name: str) -> Policy | None:
    return policies().get(view_name)


class PolicyMiddleware:
    """Applies the declared policy before every view: method, sign-in, permission, role.

    After ``LoginRequiredMiddleware`` (which sends the anonymous to the login page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or ADMIN_NAMESPACE in match.namespaces:
            return None
        policy = policy_for(match.view_name)
        if policy is None:
            if match.view_name.startswith("__errors__") or not match.url_name:
                return None
            logger.error(
                "No access policy is declared for the URL %s: declare it in its app's policies.py "
                "(legalaid/policy.py explains how); it answers 404 until then.",
                match.view_name,
            )
            raise Http404
        if request.method not in policy.methods:
            return HttpResponseNotAllowed(policy.methods)
        if policy.public:
            return None
        if not policy.admits(request.user):
            raise PermissionDenied(str(policy.refusal) if request.user.is_authenticated else "")
        return None
