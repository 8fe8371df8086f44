"""Recompute the dashboard's pre-aggregated case figures (cases/figures.py).

Without options, only the (unit, month) pairs changed since the last refresh; the dashboard
does this itself on every read, so this is for a scheduled job or after maintenance.
``--rebuild`` recomputes every month from the cases (e.g. after restoring a backup made with
triggers disabled).
"""

from django.core.management.base import BaseCommand

from cases import figures


class Command(BaseCommand):
    help = "Recompute the pre-aggregated case figures of the dashboard."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute every month, not only changed ones."
        )

    def handle(self, *args, rebuild: bool = False, **options):
        pairs = figures.rebuild() if rebuild else figures.refresh()
        self.stdout.write(f"{pairs} (unit, month) pairs recomputed.")
