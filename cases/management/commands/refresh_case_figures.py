"""Recompute the dashboard's pre-aggregated case figures (cases/figures.py) from the cases.

Triggers keep the figures right on every change, so this is only needed after a restore or a
load made with triggers disabled; ``--check`` compares without changing anything.
"""

from cases import figures
from legalaid.summaries import RefreshSummaryCommand


class Command(RefreshSummaryCommand):
    help = "Recompute the pre-aggregated case figures of the dashboard from the cases."
    figures = figures
    source = "cases"
