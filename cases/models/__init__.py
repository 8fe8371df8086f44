"""A request for legal aid and everything that follows it: verification papers, acceptance or
refusal, appointment of a performer, the work log, completion, quality appraisal, evaluation by
the Department of Justice, satisfaction surveys, complaints and payment to performers.

One module per thing a reader looks for (``people``, ``checklists``, ``case``, ``papers``,
``work``, ``quality``, ``complaints``, ``payments``, ``parties``, ``events``, ``privacy``); import
them from here: ``from cases.models import Case``.

Nobody sets ``Case.status`` by hand: ``cases/workflow.py`` holds the table of states and
actions, and each action is one function of ``cases/services/``.
"""

# The dashboard's pre-aggregated figures live beside the cases they count.
from ..figures import MonthlyFigure
from .case import Case, DocumentCounter
from .checklists import Criterion, DeadlineRule, PerformerRule, QualityOutcome
from .complaints import Complaint
from .events import EVENT_LABELS, CaseEvent, Event
from .papers import ProofPaper
from .parties import CaseParty
from .payments import Payment, PaymentTariff
from .people import Beneficiary, Sex, citizen_id_validator, name_prefixes, name_words
from .privacy import SensitiveView
from .quality import SCORE, Appraisal, Evaluation, EvaluationRound, Survey, SurveyLink
from .work import Appointment, ReplacementRequest, WorkEntry

__all__ = [
    "SCORE",
    "Appointment",
    "Appraisal",
    "Beneficiary",
    "Case",
    "CaseEvent",
    "CaseParty",
    "Complaint",
    "Criterion",
    "DeadlineRule",
    "DocumentCounter",
    "EVENT_LABELS",
    "Event",
    "Evaluation",
    "EvaluationRound",
    "MonthlyFigure",
    "Payment",
    "PaymentTariff",
    "PerformerRule",
    "ProofPaper",
    "QualityOutcome",
    "ReplacementRequest",
    "SensitiveView",
    "Sex",
    "Survey",
    "SurveyLink",
    "WorkEntry",
    "citizen_id_validator",
    "name_prefixes",
    "name_words",
]
