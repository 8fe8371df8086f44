"""Vietnam's 54 ethnic groups with the General Statistics Office codes (QĐ 121-TCTK, 1979)."""

from django.db import migrations

ETHNICITIES = [
    ("01", "Kinh", "Việt"),
    ("02", "Tày", ""),
    ("03", "Thái", ""),
    ("04", "Hoa", "Hán"),
    ("05", "Khơ-me", "Khmer, Khơ me"),
    ("06", "Mường", ""),
    ("07", "Nùng", ""),
    ("08", "Mông", "H'Mông, HMông, Hmông, H'mông, Mèo"),
    ("09", "Dao", "Dao Đỏ, Dao Tiền"),
    ("10", "Gia-rai", "Gia Rai, Jrai"),
    ("11", "Ngái", ""),
    ("12", "Ê-đê", "Ê Đê, Êđê"),
    ("13", "Ba-na", "Ba Na, Bahnar"),
    ("14", "Xơ-đăng", "Xơ Đăng"),
    ("15", "Sán Chay", "Cao Lan, Sán Chí"),
    ("16", "Cơ-ho", "Cơ Ho, K'Ho"),
    ("17", "Chăm", "Chàm"),
    ("18", "Sán Dìu", ""),
    ("19", "Hrê", "H'rê"),
    ("20", "Mnông", "M'Nông"),
    ("21", "Ra-glai", "Raglai"),
    ("22", "Xtiêng", "X'tiêng"),
    ("23", "Bru-Vân Kiều", "Bru Vân Kiều, Vân Kiều"),
    ("24", "Thổ", ""),
    ("25", "Giáy", ""),
    ("26", "Cơ-tu", "Cơ Tu"),
    ("27", "Gié-Triêng", "Gié Triêng"),
    ("28", "Mạ", ""),
    ("29", "Khơ-mú", "Khơ Mú"),
    ("30", "Co", ""),
    ("31", "Tà-ôi", "Tà Ôi"),
    ("32", "Chơ-ro", "Chơ Ro"),
    ("33", "Kháng", ""),
    ("34", "Xinh-mun", "Xinh Mun"),
    ("35", "Hà Nhì", ""),
    ("36", "Chu-ru", "Chu Ru"),
    ("37", "Lào", ""),
    ("38", "La Chí", ""),
    ("39", "La Ha", ""),
    ("40", "Phù Lá", ""),
    ("41", "La Hủ", ""),
    ("42", "Lự", ""),
    ("43", "Lô Lô", ""),
    ("44", "Chứt", ""),
    ("45", "Mảng", ""),
    ("46", "Pà Thẻn", ""),
    ("47", "Cơ Lao", ""),
    ("48", "Cống", ""),
    ("49", "Bố Y", ""),
    ("50", "Si La", ""),
    ("51", "Pu Péo", ""),
    ("52", "Brâu", ""),
    ("53", "Ơ Đu", ""),
    ("54", "Rơ-măm", "Rơ Măm"),
]


def load(apps, schema_editor):
    from legalaid.text import search_key

    Ethnicity = apps.get_model("staffing", "Ethnicity")
    for code, name, other in ETHNICITIES:
        Ethnicity.objects.update_or_create(
            code=code, defaults={"name": name, "other_names": other, "name_search_key": search_key(name)}
        )


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
