"""Payments to collaborators and contracted lawyers for their appraised cases."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, User

from .case import Case


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
