"""python manage.py import_collaborators PATH [--dry-run] [--skip-invalid]

Prints ``row N: <column>: <message>`` for every invalid row (N as the spreadsheet shows it),
then ``new: A, updated: B, unchanged: C, invalid: D``. Exits 1 when invalid rows stopped the
import (the default), 0 otherwise.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from staffing.importer import SheetError, import_people


class Command(BaseCommand):
    help = "Import collaborators and lawyers from an Excel (.xlsx) spreadsheet."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the valid rows even when some rows are invalid.",
        )

    def handle(self, *args, path: Path, dry_run: bool, skip_invalid: bool, **options):
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            result = import_people(content, dry_run=dry_run, skip_invalid=skip_invalid)
        except SheetError as error:
            raise CommandError(str(error)) from error
        for line in result.error_lines():
            self.stdout.write(line)
        self.stdout.write(result.summary_line())
        if result.invalid and not skip_invalid:
            raise SystemExit(1)
