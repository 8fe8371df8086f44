"""Reserved for: legal basis and validity dates of the rule tables; Decision 1179 criteria (issue 15 items 7, 9)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_procedural_role")]
    operations: list = []
