"""Reserved for: in-app notifications (issue 17 item 2)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0009_form_24_counts")]
    operations: list = []
