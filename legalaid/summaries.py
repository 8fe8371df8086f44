"""The command behind each app's pre-aggregated summary (``refresh_case_figures``,
``refresh_outreach_figures``): triggers keep a summary right on every change, so the command is
for a restore or load made with triggers disabled; ``--check`` compares without changing
anything."""

from __future__ import annotations

from types import ModuleType

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.commands import BaseCommand, number

# What a summary counts, as the command names it to the operator.
SOURCES = {
    "records": gettext_lazy("the records"),
    "cases": gettext_lazy("the cases"),
    "sessions": gettext_lazy("the sessions"),
}


class RefreshSummaryCommand(BaseCommand):
    """Subclasses name ``figures``: a module with ``rebuild()`` (returns the number of rows) and
    ``snapshot()`` (the summary's rows as a set), and ``source``: what the summary counts (a key
    of ``SOURCES``)."""

    figures: ModuleType
    source = "records"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help=_("Report differences and change nothing."))

    def handle(self, *args, check: bool = False, **options):
        source = SOURCES.get(self.source, self.source)
        if not check:
            rows = self.figures.rebuild()
            self.stdout.write(_("%(rows)s summary rows recomputed.") % {"rows": number(rows)})
            return
        before = self.figures.snapshot()
        with transaction.atomic():
            self.figures.rebuild()
            after = self.figures.snapshot()
            transaction.set_rollback(True)
        if before != after:
            raise CommandError(
                _("The summary differs from %(source)s in %(rows)s rows.")
                % {"source": source, "rows": number(len(before ^ after))}
            )
        self.stdout.write(_("The summary agrees with %(source)s.") % {"source": source})
