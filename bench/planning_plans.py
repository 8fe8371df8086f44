"""Benchmark: read, save, show and print a large plan.

Generates a plan text of 40 topics x 10 activities (400 activities, each with lead,
coordinating, time and result lines and a per-unit split), then times: the parser alone (also
on the three seed plans), saving it, the plan page (queries counted), the plan PDF and the
progress-report PDF. Everything is written inside a transaction that is rolled back. Prints
figures; asserts nothing.

    DATABASE_URL=postgresql://... DEBUG=true .venv/bin/python bench/planning_plans.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from legalaid import indicators  # noqa: E402
from legalaid.models import Unit, User  # noqa: E402
from planning.importer import parse_plan  # noqa: E402
from planning.services import plan_import  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "planning" / "tests" / "seeds"
TOPICS, PER_TOPIC = 40, 10
QUARTERS = ["Quý I/2026", "Quý II - III /2026", "Cả năm 2026", "Quý IV năm 2026", "Thường xuyên"]


def big_plan() -> str:
    lines = [
        "Số: /KH-TGPL",
        "Lạng Sơn, ngày 05 tháng 01 năm 2026",
        "KẾ HOẠCH Triển khai công tác trợ giúp pháp lý năm 2026",
        "Thực hiện Kế hoạch của Sở Tư pháp.",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Bảo đảm thực hiện đầy đủ.",
        "II. NỘI DUNG",
    ]
    for t in range(1, TOPICS + 1):
        lines.append(f"{t}. Nhóm nhiệm vụ thứ {t}")
        for a in range(1, PER_TOPIC + 1):
            lines += [
                f"{t}.{a}. Tổ chức {a * 2} cuộc truyền thông trực tiếp tại các xã đợt {a}",
                "- Chủ trì: Phòng Hành chính – Tổng hợp, Phòng Nghiệp vụ (" + str(a) + " cuộc/phòng)",
                "- Phối hợp: Đoàn Luật sư tỉnh Lạng Sơn, Ủy ban nhân dân cấp xã",
                f"- Thời gian thực hiện: {QUARTERS[(t + a) % len(QUARTERS)]}",
                "- Kết quả thực hiện: Các cuộc truyền thông được tổ chức.",
            ]
    lines += [
        "III. KINH PHÍ THỰC HIỆN",
        "Ngân sách nhà nước.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "Các phòng thực hiện./.",
        "Nơi nhận:",
        "- Sở Tư pháp (B/c);",
        "- Lưu: VT, HC-TH.",
        "GIÁM ĐỐC",
        "Hoàng Thị Bích",
    ]
    return "\n".join(lines)


def timed(label: str, function, repeat: int = 1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = function()
    elapsed = (time.perf_counter() - start) / repeat
    print(f"{label:<58} {elapsed * 1000:9.1f} ms")
    return result


class Rollback(Exception):
    pass


def main() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        timed(f"parse {seed.name} ({len(text.splitlines())} lines)", lambda t=text: parse_plan(t), repeat=20)
    text = big_plan()
    parsed = timed(
        f"parse generated plan ({len(text.splitlines())} lines)", lambda: parse_plan(text), repeat=3
    )
    print(
        f"  -> {len(parsed.activities())} activities, {len(parsed.sections())} sections, "
        f"{len(parsed.unparsed)} unparsed lines"
    )
    indicators.register("bench.sessions", label="bench", unit=indicators.MeasureUnit.COUNT)(
        lambda period, scope: 3
    )
    try:
        with transaction.atomic():
            centre = Unit.objects.filter(kind=Unit.Kind.CENTRE).first()
            if centre is None:
                centre = Unit.objects.create(
                    name="Trung tâm TGPL (bench)", short_name="TGPL", kind=Unit.Kind.CENTRE
                )
            user = User.objects.create_superuser(
                "bench-planning", password=None, full_name="Bench", unit=centre
            )
            plan = timed(
                "save the generated plan (plan_import)",
                lambda: plan_import(parsed=parsed, unit=centre, by=user),
            )
            from planning.models import Target

            Target.objects.filter(activity__plan=plan).update(indicator_key="bench.sessions")
            client = Client()
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                response = timed(
                    "plan page, 400 activities, 1,200 bound targets",
                    lambda: client.get(f"/ke-hoach/{plan.pk}/", HTTP_HOST="127.0.0.1"),
                )
            print(
                f"  -> HTTP {response.status_code}, {len(queries)} queries, "
                f"{len(response.content) // 1024} KiB"
            )
            response = timed(
                "plan PDF", lambda: client.get(f"/ke-hoach/{plan.pk}/ke-hoach.pdf", HTTP_HOST="127.0.0.1")
            )
            print(f"  -> {len(response.content) // 1024} KiB")
            response = timed(
                "progress report PDF",
                lambda: client.get(f"/ke-hoach/{plan.pk}/bao-cao.pdf", HTTP_HOST="127.0.0.1"),
            )
            print(f"  -> {len(response.content) // 1024} KiB")
            raise Rollback
    except Rollback:
        pass
    finally:
        indicators._registry.pop("bench.sessions", None)


if __name__ == "__main__":
    main()
