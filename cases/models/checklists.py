"""Admin-editable rules and checklists: who may perform which form of legal aid, the criteria
of success, complexity and appraisal, the scales of quality outcomes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import LegalAidForm, LegalField


class PerformerRule(models.Model):
    """Which kind of performer may take which form of legal aid (admin-editable)."""

    form = models.ForeignKey(LegalAidForm, on_delete=models.CASCADE, verbose_name=_("form of legal aid"))
    performer_kind = models.CharField(_("kind of performer"), max_length=12)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("who may perform a form of legal aid")
        verbose_name_plural = _("who may perform each form of legal aid")
        ordering = ["form", "performer_kind"]
        constraints = [
            models.UniqueConstraint(fields=["form", "performer_kind"], name="performer_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.performer_kind}"


class Criterion(models.Model):
    """One item of an admin-editable checklist: 1179 success, TT 09/2018 complex or typical,
    or a quality-appraisal criterion."""

    class Kind(models.TextChoices):
        SUCCESS = "success", _("Successful proceedings case (Decision 1179/QĐ-BTP)")
        COMPLEX = "complex", _("Complex or typical case (Circular 09/2018/TT-BTP)")
        APPRAISAL = "appraisal", _("Quality appraisal criterion")

    kind = models.CharField(_("checklist"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    form = models.ForeignKey(
        LegalAidForm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("form of legal aid"),
        help_text=_("Leave empty when the criterion applies to every form."),
    )
    field = models.ForeignKey(
        LegalField,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("field of law"),
        help_text=_("Leave empty when the criterion applies to every field."),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_(
            'An appraisal outcome that needs the required criteria ("meets quality") can be '
            "concluded only when every required criterion is met."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["kind", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="criterion_kind_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @classmethod
    def applicable(cls, kind: str, *, form_id: int | None, field_id: int | None):
        return cls.objects.filter(kind=kind, active=True).filter(
            Q(form__isnull=True) | Q(form_id=form_id), Q(field__isnull=True) | Q(field_id=field_id)
        )


class QualityOutcome(models.Model):
    """A value of the appraisal or evaluation scale (admin-editable)."""

    class Scale(models.TextChoices):
        APPRAISAL = "appraisal", _("Quality appraisal")
        EVALUATION = "evaluation", _("Evaluation by the Department of Justice")

    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices)
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0, help_text=_("1 is the best."))
    meets_quality = models.BooleanField(_("meets the quality standard"), default=True)

    class Needs(models.TextChoices):
        NOTHING = "nothing", _("no criterion")
        REQUIRED = "required", _("every required criterion")
        ALL = "all", _("every criterion")

    criteria_needed = models.CharField(
        _("criteria it needs"),
        max_length=10,
        choices=Needs.choices,
        default=Needs.NOTHING,
        help_text=_(
            "Which of the appraisal criteria must be met for this conclusion; the appraiser may "
            "conclude otherwise only with a written reason, which the report prints."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality outcome")
        verbose_name_plural = _("quality outcomes")
        ordering = ["scale", "rank"]
        constraints = [models.UniqueConstraint(fields=["scale", "code"], name="quality_outcome_unique")]

    def __str__(self) -> str:
        return self.label

    def unmet(self, applicable: list[Criterion], met: set[int]) -> list[Criterion]:
        """The criteria this conclusion needs that are not among ``met``."""
        if self.criteria_needed == self.Needs.ALL:
            return [c for c in applicable if c.pk not in met]
        if self.criteria_needed == self.Needs.REQUIRED:
            return [c for c in applicable if c.required and c.pk not in met]
        return []
