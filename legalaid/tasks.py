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
