"""Recompute the dashboard's pre-aggregated case figures (cases/figures.py) from the cases.

Triggers keep the figures right on every change, so this is only needed after a restore or a
load made with triggers disabled; ``--check`` compares without changing anything.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import figures


class Command(BaseCommand):
    help = "Recompute the pre-aggregated case figures of the dashboard from the cases."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report differences and change nothing.")

    def handle(self, *args, check: bool = False, **options):
        if not check:
            rows = figures.rebuild()
            self.stdout.write(f"{rows} summary rows recomputed.")
            return
        before = figures.snapshot()
        with transaction.atomic():
            figures.rebuild()
            after = figures.snapshot()
            transaction.set_rollback(True)
        if before != after:
            raise CommandError(f"The summary differs from the cases in {len(before ^ after)} rows.")
        self.stdout.write("The summary agrees with the cases.")
