"""Reserved for: corrections of intake data with a reason (issue 17 item 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_rule_validity")]
    operations: list = []
