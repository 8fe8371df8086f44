"""python manage.py import_plan PATH [--dry-run] [--unit ID]

Prints one line per activity (number, title, lead, coordinating, time window: the original
words -> the parsed dates and recurrence) and a last line with the counts. Without --dry-run
the plan is saved for the unit given (default: the first legal-aid centre).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legalaid.models import Unit
from planning.importer import describe_activity, docx_to_text, parse_plan
from planning.services import PlanError, plan_import


class Command(BaseCommand):
    help = "Import a plan from a .docx or plain-text file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Read and report, save nothing.")
        parser.add_argument("--unit", type=int, help="Primary key of the unit the plan belongs to.")

    def handle(self, *args, path, dry_run, unit=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        data = file.read_bytes()
        if file.suffix.lower() == ".docx":
            try:
                text = docx_to_text(data)
            except ValueError as exc:
                raise CommandError(f"{path}: {exc}") from exc
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path}: the file is not UTF-8 text") from exc
        parsed = parse_plan(text)
        for activity in parsed.activities():
            self.stdout.write(describe_activity(activity))
        self.stdout.write(
            f"sections: {len(parsed.sections())}, activities: {len(parsed.activities())}, "
            f"unparsed lines: {len(parsed.unparsed)}"
        )
        if dry_run:
            return
        owner = (
            Unit.objects.filter(pk=unit).first()
            if unit
            else Unit.objects.filter(kind=Unit.Kind.CENTRE).first()
        )
        if owner is None:
            raise CommandError("No unit to own the plan: give --unit ID of a legal-aid centre.")
        try:
            plan = plan_import(parsed=parsed, unit=owner, by=None)
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"saved plan {plan.pk}")
