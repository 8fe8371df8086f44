"""The public roster's publish step: who published a person, when, and their withdrawal.

People already on the public roster when this runs stay there: every person the roster listed
that day (active performers; lawyers and advisers while their contract is in force) is marked
published on that day, by no one (``published_by`` empty), so a live roster does not empty
overnight. From now on only a director or an administrator publishes (staffing/apps.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

PERFORMER_KINDS = ("assistant", "collaborator", "lawyer", "adviser")
CONTRACT_KINDS = ("lawyer", "adviser")


def publish_those_listed_today(apps, schema_editor):
    Person = apps.get_model("staffing", "Person")
    today = timezone.localdate()
    listed = Person.objects.using(schema_editor.connection.alias).filter(
        status="active", kind__in=PERFORMER_KINDS, published_on__isnull=True
    )
    listed = listed.exclude(
        Q(kind__in=CONTRACT_KINDS) & (Q(contract_end__lt=today) | Q(contract_start__gt=today))
    )
    listed.update(published_on=today)


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0003_national_export_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name_sort_key", "pk"],
                "permissions": [("publish_person", "Can publish people on the public roster")],
                "verbose_name": "person",
                "verbose_name_plural": "people",
            },
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on the roster on"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="unpublish_reason",
            field=models.CharField(blank=True, max_length=255, verbose_name="reason for the withdrawal"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="unpublished_on",
            field=models.DateField(blank=True, null=True, verbose_name="withdrawn from the roster on"),
        ),
        migrations.AddField(
            model_name="person",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="published by",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on the roster on"),
        ),
        migrations.AddField(
            model_name="person",
            name="unpublish_reason",
            field=models.CharField(blank=True, max_length=255, verbose_name="reason for the withdrawal"),
        ),
        migrations.AddField(
            model_name="person",
            name="unpublished_on",
            field=models.DateField(blank=True, null=True, verbose_name="withdrawn from the roster on"),
        ),
        migrations.RunPython(publish_those_listed_today, migrations.RunPython.noop),
    ]
