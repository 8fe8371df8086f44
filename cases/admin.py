"""Back-office screens. The case's state and workflow fields are read-only here: states change
only through the services in ``cases/services/``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from legalaid.history_admin import HistoryAdmin
from legalaid.rule_admin import RuleAdminMixin

from .models import (
    Appointment,
    Appraisal,
    Beneficiary,
    Case,
    CaseEvent,
    CaseParty,
    Complaint,
    Criterion,
    DeadlineRule,
    DocumentCounter,
    Evaluation,
    EvaluationRound,
    Payment,
    PaymentTariff,
    PerformerRule,
    ProofPaper,
    QualityOutcome,
    ReplacementRequest,
    Survey,
    SurveyLink,
    WorkEntry,
)


@admin.register(Beneficiary)
class BeneficiaryAdmin(HistoryAdmin):
    list_display = ["full_name", "sex", "date_of_birth", "citizen_id", "commune"]
    search_fields = ["name_search_key", "citizen_id"]
    list_select_related = ["commune"]
    autocomplete_fields = ["commune", "unit"]


@admin.register(Case)
class CaseAdmin(HistoryAdmin):
    list_display = ["__str__", "beneficiary", "status", "form", "field", "request_date", "next_deadline"]
    list_filter = ["status", "form", "field"]
    search_fields = ["register_number", "beneficiary__name_search_key", "national_id"]
    list_select_related = ["beneficiary", "form", "field"]
    # Everything that the workflow decides is read-only; only descriptive fields are editable.
    readonly_fields = [
        "centre",
        "unit",
        "status",
        "request_date",
        "received_by",
        "beneficiary",
        "sensitive",
        "register_year",
        "register_seq",
        "register_number",
        "accepted_on",
        "papers_due",
        "refusal_reason",
        "referred_to",
        "closed_on",
        "closing_number",
        "performer",
        "completed_on",
        "outcome",
        "successful",
        "complex_typical",
        "next_deadline",
        "deadline_label",
        "categories",
        "success_criteria",
        "complex_criteria",
        "form",
        "field",
    ]
    exclude = ["version"]

    def has_add_permission(self, request):
        return False  # requests are received on the intake page, through case_receive


# The rule tables: each list shows and filters the legal basis, the validity and whether the
# rule is verified; an unverified rule's change form says so (legalaid.rule_admin).


@admin.register(PerformerRule)
class PerformerRuleAdmin(RuleAdminMixin, HistoryAdmin):
    list_display = ["form", "performer_kind"]


@admin.register(Criterion)
class CriterionAdmin(RuleAdminMixin, HistoryAdmin):
    list_display = ["kind", "code", "text", "form", "field_codes", "active"]
    list_filter = ["kind", "form", "fields", "active"]
    search_fields = ["code", "text", "legal_basis"]
    filter_horizontal = ["fields"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("form").prefetch_related("fields")

    @admin.display(description=_("fields of law"))
    def field_codes(self, obj: Criterion) -> str:
        return ", ".join(f.code for f in obj.fields.all()) or str(_("every field"))


@admin.register(QualityOutcome)
class QualityOutcomeAdmin(RuleAdminMixin, HistoryAdmin):
    list_display = ["scale", "rank", "label", "meets_quality", "active"]
    list_filter = ["scale"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(RuleAdminMixin, HistoryAdmin):
    list_display = ["code", "days", "working_days"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    list_display = ["centre", "year", "series", "last"]
    readonly_fields = ["centre", "year", "series", "last"]

    def has_add_permission(self, request):
        return False


class ReadOnlyWorkflowAdmin(HistoryAdmin):
    """Rows written by the workflow: viewable, not hand-made."""

    def has_add_permission(self, request):
        return False


@admin.register(ProofPaper)
class ProofPaperAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "document_type", "number", "issued_on"]
    readonly_fields = ["case", "document_type", "scan", "added_by"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "kind", "performer", "number", "decided_on"]
    readonly_fields = [
        "case",
        "kind",
        "performer",
        "replaced",
        "number",
        "decided_on",
        "decided_by",
        "conflicts",
        "override_reason",
    ]


@admin.register(ReplacementRequest)
class ReplacementRequestAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "received_on", "due_on", "status"]
    readonly_fields = ["case", "status", "due_on", "recorded_by"]


@admin.register(WorkEntry)
class WorkEntryAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "day", "kind", "hours"]
    readonly_fields = ["case", "recorded_by", "result"]


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "appraiser", "assigned_on", "due_on", "outcome", "appraised_on"]
    readonly_fields = [
        "case",
        "appraiser",
        "assigned_by",
        "assigned_on",
        "number",
        "due_on",
        "outcome",
        "appraised_on",
    ]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["name", "centre", "window_start", "window_end", "rate"]
    readonly_fields = ["doj", "centre", "window_start", "window_end", "rate", "created_by"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["round", "case", "reason", "outcome", "evaluated_on"]
    readonly_fields = ["round", "case", "reason", "outcome", "evaluated_by", "evaluated_on"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "source", "satisfaction", "created_at"]
    readonly_fields = ["case", "source", "entered_by"]


@admin.register(SurveyLink)
class SurveyLinkAdmin(admin.ModelAdmin):
    list_display = ["case", "expires_at", "used_at"]
    readonly_fields = ["case", "expires_at", "used_at"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


@admin.register(Complaint)
class ComplaintAdmin(HistoryAdmin):
    list_display = ["received_on", "caller", "channel", "topic", "case", "resolved_on"]
    list_filter = ["topic", "channel"]
    readonly_fields = ["case", "recorded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyWorkflowAdmin):
    list_display = ["case", "performer", "amount", "computed_amount", "paid_on"]
    # The amount comes from the tariff or the director's reasoned adjustment (payment_record).
    readonly_fields = [
        "case",
        "performer",
        "amount",
        "tariff",
        "units",
        "computed_amount",
        "adjustment_reason",
        "recorded_by",
    ]


@admin.register(PaymentTariff)
class PaymentTariffAdmin(HistoryAdmin):
    list_display = ["form", "performer_kind", "amount", "unit", "valid_from", "valid_until", "verified"]
    list_filter = ["form", "performer_kind", "unit", "verified"]
    search_fields = ["legal_basis"]


@admin.register(CaseParty)
class CasePartyAdmin(ReadOnlyWorkflowAdmin):
    """Declared on the case page (case_party_add): viewable here with their history."""

    list_display = ["case", "full_name", "role", "citizen_id"]
    list_filter = ["role"]
    readonly_fields = ["case", "full_name", "role", "citizen_id", "note", "added_by"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "code", "at", "actor", "from_status", "to_status"]
    list_filter = ["code"]
    readonly_fields = ["case", "code", "at", "actor", "from_status", "to_status", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
