"""How good the legal aid was: appraisal by a legal-aid assistant, evaluation by the
Department of Justice, satisfaction surveys of the beneficiaries."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, Unit, User

from .case import Case
from .checklists import Criterion, QualityOutcome


class Appraisal(TimeStampedModel):
    """The quality appraisal of a completed case by an assistant who did not perform it."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="appraisal", verbose_name=_("case")
    )
    # The appraiser's login (filled when they have one: their notices, the "to appraise" queue,
    # their right to record the appraisal) and their staffing record (every appraiser chosen
    # from staffing, with or without a login).
    appraiser = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisals",
        verbose_name=_("appraiser"),
    )
    appraiser_person = models.ForeignKey(
        "staffing.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisals",
        verbose_name=_("appraiser (staffing)"),
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
    # Why the conclusion differs from what the criteria met support (printed on the report).
    override_reason = models.TextField(_("reason for a conclusion other than the criteria's"), blank=True)
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality appraisal")
        verbose_name_plural = _("quality appraisals")
        ordering = ["-assigned_on"]

    def __str__(self) -> str:
        return f"{self.case} - {self.appraiser_name}"

    @property
    def appraiser_name(self) -> str:
        if self.appraiser_person_id is not None:
            return self.appraiser_person.full_name
        return self.appraiser.full_name if self.appraiser is not None else ""


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
