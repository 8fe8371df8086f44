"""Seed the reference lists: forms of legal aid, fields of law, beneficiary categories with
their validity dates (Law 11/2017 Art. 7 as amended in 2024) and the papers proving them.

Administrators edit all of this in the admin; DOMAIN.md sections 2 and 3 give the sources and
mark which items are unverified defaults.
"""

from datetime import date

from django.db import migrations

FORMS = [
    ("TGTT", "Tham gia tố tụng", 1),
    ("TVPL", "Tư vấn pháp luật", 2),
    ("DDNTT", "Đại diện ngoài tố tụng", 3),
]

FIELDS = [
    ("HS", "Pháp luật hình sự, tố tụng hình sự và thi hành án hình sự", "Pháp luật hình sự"),
    ("DS", "Pháp luật dân sự, tố tụng dân sự và thi hành án dân sự", "Pháp luật dân sự, hôn nhân gia đình"),
    ("HNGD", "Pháp luật về hôn nhân gia đình và pháp luật về trẻ em", "Pháp luật dân sự, hôn nhân gia đình"),
    ("HC", "Pháp luật hành chính, khiếu nại, tố cáo và tố tụng hành chính", "Pháp luật hành chính"),
    ("DD", "Pháp luật đất đai, nhà ở, môi trường và bảo vệ người tiêu dùng", "Pháp luật đất đai, nhà ở"),
    ("LD", "Pháp luật lao động, việc làm, bảo hiểm xã hội", "Pháp luật lao động"),
    (
        "UD",
        "Pháp luật ưu đãi người có công với cách mạng và pháp luật về ưu đãi xã hội khác",
        "Pháp luật ưu đãi người có công",
    ),
    (
        "KHAC",
        "Các lĩnh vực khác liên quan đến chương trình mục tiêu quốc gia xóa đói, giảm nghèo",
        "Lĩnh vực khác",
    ),
]

LAW = "Luật Trợ giúp pháp lý số 11/2017/QH14, Điều 7"
TRAFFICKING_LAW = "Luật Phòng, chống mua bán người số 53/2024/QH15, Điều 61"
JUVENILE_LAW = "Luật Tư pháp người chưa thành niên số 59/2024/QH15, Điều 177 khoản 6"
START = date(2018, 1, 1)

# code, clause, name, hardship, sensitive, valid_from, valid_to, legal basis
CATEGORIES = [
    ("NCC", "1", "Người có công với cách mạng", False, False, START, None, LAW),
    ("HN", "2", "Người thuộc hộ nghèo", False, False, START, None, LAW),
    ("TE", "3", "Trẻ em", False, False, START, None, LAW),
    (
        "DTTS",
        "4",
        "Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn",
        False,
        False,
        START,
        None,
        LAW,
    ),
    (
        "BBT1618",
        "5",
        "Người bị buộc tội từ đủ 16 tuổi đến dưới 18 tuổi",
        False,
        False,
        START,
        date(2025, 12, 31),
        LAW,
    ),
    (
        "NCTN1618",
        "5",
        "Người từ đủ 16 tuổi đến dưới 18 tuổi là người bị tố giác, người bị kiến nghị khởi tố, người bị giữ trong trường hợp khẩn cấp, người bị buộc tội, bị hại, người làm chứng, người chấp hành biện pháp xử lý chuyển hướng, phạm nhân",
        False,
        False,
        date(2026, 1, 1),
        None,
        JUVENILE_LAW,
    ),
    ("BBTCN", "6", "Người bị buộc tội thuộc hộ cận nghèo", False, False, START, None, LAW),
    (
        "MBN",
        "6a",
        "Nạn nhân, người đang trong quá trình xác định là nạn nhân của hành vi mua bán người và người dưới 18 tuổi đi cùng theo quy định của Luật Phòng, chống mua bán người",
        False,
        True,
        date(2025, 7, 1),
        None,
        TRAFFICKING_LAW,
    ),
    (
        "7a",
        "7a",
        "Cha đẻ, mẹ đẻ, vợ, chồng, con của liệt sĩ và người có công nuôi dưỡng khi liệt sĩ còn nhỏ",
        True,
        False,
        START,
        None,
        LAW,
    ),
    ("7b", "7b", "Người nhiễm chất độc da cam", True, False, START, None, LAW),
    ("7c", "7c", "Người cao tuổi", True, False, START, None, LAW),
    ("7d", "7d", "Người khuyết tật", True, False, START, None, LAW),
    (
        "7dd",
        "7đ",
        "Người từ đủ 16 tuổi đến dưới 18 tuổi là bị hại trong vụ án hình sự",
        True,
        False,
        START,
        date(2025, 12, 31),
        LAW,
    ),
    ("7e", "7e", "Nạn nhân trong vụ việc bạo lực gia đình", True, True, START, None, LAW),
    (
        "7g",
        "7g",
        "Nạn nhân của hành vi mua bán người theo quy định của Luật Phòng, chống mua bán người",
        True,
        True,
        START,
        date(2025, 6, 30),
        LAW,
    ),
    ("7h", "7h", "Người nhiễm HIV", True, True, START, None, LAW),
]

HARDSHIP = [
    "Giấy chứng nhận hộ cận nghèo",
    "Quyết định hưởng trợ cấp xã hội hàng tháng",
    "Quyết định tiếp nhận vào chăm sóc, nuôi dưỡng tại nhà xã hội, cơ sở bảo trợ xã hội",
]
AGE = ["Giấy khai sinh", "Thẻ căn cước, căn cước công dân", "Hộ chiếu", "Giấy tờ khác chứng minh tuổi"]
PROCEDURAL = [
    "Văn bản của cơ quan tiến hành tố tụng (lệnh, quyết định tạm giữ, khởi tố bị can, ...)",
    "Thông báo của cơ quan tiến hành tố tụng về việc người bị buộc tội thuộc diện trợ giúp pháp lý",
]
# code -> list of groups; every group is required, any one paper of a group satisfies it.
PROOFS = {
    "NCC": [
        [
            "Giấy tờ, quyết định công nhận người có công với cách mạng",
            "Quyết định hưởng trợ cấp ưu đãi người có công",
        ]
    ],
    "HN": [["Giấy chứng nhận hộ nghèo"]],
    "TE": [AGE],
    "DTTS": [
        ["Giấy tờ chứng minh dân tộc thiểu số (căn cước, giấy khai sinh)"],
        ["Giấy tờ chứng minh nơi cư trú ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn"],
    ],
    "BBT1618": [PROCEDURAL, AGE],
    "NCTN1618": [PROCEDURAL, AGE],
    "BBTCN": [PROCEDURAL, ["Giấy chứng nhận hộ cận nghèo"]],
    "MBN": [
        [
            "Văn bản của cơ quan có thẩm quyền xác nhận là nạn nhân hoặc đang trong quá trình xác định là nạn nhân mua bán người"
        ]
    ],
    "7a": [HARDSHIP, ["Quyết định trợ cấp ưu đãi, trợ cấp tiền tuất đối với thân nhân liệt sĩ"]],
    "7b": [HARDSHIP, ["Quyết định trợ cấp đối với người nhiễm chất độc da cam"]],
    "7c": [HARDSHIP, AGE],
    "7d": [HARDSHIP, ["Giấy xác nhận khuyết tật"]],
    "7dd": [HARDSHIP, AGE, PROCEDURAL],
    "7e": [HARDSHIP, ["Giấy tờ chứng minh là nạn nhân bạo lực gia đình"]],
    "7g": [HARDSHIP, ["Văn bản của cơ quan có thẩm quyền xác nhận là nạn nhân mua bán người"]],
    "7h": [HARDSHIP, ["Giấy tờ chứng minh người nhiễm HIV"]],
}


def seed(apps, schema_editor):
    LegalAidForm = apps.get_model("legalaid", "LegalAidForm")
    LegalField = apps.get_model("legalaid", "LegalField")
    Category = apps.get_model("legalaid", "BeneficiaryCategory")
    ProofType = apps.get_model("legalaid", "ProofDocumentType")
    CategoryProof = apps.get_model("legalaid", "CategoryProof")
    for code, name, position in FORMS:
        LegalAidForm.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name, group) in enumerate(FIELDS, start=1):
        LegalField.objects.update_or_create(
            code=code, defaults={"name": name, "stats_group": group, "position": position}
        )
    for position, (code, clause, name, hardship, sensitive, start, end, basis) in enumerate(
        CATEGORIES, start=1
    ):
        category, _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "clause": clause,
                "name": name,
                "requires_financial_hardship": hardship,
                "sensitive": sensitive,
                "valid_from": start,
                "valid_to": end,
                "legal_basis": basis,
                "position": position,
            },
        )
        for group_no, papers in enumerate(PROOFS[code], start=1):
            for paper in papers:
                proof_type, _ = ProofType.objects.get_or_create(name=paper)
                CategoryProof.objects.update_or_create(
                    category=category, document_type=proof_type, defaults={"group": group_no}
                )


class Migration(migrations.Migration):
    dependencies = [("legalaid", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
