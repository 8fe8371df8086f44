"""Background jobs: django-tasks with the database backend, and a ``Job`` row pages can poll.

A view calls ``job_start(task=..., ...)``; the task receives the job's id as its first argument
and reports through ``job_running``/``job_progress``. ``make run`` starts the worker
(``manage.py db_worker``) beside the web server.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.models import Job, Unit, User

logger = logging.getLogger(__name__)


def job_start(
    *, task: Any, kind: str, label: str, by: User, unit: Unit | None = None, **parameters: Any
) -> Job:
    """Record the job and enqueue its task once the surrounding transaction commits."""
    job = Job.objects.create(
        kind=kind, label=label, created_by=by, unit=unit or by.unit, parameters=parameters
    )

    def enqueue() -> None:
        result = task.enqueue(job.pk, **parameters)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def job_progress(job_id: int, *, done: int, total: int | None = None, message: str = "") -> None:
    values: dict[str, Any] = {"done": done}
    if total is not None:
        values["total"] = total
    if message:
        values["message"] = message
    Job.objects.filter(pk=job_id).update(**values, updated_at=timezone.now())


@contextmanager
def job_running(job_id: int) -> Iterator[Job]:
    """Mark the job running; on exit mark it done, or failed with the error's message."""
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, updated_at=timezone.now())
    job = Job.objects.get(pk=job_id)
    try:
        yield job
    except Exception as error:
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            message=_("The job failed: %(error)s") % {"error": str(error)[:2000]},
            finished_at=timezone.now(),
        )
        raise
    else:
        job.refresh_from_db(fields=["message", "result_file", "done", "total"])
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.DONE,
            done=job.total or job.done,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def job_attach_result(job: Job, *, filename: str, content: bytes) -> None:
    job.result_file.save(filename, ContentFile(content), save=False)
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name)


def jobs_visible_to(user: User):
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)
