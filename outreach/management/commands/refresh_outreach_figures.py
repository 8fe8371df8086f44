"""Recompute the dashboard's pre-aggregated session figures (outreach/figures.py) from the
sessions; ``--check`` compares without changing anything."""

from legalaid.summaries import RefreshSummaryCommand
from outreach import figures


class Command(RefreshSummaryCommand):
    help = "Recompute the pre-aggregated outreach figures of the dashboard from the sessions."
    figures = figures
    source = "sessions"
