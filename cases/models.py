"""A request for legal aid and everything that follows it: verification papers, acceptance or
refusal, appointment of a performer, the work log, completion, quality appraisal, evaluation by
the Department of Justice, satisfaction surveys, complaints and payment to performers.

Nobody sets ``Case.status`` by hand: ``cases/workflow.py`` holds the table of states and
actions, and each action is one function in ``cases/services.py``.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import (
    BeneficiaryCategory,
    Commune,
    LegalAidForm,
    LegalField,
    PersonNameMixin,
    ProofDocumentType,
    TimeStampedModel,
    Unit,
    User,
)

citizen_id_validator = RegexValidator(r"^\d{12}$", _("A citizen ID has exactly 12 digits."))


def name_words(search_key: str) -> list[str]:
    """The words of a search key ("nguyen van an" -> nguyen, van, an); punctuation separates
    words ("h'hen nie" -> h, hen, nie). Stored names and typed queries are split alike."""
    return re.findall(r"\w+", search_key)


def name_prefixes(words: list[str]) -> list[str]:
    """Every prefix of every word, the whole word included: "an" -> a, an."""
    return sorted({word[:end] for word in words for end in range(1, len(word) + 1)})


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Beneficiary(PersonNameMixin, TimeStampedModel):
    """A person who asks for or receives legal aid; reused across their requests."""

    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.ForeignKey(
        "staffing.Ethnicity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("ethnicity"),
    )
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("commune"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="beneficiaries", verbose_name=_("registered by unit")
    )
    # Derived from the name on every save (see refresh_name_keys), so they stay out of history.
    # Whole words of the search key: every typed word but the last must be one of them.
    name_words = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    # Every prefix of those words: the last typed word, still being typed, must be one of them.
    name_prefixes = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["name_words", "name_prefixes"])

    NAME_DERIVED_FIELDS = ("name_search_key", "name_sort_key", "name_words", "name_prefixes")

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["name_sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="beneficiary_citizen_id_12_digits",
            )
        ]
        indexes = [
            # Duplicate warning at intake: same citizen ID.
            models.Index(fields=["citizen_id"], condition=~Q(citizen_id=""), name="beneficiary_cid_idx"),
            # Name search without diacritics (cases.views._search, person_lookup): whole words and
            # the prefix of the word being typed, in one index so that the rarest word narrows the
            # others. No pending list: searches never scan a backlog of recent inserts.
            GinIndex(fields=["name_words", "name_prefixes"], name="beneficiary_name_idx", fastupdate=False),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *self.NAME_DERIVED_FIELDS}
        super().save(*args, **kwargs)

    @staticmethod
    def name_matches(key: str, path: str = "") -> Q:
        """People whose name holds every word of ``key`` (a search key), in any order: whole
        words, except the last one, which may be the start of a word, as it is while typing.
        "nguyen van a" and "an nguyen" find Nguyễn Văn An; "an" finds An and Anh, not Toàn.
        ``path`` leads to the person from another model ("beneficiary__" from a case)."""
        words = name_words(key)
        if not words:
            return Q(pk__in=[])
        *whole, last = words
        match = Q(**{f"{path}name_prefixes__contains": [last]})
        return match & Q(**{f"{path}name_words__contains": whole}) if whole else match

    @staticmethod
    def citizen_id_matches(prefix: str, path: str = "") -> Q:
        """Citizen IDs starting with ``prefix`` (digits), as a range the partial citizen ID index
        answers under any collation; a LIKE uses a plain index only under the "C" collation."""
        field = f"{path}citizen_id"
        match = ~Q(**{field: ""}) & Q(**{f"{field}__gte": prefix, f"{field}__startswith": prefix})
        if prefix.strip("9"):  # "0299" -> below "0300"; a prefix of nines has no upper bound
            match &= Q(**{f"{field}__lt": str(int(prefix) + 1).zfill(len(prefix))})
        return match

    def refresh_name_keys(self) -> None:
        """Also called by writers that bypass save() (bulk_create in the benchmark)."""
        super().refresh_name_keys()
        self.name_words = name_words(self.name_search_key)
        self.name_prefixes = name_prefixes(self.name_words)


# --- Admin-editable rules and checklists -----------------------------------------------------


class PerformerRule(models.Model):
    """Which kind of performer may take which form of legal aid (admin-editable)."""

    form = models.ForeignKey(LegalAidForm, on_delete=models.CASCADE, verbose_name=_("form of legal aid"))
    performer_kind = models.CharField(_("kind of performer"), max_length=12)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("who may perform a form of legal aid")
        verbose_name_plural = _("who may perform each form of legal aid")
        ordering = ["form", "performer_kind"]
        constraints = [
            models.UniqueConstraint(fields=["form", "performer_kind"], name="performer_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.performer_kind}"


class Criterion(models.Model):
    """One item of an admin-editable checklist: 1179 success, TT 09/2018 complex or typical,
    or a quality-appraisal criterion."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("Successful proceedings case (Decision 1179/QĐ-BTP)")
        COMPLEX = "complex", _("Complex or typical case (Circular 09/2018/TT-BTP)")
        APPRAISAL = "appraisal", _("Quality appraisal criterion")

    kind = models.CharField(_("checklist"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    form = models.ForeignKey(
        LegalAidForm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("form of legal aid"),
        help_text=_("Leave empty when the criterion applies to every form."),
    )
    field = models.ForeignKey(
        LegalField,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("field of law"),
        help_text=_("Leave empty when the criterion applies to every field."),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["kind", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="criterion_kind_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @classmethod
    def applicable(cls, kind: str, *, form_id: int | None, field_id: int | None):
        return cls.objects.filter(kind=kind, active=True).filter(
            Q(form__isnull=True) | Q(form_id=form_id), Q(field__isnull=True) | Q(field_id=field_id)
        )


class QualityOutcome(models.Model):
    """A value of the appraisal or evaluation scale (admin-editable)."""

    class Scale(models.TextChoices):
        APPRAISAL = "appraisal", _("Quality appraisal")
        EVALUATION = "evaluation", _("Evaluation by the Department of Justice")

    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices)
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0, help_text=_("1 is the best."))
    meets_quality = models.BooleanField(_("meets the quality standard"), default=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality outcome")
        verbose_name_plural = _("quality outcomes")
        ordering = ["scale", "rank"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="quality_outcome_unique")]

    def __str__(self) -> str:
        return self.label


class DocumentCounter(models.Model):
    """The last number used per centre, year and series (register of cases, decisions...)."""

    centre = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("centre"))
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=10)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "series"], name="document_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


# --- The case --------------------------------------------------------------------------------


class Case(TimeStampedModel):
    """A request for legal aid, from the desk to appraisal. ``status`` moves only through the
    services named in ``cases.workflow.TRANSITIONS``."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        NEEDS_PAPERS = "needs_papers", _("Needs papers")
        ACCEPTED = "accepted", _("Accepted")
        ASSIGNED = "assigned", _("Being performed")
        SUSPENDED = "suspended", _("Suspended")
        COMPLETED = "completed", _("Completed")
        UNDER_APPRAISAL = "appraising", _("Under appraisal")
        APPRAISED = "appraised", _("Appraised")
        REFUSED = "refused", _("Refused")
        REFERRED = "referred", _("Referred elsewhere")
        TERMINATED = "terminated", _("Not continued")

    class Channel(models.TextChoices):
        DESK = "desk", _("At the desk")
        MAIL = "mail", _("By mail")
        PHONE = "phone", _("By phone")
        MOBILE = "mobile", _("At a mobile session")
        POLICE = "police", _("Forwarded by the police")
        PROCURACY = "procuracy", _("Forwarded by the procuracy")
        COURT = "court", _("Forwarded by the court")
        DETENTION = "detention", _("Forwarded by a detention facility")

    class RequesterKind(models.TextChoices):
        SELF = "self", _("The beneficiary")
        RELATIVE = "relative", _("A relative")
        REPRESENTATIVE = "representative", _("A legal representative")
        AGENCY = "agency", _("A procedural body forwarding the request")

    class RefusalReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("The person is not entitled to legal aid")
        BUSINESS = "business", _("The matter is in business or commerce")
        UNLAWFUL = "unlawful", _("The request is unlawful")
        NOT_CONCERNED = "not_concerned", _("The matter does not directly concern the person's rights")
        OUT_OF_SCOPE = "out_of_scope", _("Outside the centre's scope")
        OTHER = "other", _("Other reason")

    class Outcome(models.TextChoices):
        FAVOURABLE = "favourable", _("Resolved in the beneficiary's favour")
        PARTLY = "partly", _("Partly in the beneficiary's favour")
        UNFAVOURABLE = "unfavourable", _("Not in the beneficiary's favour")
        ADVICE_GIVEN = "advice", _("Advice given")

    OPEN_STATES = (
        Status.RECEIVED,
        Status.NEEDS_PAPERS,
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.SUSPENDED,
        Status.COMPLETED,
        Status.UNDER_APPRAISAL,
    )

    centre = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="centre_cases", verbose_name=_("centre")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("handling unit")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Intake
    request_date = models.DateField(_("request date"))
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="received_cases", verbose_name=_("received by")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.DESK)
    outreach_session = models.ForeignKey(
        "outreach.Session",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("mobile session"),
        help_text=_("The session at which the request was received."),
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    requester_kind = models.CharField(
        _("requester"), max_length=15, choices=RequesterKind.choices, default=RequesterKind.SELF
    )
    requester_name = models.CharField(_("requester's name"), max_length=150, blank=True)
    requester_relation = models.CharField(_("relation to the beneficiary"), max_length=100, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=20, blank=True)
    requester_agency = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_cases",
        verbose_name=_("forwarding body"),
    )
    forwarding_document = models.CharField(_("forwarding document"), max_length=255, blank=True)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="cases", verbose_name=_("beneficiary")
    )
    categories = models.ManyToManyField(
        BeneficiaryCategory, related_name="cases", verbose_name=_("beneficiary categories")
    )
    sensitive = models.BooleanField(_("sensitive"), default=False, editable=False)
    form = models.ForeignKey(LegalAidForm, on_delete=models.PROTECT, verbose_name=_("form of legal aid"))
    field = models.ForeignKey(LegalField, on_delete=models.PROTECT, verbose_name=_("field of law"))
    description = models.TextField(_("description of the matter"))

    # Verification and acceptance
    missing_papers = models.TextField(_("missing papers"), blank=True)
    papers_due = models.DateField(_("papers due"), null=True, blank=True)
    register_year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True)
    register_seq = models.PositiveIntegerField(_("register sequence"), null=True, blank=True)
    register_number = models.CharField(_("register number"), max_length=40, blank=True)
    national_id = models.CharField(_("ID in the Ministry's software"), max_length=40, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    # Refusal, referral, termination
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=15, choices=RefusalReason.choices, blank=True
    )
    refusal_text = models.TextField(_("explanation"), blank=True)
    referred_to = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
        verbose_name=_("referred to"),
    )
    referred_to_text = models.CharField(_("referred to (other)"), max_length=255, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_number = models.PositiveIntegerField(_("notice number"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for not continuing"), blank=True)

    # Performance
    performer = models.ForeignKey(
        "staffing.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("performer"),
    )
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)

    # Completion
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    summary = models.TextField(_("summary of the result"), blank=True)
    success_criteria = models.ManyToManyField(
        Criterion, blank=True, related_name="successful_cases", verbose_name=_("1179 criteria met")
    )
    complex_criteria = models.ManyToManyField(
        Criterion, blank=True, related_name="complex_cases", verbose_name=_("09/2018 criteria met")
    )
    successful = models.BooleanField(_("successful proceedings case"), default=False)
    complex_typical = models.BooleanField(_("complex or typical case"), default=False)

    # The next thing that must happen, and by when (working days from legalaid.calendar).
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    deadline_label = models.CharField(_("what is due"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-request_date", "-pk"]
        permissions = [("export_case", "Can export cases")]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "register_year", "register_seq"], name="case_register_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(register_seq__isnull=True) | Q(register_year__isnull=False),
                name="case_register_has_year",
            ),
        ]
        indexes = [
            # The case list: newest first.
            models.Index(fields=["-request_date", "-id"], name="case_request_date_idx"),
            # "Overdue and due this week": open cases by deadline.
            models.Index(
                fields=["next_deadline"],
                condition=Q(next_deadline__isnull=False),
                include=["unit", "status"],  # overdue counts per scope read the index alone
                name="case_deadline_idx",
            ),
            models.Index(fields=["status", "-request_date"], name="case_status_date_idx"),
            # Sổ thụ lý of a year.
            models.Index(fields=["centre", "register_year", "register_seq"], name="case_register_idx"),
            # Figures by event date (cases/indicators.py, cases/figures.py).
            models.Index(
                fields=["accepted_on"], condition=Q(accepted_on__isnull=False), name="case_accepted_idx"
            ),
            models.Index(fields=["closed_on"], condition=Q(closed_on__isnull=False), name="case_closed_idx"),
            models.Index(
                fields=["completed_on"], condition=Q(completed_on__isnull=False), name="case_completed_idx"
            ),
            # The list's search by identifier (cases/views._search): the start of a register
            # number (digits typed), a register number or Ministry ID typed whole in any case.
            models.Index(
                fields=["register_number"], opclasses=["varchar_pattern_ops"], name="case_register_prefix_idx"
            ),
            models.Index(Upper("register_number"), name="case_register_upper_idx"),
            models.Index(Upper("national_id"), name="case_national_id_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.register_number or _("Request of %(date)s") % {
            "date": self.request_date.strftime("%d/%m/%Y")
        }

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.next_deadline is not None and self.next_deadline < (today or timezone.localdate())


class ProofPaper(TimeStampedModel):
    """A paper proving a category, ticked at verification with its number/date or a scan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="papers", verbose_name=_("case"))
    document_type = models.ForeignKey(
        ProofDocumentType, on_delete=models.PROTECT, verbose_name=_("proving paper type")
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    scan = models.FileField(_("scan"), upload_to="cases/papers/%Y/%m/", blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proving paper")
        verbose_name_plural = _("proving papers")
        ordering = ["case", "document_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "document_type"], name="proof_paper_unique"),
            models.CheckConstraint(
                condition=~Q(number="") | Q(issued_on__isnull=False) | ~Q(scan=""),
                name="proof_paper_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return str(self.document_type)


class Appointment(TimeStampedModel):
    """A decision appointing a performer (Quyết định cử) or replacing one (Quyết định thay thế)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Appointment")
        REPLACEMENT = "replacement", _("Replacement")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    performer = models.ForeignKey(
        "staffing.Person", on_delete=models.PROTECT, related_name="appointments", verbose_name=_("performer")
    )
    replaced = models.ForeignKey(
        "staffing.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_appointments",
        verbose_name=_("replaced performer"),
    )
    number = models.PositiveIntegerField(_("decision number"))
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("decided by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment decision")
        verbose_name_plural = _("appointment decisions")
        ordering = ["case", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number}/QĐ - {self.performer}"


class ReplacementRequest(TimeStampedModel):
    """A beneficiary's request to replace the performer, answered within 3 working days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="replacement_requests", verbose_name=_("case")
    )
    received_on = models.DateField(_("received on"))
    reason = models.TextField(_("reason"))
    due_on = models.DateField(_("answer due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replacement request")
        verbose_name_plural = _("replacement requests")
        ordering = ["case", "received_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="one_pending_replacement_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.received_on:%d/%m/%Y}"


class WorkEntry(TimeStampedModel):
    """A dated activity on a case: a meeting, a hearing, study of the file, a written paper."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting with the beneficiary")
        STUDY = "study", _("Study of the file")
        HEARING = "hearing", _("Hearing or session")
        WRITING = "writing", _("Written advice or pleading")
        AGENCY = "agency", _("Work with an agency")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="work", verbose_name=_("case"))
    day = models.DateField(_("date"))
    kind = models.CharField(_("activity"), max_length=10, choices=Kind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    description = models.TextField(_("description"))
    result = models.FileField(_("result document"), upload_to="cases/results/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log")
        ordering = ["case", "-day", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="work_hours_in_day")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"


class Appraisal(TimeStampedModel):
    """The quality appraisal of a completed case by an assistant who did not perform it."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="appraisal", verbose_name=_("case")
    )
    appraiser = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("appraiser")
    )
    assigned_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_on = models.DateField(_("assigned on"))
    number = models.PositiveIntegerField(_("decision number"))
    due_on = models.DateField(_("due on"))
    criteria = models.ManyToManyField(Criterion, blank=True, verbose_name=_("criteria met"))
    outcome = models.ForeignKey(
        QualityOutcome, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("outcome")
    )
    findings = models.TextField(_("findings"), blank=True)
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality appraisal")
        verbose_name_plural = _("quality appraisals")
        ordering = ["-assigned_on"]

    def __str__(self) -> str:
        return f"{self.case} - {self.appraiser}"


class EvaluationRound(TimeStampedModel):
    """An evaluation campaign of the Department of Justice over a window of completed cases."""

    doj = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("department"))
    centre = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("centre"))
    name = models.CharField(_("name"), max_length=200)
    window_start = models.DateField(_("completed from"))
    window_end = models.DateField(_("completed until"))
    rate = models.PositiveSmallIntegerField(
        _("sample rate (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("created by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-window_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="evaluation_window_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Evaluation(TimeStampedModel):
    """One sampled case of a round and the Department's conclusion. A case is never evaluated
    twice (unique per case)."""

    class Reason(models.TextChoices):
        SAMPLE = "sample", _("Drawn in the sample")
        COMPLAINT = "complaint", _("A complaint about its quality")

    round = models.ForeignKey(
        EvaluationRound, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("round")
    )
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("case")
    )
    reason = models.CharField(_("why selected"), max_length=10, choices=Reason.choices)
    outcome = models.ForeignKey(
        QualityOutcome, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("conclusion")
    )
    conclusion = models.TextField(_("remarks"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["round", "case"]

    def __str__(self) -> str:
        return f"{self.round}: {self.case}"


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Survey(TimeStampedModel):
    """A satisfaction survey of a case, entered by staff or by the beneficiary through a
    single-use link that expires."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Entered by staff")
        PUBLIC = "public", _("Answered through the link")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("case"))
    source = models.CharField(_("answered through"), max_length=6, choices=Source.choices)
    attitude = models.PositiveSmallIntegerField(_("attitude"), validators=SCORE)
    responsibility = models.PositiveSmallIntegerField(_("responsibility"), validators=SCORE)
    expertise = models.PositiveSmallIntegerField(_("expertise"), validators=SCORE)
    satisfaction = models.PositiveSmallIntegerField(_("overall satisfaction"), validators=SCORE)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("entered by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-created_at"]
        # Average satisfaction over a period (cases/indicators.py).
        indexes = [models.Index(fields=["created_at"], name="survey_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(attitude__range=(1, 5))
                & Q(responsibility__range=(1, 5))
                & Q(expertise__range=(1, 5))
                & Q(satisfaction__range=(1, 5)),
                name="survey_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.satisfaction}/5"


class SurveyLink(models.Model):
    """The single-use public link printed on the appointment slip."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="survey_links", verbose_name=_("case")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.case} ({self.expires_at:%d/%m/%Y})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class Complaint(TimeStampedModel):
    """A call to the hotline or a complaint, with how it was resolved."""

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("Hotline")
        DESK = "desk", _("In person")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")

    class Topic(models.TextChoices):
        QUALITY = "quality", _("Quality of a case")
        ATTITUDE = "attitude", _("Attitude of staff or performer")
        DELAY = "delay", _("Delay")
        REFUSAL = "refusal", _("Refusal of a request")
        QUESTION = "question", _("Question or information")
        OTHER = "other", _("Other")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("unit")
    )
    received_on = models.DateField(_("received on"))
    caller = models.CharField(_("caller"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("case"),
    )
    content = models.TextField(_("content"))
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} {self.caller}"

    @property
    def about_quality(self) -> bool:
        return self.topic == self.Topic.QUALITY and self.case_id is not None


class Payment(TimeStampedModel):
    """Payment of a collaborator or contracted lawyer for an appraised case."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="payment", verbose_name=_("case")
    )
    performer = models.ForeignKey("staffing.Person", on_delete=models.PROTECT, verbose_name=_("performer"))
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on"]

    def __str__(self) -> str:
        return f"{self.case}: {self.amount}"


class CaseEvent(models.Model):
    """The timeline: one row per thing done to a case, with who did it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    code = models.CharField(_("event"), max_length=24)
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("by"))
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case}: {self.code}"


# The dashboard's pre-aggregated figures live beside the cases they count.
from .figures import MonthlyFigure  # noqa: E402, F401
