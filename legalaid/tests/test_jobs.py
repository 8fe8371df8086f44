"""Background jobs run through the real database backend and its worker command."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from legalaid.models import Job, Unit
from legalaid.tests.factories import UserFactory


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_exporting_users_runs_in_the_background_and_offers_the_spreadsheet(client, org, director):
    UserFactory.create_batch(3, unit=org.branch)
    client.force_login(director)
    response = client.post(f"/to-chuc/{org.branch.pk}/xuat-excel/")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cong-viec-nen/{job.pk}/"
    assert job.status == Job.Status.QUEUED
    assert job.task_result_id

    status = client.get(f"/cong-viec-nen/{job.pk}/trang-thai/").json()
    assert status["status"] == "queued" and not status["download"]
    assert client.get(f"/cong-viec-nen/{job.pk}/tai-ve/").status_code == 404

    _run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    status = client.get(f"/cong-viec-nen/{job.pk}/trang-thai/").json()
    assert status["download"] is True
    download = client.get(f"/cong-viec-nen/{job.pk}/tai-ve/")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 3
    assert {row[4] for row in rows} == {"Chi nhánh số 1"}
    assert sheet["B3"].value == "Họ và tên"


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_marked_failed_with_its_message(client, org, director):
    team = Unit.objects.create(name="Tổ công tác tạm thời", kind=Unit.Kind.DEPARTMENT, parent=org.centre)
    client.force_login(director)
    client.post(f"/to-chuc/{team.pk}/xuat-excel/")
    team.delete()  # gone before the worker picks the job up
    _run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "does not exist" in job.message
    assert not client.get(f"/cong-viec-nen/{job.pk}/trang-thai/").json()["download"]


@pytest.mark.django_db
def test_only_the_creator_sees_a_job(client, org, director, official):
    job = Job.objects.create(kind="x", label="Báo cáo", created_by=director)
    client.force_login(official)
    assert client.get(f"/cong-viec-nen/{job.pk}/").status_code == 404
    client.force_login(director)
    assert "Báo cáo" in client.get(f"/cong-viec-nen/{job.pk}/").content.decode()
