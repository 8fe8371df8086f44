"""python manage.py import_collaborators PATH [--dry-run] [--skip-invalid] [--json]

Prints one line per invalid cell ("Dòng 9, cột “Họ tên”: Thiếu họ và tên.", the row as the
spreadsheet numbers it), then the summary ("Mới: 1.234, cập nhật: 12, không đổi: 3, dòng lỗi: 2").
With ``--json`` it prints only one JSON object for scripts instead:
``{"new", "updated", "unchanged", "invalid", "errors": [{"row", "column", "message"}]}``.

Exits 1 when the import was refused: the file cannot be read, or invalid rows stopped it (all or
nothing, unless ``--skip-invalid``); 0 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.commands import BaseCommand, number
from legalaid.refusal import Refusal
from staffing.importer import import_people


class Command(BaseCommand):
    help = gettext_lazy("Import collaborators and lawyers from an Excel (.xlsx) spreadsheet.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Check and report; write nothing.")
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=gettext_lazy("Write the valid rows even when some rows are invalid."),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=gettext_lazy("Print one JSON object for scripts instead of lines."),
        )

    def handle(self, *args, path: Path, dry_run: bool, skip_invalid: bool, as_json: bool, **options):
        try:
            content = path.read_bytes()
        except OSError as error:
            raise Refusal(_("Cannot read the file %(path)s.") % {"path": path}) from error
        try:
            result = import_people(content, dry_run=dry_run, skip_invalid=skip_invalid, name=path.name)
        except Refusal as refusal:
            if as_json:
                self._print_json(
                    {"new": 0, "updated": 0, "unchanged": 0, "invalid": 0, "errors": [_file_error(refusal)]}
                )
            raise
        if as_json:
            self._print_json(result.as_dict())
        else:
            for line in result.error_lines():
                self.stdout.write(line)
            self.stdout.write(result.summary_line())
        if result.invalid and not skip_invalid:
            raise Refusal(
                _(
                    "Nothing was imported: %(count)s rows are invalid. Fix them, or run again with "
                    "--skip-invalid to import only the valid rows."
                )
                % {"count": number(result.invalid)}
            )

    def _print_json(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))


def _file_error(refusal: Refusal) -> dict:
    """A refusal of the whole file, as one error of no row and no column."""
    return {"row": None, "column": None, "message": str(refusal.message)}
