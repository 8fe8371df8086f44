"""Files for the Ministry of Justice's national legal-aid software ("Hệ thống (phần mềm) quản lý
tổ chức và hoạt động trợ giúp pháp lý", DOMAIN.md §9.1): the people who perform legal aid here,
the cases in ``cases/national_export.py``, which reuses the columns, files, form and job
machinery of this module (cases may import staffing; staffing never imports cases).

The Ministry publishes no import template (DOMAIN.md §11), so the columns follow DOMAIN.md in a
fixed, documented order (docs/national-export.md) and settings can drop, reorder or rename them:

- ``NATIONAL_EXPORT_PEOPLE_COLUMNS`` / ``NATIONAL_EXPORT_CASES_COLUMNS``: the column keys to
  write, in order (default: every column);
- ``NATIONAL_EXPORT_PEOPLE_HEADERS`` / ``NATIONAL_EXPORT_CASES_HEADERS``: ``{key: header}`` for
  another heading than ours;
- ``NATIONAL_EXPORT_DIRECT_ROWS`` (1,000): above this many rows a background job writes the file;
- ``NATIONAL_EXPORT_CSV_DELIMITER`` (","): ";" suits an Excel set to Vietnamese regional settings.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from legalaid import spreadsheets
from legalaid.jobs import job_attach_result, job_progress, job_running, job_start
from legalaid.models import Unit, User

# check_export is the cases' export's too (cases/national_export.py imports it from here).
from staffing.access import check_export, export_units, visible_people
from staffing.models import Person

# Granted to the director and administrators in staffing/apps.py; created by migration 0003.
PERMISSION = "staffing.export_national"

XLSX, CSV = "xlsx", "csv"
CONTENT_TYPES = {
    XLSX: spreadsheets.XLSX_CONTENT_TYPE,
    CSV: "text/csv; charset=utf-8",
}
DATE_FORMAT = "%d/%m/%Y"
YES = "x"
PROGRESS_EVERY = 500
# Rows read per query: the lists (categories, fields...) are read once per chunk, so the query
# count does not grow with the rows of a small file and grows by two per 2,000 rows of a large one.
CHUNK = 2000


# --- Columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[Any], Any]
    is_date: bool = False
    # Codes and identity numbers: text cells, so that leading zeros survive.
    as_text: bool = False
    width: int = 16
    kind: str = ""  # a kind of legalaid.spreadsheets.Column; empty: from is_date, as_text or the values


def chosen_columns(columns: Sequence[Column], setting: str) -> list[Column]:
    """The columns to write: ``settings.<setting>_COLUMNS`` (keys, in order) and
    ``<setting>_HEADERS`` (renamed headings), defaulting to every column as declared."""
    by_key = {column.key: column for column in columns}
    keys = list(getattr(settings, f"{setting}_COLUMNS", None) or by_key)
    headers = dict(getattr(settings, f"{setting}_HEADERS", None) or {})
    unknown = sorted({*keys, *headers} - set(by_key))
    if unknown:
        raise ImproperlyConfigured(f"{setting}: unknown column keys {', '.join(unknown)}")
    if len(set(keys)) != len(keys):
        raise ImproperlyConfigured(f"{setting}_COLUMNS repeats a column")
    return [replace(by_key[key], header=headers.get(key, by_key[key].header)) for key in keys]


def code_text(value: int | str | None, digits: int) -> str:
    """An official numeric code written as the lists print it: 20, 06040."""
    return f"{int(value):0{digits}d}" if value not in (None, "") else ""


def yes(flag: bool) -> str:
    return YES if flag else ""


def joined(values: Iterable[str]) -> str:
    # Names of categories and fields hold commas: "; " keeps them apart.
    return "; ".join(v for v in values if v)


def rows_of(
    objects: Iterable[Any], columns: Sequence[Column], *, progress: Callable[[int], None] | None = None
) -> Iterator[list[Any]]:
    """One list of values per object; the "stt" column numbers the rows."""
    done = 0
    for done, obj in enumerate(objects, start=1):
        yield [done if column.key == "stt" else column.value(obj) for column in columns]
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(done)


def in_chunks(queryset: QuerySet, attach: Callable[[list[Any]], None], size: int = CHUNK) -> Iterator[Any]:
    """The rows of ``queryset``, read ``size`` at a time; ``attach`` gives each chunk what its
    rows list (categories, fields...) with one query per list. Django's prefetch_related would
    too, but it clones a queryset for every row: a third of the time of a large file."""
    chunk: list[Any] = []
    for obj in queryset.iterator(chunk_size=size):
        chunk.append(obj)
        if len(chunk) == size:
            attach(chunk)
            yield from chunk
            chunk = []
    if chunk:
        attach(chunk)
        yield from chunk


def grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    """``[(owner id, value), ...]`` in order -> ``{owner id: [values...]}``."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for owner, value in pairs:
        groups[owner].append(value)
    return groups


# --- Files ---------------------------------------------------------------------------------


def sheet_columns(columns: Sequence[Column], sample: Sequence[Sequence[Any]]) -> list[spreadsheets.Column]:
    """The writer's columns: dates as date cells, codes and ID numbers as text (leading zeros
    survive); a column that declares neither is a number column when its first rows hold numbers
    (STT, the system's IDs, a year), else text."""
    kinds = []
    for index, column in enumerate(columns):
        if column.kind:
            kind = column.kind
        elif column.is_date:
            kind = "date"
        elif column.as_text:
            kind = "code"
        else:
            numbers = (
                isinstance(row[index], int | float | Decimal) and not isinstance(row[index], bool)
                for row in sample
            )
            kind = "integer" if any(numbers) else "text"
        kinds.append(spreadsheets.Column(column.header, kind, width=column.width))
    return kinds


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[list[Any]], *, sheet_title: str) -> bytes:
    """Through the project's one writer, streamed (constant memory whatever the rows): the
    headings on row 1, frozen, the data under them and nothing else, as the Ministry's software
    reads it."""
    rows = iter(rows)
    sample = list(islice(rows, spreadsheets.WIDTH_SAMPLE))
    sheet = spreadsheets.Sheet(
        title=sheet_title, columns=sheet_columns(columns, sample), rows=chain(sample, rows), totals=False
    )
    return spreadsheets.workbook_bytes([sheet])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text  # Excel would run it as a formula (OWASP "CSV injection")
    return text


def csv_delimiter() -> str:
    return getattr(settings, "NATIONAL_EXPORT_CSV_DELIMITER", ",")


def csv_bytes(columns: Sequence[Column], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads Vietnamese correctly; dates dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_delimiter(), lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def file_bytes(
    objects: Iterable[Any],
    columns: Sequence[Column],
    *,
    file_format: str,
    sheet_title: str,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    # The file is Vietnamese whatever language the person exporting reads the site in.
    with translation.override("vi"):
        rows = rows_of(objects, columns, progress=progress)
        if file_format == CSV:
            return csv_bytes(columns, rows)
        return xlsx_bytes(columns, rows, sheet_title=sheet_title)


def file_response(content: bytes, *, filename: str, file_format: str) -> HttpResponse:
    if file_format == XLSX:
        return spreadsheets.xlsx_response(content, filename=filename)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def direct_rows() -> int:
    """Files up to this many rows are written while the browser waits: about a second for
    1,000 cases as xlsx on the 2-core build machine (docs/national-export.md has the figures)."""
    return int(getattr(settings, "NATIONAL_EXPORT_DIRECT_ROWS", 1000))


def deliver(
    request: HttpRequest,
    *,
    total: int,
    build: Callable[[], bytes],
    filename: str,
    file_format: str,
    task: Any,
    job_kind: str,
    job_label: str,
    unit: Unit,
    parameters: dict[str, Any],
) -> HttpResponse:
    """The file now, or for a large one a background job and its progress page, whose download
    only the person who started it can open."""
    if total > direct_rows():
        job = job_start(task=task, kind=job_kind, label=job_label, by=request.user, unit=unit, **parameters)
        return redirect("job_detail", pk=job.pk)
    return file_response(build(), filename=filename, file_format=file_format)


# --- The form both exports share -------------------------------------------------------------


class NationalExportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit (with the units below it)"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _(
                "Choose your own unit or a unit below it: you may not export other units' records."
            ),
            "required": _("Choose the unit whose records to export."),
        },
    )
    file_format = forms.ChoiceField(
        label=_("File type"),
        choices=[(XLSX, _("Excel workbook (.xlsx)")), (CSV, _("CSV text, UTF-8 (.csv)"))],
        initial=XLSX,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose Excel or CSV.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = export_units(user)
        self.fields["unit"].queryset = units
        if user.unit_id is not None:
            self.fields["unit"].initial = user.unit_id


# --- People --------------------------------------------------------------------------------


def label(choices: type[models.Choices], value: str) -> str:
    """A choice's label in the active language (remembered: it is asked once per row)."""
    return _label(choices, value, translation.get_language()) if value else ""


@functools.lru_cache(maxsize=512)
def _label(choices: type[models.Choices], value: str, language: str | None) -> str:
    return str(dict(choices.choices).get(value, value))


PEOPLE_COLUMNS: list[Column] = [
    Column("stt", "STT", lambda p: None, width=6),
    Column("id", "Mã người thực hiện trong hệ thống", lambda p: p.pk, width=12),
    Column("full_name", "Họ và tên", lambda p: p.full_name, width=28),
    Column("sex", "Giới tính", lambda p: label(Person.Sex, p.sex), width=9),
    Column("date_of_birth", "Ngày sinh", lambda p: p.date_of_birth, is_date=True, width=12),
    Column(
        "ethnicity_code",
        "Mã dân tộc",
        lambda p: p.ethnicity.code if p.ethnicity_id else "",
        as_text=True,
        width=8,
    ),
    Column("ethnicity", "Dân tộc", lambda p: p.ethnicity.name if p.ethnicity_id else "", width=12),
    Column("citizen_id", "Số CCCD", lambda p: p.citizen_id, as_text=True, width=15),
    Column("kind", "Loại người thực hiện", lambda p: label(Person.Kind, p.kind), width=24),
    Column("unit", "Đơn vị", lambda p: p.unit.name if p.unit_id else "", width=28),
    Column("position", "Chức vụ", lambda p: p.position, width=18),
    Column(
        "appointment_decision",
        "Số quyết định bổ nhiệm / công nhận",
        lambda p: p.appointment_decision,
        as_text=True,
        width=18,
    ),
    Column(
        "appointment_date", "Ngày bổ nhiệm / công nhận", lambda p: p.appointment_date, is_date=True, width=12
    ),
    Column("card_number", "Số thẻ", lambda p: p.card_number, as_text=True, width=14),
    Column("card_issued_on", "Ngày cấp thẻ", lambda p: p.card_issued_on, is_date=True, width=12),
    Column("card_expires_on", "Thẻ có giá trị đến ngày", lambda p: p.card_expires_on, is_date=True, width=12),
    Column("bar_association", "Đoàn luật sư", lambda p: p.bar_association, width=20),
    Column(
        "organisation",
        "Tổ chức hành nghề luật sư / tổ chức tư vấn pháp luật",
        lambda p: p.organisation,
        width=28,
    ),
    Column("contract_number", "Số hợp đồng", lambda p: p.contract_number, as_text=True, width=14),
    Column("contract_start", "Ngày bắt đầu hợp đồng", lambda p: p.contract_start, is_date=True, width=12),
    Column("contract_end", "Ngày kết thúc hợp đồng", lambda p: p.contract_end, is_date=True, width=12),
    Column("has_law_degree", "Cử nhân luật", lambda p: yes(p.has_law_degree), width=8),
    Column(
        "has_lawyer_training", "Đã qua đào tạo nghề luật sư", lambda p: yes(p.has_lawyer_training), width=10
    ),
    Column("field_codes", "Mã lĩnh vực", lambda p: joined(code for code, _name in p.field_list), width=14),
    Column("fields", "Lĩnh vực pháp luật", lambda p: joined(name for _code, name in p.field_list), width=40),
    Column(
        "minority_languages",
        "Tiếng dân tộc thiểu số sử dụng được",
        lambda p: joined(f"Tiếng {name}" for name in p.language_list),
        width=18,
    ),
    Column("commune_code", "Mã xã/phường", lambda p: code_text(p.commune_id, 5), as_text=True, width=9),
    Column("commune", "Xã/phường", lambda p: p.commune.name if p.commune_id else "", width=18),
    Column("province", "Tỉnh/thành phố", lambda p: p.commune.province.name if p.commune_id else "", width=14),
    Column("status", "Tình trạng", lambda p: label(Person.Status, p.status), width=14),
    Column("status_date", "Ngày thay đổi tình trạng", lambda p: p.status_date, is_date=True, width=12),
    Column("status_reason", "Lý do thay đổi tình trạng", lambda p: p.status_reason, width=24),
]


def people_columns() -> list[Column]:
    return chosen_columns(PEOPLE_COLUMNS, "NATIONAL_EXPORT_PEOPLE")


def national_people(
    *, user: User, unit: Unit, kinds: Sequence[str] = (), status: str = ""
) -> QuerySet[Person]:
    """The performers of ``unit``'s subtree (assistants, collaborators, lawyers, advisers; staff
    are not performers), by kind in the order of ``Person.PERFORMER_KINDS`` and then by name."""
    check_export(user, unit, PERMISSION)
    kinds = [k for k in kinds if k in Person.PERFORMER_KINDS] or list(Person.PERFORMER_KINDS)
    people = visible_people(user).filter(unit__path__startswith=unit.path, kind__in=kinds)
    if status:
        people = people.filter(status=status)
    kind_order = models.Case(
        *(models.When(kind=kind, then=index) for index, kind in enumerate(Person.PERFORMER_KINDS)),
        output_field=models.IntegerField(),
    )
    return (
        people.select_related("unit", "ethnicity", "commune__province")
        .annotate(kind_order=kind_order)
        .order_by("kind_order", "name_sort_key", "pk")
    )


def _attach_lists(people: list[Person]) -> None:
    """Each person's fields of law (by display order) and minority languages (by GSO code)."""
    ids = [person.pk for person in people]
    fields = grouped(
        (person_id, (code, name))
        for person_id, code, name in Person.fields.through.objects.filter(person_id__in=ids)
        .order_by("legalfield__position", "legalfield__code")
        .values_list("person_id", "legalfield__code", "legalfield__name")
    )
    languages = grouped(
        Person.minority_languages.through.objects.filter(person_id__in=ids)
        .order_by("ethnicity__code")
        .values_list("person_id", "ethnicity__name")
    )
    for person in people:
        person.field_list = fields.get(person.pk, [])
        person.language_list = languages.get(person.pk, [])


def people_file(
    people: QuerySet[Person], *, file_format: str, progress: Callable[[int], None] | None = None
) -> bytes:
    return file_bytes(
        in_chunks(people, _attach_lists),
        people_columns(),
        file_format=file_format,
        sheet_title="Người thực hiện TGPL",
        progress=progress,
    )


def people_filename(file_format: str) -> str:
    return f"nguoi-thuc-hien-tgpl-phan-mem-bo.{file_format}"


def people_download_name(file_format: str) -> str:
    """The name of a direct download: Vietnamese for the workbook; the CSV keeps the plain name
    that scripts fetching it already expect."""
    if file_format == XLSX:
        return "Người thực hiện trợ giúp pháp lý cho phần mềm của Bộ.xlsx"
    return people_filename(file_format)


@task()
def national_people_task(
    job_id: int, *, user_id: int, unit_id: int, kinds: list[str], status: str, file_format: str
) -> None:
    # The job page shows the message of a failure: in Vietnamese, as the file is.
    with translation.override("vi"), job_running(job_id) as job:
        user = User.objects.select_related("unit").get(pk=user_id)
        unit = Unit.objects.get(pk=unit_id)
        people = national_people(user=user, unit=unit, kinds=kinds, status=status)
        job_progress(job_id, done=0, total=people.count())
        content = people_file(
            people, file_format=file_format, progress=lambda done: job_progress(job_id, done=done)
        )
        job_attach_result(job, filename=people_filename(file_format), content=content)
