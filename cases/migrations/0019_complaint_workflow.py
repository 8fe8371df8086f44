"""Complaints and hotline as a small workflow (issue 17 item 6): a status, a handler, the day the
answer is due, the answer letter's number and a version for the conflict check. Complaints
already resolved become answered."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUS_CHOICES = [
    ("received", "Received"),
    ("handling", "Being handled"),
    ("answered", "Answered"),
    ("withdrawn", "Withdrawn"),
]


def resolved_are_answered(apps, schema_editor):
    Complaint = apps.get_model("cases", "Complaint")
    Complaint.objects.filter(resolved_on__isnull=False).update(status="answered")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0018_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="answer_number",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="answer letter number"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="answer due on"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="handler",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="complaints_handled",
                to=settings.AUTH_USER_MODEL,
                verbose_name="handler",
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="received", max_length=10, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="answer_number",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="answer letter number"
            ),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="due_on",
            field=models.DateField(blank=True, null=True, verbose_name="answer due on"),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="handler",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="handler",
            ),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="received", max_length=10, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="historicalcomplaint",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(fields=["unit", "status"], name="complaint_unit_status_idx"),
        ),
        migrations.RunPython(resolved_are_answered, migrations.RunPython.noop),
    ]
