"""Background tasks of the staffing app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django_tasks import task

from legalaid.jobs import job_attach_result, job_progress, job_running
from legalaid.models import User
from staffing.exports import invalid_rows_bytes
from staffing.importer import import_people


@task()
def import_people_task(job_id: int, *, path: str, skip_invalid: bool, user_id: int | None) -> None:
    """A large spreadsheet: the same import as the admin's, with progress for the job page."""
    # A worker has no request to take a language from: the job page speaks the site's language.
    with translation.override(settings.LANGUAGE_CODE), job_running(job_id) as job:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        user = User.objects.filter(pk=user_id).first() if user_id else None
        result = import_people(
            content,
            skip_invalid=skip_invalid,
            by=user,
            progress=lambda done, total: job_progress(job_id, done=done, total=total),
        )
        lines = [*result.error_lines()[:200], result.summary_line()]
        job_progress(job_id, done=result.new + result.updated + result.unchanged, message="\n".join(lines))
        if result.invalid:
            job_attach_result(job, filename="dong-loi.xlsx", content=invalid_rows_bytes(result))
