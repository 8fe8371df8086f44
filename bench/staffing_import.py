"""Benchmark: import 10,000 collaborator rows from one xlsx with full validation, against
django-import-export's default row-by-row import of the same file, in the same run.

    DEBUG=true .venv/bin/python bench/staffing_import.py [ROWS] [--ours-only]

It creates its own throw-away database (bench_staffing), loads Lạng Sơn's communes, and prints
the figures; it asserts nothing. ``--ours-only`` skips django-import-export's import, which takes
minutes. The import is attributed to an administrator, so its history rows are written as a real
import's are.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["TEST_DATABASE_NAME"] = "bench_staffing"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

HEADERS = [
    "STT",
    "Họ và tên",
    "Số CCCD",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Tiếng dân tộc thiểu số",
    "Xã/Phường",
    "Số điện thoại",
    "Nghề nghiệp",
    "Trưởng thôn",
    "Lĩnh vực",
    "Số thẻ",
    "Ngày cấp thẻ",
]
FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Hà", "Lộc", "Chu", "Triệu", "Lý", "Mã", "Nguyễn"]
MIDDLE = ["Văn", "Thị", "Đức", "Thị Thu", "Minh", "Thị Bích"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Thảo", "Tú"]
ETHNIC = [("Nùng", "Nùng"), ("Tày", "Tày"), ("Kinh", ""), ("Dao", "Dao"), ("Sán Chay", "Sán Chay, Tày")]


def generate(rows: int, communes: list[str], fields: list[str]) -> bytes:
    """One file both importers read: the header on row 1, IDs and phones as text, text dates."""
    from openpyxl import Workbook

    rng = random.Random(2026)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("CTV")
    sheet.append(HEADERS)
    for i in range(rows):
        ethnicity, languages = ETHNIC[i % len(ETHNIC)]
        sheet.append(
            [
                i + 1,
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                f"020{rng.randint(0, 1)}{rng.randint(60, 99)}{i:06d}",
                "Nữ" if i % 3 == 0 else "Nam",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1960, 2000)}",
                ethnicity,
                languages,
                communes[i % len(communes)],
                f"09{rng.randint(10000000, 99999999)}",
                "Nông dân",
                "1" if i % 10 == 0 else "0",
                "; ".join(rng.sample(fields, 2)),
                f"CTV-{i:05d}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(numbers[0]) if numbers else 10_000
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(rows, compare="--ours-only" not in sys.argv)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(rows: int, *, compare: bool = True) -> None:
    import tablib

    from legalaid.models import Commune, LegalField, User
    from legalaid.services import areas_load
    from staffing.importer import import_people
    from staffing.models import Person
    from staffing.resources import PersonResource

    areas_load(province_code=20)
    communes = list(Commune.objects.filter(province_id=20).values_list("name", flat=True))
    fields = list(LegalField.objects.values_list("name", flat=True))
    content = generate(rows, communes, fields)
    print(f"file: {rows} rows, {len(content) / 1e6:.1f} MB")
    administrator = User.objects.create(username="bench-admin")

    started = time.perf_counter()
    result = import_people(content, by=administrator)
    ours = time.perf_counter() - started
    print(f"staffing.importer (validate + write, one transaction): {ours:.2f} s  -> {result.summary_line()}")

    started = time.perf_counter()
    again = import_people(content, by=administrator)
    elapsed = time.perf_counter() - started
    print(
        f"staffing.importer, same file again (idempotent):       {elapsed:.2f} s  -> {again.summary_line()}"
    )
    if not compare:
        return

    Person.history.all().delete()
    Person.objects.all().delete()
    started = time.perf_counter()
    dataset = tablib.Dataset().load(content, format="xlsx")
    outcome = PersonResource().import_data(dataset, dry_run=False, use_transactions=True)
    theirs = time.perf_counter() - started
    totals = {k: v for k, v in outcome.totals.items() if v}
    print(
        f"django-import-export default row-by-row import:         {theirs:.2f} s  -> {totals}, "
        f"errors: {len(outcome.row_errors())}, invalid: {len(outcome.invalid_rows)}"
    )
    print(f"ratio (import-export / ours): {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
