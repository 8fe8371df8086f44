"""Payments to collaborators and contracted lawyers for their appraised cases, and the tariff
their amounts come from."""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import LegalAidForm, TimeStampedModel, User
from staffing.models import Person

from .case import Case

# The performers paid per case (assistants are salaried).
PAID_KINDS = (Person.Kind.COLLABORATOR, Person.Kind.LAWYER, Person.Kind.ADVISER)


class PaymentTariff(TimeStampedModel):
    """One line of the tariff (biểu mức thù lao): what a performer of one kind is paid for one
    form of legal aid, per unit, while the line is in force (admin-editable).

    A case records no proceedings stage, so a line covers a form of aid as a whole; a line per
    day of work or per hearing session follows the volume of the work logged. A line counts
    only once somebody has checked its amount against its legal basis (``verified``)."""

    class Unit(models.TextChoices):
        CASE = "case", _("per case")
        DAY = "day", _("per day of work")
        SESSION = "session", _("per hearing session")

    form = models.ForeignKey(LegalAidForm, on_delete=models.PROTECT, verbose_name=_("form of legal aid"))
    performer_kind = models.CharField(
        _("kind of performer"),
        max_length=12,
        choices=[(kind.value, kind.label) for kind in PAID_KINDS],
    )
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=14, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.CASE)
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The text fixing the amount: the Circular, the provincial council's resolution…"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("The amount has been checked against its legal basis; until then no payment uses it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment tariff line")
        verbose_name_plural = _("payment tariff")
        ordering = ["form", "performer_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_tariff_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="payment_tariff_valid_period",
            ),
        ]

    def __str__(self) -> str:
        kind, unit = self.get_performer_kind_display(), self.get_unit_display()
        return f"{self.form} – {kind}: {self.amount:,.0f} đ {unit}"

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @property
    def is_set(self) -> bool:
        """The line can be paid from: checked against its basis, and not zero."""
        return self.verified and self.amount > 0


class Payment(TimeStampedModel):
    """Payment of a collaborator or contracted lawyer for an appraised case."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="payment", verbose_name=_("case")
    )
    performer = models.ForeignKey("staffing.Person", on_delete=models.PROTECT, verbose_name=_("performer"))
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    # What the tariff gave: the line in force on the appraisal date, times the units of work.
    tariff = models.ForeignKey(
        PaymentTariff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("tariff line"),
    )
    units = models.PositiveIntegerField(_("units"), default=1)
    computed_amount = models.DecimalField(
        _("amount from the tariff (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    adjustment_reason = models.TextField(_("reason for adjusting the amount"), blank=True)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on"]

    def __str__(self) -> str:
        return f"{self.case}: {self.amount}"
