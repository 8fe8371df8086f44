"""Answering a request: accept it (thụ lý), refuse it, or refer the requester elsewhere."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import Unit, User
from legalaid.refusal import Refusal

from .. import conf
from ..models import Case, SurveyLink
from ..workflow import Action
from .common import _finish, _start, next_number, register_number_text
from .verification import missing_papers_text, papers_checklist


def case_accept(
    *,
    case: Case,
    by: User,
    accepted_on: date | None = None,
    national_id: str = "",
    expected_version: int | None = None,
) -> Case:
    """Thụ lý: the register number, and for urgent cases with papers missing, their deadline."""
    accepted_on = accepted_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.ACCEPT, by, expected_version)
        if accepted_on < case.request_date or accepted_on > timezone.localdate():
            raise Refusal(
                _("The acceptance date must be between the request date and today."), field="accepted_on"
            )
        missing = missing_papers_text(papers_checklist(case))
        if missing and not case.urgent:
            raise Refusal(
                _(
                    "The papers are incomplete; only an urgent case can be accepted before they are all in. "
                    "Missing: %(missing)s"
                )
                % {"missing": missing}
            )
        case.papers_due = conf.deadline("papers", accepted_on) if missing else None
        case.missing_papers = missing
        case.accepted_on = accepted_on
        case.national_id = national_id.strip()
        case.register_year = accepted_on.year
        case.register_seq = next_number(centre=case.centre, year=accepted_on.year, series="TL")
        case.register_number = register_number_text(
            centre=case.centre, year=accepted_on.year, seq=case.register_seq
        )
        SurveyLink.objects.create(
            case=case,
            token=SurveyLink.new_token(),
            expires_at=timezone.now() + (conf.deadline("survey_link", accepted_on) - accepted_on),
        )
        return _finish(
            case,
            action=Action.ACCEPT,
            by=by,
            note=case.register_number,
            fields=[
                "papers_due",
                "missing_papers",
                "accepted_on",
                "national_id",
                "register_year",
                "register_seq",
                "register_number",
            ],
        )


def case_refuse(
    *,
    case: Case,
    by: User,
    reason: str,
    explanation: str = "",
    refused_on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    if reason not in Case.RefusalReason.values:
        raise Refusal(_("Choose a reason for the refusal."), field="reason")
    if reason == Case.RefusalReason.OTHER and not explanation.strip():
        raise Refusal(_("Explain the reason for the refusal."), field="explanation")
    refused_on = refused_on or timezone.localdate()
    with transaction.atomic():
        case = _start(case, Action.REFUSE, by, expected_version)
        case.refusal_reason, case.refusal_text, case.closed_on = reason, explanation.strip(), refused_on
        case.closing_number = next_number(centre=case.centre, year=refused_on.year, series="TB")
        return _finish(
            case,
            action=Action.REFUSE,
            by=by,
            note=case.get_refusal_reason_display(),
            fields=["refusal_reason", "refusal_text", "closed_on", "closing_number"],
        )


def case_refer(
    *,
    case: Case,
    by: User,
    referred_to: Unit | None = None,
    referred_to_text: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    if referred_to is None and not referred_to_text.strip():
        raise Refusal(_("Say where the requester is referred to."), field="referred_to")
    with transaction.atomic():
        case = _start(case, Action.REFER, by, expected_version)
        case.referred_to, case.referred_to_text = referred_to, referred_to_text.strip()
        case.closed_on = timezone.localdate()
        return _finish(
            case,
            action=Action.REFER,
            by=by,
            note=note or str(referred_to or referred_to_text),
            fields=["referred_to", "referred_to_text", "closed_on"],
        )
