"""The people who perform legal aid (and the staff beside them), their trainings and quotas.

One ``Person`` per human for life: a collaborator who later becomes a legal-aid assistant keeps
the same record, only ``kind`` changes, and simple-history keeps every earlier state. Other apps
point at ``Person`` with a ForeignKey (cases: who performs; outreach: who ran a session).
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Commune, LegalField, PersonNameMixin, TimeStampedModel, Unit, User

citizen_id_validator = RegexValidator(r"^\d{12}$", _("A citizen ID has exactly 12 digits."))


class Ethnicity(models.Model):
    """One of Vietnam's 54 ethnic groups (official codes of the General Statistics Office)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_search_key = models.CharField(max_length=50, editable=False, db_index=True)
    other_names = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("Other spellings, comma-separated.")
    )

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from legalaid.text import search_key

        self.name_search_key = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_majority(self) -> bool:
        return self.code == "01"  # Kinh


class PersonQuerySet(models.QuerySet):
    def active(self) -> PersonQuerySet:
        return self.filter(status=Person.Status.ACTIVE)

    def performers(self) -> PersonQuerySet:
        """Active people who may be appointed to perform legal aid."""
        return self.active().filter(kind__in=Person.PERFORMER_KINDS)

    def with_contract_in_force(self, day) -> PersonQuerySet:
        """Leave out lawyers and advisers whose contract with the centre is not in force on
        ``day``; other kinds need no contract."""
        return self.exclude(
            Q(kind__in=Person.CONTRACT_KINDS) & (Q(contract_end__lt=day) | Q(contract_start__gt=day))
        )

    def with_card_in_force(self, day) -> PersonQuerySet:
        """Leave out people whose card is not yet issued or has expired on ``day``; a person
        without card dates is not left out."""
        return self.exclude(Q(card_expires_on__lt=day) | Q(card_issued_on__gt=day))

    def roster_eligible(self, day) -> PersonQuerySet:
        """Who may be on the public roster on ``day`` once published: active performers whose
        card (and, for lawyers and advisers, contract) is in force."""
        return self.performers().with_contract_in_force(day).with_card_in_force(day)

    def published(self, day) -> PersonQuerySet:
        """People published on or before ``day`` and not withdrawn by then."""
        return self.filter(published_on__lte=day).exclude(unpublished_on__lte=day)

    def waiting_publication(self, day) -> PersonQuerySet:
        """People who would be on the public roster on ``day`` but were never published (those
        withdrawn on purpose are not waiting)."""
        return self.roster_eligible(day).filter(published_on__isnull=True)

    def search(self, query: str) -> PersonQuerySet:
        from legalaid.text import search_key

        key = search_key(query)
        if not key:
            return self
        if key.isdigit():
            return self.filter(
                Q(citizen_id__contains=key) | Q(phone__contains=key) | Q(card_number__contains=key)
            )
        return self.filter(Q(name_search_key__contains=key) | Q(card_number__iexact=query.strip()))


class Person(PersonNameMixin, TimeStampedModel):
    """A human who performs legal aid or works beside those who do."""

    class Kind(models.TextChoices):
        ASSISTANT = "assistant", _("Legal-aid assistant")
        COLLABORATOR = "collaborator", _("Legal-aid collaborator")
        LAWYER = "lawyer", _("Lawyer")
        ADVISER = "adviser", _("Legal adviser")
        STAFF = "staff", _("Staff")

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    PERFORMER_KINDS = (Kind.ASSISTANT, Kind.COLLABORATOR, Kind.LAWYER, Kind.ADVISER)
    # Kinds whose work for the centre rests on a contract (lawyers, legal advisers).
    CONTRACT_KINDS = (Kind.LAWYER, Kind.ADVISER)

    # Identity and personal details (private: never on the public roster).
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.ForeignKey(
        Ethnicity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("ethnicity"),
    )
    minority_languages = models.ManyToManyField(
        Ethnicity,
        blank=True,
        related_name="speakers",
        verbose_name=_("minority languages spoken"),
        help_text=_("The languages of these ethnic groups that the person speaks."),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staffing_people",
        verbose_name=_("commune"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    # Role with the centre.
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staffing_people",
        verbose_name=_("unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
        help_text=_("The unit of the centre the person works in or with."),
    )
    fields = models.ManyToManyField(
        LegalField, blank=True, related_name="staffing_people", verbose_name=_("fields of law")
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staffing_person",
        verbose_name=_("user account"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("reason for the status"), max_length=255, blank=True)
    status_date = models.DateField(_("status since"), null=True, blank=True)

    # Appointment (assistants; collaborators' recognition decision) and card.
    appointment_decision = models.CharField(_("appointment decision number"), max_length=60, blank=True)
    appointment_date = models.DateField(_("appointment date"), null=True, blank=True)
    card_number = models.CharField(
        _("card number"),
        max_length=40,
        blank=True,
        help_text=_("Legal-aid assistant card, collaborator card or lawyer card, by kind."),
    )
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True)
    card_expires_on = models.DateField(_("card valid until"), null=True, blank=True)

    # Qualifications (assistants).
    has_law_degree = models.BooleanField(_("law degree"), default=False)
    has_lawyer_training = models.BooleanField(_("lawyer training course completed"), default=False)

    # Collaborators: preferred profiles under the collaborator rules.
    is_village_head = models.BooleanField(_("village head"), default=False)
    is_respected_person = models.BooleanField(_("respected person in the community"), default=False)

    # Lawyers and legal advisers.
    bar_association = models.CharField(_("bar association"), max_length=150, blank=True)
    organisation = models.CharField(_("law firm or legal-advice organisation"), max_length=255, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)

    notes = models.TextField(_("notes"), blank=True)

    # The public roster: a named role publishes a person (staffing.services.person_publish) and
    # may withdraw them with a reason; withdrawal keeps the date of the first publication.
    published_on = models.DateField(_("published on the roster on"), null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    unpublished_on = models.DateField(_("withdrawn from the roster on"), null=True, blank=True)
    unpublish_reason = models.CharField(_("reason for the withdrawal"), max_length=255, blank=True)

    history = HistoricalRecords(m2m_fields=[fields, minority_languages])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_sort_key", "pk"]
        permissions = [("publish_person", _("Can publish people on the public roster"))]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="person_citizen_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="person_citizen_id_12_digits",
            ),
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_start__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="person_contract_ordered",
            ),
        ]
        indexes = [
            # The roster and performers(): active people of the performer kinds by commune.
            models.Index(
                fields=["kind", "commune"], condition=Q(status="active"), name="person_active_kind_idx"
            ),
            # Expiry warnings: contracts and cards ending soon.
            models.Index(fields=["contract_end"], name="person_contract_end_idx"),
            models.Index(fields=["card_expires_on"], name="person_card_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_performer(self) -> bool:
        return self.status == self.Status.ACTIVE and self.kind in self.PERFORMER_KINDS

    @property
    def is_minority(self) -> bool:
        return self.ethnicity_id is not None and not self.ethnicity.is_majority

    def public_organisation(self) -> str:
        """What the public roster shows as 'unit or organisation'."""
        if self.kind in self.CONTRACT_KINDS and self.organisation:
            return self.organisation
        if self.unit_id:
            return self.unit.name
        return self.workplace

    def contract_active_on(self, day: date) -> bool:
        return (self.contract_start is None or self.contract_start <= day) and (
            self.contract_end is None or day <= self.contract_end
        )

    def card_valid_on(self, day: date) -> bool:
        return (self.card_issued_on is None or self.card_issued_on <= day) and (
            self.card_expires_on is None or day <= self.card_expires_on
        )

    @property
    def is_published(self) -> bool:
        """Published and not withdrawn (whether the roster lists them today also depends on their
        card and contract: ``PersonQuerySet.published`` and ``roster_eligible``)."""
        return self.published_on is not None and self.unpublished_on is None

    def roster_refusal(self, day: date) -> str | None:
        """Why this person may not be on the public roster on ``day`` (None: they may)."""
        if self.kind not in self.PERFORMER_KINDS:
            return str(_("Only legal-aid assistants, collaborators, lawyers and legal advisers are listed."))
        if self.status != self.Status.ACTIVE:
            return str(_("Only active people are listed."))
        if not self.card_valid_on(day):
            return str(_("The card is not in force."))
        if self.kind in self.CONTRACT_KINDS and not self.contract_active_on(day):
            return str(_("The contract with the centre is not in force."))
        return None


class StaffingYear(models.Model):
    """What the administrator sets each year: the assistants' quota and the training obligation."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    assistant_case_quota = models.PositiveSmallIntegerField(
        _("proceedings cases per assistant"),
        default=0,
        help_text=_("Quota of cases in which each legal-aid assistant takes part in proceedings."),
    )
    training_hours = models.PositiveSmallIntegerField(
        _("training hours required"),
        default=0,
        help_text=_("Hours of training each performer must attend during the year."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly quota and obligation")
        verbose_name_plural = _("yearly quotas and obligations")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class AssistantQuota(models.Model):
    """A quota for one assistant in one year that differs from the year's default."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("legal-aid assistant"),
        limit_choices_to={"kind": Person.Kind.ASSISTANT},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    cases = models.PositiveSmallIntegerField(_("proceedings cases"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual quota")
        verbose_name_plural = _("individual quotas")
        ordering = ["-year", "person__name_sort_key"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="assistant_quota_unique")]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.cases}"


class Training(TimeStampedModel):
    """A training course or session that performers attend."""

    title = models.CharField(_("title"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    is_lawyer_course = models.BooleanField(
        _("lawyer training course"),
        default=False,
        help_text=_("Completing it counts as the lawyer training required to become an assistant."),
    )
    attendees = models.ManyToManyField(
        Person, through="Attendance", related_name="trainings", verbose_name=_("attendees")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="training_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d/%m/%Y})"


class Attendance(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("training")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("person")
    )
    hours = models.DecimalField(
        _("hours attended"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty when the person attended the whole training."),
    )
    completed = models.BooleanField(_("completed"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["training", "person__name_sort_key"]
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person} - {self.training}"

    @property
    def counted_hours(self):
        if not self.completed:
            return 0
        return self.hours if self.hours is not None else self.training.hours
