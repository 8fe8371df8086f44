"""Access policies of the cases app's URLs (legalaid.policy explains the declaration)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.policy import FORM, POST, Kind, Policy, Scope
from legalaid.roles import Role, visible_units

from . import access

INTAKE_REFUSAL = _(
    "Requests are entered in the register by the centre's intake officers and the director. A "
    "request you noted at a mobile session is handed to the intake officer of the centre or "
    "branch, who picks your session from the list when receiving it."
)

NAMESPACE = "cases"
VIEW = "cases.view_case"
EXPORT = "cases.export_case"


def _case_candidates():
    from .models import Case

    return Case.objects.select_related("unit")


def _papers_shown(user):
    """A case's papers name its beneficiary and categories: only where the user sees them."""
    return access.visible_cases(user).filter(access.sensitive_shown(user))


def _slip_candidates():
    from .models import Case

    return Case.objects.exclude(register_number="")


def _scan_candidates():
    from .models import ProofPaper

    return ProofPaper.objects.exclude(scan="")


def _scans_shown(user):
    from .models import ProofPaper

    return ProofPaper.objects.filter(case__in=_papers_shown(user))


def _result_candidates():
    from .models import WorkEntry

    return WorkEntry.objects.exclude(result="")


def _results_shown(user):
    from .models import WorkEntry

    return WorkEntry.objects.filter(case__in=_papers_shown(user))


def _appointments_shown(user):
    from .models import Appointment

    return Appointment.objects.filter(case__in=_papers_shown(user))


def _complaints(user):
    from .models import Complaint

    return Complaint.objects.filter(unit__in=visible_units(user))


def _answered_complaints():
    from .models import Complaint

    return Complaint.objects.filter(status=Complaint.Status.ANSWERED)


def _rounds(user):
    from legalaid.models import Unit

    from .models import EvaluationRound

    return EvaluationRound.objects.filter(centre__in=visible_units(user).filter(kind=Unit.Kind.CENTRE))


def _this_year():
    return {"year": timezone.localdate().year}


def _sensitive(case) -> bool:
    return bool(case.sensitive)


CASE = Scope(
    "cases.Case",
    access.visible_cases,
    candidates=_case_candidates,
    shown=lambda user: access.visible_cases(user).filter(access.sensitive_shown(user)),
    sensitive=_sensitive,
)
PAPER = Scope(
    "cases.Case",
    _papers_shown,
    candidates=_slip_candidates,
    kwargs=lambda case: {"pk": case.pk, "kind": "phieu-hen"},
    sensitive=_sensitive,
)
SCAN = Scope(
    "cases.ProofPaper",
    _scans_shown,
    unit="case__unit",
    candidates=_scan_candidates,
    kwargs=lambda paper: {"pk": paper.case_id, "paper_pk": paper.pk},
    sensitive=lambda paper: paper.case.sensitive,
)
RESULT = Scope(
    "cases.WorkEntry",
    _results_shown,
    unit="case__unit",
    candidates=_result_candidates,
    kwargs=lambda entry: {"pk": entry.case_id, "entry_pk": entry.pk},
    sensitive=lambda entry: entry.case.sensitive,
)
APPOINTMENT = Scope(
    "cases.Appointment",
    _appointments_shown,
    unit="case__unit",
    kwargs=lambda appointment: {"pk": appointment.case_id, "appointment_pk": appointment.pk},
    sensitive=lambda appointment: appointment.case.sensitive,
)


def _parties_shown(user):
    """A case's declared parties are shown where its sensitive data is."""
    from .models import CaseParty

    return CaseParty.objects.filter(case__in=_papers_shown(user))


PARTY = Scope(
    "cases.CaseParty",
    _parties_shown,
    unit="case__unit",
    kwargs=lambda party: {"pk": party.case_id, "party_pk": party.pk},
    sensitive=lambda party: party.case.sensitive,
)
COMPLAINT = Scope("cases.Complaint", _complaints)
ANSWERED_COMPLAINT = Scope("cases.Complaint", _complaints, candidates=_answered_complaints)
ROUND = Scope("cases.EvaluationRound", _rounds, unit="centre")

WORKFLOW = "cases.workflow.TRANSITIONS"

POLICIES = {
    "index": Policy(Kind.PAGE, VIEW),
    "export": Policy(Kind.XLSX, EXPORT, methods=FORM),
    "national_export": Policy(Kind.PAGE, "cases.export_national", methods=FORM),
    "deadlines": Policy(Kind.PAGE, VIEW),
    # Requests are received by the centre (its intake officers, the director), not by the
    # performer: the assistant who ran a mobile session hands the requests noted there to the
    # desk, which picks the session from the list (cases.services.intake.intake_sessions).
    "intake": Policy(Kind.PAGE, "cases.add_case", methods=FORM, writes=True, refusal=INTAKE_REFUSAL),
    "person_lookup": Policy(Kind.JSON, "cases.add_case"),
    # The open cases and reusable papers of a person the user may find (404 otherwise).
    "person_record": Policy(Kind.JSON, "cases.add_case"),
    # The case page lists its declared parties where its sensitive data is shown.
    "detail": Policy(Kind.PAGE, VIEW, scope=CASE, lists=(PARTY,)),
    "paper_add": Policy(
        Kind.ACTION, VIEW, methods=POST, writes=True, scope=CASE, refined_by="cases.access.may_add_papers"
    ),
    "paper_scan": Policy(Kind.FILE, VIEW, scope=SCAN),
    "work_result": Policy(Kind.FILE, VIEW, scope=RESULT),
    "action": Policy(
        Kind.PAGE,
        VIEW,
        methods=FORM,
        writes=True,
        scope=Scope(
            "cases.Case",
            access.visible_cases,
            candidates=_case_candidates,
            kwargs=lambda case: {"pk": case.pk, "name": "log_work"},
            sensitive=_sensitive,
        ),
        refined_by=WORKFLOW,
    ),
    "survey_staff": Policy(
        Kind.ACTION, VIEW, roles=(Role.DIRECTOR, Role.INTAKE_OFFICER), methods=POST, writes=True, scope=CASE
    ),
    "payment_add": Policy(Kind.ACTION, "cases.add_payment", methods=POST, writes=True, scope=CASE),
    # The parties declared on a case: intake officers and directors over its unit, while it is
    # open (cases.services.parties.may_edit_parties; refused otherwise, with a message).
    "party_add": Policy(
        Kind.ACTION,
        VIEW,
        roles=(Role.DIRECTOR, Role.INTAKE_OFFICER),
        methods=POST,
        writes=True,
        scope=CASE,
    ),
    "party_remove": Policy(
        Kind.ACTION,
        VIEW,
        roles=(Role.DIRECTOR, Role.INTAKE_OFFICER),
        methods=POST,
        writes=True,
        scope=PARTY,
    ),
    "pdf": Policy(Kind.PDF, VIEW, scope=PAPER),
    "appointment_pdf": Policy(Kind.PDF, VIEW, scope=APPOINTMENT),
    "register_pdf": Policy(Kind.PDF, EXPORT, kwargs=_this_year),
    "register_xlsx": Policy(Kind.XLSX, EXPORT, kwargs=_this_year),
    # The satisfaction survey: the token handed to the beneficiary is the only key.
    "survey_public": Policy(Kind.PAGE, public=True, methods=FORM, kwargs=lambda: {"token": "khong-co"}),
    "complaints": Policy(Kind.PAGE, "cases.view_complaint", methods=FORM, lists=(COMPLAINT,)),
    "complaint_resolve": Policy(
        Kind.ACTION, "cases.add_complaint", methods=POST, writes=True, scope=COMPLAINT
    ),
    "complaint_assign": Policy(
        Kind.ACTION, "cases.add_complaint", methods=POST, writes=True, scope=COMPLAINT
    ),
    "complaint_answer_pdf": Policy(Kind.PDF, "cases.view_complaint", scope=ANSWERED_COMPLAINT),
    "evaluations": Policy(Kind.PAGE, "cases.view_evaluation", methods=FORM, lists=(ROUND,)),
    "evaluation_round": Policy(Kind.PAGE, "cases.view_evaluation", methods=FORM, scope=ROUND),
    "payments": Policy(Kind.PAGE, "cases.view_payment"),
    "payments_xlsx": Policy(Kind.XLSX, "cases.view_payment"),
}


# --- Personal data (cases/views/privacy.py) ---------------------------------------------------


def _subject_people(user):
    """The people whose data-subject export the user may produce (one of their cases is held
    in the user's subtree); the export lists every case of theirs, its categories included."""
    from .models import Beneficiary

    return Beneficiary.objects.filter(pk__in=access.subject_export_scope(user).values("beneficiary_id"))


SUBJECT = Scope(
    "cases.Beneficiary",
    _subject_people,
    unit="cases__unit",
    kwargs=lambda person: {"person_pk": person.pk},
    shown=_subject_people,
    sensitive=lambda person: person.cases.filter(sensitive=True).exists(),
)

POLICIES.update(
    {
        # The log of views of sensitive data: directors (their subtree) and superusers.
        "sensitive_views": Policy(Kind.PAGE, "cases.view_sensitiveview", roles=(Role.DIRECTOR,)),
        "sensitive_views_xlsx": Policy(Kind.XLSX, "cases.view_sensitiveview", roles=(Role.DIRECTOR,)),
        "subject_export": Policy(Kind.PDF, VIEW, roles=(Role.DIRECTOR, Role.INTAKE_OFFICER), scope=SUBJECT),
    }
)


# --- Corrections with a reason (cases/views/corrections.py) -----------------------------------


# The intake officers and directors over the case's unit (cases.services.corrections.may_correct;
# the request's own data also only while it is open: may_correct_case), 403 otherwise.
def _correctable_candidates():
    from .models import Case

    return Case.objects.filter(status__in=access.PAPER_STATES).select_related("unit")


CORRECTED = Scope("cases.Case", access.visible_cases, candidates=_case_candidates, sensitive=_sensitive)
# The request's own data is corrected while the case is open: the matrix and the fuzz test try
# such a case.
CORRECTED_OPEN = Scope(
    "cases.Case", access.visible_cases, candidates=_correctable_candidates, sensitive=_sensitive
)
CORRECTORS = (Role.DIRECTOR, Role.INTAKE_OFFICER)

POLICIES.update(
    {
        "correct_case": Policy(
            Kind.PAGE,
            VIEW,
            roles=CORRECTORS,
            methods=FORM,
            writes=True,
            scope=CORRECTED_OPEN,
            refined_by="cases.services.corrections.may_correct_case",
        ),
        "correct_person": Policy(
            Kind.PAGE,
            VIEW,
            roles=CORRECTORS,
            methods=FORM,
            writes=True,
            scope=CORRECTED,
            refined_by="cases.services.corrections.may_correct",
        ),
        "paper_reissue": Policy(
            Kind.ACTION,
            VIEW,
            roles=CORRECTORS,
            methods=POST,
            writes=True,
            scope=CORRECTED,
            refined_by="cases.services.corrections.may_correct",
        ),
    }
)
