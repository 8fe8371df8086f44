"""Complaints and hotline calls, about a case or not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, Unit, User

from .case import Case


class Complaint(TimeStampedModel):
    """A call to the hotline or a complaint, with how it was resolved.

    A small workflow: received, handled by a user of the unit, then answered (the answer letter
    can be printed) or withdrawn. ``services.complaints.TRANSITIONS`` says which moves are
    allowed; ``resolved_on`` is set when it is answered or withdrawn, so "open" is
    ``resolved_on IS NULL``. ``version`` goes up with every change, for the conflict check."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        HANDLING = "handling", _("Being handled")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.RECEIVED, Status.HANDLING)

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
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_handled",
        verbose_name=_("handler"),
    )
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    answer_number = models.PositiveIntegerField(
        _("answer letter number"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="complaint_unit_status_idx")]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} {self.caller}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def overdue_on(self, today) -> bool:
        """Still open after its due day."""
        return self.is_open and self.due_on is not None and today > self.due_on

    @property
    def about_quality(self) -> bool:
        return self.topic == self.Topic.QUALITY and self.case_id is not None
