"""The permission to export the cases for the Ministry's national legal-aid software.

It is granted to roles in cases/apps.py. Written as data rather than as ``Meta.permissions``
on ``Case``: it is a right over a feature, not a change to the model."""

from django.db import migrations

CODENAME = "export_national"
NAME = "Can export cases for the Ministry's legal-aid software"


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    content_type, _created = ContentType.objects.using(db).get_or_create(app_label="cases", model="case")
    Permission.objects.using(db).get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )


def remove(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    Permission.objects.using(db).filter(content_type__app_label="cases", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cases", "0006_monthly_figures"),
    ]

    operations = [migrations.RunPython(create, remove)]
