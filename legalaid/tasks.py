"""Background tasks of the shared app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from legalaid.jobs import job_attach_result, job_progress, job_running
from legalaid.models import Unit
from legalaid.services import users_export_xlsx


@task()
def export_users_task(job_id: int, *, unit_id: int) -> None:
    with job_running(job_id) as job:
        unit = Unit.objects.get(pk=unit_id)
        content = users_export_xlsx(
            unit=unit, progress=lambda done, total: job_progress(job_id, done=done, total=total)
        )
        job_attach_result(job, filename=f"nguoi-dung-{unit.pk}.xlsx", content=content)


@task()
def statistics_report_task(
    job_id: int, *, table_id: int, start: str, end: str, period_label: str, unit_id: int | None, output: str
) -> None:
    """Fill a statistics table for a period and scope; render it as PDF or xlsx."""
    from datetime import date

    from django.utils import timezone

    from legalaid import documents
    from legalaid.indicators import Period
    from legalaid.models import StatisticsTable
    from legalaid.statistics import build_table, table_xlsx

    with job_running(job_id) as job:
        table = StatisticsTable.objects.get(pk=table_id)
        scope = Unit.objects.select_related("parent", "province").get(pk=unit_id) if unit_id else None
        period = Period(date.fromisoformat(start), date.fromisoformat(end))
        result = build_table(
            table, period, scope, progress=lambda done, total: job_progress(job_id, done=done, total=total)
        )
        reporting = scope.name if scope is not None else "Toàn bộ các đơn vị"
        receiving = "Sở Tư pháp" if scope is not None and scope.kind != Unit.Kind.DOJ else "Bộ Tư pháp"
        if scope is not None and scope.parent and scope.kind == Unit.Kind.CENTRE:
            receiving = scope.parent.name
        place = scope.province.name if scope is not None and scope.province else ""
        slug = f"bieu-{table.code.replace('/', '-').lower()}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        if output == "xlsx":
            content = table_xlsx(
                result,
                title_lines=[
                    f"Biểu số: {table.code}",
                    table.title.upper(),
                    f"Kỳ báo cáo: {period_label} (từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y})",
                    f"Đơn vị báo cáo: {reporting}. Đơn vị nhận báo cáo: {receiving}.",
                ],
            )
            job_attach_result(job, filename=f"{slug}.xlsx", content=content)
        else:
            pdf = documents.render_pdf(
                "legalaid/pdf/statistics.html",
                {
                    "result": result,
                    "period_label": period_label,
                    "reporting_unit": reporting,
                    "receiving_unit": receiving,
                    "date_line": documents.vietnamese_date_line(place, timezone.localdate()),
                },
            )
            job_attach_result(job, filename=f"{slug}.pdf", content=pdf)
