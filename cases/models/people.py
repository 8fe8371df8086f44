"""The people legal aid is for: a beneficiary, reused across their requests, found by name
without diacritics or by citizen ID."""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Commune, PersonNameMixin, TimeStampedModel, Unit

citizen_id_validator = RegexValidator(r"^\d{12}$", _("A citizen ID has exactly 12 digits."))


def name_words(search_key: str) -> list[str]:
    """The words of a search key ("nguyen van an" -> nguyen, van, an); punctuation separates
    words ("h'hen nie" -> h, hen, nie). Stored names and typed queries are split alike."""
    return re.findall(r"\w+", search_key)


def name_prefixes(words: list[str]) -> list[str]:
    """Every prefix of every word, the whole word included: "an" -> a, an."""
    return sorted({word[:end] for word in words for end in range(1, len(word) + 1)})


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Beneficiary(PersonNameMixin, TimeStampedModel):
    """A person who asks for or receives legal aid; reused across their requests."""

    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    ethnicity = models.ForeignKey(
        "staffing.Ethnicity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("ethnicity"),
    )
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beneficiaries",
        verbose_name=_("commune"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="beneficiaries", verbose_name=_("registered by unit")
    )
    # Set by the retention anonymisation (cases.services.privacy): the identifying data is gone.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    # Derived from the name on every save (see refresh_name_keys), so they stay out of history.
    # Whole words of the search key: every typed word but the last must be one of them.
    name_words = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    # Every prefix of those words: the last typed word, still being typed, must be one of them.
    name_prefixes = ArrayField(models.TextField(), default=list, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["name_words", "name_prefixes"])

    NAME_DERIVED_FIELDS = ("name_search_key", "name_sort_key", "name_words", "name_prefixes")

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["name_sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="beneficiary_citizen_id_12_digits",
            )
        ]
        indexes = [
            # Duplicate warning at intake: same citizen ID.
            models.Index(fields=["citizen_id"], condition=~Q(citizen_id=""), name="beneficiary_cid_idx"),
            # Name search without diacritics (cases.views._search, person_lookup): whole words and
            # the prefix of the word being typed, in one index so that the rarest word narrows the
            # others. No pending list: searches never scan a backlog of recent inserts.
            GinIndex(fields=["name_words", "name_prefixes"], name="beneficiary_name_idx", fastupdate=False),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *self.NAME_DERIVED_FIELDS}
        super().save(*args, **kwargs)

    @staticmethod
    def name_matches(key: str, path: str = "") -> Q:
        """People whose name holds every word of ``key`` (a search key), in any order: whole
        words, except the last one, which may be the start of a word, as it is while typing.
        "nguyen van a" and "an nguyen" find Nguyễn Văn An; "an" finds An and Anh, not Toàn.
        ``path`` leads to the person from another model ("beneficiary__" from a case)."""
        words = name_words(key)
        if not words:
            return Q(pk__in=[])
        *whole, last = words
        match = Q(**{f"{path}name_prefixes__contains": [last]})
        return match & Q(**{f"{path}name_words__contains": whole}) if whole else match

    @staticmethod
    def citizen_id_matches(prefix: str, path: str = "") -> Q:
        """Citizen IDs starting with ``prefix`` (digits), as a range the partial citizen ID index
        answers under any collation; a LIKE uses a plain index only under the "C" collation."""
        field = f"{path}citizen_id"
        match = ~Q(**{field: ""}) & Q(**{f"{field}__gte": prefix, f"{field}__startswith": prefix})
        if prefix.strip("9"):  # "0299" -> below "0300"; a prefix of nines has no upper bound
            match &= Q(**{f"{field}__lt": str(int(prefix) + 1).zfill(len(prefix))})
        return match

    def refresh_name_keys(self) -> None:
        """Also called by writers that bypass save() (bulk_create in the benchmark)."""
        super().refresh_name_keys()
        self.name_words = name_words(self.name_search_key)
        self.name_prefixes = name_prefixes(self.name_words)
