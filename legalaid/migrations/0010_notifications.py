"""Reserved for: in-app notifications (issue 17 item 2)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0009_form_24_counts")]
    operations: list = [
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("appointed", "Appointed to perform a case"),
                            ("replaced", "Performer replaced"),
                            ("appraisal", "Appraisal assigned"),
                            ("papers", "Papers requested"),
                            ("complaint", "Complaint received"),
                            ("due_soon", "Deadline in 2 working days"),
                            ("overdue", "Overdue"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("text", models.TextField(verbose_name="text")),
                ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                ("about", models.CharField(blank=True, max_length=60, verbose_name="about")),
                ("key", models.CharField(blank=True, editable=False, max_length=120)),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, editable=False, verbose_name="created at"
                    ),
                ),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
                    models.Index(
                        condition=models.Q(("read_at__isnull", True)),
                        fields=["recipient"],
                        name="notification_unread_idx",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        fields=("recipient", "key"),
                        name="notification_key_unique",
                    )
                ],
            },
        ),
    ]
