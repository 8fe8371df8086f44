"""Legal basis and validity dates of the rule tables; Decision 1179 criteria for every field
(issue 15 items 7, 9).

Every rule table of the cases app gains ``legal_basis``, ``valid_from``, ``valid_to`` and
``verified`` (``legalaid.models.RuleValidity``); the deadlines leave ``cases/conf.py`` for the
``DeadlineRule`` table, seeded with the values the code used until now.

Criteria now belong to several fields of law (``Criterion.fields``; empty: every field), so
that the three groups of Decision 1179/QĐ-BTP (16/05/2022) reach the fields where proceedings
of their kind happen:

- criminal group: criminal law (HS);
- civil group: civil law (DS) and the fields whose disputes go to the civil courts: marriage
  and family (HNGD), land and housing (DD), labour and social insurance (LD), preferential
  treatment (UD), the poverty-reduction programmes (KHAC);
- administrative group: administrative law (HC) and the fields whose authorities' decisions are
  challenged in administrative lawsuits: land (decisions on land recovery, compensation,
  certificates), labour and social insurance, preferential treatment, poverty-reduction support.

Only the three criminal criteria were checked against a text (DOMAIN.md §5.2); the civil and
administrative criteria are written out as commonly applied and marked unverified ("chưa đối
chiếu văn bản gốc"), like the texts of Circular 09/2018/TT-BTP, which are now tied to the form
(Arts. 3–6: proceedings; Art. 7: out-of-court representation and advice) and the fields (Art. 4
criminal, 5 civil, 6 administrative) they apply to. Administrators correct and verify them.
"""

from datetime import date

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

LAW_IN_FORCE = date(2018, 1, 1)  # Law 11/2017/QH14 on legal aid
DECISION_1179 = date(2022, 5, 16)
UNVERIFIED = " (chưa đối chiếu văn bản gốc)"

CRIMINAL = ["HS"]
CIVIL = ["DS", "HNGD", "DD", "LD", "UD", "KHAC"]
ADMINISTRATIVE = ["HC", "DD", "LD", "UD", "KHAC"]

Q1179 = "Quyết định số 1179/QĐ-BTP ngày 16/5/2022 của Bộ trưởng Bộ Tư pháp"
# code, fields, verified, text (None: keep the text seeded in 0002)
SUCCESS = [
    ("HS-01", CRIMINAL, True, None),
    ("HS-02", CRIMINAL, True, None),
    ("HS-03", CRIMINAL, True, None),
    (
        "HS-04",
        CRIMINAL,
        False,
        "Tòa án chấp nhận ý kiến của người thực hiện trợ giúp pháp lý, áp dụng tình tiết giảm nhẹ, tuyên "
        "hình phạt nhẹ hơn mức Viện kiểm sát đề nghị, chuyển sang khung hình phạt nhẹ hơn hoặc cho hưởng án treo",
    ),
    (
        "HS-05",
        CRIMINAL,
        False,
        "Ý kiến của người thực hiện trợ giúp pháp lý bảo vệ quyền và lợi ích hợp pháp của bị hại, đương sự "
        "được chấp nhận, dẫn đến quyền, lợi ích hợp pháp của họ (bồi thường thiệt hại, trả lại tài sản…) "
        "được bảo đảm",
    ),
    (
        "DS-01",
        CIVIL,
        False,
        "Ý kiến của người thực hiện trợ giúp pháp lý được chấp nhận, dẫn đến Tòa án chấp nhận toàn bộ hoặc "
        "một phần yêu cầu khởi kiện, yêu cầu phản tố, yêu cầu độc lập hoặc yêu cầu giải quyết việc dân sự "
        "của người được trợ giúp pháp lý",
    ),
    (
        "DS-02",
        CIVIL,
        False,
        "Theo ý kiến của người thực hiện trợ giúp pháp lý, Tòa án không chấp nhận hoặc chỉ chấp nhận một "
        "phần yêu cầu của đương sự khác gây bất lợi cho người được trợ giúp pháp lý",
    ),
    (
        "DS-03",
        CIVIL,
        False,
        "Các đương sự hòa giải thành, thỏa thuận được với nhau và Tòa án công nhận sự thỏa thuận có lợi cho "
        "người được trợ giúp pháp lý",
    ),
    (
        "DS-04",
        CIVIL,
        False,
        "Bản án, quyết định sơ thẩm bị hủy hoặc bị sửa theo hướng có lợi cho người được trợ giúp pháp lý "
        "theo ý kiến của người thực hiện trợ giúp pháp lý",
    ),
    (
        "DS-05",
        CIVIL,
        False,
        "Tòa án đình chỉ giải quyết vụ án, việc dân sự có lợi cho người được trợ giúp pháp lý",
    ),
    (
        "HC-01",
        ADMINISTRATIVE,
        False,
        "Tòa án chấp nhận toàn bộ hoặc một phần yêu cầu khởi kiện của người được trợ giúp pháp lý: hủy một "
        "phần hoặc toàn bộ quyết định hành chính, tuyên bố hành vi hành chính trái pháp luật, buộc thực hiện "
        "nhiệm vụ, công vụ hoặc bồi thường thiệt hại",
    ),
    (
        "HC-02",
        ADMINISTRATIVE,
        False,
        "Người bị kiện sửa đổi, bổ sung, thay thế, hủy bỏ quyết định hành chính hoặc chấm dứt hành vi hành "
        "chính bị khởi kiện, hoặc các bên đối thoại thành, có lợi cho người được trợ giúp pháp lý",
    ),
    (
        "HC-03",
        ADMINISTRATIVE,
        False,
        "Bản án, quyết định sơ thẩm vụ án hành chính bị hủy hoặc bị sửa theo hướng có lợi cho người được trợ "
        "giúp pháp lý theo ý kiến của người thực hiện trợ giúp pháp lý",
    ),
]
GROUP_OF = {"HS": "hình sự", "DS": "dân sự", "HC": "hành chính"}

TT09 = "Thông tư 09/2018/TT-BTP ngày 21/6/2018 của Bộ trưởng Bộ Tư pháp"
# code -> form, fields, article
COMPLEX = {
    "D3": ("TGTT", [], "Điều 3"),
    "D4": ("TGTT", CRIMINAL, "Điều 4"),
    "D5": ("TGTT", CIVIL, "Điều 5"),
    "D6": ("TGTT", ADMINISTRATIVE, "Điều 6"),
    "D7": ("DDNTT", [], "Điều 7"),
    "D7-TV": ("TVPL", [], "Điều 7"),
}

APPRAISAL_BASIS = "Thông tư 12/2018/TT-BTP (sửa đổi bởi Thông tư 03/2021/TT-BTP)" + UNVERIFIED
PERFORMER_BASIS = "Luật Trợ giúp pháp lý số 11/2017/QH14, Điều 27" + UNVERIFIED
LAW = "Luật Trợ giúp pháp lý số 11/2017/QH14"

# code, days, working days, legal basis, verified, valid from
DEADLINES = [
    (
        "answer",
        1,
        True,
        LAW + ", Điều 30 khoản 2 (trả lời ngay); 01 ngày làm việc là mức Trung tâm áp dụng",
        False,
        LAW_IN_FORCE,
    ),
    (
        "papers",
        5,
        True,
        LAW + ", Điều 30 (vụ việc cấp thiết); thường được dẫn là 05 ngày làm việc" + UNVERIFIED,
        False,
        LAW_IN_FORCE,
    ),
    (
        "appointment",
        3,
        True,
        LAW + ", Điều 31; thường được dẫn là 03 ngày làm việc" + UNVERIFIED,
        False,
        LAW_IN_FORCE,
    ),
    (
        "replacement",
        3,
        True,
        LAW + ", Điều 25; thủ tục thay đổi người thực hiện trợ giúp pháp lý: 03 ngày làm việc",
        True,
        LAW_IN_FORCE,
    ),
    ("appraisal_assign", 3, True, "Mức Trung tâm áp dụng (chưa tìm thấy văn bản quy định)", False, None),
    (
        "appraisal",
        5,
        True,
        "Thông tư 02/2013/TT-BTP (đã hết hiệu lực); thời hạn theo Thông tư 12/2018/TT-BTP" + UNVERIFIED,
        False,
        None,
    ),
    (
        "survey_link",
        180,
        False,
        "Mức Trung tâm áp dụng cho đường dẫn khảo sát in trên Phiếu hẹn",
        False,
        None,
    ),
]


def fill(apps, schema_editor):
    Criterion = apps.get_model("cases", "Criterion")
    PerformerRule = apps.get_model("cases", "PerformerRule")
    QualityOutcome = apps.get_model("cases", "QualityOutcome")
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    LegalAidForm = apps.get_model("legalaid", "LegalAidForm")
    LegalField = apps.get_model("legalaid", "LegalField")
    forms = {f.code: f for f in LegalAidForm.objects.all()}
    fields = {f.code: f for f in LegalField.objects.all()}

    # The one field a criterion had becomes its list of fields.
    for criterion in Criterion.objects.exclude(field=None):
        criterion.fields.add(criterion.field_id)

    position = (
        Criterion.objects.filter(kind="success").aggregate(models.Max("position"))["position__max"] or 0
    )
    for code, group, verified, text in SUCCESS:
        group_name = GROUP_OF[code[:2]]
        basis = f"{Q1179}, nhóm tiêu chí {group_name}" + ("" if verified else UNVERIFIED)
        criterion = Criterion.objects.filter(kind="success", code=code).first()
        if criterion is None:
            position += 1
            criterion = Criterion(kind="success", code=code, position=position, form=forms.get("TGTT"))
        if text is not None and (criterion.pk is None or "theo Quyết định số 1179" in criterion.text):
            criterion.text = text  # replaces the placeholder seeded in 0002, never an edited text
        criterion.legal_basis, criterion.verified, criterion.valid_from = basis, verified, DECISION_1179
        criterion.save()
        criterion.fields.set([fields[c] for c in group if c in fields])

    for code, (form_code, group, article) in COMPLEX.items():
        criterion = Criterion.objects.filter(kind="complex", code=code).first()
        if criterion is None:
            continue
        criterion.form = forms.get(form_code)
        criterion.legal_basis = f"{TT09}, {article}" + UNVERIFIED
        criterion.save()
        criterion.fields.set([fields[c] for c in group if c in fields])

    Criterion.objects.filter(kind="appraisal", legal_basis="").update(legal_basis=APPRAISAL_BASIS)
    QualityOutcome.objects.filter(legal_basis="").update(legal_basis=APPRAISAL_BASIS)
    PerformerRule.objects.filter(legal_basis="").update(legal_basis=PERFORMER_BASIS, valid_from=LAW_IN_FORCE)

    for code, days, working, basis, verified, start in DEADLINES:
        if not DeadlineRule.objects.filter(code=code).exists():
            DeadlineRule.objects.create(
                code=code,
                days=days,
                working_days=working,
                legal_basis=basis,
                verified=verified,
                valid_from=start,
            )
    # The rows changed above carry deferred foreign-key checks; run them now, before the
    # criterion table is altered below (PostgreSQL refuses to alter a table with pending events).
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def legal_basis() -> models.CharField:
    return models.CharField(
        blank=True,
        help_text="The text the rule comes from: law, decree, circular, decision, with the article.",
        max_length=255,
        verbose_name="legal basis",
    )


def valid_from() -> models.DateField:
    return models.DateField(
        blank=True, help_text="Empty: since always.", null=True, verbose_name="valid from"
    )


def valid_to() -> models.DateField:
    return models.DateField(
        blank=True,
        help_text="The last day it applies. Empty: still in force.",
        null=True,
        verbose_name="valid to",
    )


def verified() -> models.BooleanField:
    return models.BooleanField(
        default=False,
        help_text="Somebody has checked the rule against the original text of its legal basis.",
        verbose_name="verified",
    )


RULE_FIELDS = [
    ("legal_basis", legal_basis),
    ("valid_from", valid_from),
    ("valid_to", valid_to),
    ("verified", verified),
]
DEADLINE_CODES = [
    ("answer", "Answer a request for legal aid"),
    ("papers", "Supply the papers of an urgent case accepted without them"),
    ("appointment", "Appoint a performer after acceptance"),
    ("replacement", "Answer a request to replace the performer"),
    ("appraisal_assign", "Assign the appraisal after completion"),
    ("appraisal", "Appraise the case after the appraisal decision"),
    ("survey_link", "Keep the survey link of the appointment slip valid"),
]


def deadline_fields() -> list:
    return [
        *[(name, make()) for name, make in RULE_FIELDS],
        ("code", models.CharField(choices=DEADLINE_CODES, max_length=20, verbose_name="step")),
        ("days", models.PositiveSmallIntegerField(verbose_name="days")),
        (
            "working_days",
            models.BooleanField(
                default=True,
                help_text="Counted in working days of the calendar; otherwise in calendar days.",
                verbose_name="working days",
            ),
        ),
    ]


def ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(
            ("valid_to__isnull", True),
            ("valid_from__isnull", True),
            ("valid_to__gte", models.F("valid_from")),
            _connector="OR",
        ),
        name=name,
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_procedural_role")]
    operations = [
        migrations.CreateModel(
            name="DeadlineRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                *deadline_fields(),
            ],
            options={
                "verbose_name": "deadline",
                "verbose_name_plural": "deadlines",
                "ordering": ["code", "-valid_from"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDeadlineRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                *deadline_fields(),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical deadline",
                "verbose_name_plural": "historical deadlines",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        *[
            migrations.AddField(model_name=model, name=name, field=make())
            for model in (
                "criterion",
                "historicalcriterion",
                "performerrule",
                "historicalperformerrule",
                "qualityoutcome",
                "historicalqualityoutcome",
            )
            for name, make in RULE_FIELDS
        ],
        migrations.AddField(
            model_name="criterion",
            name="fields",
            field=models.ManyToManyField(
                blank=True,
                help_text="The fields of law the criterion belongs to (Decision 1179: criminal, civil or "
                "administrative group). Leave empty when it applies to every field.",
                related_name="criteria",
                to="legalaid.legalfield",
                verbose_name="fields of law",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveField(model_name="criterion", name="field"),
        migrations.RemoveField(model_name="historicalcriterion", name="field"),
        migrations.AddConstraint(model_name="criterion", constraint=ordered("criterion_validity_ordered")),
        migrations.AddConstraint(
            model_name="performerrule", constraint=ordered("performer_rule_validity_ordered")
        ),
        migrations.AddConstraint(
            model_name="qualityoutcome", constraint=ordered("quality_outcome_validity_ordered")
        ),
        migrations.AddConstraint(
            model_name="deadlinerule", constraint=ordered("deadline_rule_validity_ordered")
        ),
    ]
