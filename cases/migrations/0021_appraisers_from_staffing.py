"""Appraisers chosen from staffing, with or without a login (issue 17 item 7): the appraisal
names the staffing person; the login is kept (and may be empty) for the appraiser's notices,
queue and right to record."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0020_case_status_unit_idx"),
        ("staffing", "0004_roster_publication"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.AddField(
            model_name="appraisal",
            name="appraiser_person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appraisals",
                to="staffing.person",
                verbose_name="appraiser (staffing)",
            ),
        ),
        migrations.AddField(
            model_name="historicalappraisal",
            name="appraiser_person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="staffing.person",
                verbose_name="appraiser (staffing)",
            ),
        ),
        migrations.AlterField(
            model_name="appraisal",
            name="appraiser",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appraisals",
                to=settings.AUTH_USER_MODEL,
                verbose_name="appraiser",
            ),
        ),
    ]
