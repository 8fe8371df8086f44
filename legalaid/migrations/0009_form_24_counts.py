"""Reserved for: what each Biểu 24 row and column counts (issue 15 item 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0008_disadvantaged_communes_dated")]
    operations: list = []
