"""Seed Biểu số 24/BTP/TGPL (Thông tư 03/2019/TT-BTP): people assisted, by field of law and form
of legal aid, by sex and by beneficiary group. Rows and columns are data: when the Ministry
revises the form, an administrator edits them (DOMAIN.md §9.2). The columns predate the 2024
amendments; the new khoản 5 and 6a categories are counted with the columns they replaced.
"""

from django.db import migrations

FORMS = [("Tư vấn pháp luật", "TVPL"), ("Tham gia tố tụng", "TGTT"), ("Đại diện ngoài tố tụng", "DDNTT")]
GROUPS = [
    ("Pháp luật hình sự", ["HS"]),
    ("Pháp luật dân sự, hôn nhân gia đình", ["DS", "HNGD"]),
    ("Pháp luật hành chính", ["HC"]),
    ("Pháp luật đất đai, nhà ở", ["DD"]),
    ("Pháp luật lao động", ["LD"]),
    ("Pháp luật ưu đãi người có công", ["UD"]),
    ("Lĩnh vực khác", ["KHAC"]),
]
GROUP_SEX = "Phân theo giới tính"
GROUP_KIND = "Phân theo diện người được trợ giúp pháp lý"
GROUP_HARDSHIP = "Người có khó khăn về tài chính"
COLUMNS = [
    ("Tổng số", "", {}),
    ("Nam", GROUP_SEX, {"sex": "male"}),
    ("Nữ", GROUP_SEX, {"sex": "female"}),
    ("Người có công với cách mạng", GROUP_KIND, {"category": "NCC"}),
    ("Người thuộc hộ nghèo", GROUP_KIND, {"category": "HN"}),
    ("Người dân tộc thiểu số", GROUP_KIND, {"category": "DTTS"}),
    (
        "Người vừa thuộc hộ nghèo, vừa là người dân tộc thiểu số",
        GROUP_KIND,
        {"categories_all": ["HN", "DTTS"]},
    ),
    ("Trẻ em", GROUP_KIND, {"category": "TE"}),
    ("Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi", GROUP_KIND, {"category": ["BBT1618", "NCTN1618"]}),
    ("Người bị buộc tội thuộc hộ cận nghèo", GROUP_KIND, {"category": "BBTCN"}),
    (
        "Cha đẻ, mẹ đẻ, vợ, chồng, con của liệt sĩ và người có công nuôi dưỡng khi liệt sĩ còn nhỏ",
        GROUP_HARDSHIP,
        {"category": "7a"},
    ),
    ("Người nhiễm chất độc da cam", GROUP_HARDSHIP, {"category": "7b"}),
    ("Người cao tuổi", GROUP_HARDSHIP, {"category": "7c"}),
    ("Người khuyết tật", GROUP_HARDSHIP, {"category": "7d"}),
    ("Người từ đủ 16 tuổi đến dưới 18 tuổi là bị hại", GROUP_HARDSHIP, {"category": "7dd"}),
    ("Nạn nhân bạo lực gia đình", GROUP_HARDSHIP, {"category": "7e"}),
    ("Nạn nhân mua bán người", GROUP_HARDSHIP, {"category": ["7g", "MBN"]}),
    ("Người nhiễm HIV", GROUP_HARDSHIP, {"category": "7h"}),
]


def seed(apps, schema_editor):
    Table = apps.get_model("legalaid", "StatisticsTable")
    Row = apps.get_model("legalaid", "StatisticsRow")
    Column = apps.get_model("legalaid", "StatisticsColumn")
    table, _ = Table.objects.update_or_create(
        code="24/BTP/TGPL",
        defaults={
            "title": "Số lượt người đã được trợ giúp pháp lý",
            "legal_basis": "Ban hành theo Thông tư số 03/2019/TT-BTP",
            "indicator_key": "cases.people_assisted",
            "unit_label": "Lượt người",
        },
    )
    if Row.objects.filter(table=table).exists():
        return  # an administrator's edits are kept
    position = 0
    Row.objects.create(table=table, position=position, number="", label="Tổng số", filters={}, emphasis=True)
    for group_no, (label, fields) in enumerate(GROUPS, start=1):
        position += 1
        Row.objects.create(
            table=table,
            position=position,
            number=str(group_no),
            label=label,
            filters={"field": fields},
            emphasis=True,
        )
        for form_no, (form_label, form) in enumerate(FORMS, start=1):
            position += 1
            Row.objects.create(
                table=table,
                position=position,
                number=f"{group_no}.{form_no}",
                label=form_label,
                filters={"field": fields, "form": form},
            )
    for number, (label, group, filters) in enumerate(COLUMNS, start=1):
        Column.objects.create(
            table=table, position=number, number=f"({number})", label=label, group=group, filters=filters
        )


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0004_statistics_tables")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
