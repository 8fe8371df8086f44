"""Reserved for: procedural role of the beneficiary on proceedings cases (issue 15 item 2)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_payment_tariff")]
    operations: list = []
