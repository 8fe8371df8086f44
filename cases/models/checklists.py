"""Admin-editable rules and checklists: who may perform which form of legal aid, the criteria
of success, complexity and appraisal, the scales of quality outcomes, the deadlines.

Every table here carries its legal basis, the days it is in force and whether it has been
checked against that text (``legalaid.models.RuleValidity``). Which day of a case decides
whether a rule applies:

- who may perform (``PerformerRule``): the request date;
- the criteria of Decision 1179 and Circular 09/2018, the appraisal criteria and the outcome
  scales: the completion date, because they judge the work as done under the rules of its time;
- a deadline (``DeadlineRule``): the day the period starts (the request, the acceptance, the
  completion, the appraisal decision, the replacement request).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import LegalAidForm, LegalField, RuleValidity, ValidityQuerySet, validity_ordered


class PerformerRule(RuleValidity):
    """Which kind of performer may take which form of legal aid (admin-editable)."""

    form = models.ForeignKey(LegalAidForm, on_delete=models.CASCADE, verbose_name=_("form of legal aid"))
    performer_kind = models.CharField(_("kind of performer"), max_length=12)
    history = HistoricalRecords()

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("who may perform a form of legal aid")
        verbose_name_plural = _("who may perform each form of legal aid")
        ordering = ["form", "performer_kind"]
        constraints = [
            models.UniqueConstraint(fields=["form", "performer_kind"], name="performer_rule_unique"),
            validity_ordered("performer_rule_validity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.performer_kind}"


class Criterion(RuleValidity):
    """One item of an admin-editable checklist: 1179 success, TT 09/2018 complex or typical,
    or a quality-appraisal criterion, for one form of legal aid (or all) and the fields of law
    it belongs to (or all)."""

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
    fields: models.ManyToManyField = models.ManyToManyField(
        LegalField,
        blank=True,
        related_name="criteria",
        verbose_name=_("fields of law"),
        help_text=_(
            "The fields of law the criterion belongs to (Decision 1179: criminal, civil or "
            "administrative group). Leave empty when it applies to every field."
        ),
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

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["kind", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="criterion_kind_code_unique"),
            validity_ordered("criterion_validity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @classmethod
    def applicable(
        cls, kind: str, *, form_id: int | None, field_id: int | None, on: date, until: date | None = None
    ) -> models.QuerySet[Criterion]:
        """The active criteria of ``kind`` for a case of this form and field, in force on ``on``
        (the completion date), or on any day from ``on`` to ``until`` (a form offering the
        criteria before the completion date is known)."""
        in_force = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        in_force &= Q(valid_from__isnull=True) | Q(valid_from__lte=until or on)
        no_fields = ~models.Exists(cls.fields.through.objects.filter(criterion_id=models.OuterRef("pk")))
        of_field = models.Exists(
            cls.fields.through.objects.filter(criterion_id=models.OuterRef("pk"), legalfield_id=field_id)
        )
        return cls.objects.filter(in_force, kind=kind, active=True).filter(
            Q(form__isnull=True) | Q(form_id=form_id), no_fields | of_field
        )

    def applies_to(self, *, form_id: int, field_id: int, field_ids: frozenset[int], day: date) -> bool:
        """``applicable`` in memory, for a criterion whose fields (``field_ids``) are known."""
        return (
            self.active
            and self.is_valid_on(day)
            and self.form_id in (None, form_id)
            and (not field_ids or field_id in field_ids)
        )


class QualityOutcome(RuleValidity):
    """A value of the appraisal or evaluation scale (admin-editable), offered for cases
    completed while it is in force."""

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

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("quality outcome")
        verbose_name_plural = _("quality outcomes")
        ordering = ["scale", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="quality_outcome_unique"),
            validity_ordered("quality_outcome_validity_ordered"),
        ]

    def __str__(self) -> str:
        return self.label

    def unmet(self, applicable: list[Criterion], met: set[int]) -> list[Criterion]:
        """The criteria this conclusion needs that are not among ``met``."""
        if self.criteria_needed == self.Needs.ALL:
            return [c for c in applicable if c.pk not in met]
        if self.criteria_needed == self.Needs.REQUIRED:
            return [c for c in applicable if c.required and c.pk not in met]
        return []


class DeadlineQuerySet(ValidityQuerySet):
    def in_force(self, code: str, day: date) -> DeadlineRule | None:
        """The rule for ``code`` in force on ``day``; the latest to start when periods overlap."""
        rules = self.valid_on(day).filter(code=code)
        return rules.order_by(models.F("valid_from").desc(nulls_last=True), "-pk").first()


class DeadlineRule(RuleValidity):
    """How long a step of the procedure may take (admin-editable). The rule in force on the day
    the period starts gives it; a new rule changes the deadlines of the periods starting from
    its first day, not those already running."""

    class Code(models.TextChoices):
        ANSWER = "answer", _("Answer a request for legal aid")
        PAPERS = "papers", _("Supply the papers of an urgent case accepted without them")
        APPOINTMENT = "appointment", _("Appoint a performer after acceptance")
        REPLACEMENT = "replacement", _("Answer a request to replace the performer")
        APPRAISAL_ASSIGN = "appraisal_assign", _("Assign the appraisal after completion")
        APPRAISAL = "appraisal", _("Appraise the case after the appraisal decision")
        SURVEY_LINK = "survey_link", _("Keep the survey link of the appointment slip valid")

    code = models.CharField(_("step"), max_length=20, choices=Code.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    working_days = models.BooleanField(
        _("working days"),
        default=True,
        help_text=_("Counted in working days of the calendar; otherwise in calendar days."),
    )
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["code", "-valid_from"]
        constraints = [validity_ordered("deadline_rule_validity_ordered")]

    def __str__(self) -> str:
        unit = _("working days") if self.working_days else _("days")
        return f"{self.get_code_display()}: {self.days} {unit}"
