"""Reserved for: appraisers chosen from staffing, with or without a login (issue 17 item 7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_case_status_unit_idx")]
    operations: list = []
