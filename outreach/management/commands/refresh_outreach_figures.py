"""Recompute the dashboard's pre-aggregated session figures (outreach/figures.py) from the
sessions; ``--check`` compares without changing anything. The shared summary command (on
``legalaid.commands.BaseCommand``) speaks Vietnamese and exits with status 1 on a difference."""

from django.utils.translation import gettext as _

from legalaid.summaries import RefreshSummaryCommand
from outreach import figures


class Command(RefreshSummaryCommand):
    figures = figures
    source = "sessions"

    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, in the active language
        return _("Recompute the pre-aggregated outreach figures of the dashboard from the sessions.")
