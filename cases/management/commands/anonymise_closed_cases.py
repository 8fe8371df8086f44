"""python manage.py anonymise_closed_cases [--dry-run] [--before YYYY-MM-DD] [--json]

Anonymises the people whose every case closed (completed, appraised, refused, referred or not
continued) before the retention cut-off: ``CASE_RETENTION_YEARS`` (10 by default) before today,
or the day given with ``--before``. Their name, citizen ID, phone, address and date of birth
(the birth year is kept, as 1 July) are replaced, the requester's data and the free text of
their cases emptied, the scans and work results deleted, and the history rows scrubbed alike;
every statistical field stays. A second run changes nothing.
"""

from __future__ import annotations

import json
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services
from legalaid.commands import BaseCommand, number
from legalaid.refusal import Refusal


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise Refusal(_("Give the date as YYYY-MM-DD, e.g. 2016-12-31."), field="before") from error


class Command(BaseCommand):
    help = gettext_lazy("Anonymise the people whose cases all closed before the retention period.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=gettext_lazy("Count and report; change nothing.")
        )
        parser.add_argument(
            "--before",
            metavar="YYYY-MM-DD",
            help=gettext_lazy("Cases closed before this day (default: the retention period before today)."),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=gettext_lazy("Print one JSON object for scripts instead of lines."),
        )

    def handle(self, *args, dry_run: bool, before: str | None, as_json: bool, **options):
        cutoff = _day(before) if before else services.retention_cutoff()
        result = services.anonymise_closed_cases(before=cutoff, dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        counts = {
            "people": number(result.people),
            "cases": number(result.cases),
            "files": number(result.files),
            "date": cutoff.strftime("%d/%m/%Y"),
        }
        if dry_run:
            line = _(
                "Dry run: %(people)s people (%(cases)s cases, %(files)s files) whose cases all closed "
                "before %(date)s would be anonymised. Nothing was changed."
            )
        else:
            line = _(
                "Anonymised %(people)s people whose cases all closed before %(date)s: %(cases)s cases, "
                "%(files)s files deleted."
            )
        self.stdout.write(line % counts)
