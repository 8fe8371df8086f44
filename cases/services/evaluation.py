"""Đánh giá chất lượng by the Department of Justice: drawing the sample of a round, recording
each evaluation."""

from __future__ import annotations

import math
import random
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to, bulk_create_with_history
from legalaid.models import Unit, User
from legalaid.refusal import Refusal
from legalaid.roles import Role, has_role

from ..access import in_own_subtree
from ..models import Case, CaseEvent, Complaint, Evaluation, EvaluationRound, Event, QualityOutcome
from .common import OUT_OF_COURT, PROCEEDINGS, S


def evaluation_candidates(*, centre: Unit, window_start: date, window_end: date) -> QuerySet[Case]:
    """Completed proceedings and out-of-court cases of the window never evaluated before."""
    return Case.objects.filter(
        centre=centre,
        form__code__in=[PROCEEDINGS, OUT_OF_COURT],
        status__in=[S.COMPLETED, S.UNDER_APPRAISAL, S.APPRAISED],
        completed_on__range=(window_start, window_end),
        evaluation__isnull=True,
    )


def evaluation_round_create(
    *,
    by: User,
    centre: Unit,
    name: str,
    window_start: date,
    window_end: date,
    rate: int,
    rng: random.Random | None = None,
) -> EvaluationRound:
    """Draw the sample: every case with a complaint about its quality, and ``rate`` % of the
    others, chosen at random."""
    if not (by.is_superuser or has_role(by, Role.OFFICIAL)):
        raise Refusal(_("Only the Department of Justice draws evaluation samples."))
    if window_end < window_start:
        raise Refusal(_("The window must end after it starts."), field="window_end")
    if not 1 <= rate <= 100:
        raise Refusal(_("The sample rate must be between 1 and 100 percent."), field="rate")
    if not in_own_subtree(by, centre):
        raise Refusal(_("This centre is outside your department."), field="centre")
    with transaction.atomic():
        doj = centre.parent or centre
        round_ = EvaluationRound(
            doj=doj,
            centre=centre,
            name=name.strip() or _("Evaluation"),
            window_start=window_start,
            window_end=window_end,
            rate=rate,
            created_by=by,
        )
        attribute_to(round_, by)
        round_.save()
        candidates = evaluation_candidates(centre=centre, window_start=window_start, window_end=window_end)
        complained = Complaint.objects.filter(case=OuterRef("pk"), topic=Complaint.Topic.QUALITY)
        ids = list(
            candidates.annotate(c=Exists(complained)).select_for_update(of=("self",)).values_list("pk", "c")
        )
        must = [pk for pk, c in ids if c]
        others = sorted(pk for pk, c in ids if not c)
        chooser = rng or random.SystemRandom()
        drawn = chooser.sample(others, math.ceil(len(others) * rate / 100)) if others else []
        try:
            bulk_create_with_history(
                [Evaluation(round=round_, case_id=pk, reason=Evaluation.Reason.COMPLAINT) for pk in must]
                + [Evaluation(round=round_, case_id=pk, reason=Evaluation.Reason.SAMPLE) for pk in drawn],
                Evaluation,
                by=by,
            )
        except IntegrityError:
            raise Refusal(_("Another sample was drawn at the same time; try again.")) from None
        CaseEvent.objects.bulk_create(
            CaseEvent(case_id=pk, code=Event.EVALUATION_DRAWN, actor=by, note=round_.name)
            for pk in must + drawn
        )
    return round_


def evaluation_record(
    *,
    evaluation: Evaluation,
    by: User,
    outcome: QualityOutcome,
    conclusion: str = "",
    evaluated_on: date | None = None,
) -> Evaluation:
    if not (by.is_superuser or has_role(by, Role.OFFICIAL)):
        raise Refusal(_("Only the Department of Justice records evaluations."))
    if outcome is None or outcome.scale != QualityOutcome.Scale.EVALUATION:
        raise Refusal(_("Choose the conclusion of the evaluation."), field="outcome")
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        # The scale in force when the case was completed judges it (cases/models/checklists.py).
        completed_on = Case.objects.values_list("completed_on", flat=True).get(pk=evaluation.case_id)
        if completed_on is not None and not outcome.is_valid_on(completed_on):
            raise Refusal(
                _("This conclusion is not in force for a case completed on that date."), field="outcome"
            )
        evaluation.outcome, evaluation.conclusion = outcome, conclusion.strip()
        evaluation.evaluated_on, evaluation.evaluated_by = evaluated_on or timezone.localdate(), by
        attribute_to(evaluation, by)
        evaluation.save()
        CaseEvent.objects.create(
            case_id=evaluation.case_id, code=Event.EVALUATED, actor=by, note=outcome.label
        )
    return evaluation
