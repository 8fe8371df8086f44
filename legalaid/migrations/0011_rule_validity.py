"""Reserved for: legal basis and validity dates of the shared rule tables (issue 15 item 9)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0010_notifications")]
    operations: list = []
