"""python manage.py check_records [--json]

Lists every record that breaks a rule of the registered checks (``legalaid.checks``; the cases'
rules are in ``cases/checks.py``): one line per finding with the record, the address of its page
and the rule it breaks. Exit status 1 when anything is found, 0 when nothing is, so that a
scheduler or a deployment script can act on it.
"""

from __future__ import annotations

import json
import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legalaid.checks import run_checks
from legalaid.commands import BaseCommand, number


class Command(BaseCommand):
    help = _("List the records that break a rule (exit status 1 when there are any).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=gettext_lazy("Print one JSON object for scripts instead of lines."),
        )

    def handle(self, *args, as_json: bool, **options):
        findings = run_checks()
        if as_json:
            payload = {"count": len(findings), "findings": [f.as_dict() for f in findings]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        elif not findings:
            self.stdout.write(_("No record breaks a rule."))
        else:
            for finding in findings:
                self.stdout.write(f"{finding.record} ({finding.url}): {finding.message}")
            records = len({finding.url for finding in findings})
            self.stdout.write(
                _("%(findings)s breaches of the rules in %(records)s records.")
                % {"findings": number(len(findings)), "records": number(records)}
            )
        if findings:
            sys.exit(1)
