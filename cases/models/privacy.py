"""The log of every time someone was shown a sensitive case's protected data (its categories,
the person's contact data, the matter, its papers and scans), and of every data-subject export.
Directors read it for their subtree (``cases.views.privacy``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import Unit, User

from .case import Case
from .people import Beneficiary


class SensitiveView(models.Model):
    """One showing of one sensitive case's protected data to one user (or one data-subject
    export of a person's data: ``case`` empty, ``beneficiary`` set). Written only through
    ``cases.services.privacy``; never edited."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        PDF = "pdf", _("PDF paper")
        EXPORT = "export", _("Export")
        SCAN = "scan", _("Scan or file")
        SUBJECT_EXPORT = "subject", _("Data-subject export")

    at = models.DateTimeField(_("seen at"), default=timezone.now)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="sensitive_views", verbose_name=_("user")
    )
    # The user's unit when they looked: a user may move to another unit later.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("user's unit")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sensitive_views",
        verbose_name=_("case"),
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="sensitive_views",
        verbose_name=_("beneficiary"),
    )
    kind = models.CharField(_("what was shown"), max_length=8, choices=Kind.choices)
    url_name = models.CharField(_("page"), max_length=60)

    class Meta:
        verbose_name = _("view of sensitive data")
        verbose_name_plural = _("views of sensitive data")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="sensitive_view_at_idx"),
            models.Index(fields=["case", "-at"], name="sensitive_view_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.case or self.beneficiary} · {self.at:%d/%m/%Y %H:%M}"
