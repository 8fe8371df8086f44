"""The performer's part: appointments (and replacements) and the work log of a case."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, User

from .case import Case


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
    # A conflict of interest found at the appointment, and the director's reason for going on.
    conflicts = models.TextField(_("conflicts of interest found"), blank=True)
    override_reason = models.TextField(_("reason for appointing despite the conflict"), blank=True)
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
