"""The admin's import: upload -> preview of every row with its errors -> confirm."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from legalaid.models import Job
from staffing import admin as staffing_admin
from staffing.models import Person
from staffing.sheets import messy_workbook
from staffing.tests.factories import restore_reference_data
from staffing.tests.test_import import BAD, GOOD, HEADERS


@pytest.fixture
def _roles(_django_db_helper):
    restore_reference_data()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def upload(client, content, name="ctv.xlsx"):
    return client.post(
        reverse("admin:staffing_person_import_sheet"), {"file": SimpleUploadedFile(name, content)}
    )


def test_the_preview_shows_every_row_with_its_spreadsheet_number_and_errors(admin_client):
    response = upload(admin_client, messy_workbook(HEADERS, GOOD + BAD))
    assert response.status_code == 200
    result = response.context["result"]
    assert [r.number for r in result.rows] == [5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    assert [r.number for r in result.invalid_rows] == [9, 10, 11, 12, 13, 14, 15, 16]
    html = response.content.decode()
    assert 'data-row="16"' in html and "trùng với dòng 5" in html
    assert Person.objects.count() == 0  # the preview writes nothing


def test_confirming_a_file_with_invalid_rows_writes_nothing_unless_asked(admin_client):
    response = upload(admin_client, messy_workbook(HEADERS, GOOD + BAD))
    token = response.context["confirm_form"].initial["token"]
    url = reverse("admin:staffing_person_import_sheet")
    response = admin_client.post(url, {"token": token})
    assert response.status_code == 200 and Person.objects.count() == 0
    response = admin_client.post(url, {"token": token, "skip_invalid": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 3
    assert Person.history.filter(history_user__username="quantri").count() == 3


def test_a_clean_file_is_written_on_confirmation_and_a_second_time_changes_nothing(admin_client):
    for expected in (
        "Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 0",
        "Mới: 0, cập nhật: 0, không đổi: 3, dòng lỗi: 0",
    ):
        response = upload(admin_client, messy_workbook(HEADERS, GOOD))
        token = response.context["confirm_form"].initial["token"]
        response = admin_client.post(
            reverse("admin:staffing_person_import_sheet"), {"token": token}, follow=True
        )
        assert expected in response.content.decode()
    assert Person.objects.count() == 3


def test_the_invalid_rows_download_from_the_preview(admin_client):
    response = upload(admin_client, messy_workbook(HEADERS, GOOD + BAD))
    download = admin_client.get(response.context["invalid_url"])
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi" and len(rows) == 9


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_runs_as_a_background_job_with_progress(_roles, admin_client, monkeypatch):
    monkeypatch.setattr(staffing_admin, "BACKGROUND_ROWS", 2)
    response = upload(admin_client, messy_workbook(HEADERS, GOOD + BAD))
    assert response.context["background"]
    token = response.context["confirm_form"].initial["token"]
    response = admin_client.post(
        reverse("admin:staffing_person_import_sheet"), {"token": token, "skip_invalid": "on"}
    )
    job = Job.objects.get(kind="staffing.import")
    assert response.url == reverse("job_detail", args=[job.pk])
    assert admin_client.get(response.url).status_code == 200
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.message.splitlines()[0].startswith("Dòng 9, cột “Họ tên”: ")
    assert job.message.splitlines()[-1] == "Mới: 3, cập nhật: 0, không đổi: 0, dòng lỗi: 8"
    assert job.percent == 100 and job.result_file  # the invalid rows to download
    assert Person.objects.count() == 3


def test_a_file_that_is_not_xlsx_is_refused_with_a_message(admin_client):
    response = upload(admin_client, b"hello", name="ctv.xlsx")
    assert response.status_code == 200 and response.context["form"].errors


def test_people_without_the_admin_permissions_cannot_import(client, director):
    director.is_staff = True
    director.save()
    client.force_login(director)
    response = upload(client, messy_workbook(HEADERS, GOOD))
    assert response.status_code == 403


def test_the_template_has_the_import_headers(admin_client):
    from staffing.importer import EXPORT_HEADERS, read_sheet

    content = admin_client.get(reverse("admin:staffing_person_template")).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["STT", *EXPORT_HEADERS]
    assert set(read_sheet(content).headers.values()) == set(EXPORT_HEADERS)
