"""Complaints and hotline calls, about a case or not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, Unit, User

from .case import Case


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
