"""Default rules and checklists, all admin-editable (DOMAIN.md §3.1, §5: several unverified).

- who may perform which form: proceedings and out-of-court representation by legal-aid
  assistants and lawyers only; legal advice by every kind of performer;
- Decision 1179/QĐ-BTP success criteria (criminal ones as quoted in DOMAIN.md §5.2; civil and
  administrative criteria were not retrieved, so one item per group points at the decision);
- Circular 09/2018/TT-BTP complex or typical case criteria by article (texts not retrieved);
- appraisal criteria and the three-level scale for appraisal and evaluation.
"""

from django.db import migrations

RULES = {
    "TGTT": ["assistant", "lawyer"],
    "DDNTT": ["assistant", "lawyer"],
    "TVPL": ["assistant", "lawyer", "adviser", "collaborator"],
}

SUCCESS = [
    (
        "HS-01",
        "HS",
        "Ý kiến của người thực hiện trợ giúp pháp lý được chấp nhận dẫn đến người bị tố giác, "
        "bị kiến nghị khởi tố, bị giữ trong trường hợp khẩn cấp, bị bắt, tạm giữ không bị khởi tố hoặc bị khởi tố "
        "về tội danh nhẹ hơn",
    ),
    (
        "HS-02",
        "HS",
        "Cơ quan có thẩm quyền hủy quyết định khởi tố vụ án, khởi tố bị can; rút một phần hoặc toàn "
        "bộ quyết định truy tố; tuyên bị cáo không phạm tội; miễn trách nhiệm hình sự, loại trừ trách nhiệm hình "
        "sự hoặc miễn hình phạt",
    ),
    (
        "HS-03",
        "HS",
        "Đình chỉ điều tra, đình chỉ vụ án đối với bị can, bị cáo hoặc đình chỉ xét xử phúc thẩm có "
        "lợi cho người được trợ giúp pháp lý",
    ),
    ("DS-01", "DS", "Đáp ứng tiêu chí vụ việc dân sự thành công theo Quyết định số 1179/QĐ-BTP"),
    ("HC-01", "HC", "Đáp ứng tiêu chí vụ việc hành chính thành công theo Quyết định số 1179/QĐ-BTP"),
]

COMPLEX = [
    (
        "D3",
        None,
        "Đáp ứng một tiêu chí chung của vụ việc phức tạp, điển hình (Điều 3 Thông tư 09/2018/TT-BTP)",
    ),
    ("D4", "TGTT", "Đáp ứng tiêu chí vụ việc hình sự phức tạp, điển hình (Điều 4 Thông tư 09/2018/TT-BTP)"),
    ("D5", "TGTT", "Đáp ứng tiêu chí vụ việc dân sự phức tạp, điển hình (Điều 5 Thông tư 09/2018/TT-BTP)"),
    (
        "D6",
        "TGTT",
        "Đáp ứng tiêu chí vụ việc hành chính phức tạp, điển hình (Điều 6 Thông tư 09/2018/TT-BTP)",
    ),
    (
        "D7",
        "DDNTT",
        "Đáp ứng tiêu chí vụ việc đại diện ngoài tố tụng phức tạp, điển hình (Điều 7 Thông tư "
        "09/2018/TT-BTP)",
    ),
    (
        "D7-TV",
        "TVPL",
        "Đáp ứng tiêu chí vụ việc tư vấn pháp luật phức tạp, điển hình (Điều 7 Thông tư 09/2018/TT-BTP)",
    ),
]

APPRAISAL = [
    ("TD-01", "Thực hiện đúng trình tự, thủ tục trợ giúp pháp lý"),
    ("TD-02", "Hồ sơ vụ việc đầy đủ giấy tờ, tài liệu theo quy định"),
    (
        "TD-03",
        "Ý kiến tư vấn, bào chữa, bảo vệ quyền lợi phù hợp quy định pháp luật, có căn cứ và được lưu trong hồ sơ",
    ),
    ("TD-04", "Thực hiện đúng thời hạn"),
    ("TD-05", "Thái độ, trách nhiệm đúng mực với người được trợ giúp pháp lý"),
]

OUTCOMES = [
    ("tot", "Vụ việc đạt chất lượng tốt", 1, True),
    ("dat", "Vụ việc đạt chất lượng", 2, True),
    ("khong_dat", "Vụ việc không đạt chất lượng", 3, False),
]


def load(apps, schema_editor):
    LegalAidForm = apps.get_model("legalaid", "LegalAidForm")
    LegalField = apps.get_model("legalaid", "LegalField")
    PerformerRule = apps.get_model("cases", "PerformerRule")
    Criterion = apps.get_model("cases", "Criterion")
    QualityOutcome = apps.get_model("cases", "QualityOutcome")
    forms = {f.code: f for f in LegalAidForm.objects.all()}
    fields = {f.code: f for f in LegalField.objects.all()}
    tgtt = forms.get("TGTT")
    for form_code, kinds in RULES.items():
        if form_code in forms:
            for kind in kinds:
                PerformerRule.objects.get_or_create(form=forms[form_code], performer_kind=kind)
    for position, (code, field_code, text) in enumerate(SUCCESS, start=1):
        Criterion.objects.get_or_create(
            kind="success",
            code=code,
            defaults={"text": text, "form": tgtt, "field": fields.get(field_code), "position": position},
        )
    for position, (code, form_code, text) in enumerate(COMPLEX, start=1):
        Criterion.objects.get_or_create(
            kind="complex",
            code=code,
            defaults={"text": text, "form": forms.get(form_code), "position": position},
        )
    for position, (code, text) in enumerate(APPRAISAL, start=1):
        Criterion.objects.get_or_create(
            kind="appraisal", code=code, defaults={"text": text, "position": position}
        )
    for scale in ("appraisal", "evaluation"):
        for code, label, rank, meets in OUTCOMES:
            QualityOutcome.objects.get_or_create(
                scale=scale, code=code, defaults={"label": label, "rank": rank, "meets_quality": meets}
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("legalaid", "0002_reference_lists")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
