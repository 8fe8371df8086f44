"""The case: a request for legal aid from the desk to appraisal, and the number series its
papers draw from."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import BeneficiaryCategory, LegalAidForm, LegalField, TimeStampedModel, Unit, User

from .checklists import Criterion
from .people import Beneficiary


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

    class ProceduralRole(models.TextChoices):
        """The beneficiary's standing in the proceedings: the eight roles of Law 11/2017 art. 7
        khoản 5 as replaced by Law 59/2024/QH15 (from 01/01/2026), and the parties of civil
        and administrative proceedings."""

        REPORTED = "reported", _("Person reported to the authorities")
        PROPOSED = "proposed", _("Person proposed for prosecution")
        DETAINED = "detained", _("Person held in an emergency")
        ACCUSED = "accused", _("Accused person")
        VICTIM = "victim", _("Victim")
        WITNESS = "witness", _("Witness")
        DIVERTED = "diverted", _("Person under a diversion measure")
        PRISONER = "prisoner", _("Prisoner")
        PARTY = "party", _("Litigant or person with related rights and obligations")

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
    procedural_role = models.CharField(
        _("procedural role"),
        max_length=10,
        choices=ProceduralRole.choices,
        blank=True,
        help_text=_("The beneficiary's standing in the proceedings, where there are any."),
    )

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
            # The home page's work queue: cases in each state in a unit subtree (cases/queue.py).
            models.Index(fields=["status", "unit"], name="case_status_unit_idx"),
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
