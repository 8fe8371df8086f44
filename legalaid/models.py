"""The shared vocabulary: areas, the organisation tree, users, reference lists, the calendar's
overrides and background-job progress. Every other app builds on these."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import connection, models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.text import normalize_spaces, search_key, sort_key


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PersonNameMixin(models.Model):
    """A Vietnamese full name with the keys that search and sort it on any PostgreSQL."""

    full_name = models.CharField(_("full name"), max_length=150)
    name_search_key = models.CharField(max_length=150, editable=False, db_index=True)
    name_sort_key = models.CharField(max_length=400, editable=False, db_collation="C")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_search_key", "name_sort_key"}
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        self.full_name = normalize_spaces(self.full_name)
        self.name_search_key = search_key(self.full_name)
        self.name_sort_key = sort_key(self.full_name)


# --- Areas -------------------------------------------------------------------------------------


class Province(models.Model):
    """A province-level unit (tỉnh / thành phố trung ương), keyed by its official code."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.division_type.capitalize()} {self.name}"


class Commune(models.Model):
    """A commune-level unit (xã, phường, đặc khu) of the two-level administration since 1/7/2025.

    Records refer to communes by official code (the primary key): names change, codes do not.
    """

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    name_search_key = models.CharField(max_length=100, editable=False, db_index=True)
    extremely_disadvantaged = models.BooleanField(
        _("extremely disadvantaged area"),
        default=False,
        help_text=_("Commune in an area with extremely difficult socio-economic conditions."),
    )
    # The Government's list of such communes changes by decision: the flag holds between these
    # dates (either left empty: open on that side; both empty: always while flagged).
    extremely_disadvantaged_from = models.DateField(
        _("extremely disadvantaged from"),
        null=True,
        blank=True,
        help_text=_("First day the commune is on the list (empty: since always)."),
    )
    extremely_disadvantaged_until = models.DateField(
        _("extremely disadvantaged until"),
        null=True,
        blank=True,
        help_text=_("Last day the commune is on the list (empty: still on it)."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["province_id", "name_search_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extremely_disadvantaged_from__isnull=True)
                | Q(extremely_disadvantaged_until__isnull=True)
                | Q(extremely_disadvantaged_until__gte=models.F("extremely_disadvantaged_from")),
                name="commune_disadvantaged_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search_key = search_key(self.name)
        super().save(*args, **kwargs)

    def is_extremely_disadvantaged_on(self, on: date) -> bool:
        """On the list of extremely disadvantaged communes on ``on``."""
        return (
            self.extremely_disadvantaged
            and (self.extremely_disadvantaged_from is None or self.extremely_disadvantaged_from <= on)
            and (self.extremely_disadvantaged_until is None or on <= self.extremely_disadvantaged_until)
        )


# --- Organisation tree -------------------------------------------------------------------------


class Unit(TimeStampedModel):
    """A node of the organisation tree, or an outside body that plans and outreach refer to.

    Internal units form a tree (Ministry > Department of Justice > Centre > departments and
    branches) stored with a materialised path, so "this unit and everything below it" is one
    indexed prefix query. Outside bodies (courts, police, ...) hang under the province's
    Department of Justice only for scoping; they hold no records of their own.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry of Justice")
        DOJ = "doj", _("Department of Justice")
        CENTRE = "centre", _("Legal aid centre")
        DEPARTMENT = "department", _("Department of the centre")
        BRANCH = "branch", _("Branch of the centre")
        DOJ_DIVISION = "doj_division", _("Division of the Department of Justice")
        COURT = "court", _("Court")
        POLICE = "police", _("Police")
        PROCURACY = "procuracy", _("Procuracy")
        DETENTION = "detention", _("Detention facility")
        PEOPLES_COMMITTEE = "committee", _("People's Committee")
        PROVINCIAL_AGENCY = "agency", _("Provincial agency")
        MEDIA = "media", _("Press, radio and television")
        BAR = "bar", _("Bar association")
        ORGANISATION = "organisation", _("Mass organisation")
        OTHER = "other", _("Other body")

    INTERNAL_KINDS = (Kind.MINISTRY, Kind.DOJ, Kind.CENTRE, Kind.DEPARTMENT, Kind.BRANCH, Kind.DOJ_DIVISION)
    PATH_STEP = 6

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("abbreviation"),
        max_length=30,
        blank=True,
        help_text=_("Used in document numbers and archive lines, e.g. TGPL, HC-TH, NV."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, editable=False, unique=True, db_collation="C")
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="serving_units",
        verbose_name=_("communes served"),
        help_text=_("For a branch: the communes whose residents it serves."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [("view_dashboard", _("Can view the officials' dashboard and statistics"))]
        indexes = [
            # visible_units(): path LIKE '<prefix>%' over the "C" collation uses this b-tree.
            models.Index(fields=["path"], name="unit_path_prefix_idx", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk is None:
                # Take the primary key first: the path is built from it, in one insert.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [self._meta.db_table])
                    self.pk = cursor.fetchone()[0]
                kwargs["force_insert"] = True
            old_path = self.path
            parent_path = self.parent.path if self.parent_id else ""
            if old_path and parent_path.startswith(old_path):
                raise ValueError("A unit cannot be placed under itself or its own sub-units.")
            self.path = f"{parent_path}{self.pk:0{self.PATH_STEP}d}"
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moved: every descendant's path starts with the new prefix.
                Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
                )

    @property
    def is_internal(self) -> bool:
        return self.kind in self.INTERNAL_KINDS

    @property
    def depth(self) -> int:
        return len(self.path) // self.PATH_STEP - 1

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[Unit]:
        prefixes = [self.path[:i] for i in range(self.PATH_STEP, len(self.path), self.PATH_STEP)]
        return Unit.objects.filter(path__in=prefixes).order_by("path")

    def centre(self) -> Unit | None:
        """The legal-aid centre this unit belongs to (itself if it is one)."""
        if self.kind == self.Kind.CENTRE:
            return self
        return self.ancestors().filter(kind=self.Kind.CENTRE).last()


class User(PersonNameMixin, AbstractUser):
    """A person who logs in. Belongs to one unit and sees that unit's subtree."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    title = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # django-stubs leaves it out
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name_sort_key"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username


# --- Reference lists ---------------------------------------------------------------------------


class ReferenceItem(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class LegalAidForm(ReferenceItem):
    """The three forms of legal aid (Law 11/2017 Art. 27)."""

    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        verbose_name = _("form of legal aid")
        verbose_name_plural = _("forms of legal aid")


class LegalField(ReferenceItem):
    """A field of law; ``stats_group`` rolls it up into the rows of the Ministry's forms."""

    stats_group = models.CharField(_("statistics group"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        verbose_name = _("field of law")
        verbose_name_plural = _("fields of law")


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> ValidityQuerySet:
        return self.filter(Q(valid_from__lte=day) | Q(valid_from__isnull=True)).filter(
            Q(valid_to__gte=day) | Q(valid_to__isnull=True)
        )


class RuleValidity(models.Model):
    """What every admin-editable rule carries: the text it comes from, the days it is in force
    (both ends included, empty for open) and whether somebody has checked it against that text.
    Each concrete table sets ``objects = ValidityQuerySet.as_manager()`` (or a subclass).

    A rule is applied to a case only on a day it is in force (``valid_on``); which day of the
    case counts is said where the rule is looked up. Unverified defaults stay usable, but the
    admin lists and flags them until somebody checks them."""

    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_("The text the rule comes from: law, decree, circular, decision, with the article."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True, help_text=_("Empty: since always."))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("The last day it applies. Empty: still in force.")
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Somebody has checked the rule against the original text of its legal basis."),
    )

    class Meta:
        abstract = True

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def validity_ordered(name: str) -> models.CheckConstraint:
    """The constraint every dated rule table carries: it ends no earlier than it starts."""
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True)
        | Q(valid_from__isnull=True)
        | Q(valid_to__gte=models.F("valid_from")),
        name=name,
    )


class BeneficiaryCategory(ReferenceItem):
    """A category of people entitled to legal aid (Law 11/2017 Art. 7 as amended), with the
    dates it is valid: eligibility is always judged on the date of the request."""

    clause = models.CharField(_("clause"), max_length=10, help_text=_("e.g. 1, 5, 6a, 7c"))
    requires_financial_hardship = models.BooleanField(
        _("financial hardship must also be shown"), default=False
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Shown only to people working on the case (e.g. HIV, violence, trafficking)."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Somebody has checked the rule against the original text of its legal basis."),
    )
    proofs: models.ManyToManyField = models.ManyToManyField(
        "ProofDocumentType",
        through="CategoryProof",
        blank=True,
        verbose_name=_("proving papers"),
    )
    history = HistoricalRecords()

    objects = ValidityQuerySet.as_manager()

    class Meta(ReferenceItem.Meta):
        verbose_name = _("beneficiary category")
        verbose_name_plural = _("beneficiary categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="category_validity_ordered",
            )
        ]

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ProofDocumentType(models.Model):
    """A kind of paper that proves a person belongs to a category (TT 08/2017 Art. 33)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proving paper type")
        verbose_name_plural = _("proving paper types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CategoryProof(RuleValidity):
    """Which papers prove a category: every group must be satisfied, by any one paper in it.
    A line counts for a case when it is in force on the case's request date."""

    category = models.ForeignKey(
        BeneficiaryCategory, on_delete=models.CASCADE, verbose_name=_("beneficiary category")
    )
    document_type = models.ForeignKey(
        ProofDocumentType, on_delete=models.PROTECT, verbose_name=_("proving paper type")
    )
    group = models.PositiveSmallIntegerField(
        _("group"),
        default=1,
        help_text=_("All groups are required; any one paper of a group satisfies it."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("proving paper of a category")
        verbose_name_plural = _("proving papers of categories")
        ordering = ["category", "group", "document_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "document_type"], name="category_proof_unique"),
            validity_ordered("category_proof_validity_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} / {self.group}: {self.document_type}"


# --- Working-day calendar overrides ------------------------------------------------------------


class CalendarOverride(models.Model):
    """A day the government or the centre moves: an extra day off or an extra working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Extra day off")
        WORKING_DAY = "work", _("Extra working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"


# --- Background jobs ---------------------------------------------------------------------------


class Job(TimeStampedModel):
    """What a page shows about a background job: progress, the message, the file it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("description"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="jobs", verbose_name=_("created by")
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("unit"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0


# --- Official statistics tables ----------------------------------------------------------------


class StatisticsTable(models.Model):
    """A Ministry statistics form as a configurable pivot: rows and columns are filters on one
    indicator, so a new version of the form is a change of data, not of code. ``counts`` says
    which cases every cell counts, ``definition`` why (the form's own instructions)."""

    class Counts(models.TextChoices):
        COMPLETED = "completed", _("Cases completed in the period")
        ACCEPTED = "accepted", _("Cases accepted in the period")
        IN_PROGRESS = "in_progress", _("Cases being performed at the end of the period")

    code = models.CharField(_("form number"), max_length=40, unique=True, help_text=_("e.g. 24/BTP/TGPL"))
    title = models.CharField(_("title of the form"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    indicator_key = models.CharField(
        _("indicator"), max_length=100, help_text=_("The registered indicator every cell counts.")
    )
    unit_label = models.CharField(
        _("unit of count"), max_length=60, blank=True, help_text=_("e.g. lượt người")
    )
    counts = models.CharField(
        _("cases counted"),
        max_length=12,
        choices=Counts.choices,
        blank=True,
        help_text=_("Which cases every cell counts; empty: as the indicator counts by default."),
    )
    definition = models.TextField(
        _("what the form counts"),
        blank=True,
        help_text=_("The form's definition of its figures and the legal basis of that definition."),
    )
    definition_verified = models.BooleanField(
        _("definition checked against the published text"),
        default=False,
        help_text=_("Leave unticked while the definition is the project's reading, not the Ministry's text."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics table")
        verbose_name_plural = _("statistics tables")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class StatisticsLine(models.Model):
    """A row or a column of a statistics table and the filters it adds to the indicator."""

    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, verbose_name=_("statistics table"))
    position = models.PositiveSmallIntegerField(_("display order"))
    number = models.CharField(
        _("number as printed"), max_length=20, blank=True, help_text=_("As the form prints it: 1, 1.1, (4)")
    )
    label = models.CharField(_("text of the row or column"), max_length=255)
    group = models.CharField(
        _("heading group"), max_length=255, blank=True, help_text=_("Columns under one shared heading.")
    )
    filters = models.JSONField(
        _("filters"),
        default=dict,
        blank=True,
        help_text=_('Filters of the indicator, e.g. {"field": ["HS"], "form": "TVPL"}; empty for totals.'),
    )
    emphasis = models.BooleanField(_("bold (a group total)"), default=False)

    class Meta:
        abstract = True
        ordering = ["table", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.label}".strip()


class StatisticsRow(StatisticsLine):
    history = HistoricalRecords()

    class Meta(StatisticsLine.Meta):
        verbose_name = _("statistics row")
        verbose_name_plural = _("statistics rows")
        constraints = [models.UniqueConstraint(fields=["table", "position"], name="statistics_row_position")]


class StatisticsColumn(StatisticsLine):
    history = HistoricalRecords()

    class Meta(StatisticsLine.Meta):
        verbose_name = _("statistics column")
        verbose_name_plural = _("statistics columns")
        constraints = [
            models.UniqueConstraint(fields=["table", "position"], name="statistics_column_position")
        ]


# --- Periodic reports --------------------------------------------------------------------------


class PeriodicReport(TimeStampedModel):
    """The centre's six-monthly or yearly report: figures come from the indicators when printed;
    the narrative sections are written by staff in the browser."""

    class Kind(models.TextChoices):
        HALF_YEAR = "half", _("Six months")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="periodic_reports", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("report number"), null=True, blank=True)
    report_date = models.DateField(_("date"), null=True, blank=True)
    situation = models.TextField(_("general situation"), blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    plans = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    NARRATIVE_FIELDS = ("situation", "results", "difficulties", "plans", "proposals")

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-year", "kind", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="periodic_report_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} - {self.unit}"


# --- Notifications -----------------------------------------------------------------------------


class Notification(models.Model):
    """A message to one user about their work: shown in their inbox (``/thong-bao/``) and
    e-mailed by the background worker when the deployment sends mail.

    Apps write them through ``legalaid.notifications``. What a notice is about is named by its
    link and ``about`` ("cases.case:42"), not a foreign key: one to an app's model would make
    legalaid import the app. The text is written for its recipient (masked as they may see it)
    and is not personal data of its own, so it carries no history.
    """

    class Kind(models.TextChoices):
        APPOINTED = "appointed", _("Appointed to perform a case")
        REPLACED = "replaced", _("Performer replaced")
        APPRAISAL = "appraisal", _("Appraisal assigned")
        PAPERS = "papers", _("Papers requested")
        COMPLAINT = "complaint", _("Complaint received")
        DUE_SOON = "due_soon", _("Deadline in 2 working days")
        OVERDUE = "overdue", _("Overdue")

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    about = models.CharField(_("about"), max_length=60, blank=True)
    # Set by the notices a job raises (deadlines): the same key is never raised twice for the
    # same person, so a job run twice the same day writes nothing new.
    key = models.CharField(max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_unique"
            )
        ]
        indexes = [
            # The inbox: one user's notices, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            # The unread count in every page's header (legalaid.context_processors.notifications).
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.text[:60]}"
