"""What each Biểu 24 cell counts (issue 15 item 3).

The table says which cases it counts (``StatisticsTable.counts``) and why (``definition``,
unverified until someone checks it against the Ministry's instructions). Its beneficiary columns
follow the amendments of 2024 where the seeded ones (0005) did not:

- (9) accused aged 16–<18: the old khoản 5, or the new khoản 5 (Law 59/2024/QH15, from
  01/01/2026) with the procedural role "accused"; (15) victims aged 16–<18: point 7đ, or the new
  khoản 5 with the role "victim". Both read ``Case.procedural_role`` (cases 0016).
- (17) trafficking victims under "khó khăn về tài chính": only the repealed point 7g, which
  needed hardship. Khoản 6a (Law 53/2024/QH15, from 01/07/2025) needs none: its own column (19),
  outside that heading, under a heading that says the column is not in the 2019 form.
- (20) the other six roles of the new khoản 5 (reported, proposed for prosecution, held in an
  emergency, witness, under a diversion measure, prisoner): counted in the totals and here,
  never as accused.

Columns an administrator has edited since the seed are left alone.
"""

from django.db import migrations, models

CODE = "24/BTP/TGPL"
EXTRA = "Diện bổ sung theo luật sửa đổi năm 2024 (cột bổ sung, ngoài mẫu của Thông tư 03/2019/TT-BTP)"
OTHER_ROLES = ["reported", "proposed", "detained", "witness", "diverted", "prisoner"]
# position: (filters as seeded by 0005, filters now)
CHANGED = {
    9: ({"category": ["BBT1618", "NCTN1618"]}, {"category": ["BBT1618", "NCTN1618"], "role": "accused"}),
    15: ({"category": "7dd"}, {"category": ["7dd", "NCTN1618"], "role": "victim"}),
    17: ({"category": ["7g", "MBN"]}, {"category": "7g"}),
}
ADDED = [
    (
        19,
        "Nạn nhân, người đang trong quá trình xác định là nạn nhân của hành vi mua bán người và "
        "người dưới 18 tuổi đi cùng (khoản 6a, từ 01/07/2025)",
        {"category": "MBN"},
    ),
    (
        20,
        "Người từ đủ 16 tuổi đến dưới 18 tuổi là người bị tố giác, người bị kiến nghị khởi tố, người "
        "bị giữ trong trường hợp khẩn cấp, người làm chứng, người chấp hành biện pháp xử lý chuyển "
        "hướng, phạm nhân (khoản 5 mới, từ 01/01/2026)",
        {"category": "NCTN1618", "role": OTHER_ROLES},
    ),
]
DEFINITION = (
    "Mỗi vụ việc trợ giúp pháp lý hoàn thành (kết thúc) trong kỳ báo cáo tính một lượt người, theo "
    "ngày hoàn thành: người đã thực sự được trợ giúp pháp lý trong kỳ. Không tính yêu cầu bị từ chối "
    "thụ lý, yêu cầu chuyển đến tổ chức khác, vụ việc không tiếp tục thực hiện, vụ việc chưa cử người "
    "thực hiện; vụ việc đang thực hiện được tính ở kỳ hoàn thành, nên cộng các kỳ không đếm trùng.\n"
    "Cột (9): người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi theo khoản 5 Điều 7 Luật Trợ giúp "
    "pháp lý (đến 31/12/2025) và theo khoản 5 mới (Luật Tư pháp người chưa thành niên số "
    "59/2024/QH15, từ 01/01/2026) với tư cách tố tụng là người bị buộc tội. Cột (15): bị hại từ đủ 16 "
    "tuổi đến dưới 18 tuổi theo điểm đ khoản 7 (đến 31/12/2025) và theo khoản 5 mới. Cột (20): các "
    "tư cách tố tụng khác của khoản 5 mới.\n"
    "Cột (17): nạn nhân mua bán người theo điểm g khoản 7 (đến 30/06/2025). Cột (19): diện khoản 6a "
    "(Luật Phòng, chống mua bán người số 53/2024/QH15, từ 01/07/2025), không cần điều kiện khó khăn "
    "về tài chính nên nằm ngoài nhóm cột đó.\n"
    "Căn cứ: Biểu số 24/BTP/TGPL ban hành theo Thông tư số 03/2019/TT-BTP; Điều 7 Luật Trợ giúp pháp "
    "lý số 11/2017/QH14 đã sửa đổi, bổ sung. Cách hiểu “đã được trợ giúp pháp lý” là vụ việc hoàn "
    "thành trong kỳ là cách hiểu của đơn vị, CHƯA đối chiếu với hướng dẫn ghi biểu của Bộ Tư pháp."
)


def configure(apps, schema_editor):
    Table = apps.get_model("legalaid", "StatisticsTable")
    Column = apps.get_model("legalaid", "StatisticsColumn")
    table = Table.objects.filter(code=CODE).first()
    if table is None:
        return
    if not table.counts and not table.definition:
        table.counts, table.definition, table.definition_verified = "completed", DEFINITION, False
        table.save(update_fields=["counts", "definition", "definition_verified"])
    for position, (seeded, now) in CHANGED.items():
        Column.objects.filter(table=table, position=position, filters=seeded).update(filters=now)
    if Column.objects.filter(table=table, position__gte=ADDED[0][0]).exists():
        return
    for position, label, filters in ADDED:
        Column.objects.create(
            table=table, position=position, number=f"({position})", label=label, group=EXTRA, filters=filters
        )


COUNTS = models.CharField(
    blank=True,
    choices=[
        ("completed", "Cases completed in the period"),
        ("accepted", "Cases accepted in the period"),
        ("in_progress", "Cases being performed at the end of the period"),
    ],
    help_text="Which cases every cell counts; empty: as the indicator counts by default.",
    max_length=12,
    verbose_name="cases counted",
)
DEFINITION_FIELD = models.TextField(
    blank=True,
    help_text="The form's definition of its figures and the legal basis of that definition.",
    verbose_name="what the form counts",
)
VERIFIED = models.BooleanField(
    default=False,
    help_text="Leave unticked while the definition is the project's reading, not the Ministry's text.",
    verbose_name="definition checked against the published text",
)


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0008_disadvantaged_communes_dated")]
    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=field.clone())
            for model in ("statisticstable", "historicalstatisticstable")
            for name, field in (
                ("counts", COUNTS),
                ("definition", DEFINITION_FIELD),
                ("definition_verified", VERIFIED),
            )
        ),
        migrations.RunPython(configure, migrations.RunPython.noop),
    ]
