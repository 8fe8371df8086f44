"""Procedural role of the beneficiary on proceedings cases (issue 15 item 2).

Cases already recorded in a category that names one role (the accused of the old khoản 5 and of
khoản 6, the young victims of point 7đ) get that role: the category itself says it."""

from django.db import migrations, models

ROLE_CHOICES = [
    ("reported", "Person reported to the authorities"),
    ("proposed", "Person proposed for prosecution"),
    ("detained", "Person held in an emergency"),
    ("accused", "Accused person"),
    ("victim", "Victim"),
    ("witness", "Witness"),
    ("diverted", "Person under a diversion measure"),
    ("prisoner", "Prisoner"),
    ("party", "Litigant or person with related rights and obligations"),
]
# Category code -> the one role it names (cases.eligibility.ROLES).
NAMED_ROLE = {"BBT1618": "accused", "BBTCN": "accused", "7dd": "victim"}


def role_field():
    return models.CharField(
        blank=True,
        choices=ROLE_CHOICES,
        help_text="The beneficiary's standing in the proceedings, where there are any.",
        max_length=10,
        verbose_name="procedural role",
    )


def fill_named_roles(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for code, role in NAMED_ROLE.items():
        Case.objects.filter(procedural_role="", categories__code=code).update(procedural_role=role)


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_payment_tariff")]
    operations = [
        migrations.AddField(model_name="case", name="procedural_role", field=role_field()),
        migrations.AddField(model_name="historicalcase", name="procedural_role", field=role_field()),
        migrations.RunPython(fill_named_roles, migrations.RunPython.noop),
    ]
