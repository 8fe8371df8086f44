"""Plans: annual work plans, plans implementing a programme, multi-year strategies with phases.

A plan holds its document parts (purpose, funding, implementation) as text and its content as a
tree of sections (phases, parts, topics) and activities, in document order. Activities carry
their lead and coordinating bodies, a time window (the original words and the parsed dates),
the expected result, targets bound to indicators of the registry, and dated progress notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import TimeStampedModel, Unit


class Plan(TimeStampedModel):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual work plan")
        PROGRAMME = "programme", _("Plan implementing a programme")
        STRATEGY = "strategy", _("Multi-year strategy")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        ISSUED = "issued", _("Issued")
        SUPERSEDED = "superseded", _("Superseded by a new version")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("unit"),
        help_text=_("The unit whose plan this is: it and its sub-units see the plan."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    issuer_parent = models.CharField(_("issuing body's parent"), max_length=200, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place name"), max_length=60, blank=True)
    document_type = models.CharField(_("document type"), max_length=40, default="KẾ HOẠCH")
    title = models.TextField(_("plan title"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    preamble = models.TextField(_("issuing decision"), blank=True)
    legal_bases = models.TextField(_("legal bases"), blank=True)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    funding = models.TextField(_("funding"), blank=True)
    implementation = models.TextField(_("implementation responsibilities"), blank=True)
    closing = models.TextField(_("closing sentence"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    signer_authority = models.CharField(_("signing authority"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("new version of"),
        help_text=_("The issued plan this version replaces once it is issued."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"
            ),
            # One new version at a time is being prepared for an issued plan.
            models.UniqueConstraint(
                fields=["revises"],
                condition=models.Q(status__in=["draft", "submitted"]),
                name="plan_one_open_revision",
            ),
        ]
        indexes = [
            # The plans list: a unit's plans, newest period first.
            models.Index(fields=["unit", "-period_start"], name="plan_unit_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type.capitalize()} {self.title}"

    @property
    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class Section(models.Model):
    """A heading of the plan's content: a part ("II. NỘI DUNG"), a phase ("I. Giai đoạn 2016 -
    2020") or a topic ("3.1. Công tác ...")."""

    class Kind(models.TextChoices):
        PART = "part", _("Part")
        PHASE = "phase", _("Phase")
        TOPIC = "topic", _("Topic")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=30, blank=True)
    title = models.TextField(_("heading"))
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position in the document"))
    depth = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Recurrence(models.TextChoices):
    ONCE = "once", _("once")
    YEARLY = "yearly", _("every year")
    CONTINUOUS = "continuous", _("continuous")
    ON_CHANGE = "on_change", _("whenever something changes")
    ON_EVENT = "on_event", _("when triggered")


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


class Activity(TimeStampedModel):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("section"),
    )
    number = models.CharField(_("number"), max_length=30, blank=True)
    title = models.TextField(_("activity title"))
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position in the document"))
    depth = models.PositiveSmallIntegerField(default=0)
    lead_text = models.TextField(_("lead (as written)"), blank=True)
    coordinating_text = models.TextField(_("coordinating (as written)"), blank=True)
    time_text = models.TextField(_("time (as written)"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    yearly_deadline_month = models.PositiveSmallIntegerField(null=True, blank=True)
    yearly_deadline_day = models.PositiveSmallIntegerField(null=True, blank=True)
    relative_working_days = models.PositiveSmallIntegerField(
        _("working days after the trigger"), null=True, blank=True
    )
    trigger_text = models.CharField(_("trigger"), max_length=300, blank=True)
    time_understood = models.BooleanField(_("time understood"), default=True)
    result_text = models.TextField(_("expected result"), blank=True)
    status_override = models.CharField(
        _("status set by hand"), max_length=12, choices=ActivityStatus.choices, blank=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="activity_unique_position"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_window_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status_override="") | models.Q(status_reason=""),
                name="activity_reason_only_with_override",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def label(self) -> str:
        if not self.number or self.number.endswith(")") or self.number.lower().startswith("hoạt động"):
            return f"{self.number} {self.title}".strip()
        return f"{self.number}. {self.title}"


class ActivityUnit(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        COORDINATING = "coordinating", _("Coordinating")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="unit_links", verbose_name=_("activity")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_links",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name as written"), max_length=300)
    share = models.CharField(_("share"), max_length=300, blank=True, help_text=_("e.g. 10 cuộc"))
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit of an activity")
        verbose_name_plural = _("units of activities")
        ordering = ["activity", "role", "position"]
        indexes = [
            # Filter by lead unit and "due this quarter per unit".
            models.Index(fields=["unit", "role"], name="activityunit_unit_role_idx"),
        ]

    def __str__(self) -> str:
        return self.unit.name if self.unit_id else self.name

    @property
    def display_name(self) -> str:
        return self.unit.name if self.unit_id else self.name


class Target(TimeStampedModel):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="targets", verbose_name=_("activity")
    )
    label = models.CharField(_("target as written"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    measure = models.CharField(_("unit of measure"), max_length=40, help_text=_("e.g. cuộc, chuyên đề, %"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_targets",
        verbose_name=_("for unit"),
        help_text=_("Set when the plan splits the target per unit."),
    )
    indicator_key = models.CharField(_("indicator"), max_length=100, blank=True)
    filters = models.JSONField(_("indicator filters"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["activity", "unit_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="target_quantity_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_percent(self) -> bool:
        return self.measure.strip() == "%"


class ProgressNote(TimeStampedModel):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="notes", verbose_name=_("activity")
    )
    day = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("Document number, link or where the proof is kept."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["activity", "-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.text[:60]}"


class StatusChange(models.Model):
    """Each time someone sets or clears an activity's status by hand, with the reason."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("activity")
    )
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices, blank=True)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["activity", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.status or '-'}"
