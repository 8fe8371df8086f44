"""The other people of a case, declared so that nobody is appointed against their own interest
(Law 11/2017 on legal aid, Art. 25: a performer must refuse or stop when the interests conflict)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import PersonNameMixin, TimeStampedModel, User

from .case import Case
from .people import citizen_id_validator


class CaseParty(PersonNameMixin, TimeStampedModel):
    """A person declared on a case: the opposing party, a relative of the beneficiary, another
    party. Matched against performers at appointment, by citizen ID when both have one, else by
    name without diacritics."""

    class Role(models.TextChoices):
        OPPOSING = "opposing", _("Opposing party")
        RELATIVE = "relative", _("Relative of the beneficiary")
        OTHER = "other", _("Other party")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party of the case")
        verbose_name_plural = _("parties of the case")
        ordering = ["case", "role", "name_sort_key"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"
