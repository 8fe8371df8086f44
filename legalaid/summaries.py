"""The command behind each app's pre-aggregated summary (``refresh_case_figures``,
``refresh_outreach_figures``): triggers keep a summary right on every change, so the command is
for a restore or load made with triggers disabled; ``--check`` compares without changing
anything."""

from __future__ import annotations

from types import ModuleType

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class RefreshSummaryCommand(BaseCommand):
    """Subclasses name ``figures``: a module with ``rebuild()`` (returns the number of rows) and
    ``snapshot()`` (the summary's rows as a set), and ``source``: what the summary counts."""

    figures: ModuleType
    source = "records"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report differences and change nothing.")

    def handle(self, *args, check: bool = False, **options):
        if not check:
            rows = self.figures.rebuild()
            self.stdout.write(f"{rows} summary rows recomputed.")
            return
        before = self.figures.snapshot()
        with transaction.atomic():
            self.figures.rebuild()
            after = self.figures.snapshot()
            transaction.set_rollback(True)
        if before != after:
            raise CommandError(f"The summary differs from the {self.source} in {len(before ^ after)} rows.")
        self.stdout.write(f"The summary agrees with the {self.source}.")
