# The beneficiary's name words and their prefixes, GIN-indexed: a search without diacritics
# that needs no contrib extension (no pg_trgm). Existing rows are filled here.

import re

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

BATCH = 2000


# Frozen copies of cases.models.name_words and name_prefixes (a migration must not follow later
# edits of the model module).
def _words(search_key: str) -> list[str]:
    return re.findall(r"\w+", search_key)


def _prefixes(words: list[str]) -> list[str]:
    return sorted({word[:end] for word in words for end in range(1, len(word) + 1)})


def fill_name_words(apps, schema_editor):
    Beneficiary = apps.get_model("cases", "Beneficiary")
    batch = []
    for person in Beneficiary.objects.only("pk", "name_search_key").order_by("pk").iterator(chunk_size=BATCH):
        person.name_words = _words(person.name_search_key)
        person.name_prefixes = _prefixes(person.name_words)
        batch.append(person)
        if len(batch) == BATCH:
            Beneficiary.objects.bulk_update(batch, ["name_words", "name_prefixes"])
            batch = []
    if batch:
        Beneficiary.objects.bulk_update(batch, ["name_words", "name_prefixes"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_survey_source_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="beneficiary",
            name="name_words",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), blank=True, default=list, editable=False, size=None
            ),
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="name_prefixes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), blank=True, default=list, editable=False, size=None
            ),
        ),
        migrations.RunPython(fill_name_words, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="beneficiary",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False, fields=["name_words", "name_prefixes"], name="beneficiary_name_idx"
            ),
        ),
    ]
