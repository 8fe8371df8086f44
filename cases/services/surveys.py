"""Satisfaction surveys: entered by staff, or answered by the beneficiary through a single-use link."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal

from ..models import Case, CaseEvent, Event, Survey, SurveyLink
from .common import S

SURVEY_STATES = (
    S.ACCEPTED,
    S.ASSIGNED,
    S.SUSPENDED,
    S.COMPLETED,
    S.UNDER_APPRAISAL,
    S.APPRAISED,
    S.TERMINATED,
)


def _scores(scores: dict) -> dict:
    keys = ("attitude", "responsibility", "expertise", "satisfaction")
    clean = {}
    for key in keys:
        try:
            value = int(scores.get(key))  # type: ignore[arg-type]  # None and text are refused below
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise Refusal(_("Give every score from 1 to 5."), field=key)
        clean[key] = value
    return clean


def survey_record(*, case: Case, by: User, scores: dict, comment: str = "") -> Survey:
    """A survey entered by staff (e.g. from a paper form or a phone call)."""
    if Case.objects.filter(pk=case.pk).values_list("status", flat=True).first() not in SURVEY_STATES:
        raise Refusal(_("A survey can be recorded only for an accepted case."))
    survey = Survey(
        case=case, source=Survey.Source.STAFF, entered_by=by, comment=comment.strip(), **_scores(scores)
    )
    attribute_to(survey, by)
    with transaction.atomic():
        survey.save()
        CaseEvent.objects.create(case=case, code=Event.SURVEY, actor=by)
    return survey


def survey_link_for(case: Case) -> SurveyLink | None:
    now = timezone.now()
    return (
        SurveyLink.objects.filter(case=case, used_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )


def survey_submit_public(*, token: str, scores: dict, comment: str = "") -> Survey:
    """The beneficiary's answer through the single-use link: refused once used or expired."""
    clean = _scores(scores)
    with transaction.atomic():
        link = SurveyLink.objects.select_for_update().select_related("case").filter(token=token).first()
        if link is None:
            raise Refusal(_("This survey link is not valid."))
        if link.used_at is not None:
            raise Refusal(_("This survey link has already been used. Thank you."))
        if link.expires_at <= timezone.now():
            raise Refusal(_("This survey link has expired."))
        survey = Survey.objects.create(
            case=link.case, source=Survey.Source.PUBLIC, comment=comment.strip()[:4000], **clean
        )
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        CaseEvent.objects.create(case=link.case, code=Event.SURVEY, note=str(_("Answered through the link")))
    return survey
