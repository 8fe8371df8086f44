import pytest

from legalaid.models import User
from legalaid.text import search_key, sort_key, title_case_name


def test_search_key_strips_accents_and_d_with_stroke():
    assert search_key("  Nguyễn   Văn Đức ") == "nguyen van duc"
    assert search_key("ĐẶNG THỊ ÁNH") == "dang thi anh"


def test_the_keys_do_not_depend_on_unicode_normalisation_form():
    import unicodedata

    name = "Nguyễn Thị Ánh Tuyết"
    decomposed = unicodedata.normalize("NFD", name)
    assert search_key(decomposed) == search_key(name)
    assert sort_key(decomposed) == sort_key(name)


def test_dang_sorts_after_duong_because_d_with_stroke_follows_d():
    assert sort_key("Đặng Văn An") > sort_key("Dương Văn An")
    assert sort_key("Đào An") > sort_key("Dương An")


def test_people_sort_by_given_name_then_middle_then_family_name():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Lê An", "Nguyễn Văn Anh", "Phạm Ăn"]
    assert sorted(names, key=sort_key) == [
        "Lê An",
        "Trần Thị An",
        "Lê Văn An",
        "Nguyễn Văn Anh",
        "Phạm Ăn",
        "Nguyễn Văn Bình",
    ]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("An", "Ăn"),
        ("Ăn", "Ân"),
        ("Cúc", "Dung"),
        ("Dung", "Đông"),
        ("Ê", "Giang"),
        ("Ong", "Ông"),
        ("Ông", "Ơn"),
        ("Ơn", "Phúc"),
        ("Út", "Ưng"),
        ("Ưng", "Vân"),
    ],
)
def test_the_vietnamese_alphabet_order_holds(earlier, later):
    assert sort_key(earlier) < sort_key(later)


def test_tones_only_break_ties_in_dictionary_order():
    order = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    assert sorted(reversed(order), key=sort_key) == order
    assert sort_key("Mạ") < sort_key("Mai")


def test_title_case_name_tidies_what_people_type():
    assert title_case_name("  nguyễn   văn a ") == "Nguyễn Văn A"
    assert title_case_name("ĐẶNG THỊ MAI") == "Đặng Thị Mai"


@pytest.mark.django_db
def test_searching_without_diacritics_finds_the_person_and_the_database_sorts_the_vietnamese_way():
    for i, name in enumerate(["Đặng Văn An", "Dương Văn An", "Nguyễn Thị Bích", "Nguyễn Văn An"]):
        User.objects.create(username=f"u{i}", full_name=name)
    found = User.objects.filter(name_search_key__contains=search_key("nguyen"))
    assert {u.full_name for u in found} == {"Nguyễn Thị Bích", "Nguyễn Văn An"}
    ordered = list(User.objects.order_by("name_sort_key").values_list("full_name", flat=True))
    assert ordered == ["Dương Văn An", "Đặng Văn An", "Nguyễn Văn An", "Nguyễn Thị Bích"]


@pytest.mark.django_db
def test_renaming_a_person_with_update_fields_refreshes_the_keys():
    user = User.objects.create(username="x", full_name="Nguyễn Văn A")
    user.full_name = "Trần Thị B"
    user.save(update_fields=["full_name"])
    user.refresh_from_db()
    assert user.name_search_key == "tran thi b"
    assert user.name_sort_key == sort_key("Trần Thị B")
