"""Forms check types and required fields only; the rules live in ``cases.services``."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import (
    BeneficiaryCategory,
    Commune,
    LegalAidForm,
    LegalField,
    ProofDocumentType,
    Unit,
    User,
)
from legalaid.roles import visible_units
from legalaid.uploads import SCANS, UploadValidator
from legalaid.validation import (
    PAST,
    RECORD,
    BoundedIntegerField,
    CitizenIdField,
    DateBounds,
    bound_date,
    count_field,
    hours_field,
    money_field,
    query_id,
)
from legalaid.widgets import VietnameseDateField, VietnameseDateInput

from . import services
from .models import Case, CaseParty, Criterion, QualityOutcome, Sex, WorkEntry
from .services.intake import intake_sessions

DATE = VietnameseDateInput()


ID_MAX = 2**63 - 1  # a hidden id: a bigint, never more


def _date_field(label, required=True, initial_today=True, bounds: DateBounds = RECORD):
    field = VietnameseDateField(
        label=label, required=required, widget=DATE, initial=timezone.localdate if initial_today else None
    )
    return bound_date(field, bounds)


def _hidden_id(required=False):
    return BoundedIntegerField(required=required, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)


class IntakeForm(forms.Form):
    request_date = _date_field(_("request date"))
    channel = forms.ChoiceField(label=_("channel"), choices=Case.Channel.choices)
    outreach_session = forms.ModelChoiceField(label=_("mobile session"), required=False, queryset=None)
    urgent = forms.BooleanField(label=_("urgent"), required=False)
    requester_kind = forms.ChoiceField(label=_("requester"), choices=Case.RequesterKind.choices)
    requester_name = forms.CharField(label=_("requester's name"), required=False, max_length=150)
    requester_relation = forms.CharField(
        label=_("relation to the beneficiary"), required=False, max_length=100
    )
    requester_phone = forms.CharField(label=_("requester's phone"), required=False, max_length=20)
    requester_agency = forms.ModelChoiceField(
        label=_("forwarding body"),
        required=False,
        queryset=Unit.objects.filter(
            kind__in=[Unit.Kind.POLICE, Unit.Kind.PROCURACY, Unit.Kind.COURT, Unit.Kind.DETENTION],
            active=True,
        ),
    )
    forwarding_document = forms.CharField(label=_("forwarding document"), required=False, max_length=255)
    existing_beneficiary = _hidden_id()
    full_name = forms.CharField(label=_("full name"), required=False, max_length=150)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "---------"), *Sex.choices], required=False)
    date_of_birth = _date_field(_("date of birth"), required=False, initial_today=False, bounds=PAST)
    ethnicity = forms.ModelChoiceField(label=_("ethnicity"), required=False, queryset=None)
    citizen_id = CitizenIdField(label=_("citizen ID"), required=False)
    commune = forms.ModelChoiceField(
        label=_("commune"), required=False, queryset=Commune.objects.filter(active=True)
    )
    address = forms.CharField(label=_("address"), required=False, max_length=255)
    phone = forms.CharField(label=_("phone"), required=False, max_length=20)
    confirm_new_person = forms.BooleanField(label=_("This is a different person"), required=False)
    # Papers verified on an earlier case of the chosen person, ticked "reuse" (cases.services.known_person).
    reuse_papers = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    categories = forms.ModelMultipleChoiceField(
        label=_("beneficiary categories"),
        queryset=BeneficiaryCategory.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    # Shown once the service refused a category the person's data contradicts (cases.eligibility).
    category_override_reason = forms.CharField(
        label=_("why the categories stand although the data contradicts them"),
        help_text=_("For example: the proof paper shows another date of birth or ethnicity."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    form = forms.ModelChoiceField(
        label=_("form of legal aid"), queryset=LegalAidForm.objects.filter(active=True)
    )
    field = forms.ModelChoiceField(label=_("field of law"), queryset=LegalField.objects.filter(active=True))
    procedural_role = forms.ChoiceField(
        label=_("procedural role"),
        choices=[("", "---------"), *Case.ProceduralRole.choices],
        required=False,
        help_text=_("For proceedings and criminal matters; some categories require it."),
    )
    description = forms.CharField(
        label=_("description of the matter"), widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(label=_("handling unit"), queryset=Unit.objects.none())

    def __init__(self, *args, units=None, user=None, **kwargs):
        from staffing.models import Ethnicity

        super().__init__(*args, **kwargs)
        from outreach.models import Session

        self.fields["ethnicity"].queryset = Ethnicity.objects.all()
        sessions = Session.objects.filter(kind=Session.Kind.MOBILE)
        if units is not None:
            self.fields["unit"].queryset = units
            sessions = sessions.filter(lead_unit__in=units)
        if user is not None:
            # The user's subtree and the sessions led by the centre's departments (the service checks).
            sessions = intake_sessions(user)
        recent = timezone.localdate() - timedelta(days=366)  # a request follows its session closely
        self.fields["outreach_session"].queryset = (
            sessions.filter(held_on__gte=recent).select_related("commune", "lead_unit").order_by("-held_on")
        )
        self.fields["outreach_session"].label_from_instance = lambda s: " – ".join(
            filter(None, [f"{s.held_on:%d/%m/%Y}", s.village, s.commune.name, s.lead_unit.name])
        )

    def clean_reuse_papers(self) -> list[int]:
        # The papers offered depend on the person chosen in the page: any id is accepted here and
        # the service takes only those it offers for that person.
        values = self.cleaned_data["reuse_papers"] or []
        if len(values) > 50 or not all(
            str(v).isascii() and str(v).isdigit() and len(str(v)) <= 19 for v in values
        ):
            raise forms.ValidationError(_("Choose the papers to reuse from the list."))
        return [int(v) for v in values if 1 <= int(v) <= ID_MAX]

    def clean(self):
        data = super().clean()
        if not data.get("existing_beneficiary"):
            data["reuse_papers"] = []
            if not data.get("full_name"):
                self.add_error("full_name", _("Enter the beneficiary's full name."))
            if not data.get("sex"):
                self.add_error("sex", _("Choose the beneficiary's sex."))
        return data


class PaperForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("proving paper type"), queryset=ProofDocumentType.objects.all()
    )
    number = forms.CharField(label=_("number"), required=False, max_length=60)
    issued_on = _date_field(_("issued on"), required=False, initial_today=False, bounds=PAST)
    issuer = forms.CharField(label=_("issued by"), required=False, max_length=255)
    scan = forms.FileField(
        label=_("scan (PDF, JPEG or PNG)"), required=False, validators=[UploadValidator(SCANS)]
    )


class ActionForm(forms.Form):
    """A step of the case's journey; ``cases.workflow.TRANSITIONS`` names the form of each.

    Every action form is built alike, ``Form(data, files, *, case, user, params)`` (``params``:
    the page's query string), and its fields are its service's keyword arguments, by name
    (``renamed`` where the service calls one otherwise): the one action view binds any of them
    and calls the service without knowing which action it is. The hidden version is the case's
    when the form was opened: the service refuses if someone changed the case meanwhile."""

    version = BoundedIntegerField(min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
    renamed: dict[str, str] = {}
    versioned = True  # the service compares versions
    checklist = None  # the proving papers, shown above the form
    branches = None  # the branches whose performers may be listed (``?unit=``)

    def __init__(self, data=None, files=None, *, case: Case, user: User, params=None):
        super().__init__(data, files, initial={"version": case.version})
        self.case, self.user = case, user
        self.params = params if params is not None else {}

    def service_kwargs(self) -> dict:
        arguments = {
            self.renamed.get(name, name): list(value) if isinstance(value, QuerySet) else value
            for name, value in self.cleaned_data.items()
            if name != "version"
        }
        if self.versioned:
            arguments["expected_version"] = self.cleaned_data["version"]
        return arguments


class RequestPapersForm(ActionForm):
    note = forms.CharField(
        label=_("note to the requester"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = services.papers_checklist(self.case)


class AcceptForm(ActionForm):
    accepted_on = _date_field(_("accepted on"))
    national_id = forms.CharField(label=_("ID in the Ministry's software"), required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = services.papers_checklist(self.case)


class RefuseForm(ActionForm):
    reason = forms.ChoiceField(label=_("reason for refusal"), choices=Case.RefusalReason.choices)
    explanation = forms.CharField(
        label=_("explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReferForm(ActionForm):
    referred_to = forms.ModelChoiceField(
        label=_("referred to"), required=False, queryset=Unit.objects.exclude(kind__in=Unit.INTERNAL_KINDS)
    )
    referred_to_text = forms.CharField(label=_("referred to (other)"), required=False, max_length=255)
    note = forms.CharField(label=_("note"), required=False)


class PerformerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.unit.short_name or obj.unit.name if obj.unit_id else ""
        return _("%(name)s (%(kind)s, %(unit)s) – %(load)s open cases") % {
            "name": obj.full_name,
            "kind": obj.get_kind_display(),
            "unit": unit,
            "load": getattr(obj, "load", 0),
        }


class ChoosingPerformerForm(ActionForm):
    """Offers the people who may perform the case: of the field of law unless ``?all_fields=1``,
    of one branch with ``?unit=`` (only a branch the user may see: any other id is ignored)."""

    def performers(self):
        self.branches = visible_units(self.user).filter(kind=Unit.Kind.BRANCH, active=True)
        unit = query_id(self.params, "unit")
        branch = self.branches.filter(pk=unit).first() if unit is not None else None
        return services.performer_candidates(
            case=self.case, field_only=self.params.get("all_fields") != "1", unit=branch
        )


def _conflict_override_field():
    return forms.CharField(
        label=_("reason for appointing despite a conflict of interest"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the director, only when the performer conflicts with the case's declared parties."),
    )


class AppointForm(ChoosingPerformerForm):
    performer = PerformerChoice(label=_("performer"), queryset=None)
    decided_on = _date_field(_("decision date"))
    override_reason = _conflict_override_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performer"].queryset = self.performers()


class ReplacementRequestForm(ActionForm):
    received_on = _date_field(_("received on"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideReplacementForm(ChoosingPerformerForm):
    approve = forms.TypedChoiceField(
        label=_("decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Replace the performer")), ("no", _("Refuse the replacement"))],
    )
    performer = PerformerChoice(label=_("new performer"), queryset=None, required=False)
    answer = forms.CharField(label=_("answer with reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = _date_field(_("decision date"))
    override_reason = _conflict_override_field()
    renamed = {"performer": "new_performer"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performer"].queryset = self.performers().exclude(pk=self.case.performer_id)


class WorkForm(ActionForm):
    day = _date_field(_("date"))
    kind = forms.ChoiceField(label=_("activity"), choices=WorkEntry.Kind.choices)
    hours = hours_field(_("hours"), max_value=24)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.FileField(
        label=_("result document (PDF, JPEG or PNG)"), required=False, validators=[UploadValidator(SCANS)]
    )
    versioned = False  # a work entry adds to the case without changing it


class SuspendForm(ActionForm):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ResumeForm(ActionForm):
    note = forms.CharField(label=_("note"), required=False)


class TerminateForm(SuspendForm):
    terminated_on = _date_field(_("date"))


class CriteriaField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        if obj.verified:
            return f"{obj.code}. {obj.text}"
        return f"{obj.code}. {obj.text} ({_('not checked against the original text')})"


class CompleteForm(ActionForm):
    completed_on = _date_field(_("completed on"))
    outcome = forms.ChoiceField(label=_("outcome"), choices=Case.Outcome.choices)
    summary = forms.CharField(label=_("summary of the result"), widget=forms.Textarea(attrs={"rows": 4}))
    success_criteria = CriteriaField(
        label=_("Successful proceedings case (Decision 1179/QĐ-BTP)"), queryset=None, required=False
    )
    complex_criteria = CriteriaField(
        label=_("Complex or typical case (Circular 09/2018/TT-BTP)"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.case
        # The completion date is still to be typed: offer the criteria in force on any day it may
        # take; case_complete keeps those in force on the day typed.
        start, today = case.accepted_on or case.request_date, timezone.localdate()
        success, complex_ = (
            Criterion.applicable(kind, form_id=case.form_id, field_id=case.field_id, on=start, until=today)
            for kind in (Criterion.Kind.SUCCESS, Criterion.Kind.COMPLEX)
        )
        self.fields["success_criteria"].queryset = success if case.form.code == "TGTT" else success.none()
        self.fields["complex_criteria"].queryset = complex_


class AppraiserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        """A staffing person: their name, their unit, and "(no login)" when they have none."""
        unit = f" – {obj.unit.name}" if obj.unit_id else ""
        login = "" if obj.user_id else " " + str(_("(no login: told through their unit)"))
        return f"{obj.full_name}{unit}{login}"


class AssignAppraisalForm(ActionForm):
    appraiser = AppraiserChoice(label=_("appraiser"), queryset=None)
    assigned_on = _date_field(_("decision date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraiser"].queryset = services.appraiser_candidates(self.case)


class AppraiseForm(ActionForm):
    criteria = CriteriaField(label=_("criteria met"), queryset=None, required=False)
    outcome = forms.ModelChoiceField(
        label=_("outcome"),
        queryset=QualityOutcome.objects.filter(scale=QualityOutcome.Scale.APPRAISAL, active=True),
    )
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea(attrs={"rows": 4}))
    override_reason = forms.CharField(
        label=_("reason for a conclusion other than the criteria's"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when you conclude otherwise than the criteria met support; the report prints it."),
    )
    appraised_on = _date_field(_("date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        day = services.rules_day(self.case)
        self.fields["criteria"].queryset = Criterion.applicable(
            Criterion.Kind.APPRAISAL, form_id=self.case.form_id, field_id=self.case.field_id, on=day
        )
        self.fields["outcome"].queryset = services.appraisal_outcomes(day)


SCORES = [(i, str(i)) for i in range(5, 0, -1)]


class SurveyForm(forms.Form):
    attitude = forms.TypedChoiceField(
        label=_("attitude"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    responsibility = forms.TypedChoiceField(
        label=_("responsibility"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    expertise = forms.TypedChoiceField(
        label=_("expertise"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    satisfaction = forms.TypedChoiceField(
        label=_("overall satisfaction"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# The complaint forms are in forms_complaints.py.


class EvaluationRoundForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    centre = forms.ModelChoiceField(label=_("centre"), queryset=Unit.objects.none())
    window_start = _date_field(_("completed from"), initial_today=False)
    window_end = _date_field(_("completed until"))
    rate = count_field(_("sample rate (%)"), min_value=1, max_value=100, initial=10)

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres


class EvaluationForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label=_("conclusion"),
        queryset=QualityOutcome.objects.filter(scale=QualityOutcome.Scale.EVALUATION, active=True),
    )
    conclusion = forms.CharField(label=_("remarks"), required=False)


class CasePartyForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=150)
    role = forms.ChoiceField(label=_("role"), choices=CaseParty.Role.choices)
    citizen_id = CitizenIdField(label=_("citizen ID"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=255)


class PaymentForm(forms.Form):
    """The amount comes from the tariff; another amount is the director's, with a reason."""

    paid_on = _date_field(_("paid on"))
    adjusted_amount = money_field(_("other amount (VND)"), required=False)
    adjustment_reason = forms.CharField(
        label=_("reason for the other amount"), required=False, max_length=2000
    )


class PeriodForm(forms.Form):
    start = _date_field(_("from"), required=False, initial_today=False)
    end = _date_field(_("to"), required=False, initial_today=False)
    performer = _hidden_id()
