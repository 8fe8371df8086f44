"""Everything one can do to a case: keyword-only functions named ``<entity>_<action>``, one module
per stage of the journey (intake, verification, acceptance, appointment, work, completion,
appraisal, evaluation, surveys, complaints, payment, privacy; ``common`` holds what they share).

Each state-changing function locks the case (``select_for_update``), compares the version the
user's form was opened on (optimistic concurrency: the second of two people acting at once is
told, and keeps what they typed), checks the action against ``cases.workflow``, writes the
change, its history and a timeline event in one transaction and sets the next deadline with
``legalaid.calendar``. A service that will not act raises ``legalaid.refusal.Refusal``.

Callers use ``from cases import services`` and ``services.<name>``: every public name of the
stages is re-exported here.
"""

from ..access import (
    PAPER_STATES,
    RECEIVE_ROLES,
    get_case_for_user,
    in_own_subtree,
    is_manager,
    may_add_papers,
    may_see_sensitive,
    visible_cases,
)
from .acceptance import case_accept, case_refer, case_refuse
from .appointment import (
    allowed_performer_kinds,
    case_appoint,
    case_decide_replacement,
    case_request_replacement,
    performer_candidates,
)
from .appraisal import (
    applicable_criteria,
    appraisal_assign,
    appraisal_outcomes,
    appraisal_record,
    appraiser_candidates,
    rules_day,
    supported_outcome,
)
from .common import (
    ALLOWED_UPLOADS,
    OUT_OF_COURT,
    PAID_KINDS,
    PROCEEDINGS,
    S,
    next_number,
    refresh_deadline,
    register_number_text,
    validate_upload,
)
from .complaints import complaint_record, complaint_resolve
from .completion import case_complete
from .evaluation import evaluation_candidates, evaluation_record, evaluation_round_create
from .intake import BeneficiaryData, beneficiary_duplicates, case_receive
from .parties import (
    case_party_add,
    case_party_remove,
    check_conflicts,
    may_edit_parties,
    performer_conflicts,
)
from .payment import (
    HOURS_PER_DAY,
    Quote,
    payable_cases,
    payment_quote,
    payment_quotes,
    payment_record,
    tariff_line,
)
from .privacy import (
    AnonymisationResult,
    anonymise_closed_cases,
    log_subject_export,
    log_views,
    people_to_anonymise,
    retention_cutoff,
    retention_years,
    subject_data,
)
from .surveys import SURVEY_STATES, survey_link_for, survey_record, survey_submit_public
from .verification import (
    ChecklistGroup,
    case_request_papers,
    missing_papers_text,
    papers_checklist,
    proof_paper_add,
)
from .work import case_log_work, case_resume, case_suspend, case_terminate

# The access rules live in cases/access.py; this name is kept for the callers of services.
cases_for_user = visible_cases

__all__ = [
    "ALLOWED_UPLOADS",
    "OUT_OF_COURT",
    "PAID_KINDS",
    "PAPER_STATES",
    "PROCEEDINGS",
    "RECEIVE_ROLES",
    "SURVEY_STATES",
    "BeneficiaryData",
    "HOURS_PER_DAY",
    "Quote",
    "ChecklistGroup",
    "AnonymisationResult",
    "S",
    "allowed_performer_kinds",
    "anonymise_closed_cases",
    "applicable_criteria",
    "appraisal_assign",
    "appraisal_outcomes",
    "appraisal_record",
    "rules_day",
    "supported_outcome",
    "appraiser_candidates",
    "beneficiary_duplicates",
    "case_accept",
    "case_appoint",
    "case_complete",
    "case_party_add",
    "case_party_remove",
    "check_conflicts",
    "case_decide_replacement",
    "case_log_work",
    "case_receive",
    "case_refer",
    "case_refuse",
    "case_request_papers",
    "case_request_replacement",
    "case_resume",
    "case_suspend",
    "case_terminate",
    "cases_for_user",
    "complaint_record",
    "complaint_resolve",
    "evaluation_candidates",
    "evaluation_record",
    "evaluation_round_create",
    "get_case_for_user",
    "in_own_subtree",
    "is_manager",
    "log_subject_export",
    "log_views",
    "may_add_papers",
    "may_edit_parties",
    "may_see_sensitive",
    "missing_papers_text",
    "next_number",
    "papers_checklist",
    "payable_cases",
    "payment_quote",
    "payment_quotes",
    "payment_record",
    "tariff_line",
    "people_to_anonymise",
    "performer_candidates",
    "performer_conflicts",
    "proof_paper_add",
    "refresh_deadline",
    "register_number_text",
    "retention_cutoff",
    "retention_years",
    "survey_link_for",
    "survey_record",
    "subject_data",
    "survey_submit_public",
    "validate_upload",
]
