"""Reserved for: complaints and hotline as a small workflow (issue 17 item 6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_corrections")]
    operations: list = []
