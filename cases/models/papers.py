"""The papers proving a beneficiary's categories, ticked on a case's checklist."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import ProofDocumentType, TimeStampedModel, User

from .case import Case


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
