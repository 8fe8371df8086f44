"""The timeline of a case: one row per thing done to it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.models import User

from .case import Case


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
