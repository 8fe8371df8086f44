"""Outreach: the places where legal-aid information is posted and their boards, leaflets and
their stock, sessions in the communes and villages, media items, and the yearly targets the
coverage page measures them against.

Every record belongs to a unit of the organisation tree (``unit`` or, for sessions, the lead
unit) and is seen by the users of that unit's subtree.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Commune, LegalField, TimeStampedModel, Unit


class Place(TimeStampedModel):
    """A place where legal-aid information must be posted: a commune People's Committee office
    or an outside body (court, police, procuracy, detention facility, other)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Commune People's Committee")
        COURT = "court", _("Court")
        POLICE = "police", _("Police")
        PROCURACY = "procuracy", _("Procuracy")
        DETENTION = "detention", _("Detention facility")
        OTHER = "other", _("Other place")

    # The kinds that are an outside body of the organisation list, and the unit kind they match.
    BODY_KINDS: dict[str, str] = {
        Kind.COURT: Unit.Kind.COURT,
        Kind.POLICE: Unit.Kind.POLICE,
        Kind.PROCURACY: Unit.Kind.PROCURACY,
        Kind.DETENTION: Unit.Kind.DETENTION,
    }

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="outreach_places", verbose_name=_("commune")
    )
    body = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_places",
        verbose_name=_("outside body"),
        limit_choices_to=~Q(kind__in=Unit.INTERNAL_KINDS),
        help_text=_(
            "For courts, police, procuracy and detention facilities: the body in the organisation list."
        ),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_places_in_charge",
        verbose_name=_("unit in charge"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("information place")
        verbose_name_plural = _("information places")
        ordering = ["commune__name_search_key", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["court", "police", "procuracy", "detention"]) | Q(body__isnull=False),
                name="outreach_place_body_required",
            ),
        ]
        indexes = [
            # Board coverage: active places of a kind within a unit's subtree.
            models.Index(fields=["kind"], condition=Q(active=True), name="outreach_place_active_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Board(TimeStampedModel):
    """An information board or leaflet box at a place. ``condition``, ``last_inspected_on`` and
    ``replaced_on`` are the latest state; the dated log is ``inspections``."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Information board")
        BOX = "box", _("Leaflet box")

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        WORN = "worn", _("Worn")
        DAMAGED = "damaged", _("Damaged")
        MISSING = "missing", _("Missing")

    NEEDS_REPLACEMENT = (Condition.WORN, Condition.DAMAGED, Condition.MISSING)

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="boards", verbose_name=_("place"))
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.BOARD)
    installed_on = models.DateField(_("installed on"))
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True)
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    planned_year = models.PositiveSmallIntegerField(_("replacement planned in year"), null=True, blank=True)
    planned_quarter = models.PositiveSmallIntegerField(
        _("replacement planned in quarter"),
        null=True,
        blank=True,
        choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board or box")
        verbose_name_plural = _("boards and boxes")
        ordering = ["place__name", "kind", "installed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_quarter__isnull=True) | Q(planned_quarter__gte=1, planned_quarter__lte=4),
                name="outreach_board_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(planned_quarter__isnull=True) | Q(planned_year__isnull=False),
                name="outreach_board_quarter_needs_year",
            ),
        ]
        indexes = [
            # The replacement list: boards not in good condition.
            models.Index(
                fields=["planned_year", "planned_quarter"],
                condition=~Q(condition="good"),
                name="outreach_board_replace_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.place.name}"

    @property
    def needs_replacement(self) -> bool:
        return self.condition in self.NEEDS_REPLACEMENT


class BoardInspection(models.Model):
    """One dated entry of a board's log: installed, inspected, or replaced, with the condition
    found. The coverage on any date is read from the latest entry on or before it."""

    class Kind(models.TextChoices):
        INSTALLED = "installed", _("Installed")
        INSPECTED = "inspected", _("Inspected")
        REPLACED = "replaced", _("Replaced")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="inspections", verbose_name=_("board")
    )
    kind = models.CharField(_("entry"), max_length=10, choices=Kind.choices, default=Kind.INSPECTED)
    on = models.DateField(_("date"))
    condition = models.CharField(_("condition"), max_length=8, choices=Board.Condition.choices)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board inspection")
        verbose_name_plural = _("board inspections")
        ordering = ["board", "-on", "-id"]
        indexes = [
            # Condition as of a date: DISTINCT ON (board) ... ORDER BY board, on DESC, id DESC.
            models.Index(fields=["board", "-on", "-id"], name="outreach_inspection_asof_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.board} – {self.on:%d/%m/%Y}"


class Leaflet(TimeStampedModel):
    """A leaflet title (tờ gấp pháp luật về trợ giúp pháp lý) of a centre's catalogue."""

    title = models.CharField(_("leaflet title"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_leaflets",
        verbose_name=_("publishing unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leaflet")
        verbose_name_plural = _("leaflets")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="outreach_leaflet_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class LeafletEdition(models.Model):
    """An edition of a leaflet: the stock is counted per edition."""

    leaflet = models.ForeignKey(
        Leaflet, on_delete=models.PROTECT, related_name="editions", verbose_name=_("leaflet")
    )
    number = models.PositiveSmallIntegerField(_("edition"), default=1)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leaflet edition")
        verbose_name_plural = _("leaflet editions")
        ordering = ["leaflet__title", "number"]
        constraints = [
            models.UniqueConstraint(fields=["leaflet", "number"], name="outreach_edition_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="outreach_edition_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.leaflet.title} ({self.number})"


class PrintRun(models.Model):
    edition = models.ForeignKey(
        LeafletEdition, on_delete=models.PROTECT, related_name="print_runs", verbose_name=_("edition")
    )
    printed_on = models.DateField(_("printed on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    printer = models.CharField(_("printer"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        ordering = ["edition", "printed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="outreach_print_run_positive")
        ]

    def __str__(self) -> str:
        return f"{self.edition} – {self.printed_on:%d/%m/%Y}: {self.quantity}"


class Session(TimeStampedModel):
    """A session held in a commune: direct communication, mobile legal aid, club or thematic
    meeting. Requests received at a session point to it from case intake (the cases app)."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Direct communication session")
        MOBILE = "mobile", _("Mobile legal-aid session")
        CLUB = "club", _("Legal-aid club meeting")
        THEMATIC = "thematic", _("Thematic legal meeting")

    class Programme(models.TextChoices):
        NONE = "", _("None")
        ETHNIC = "ethnic", _("National target programme for ethnic minority and mountain areas")
        POVERTY = "poverty", _("National target programme for sustainable poverty reduction")
        RURAL = "rural", _("National target programme for new rural areas")

    # The kinds that reach a commune for coverage: at least one a year in each commune.
    REACH_KINDS = (Kind.DIRECT, Kind.MOBILE)

    kind = models.CharField(_("kind of session"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="outreach_sessions", verbose_name=_("commune")
    )
    village = models.CharField(_("village"), max_length=150, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_sessions",
        verbose_name=_("lead unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    staff = models.ManyToManyField(
        "staffing.Person", blank=True, related_name="outreach_sessions", verbose_name=_("run by")
    )
    partners = models.CharField(
        _("partners"),
        max_length=255,
        blank=True,
        help_text=_("Bodies and people who took part beside the staff, e.g. the commune's Women's Union."),
    )
    attendees = models.PositiveIntegerField(_("attendees"))
    attendees_women = models.PositiveIntegerField(_("of whom women"), default=0)
    attendees_minority = models.PositiveIntegerField(_("of whom ethnic-minority people"), default=0)
    topics = models.TextField(_("topics"), blank=True)
    fields = models.ManyToManyField(
        LegalField, blank=True, related_name="outreach_sessions", verbose_name=_("fields of law")
    )
    programme = models.CharField(
        _("national target programme"), max_length=10, choices=Programme.choices, default="", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # Compare-and-swap counter: an edit made on a stale form is refused, never silently merged.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[staff, fields])

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendees_women__lte=models.F("attendees")),
                name="outreach_session_women_within_total",
            ),
            models.CheckConstraint(
                condition=Q(attendees_minority__lte=models.F("attendees")),
                name="outreach_session_minority_within_total",
            ),
        ]
        indexes = [
            # Coverage: sessions of a year by date, joined to their lead unit's path.
            models.Index(fields=["held_on", "kind"], name="outreach_session_date_idx"),
            models.Index(fields=["commune", "held_on"], name="outreach_session_commune_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.commune.name}, {self.held_on:%d/%m/%Y}"


def _photo_path(instance: SessionPhoto, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk or the URL.
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = ".jpg" if suffix in (".jpg", ".jpeg") else ".png"
    return f"outreach/sessions/{instance.session_id}/{uuid.uuid4().hex}{suffix}"


class SessionPhoto(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="photos", verbose_name=_("outreach session")
    )
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=20, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.session} #{self.pk}"


class Distribution(models.Model):
    """Leaflets handed out from an edition's stock, to a place or at a session."""

    edition = models.ForeignKey(
        LeafletEdition, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("edition")
    )
    distributed_on = models.DateField(_("date"))
    quantity = models.PositiveIntegerField(_("quantity"))
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distributions",
        verbose_name=_("place"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="distributions",
        verbose_name=_("outreach session"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_distributions",
        verbose_name=_("unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leaflet distribution")
        verbose_name_plural = _("leaflet distributions")
        ordering = ["-distributed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="outreach_distribution_positive"),
            models.CheckConstraint(
                condition=Q(place__isnull=False, session__isnull=True)
                | Q(place__isnull=True, session__isnull=False),
                name="outreach_distribution_place_or_session",
            ),
        ]
        indexes = [
            # Yearly totals: distributions by date.
            models.Index(fields=["distributed_on"], name="outreach_distribution_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.edition} – {self.distributed_on:%d/%m/%Y}: {self.quantity}"


class MediaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        RADIO = "radio", _("Radio")
        TV = "tv", _("Television")
        NEWSPAPER = "newspaper", _("Newspaper")
        WEBSITE = "website", _("Website")
        FACEBOOK = "facebook", _("Facebook")
        ZALO = "zalo", _("Zalo")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    published_on = models.DateField(_("date"))
    outlet = models.CharField(_("outlet"), max_length=200)
    title = models.CharField(_("headline"), max_length=300)
    link = models.URLField(_("link"), max_length=500, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_media_items",
        verbose_name=_("unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on"], name="outreach_media_date_idx")]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A yearly number from the plan that the coverage page compares against: sessions (of a
    kind, or all), leaflets handed out, or a percentage of places with a good board."""

    class Measure(models.TextChoices):
        SESSIONS = "sessions", _("Sessions")
        LEAFLETS = "leaflets", _("Leaflets handed out")
        BOARD_COVERAGE = "boards", _("Places with a board in good condition (%)")
        COMMUNE_COVERAGE = "communes", _("Communes reached (%)")

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="outreach_targets",
        verbose_name=_("unit"),
        limit_choices_to={"kind__in": Unit.INTERNAL_KINDS},
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    session_kind = models.CharField(
        _("kind of session"),
        max_length=10,
        choices=Session.Kind.choices,
        blank=True,
        help_text=_("For sessions: leave empty to count every kind."),
    )
    place_kind = models.CharField(
        _("kind of place"),
        max_length=12,
        choices=Place.Kind.choices,
        blank=True,
        help_text=_("For board coverage: leave empty for every kind of place."),
    )
    value = models.PositiveIntegerField(_("target"))
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("e.g. Plan No. 12/KH-TGPL")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outreach target")
        verbose_name_plural = _("outreach targets")
        ordering = ["-year", "unit__path", "measure", "session_kind", "place_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "measure", "session_kind", "place_kind"],
                name="outreach_target_unique",
            ),
            models.CheckConstraint(
                condition=Q(measure="sessions") | Q(session_kind=""),
                name="outreach_target_session_kind_only_for_sessions",
            ),
            models.CheckConstraint(
                condition=Q(measure="boards") | Q(place_kind=""),
                name="outreach_target_place_kind_only_for_boards",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=["boards", "communes"]) | Q(value__lte=100),
                name="outreach_target_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} – {self.unit} – {self.get_measure_display()}: {self.value}"


# The dashboard's pre-aggregated session figures, kept by PostgreSQL triggers (migration 0003);
# ``outreach.figures`` writes and reads them.
class MonthlyFigure(models.Model):
    month = models.DateField()  # the first day of the month
    lead_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    kind = models.CharField(max_length=10)
    sessions = models.IntegerField()
    attendees = models.BigIntegerField()
    attendees_women = models.BigIntegerField()
    attendees_minority = models.BigIntegerField()

    class Meta:
        constraints = [
            # The triggers add deltas to the row of this key.
            models.UniqueConstraint(
                fields=["month", "lead_unit", "commune", "kind"], name="outreach_figure_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.kind} {self.sessions}"
