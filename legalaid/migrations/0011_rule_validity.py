"""Legal basis and validity dates of the shared rule tables (issue 15 item 9).

- ``BeneficiaryCategory`` already had its legal basis and dates; it gains ``verified``. The
  categories of Article 7 and its 2024 amendments are quoted word for word by several texts
  (DOMAIN.md §2.1–2.2), so the seeded ones with a legal basis are marked verified.
- ``CategoryProof`` gains the four fields. Its lines come from Circular 08/2017/TT-BTP Art. 33
  as amended; only the poor-household paper and the papers of fallen soldiers' relatives were
  checked against the text (DOMAIN.md §2.3), every other line stays unverified. No dates: the
  lines apply since always until an administrator dates them.
"""

from django.db import migrations, models

PROOF_BASIS = (
    "Thông tư 08/2017/TT-BTP, Điều 33 (sửa đổi bởi Thông tư 03/2021/TT-BTP, Thông tư 09/2022/TT-BTP)"
)
VERIFIED_PROOFS = ("HN", "7a")


def verified() -> models.BooleanField:
    return models.BooleanField(
        default=False,
        help_text="Somebody has checked the rule against the original text of its legal basis.",
        verbose_name="verified",
    )


def mark(apps, schema_editor):
    BeneficiaryCategory = apps.get_model("legalaid", "BeneficiaryCategory")
    CategoryProof = apps.get_model("legalaid", "CategoryProof")
    BeneficiaryCategory.objects.exclude(legal_basis="").update(verified=True)
    CategoryProof.objects.filter(legal_basis="").update(legal_basis=PROOF_BASIS)
    CategoryProof.objects.filter(category__code__in=VERIFIED_PROOFS).update(verified=True)


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0010_notifications")]
    operations = [
        migrations.AddField(model_name="beneficiarycategory", name="verified", field=verified()),
        migrations.AddField(model_name="historicalbeneficiarycategory", name="verified", field=verified()),
        migrations.AddField(
            model_name="categoryproof",
            name="legal_basis",
            field=models.CharField(
                blank=True,
                help_text="The text the rule comes from: law, decree, circular, decision, with the article.",
                max_length=255,
                verbose_name="legal basis",
            ),
        ),
        migrations.AddField(
            model_name="categoryproof",
            name="valid_from",
            field=models.DateField(
                blank=True, help_text="Empty: since always.", null=True, verbose_name="valid from"
            ),
        ),
        migrations.AddField(
            model_name="categoryproof",
            name="valid_to",
            field=models.DateField(
                blank=True,
                help_text="The last day it applies. Empty: still in force.",
                null=True,
                verbose_name="valid to",
            ),
        ),
        migrations.AddField(model_name="categoryproof", name="verified", field=verified()),
        migrations.AddConstraint(
            model_name="categoryproof",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True),
                    ("valid_from__isnull", True),
                    ("valid_to__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="category_proof_validity_ordered",
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
