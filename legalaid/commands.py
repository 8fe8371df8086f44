"""The base of the project's management commands: a refusal ends the command with its
Vietnamese message on stderr and exit status 1, and numbers are printed the Vietnamese way.

Command output follows the active language, Vietnamese by default (``LANGUAGE_CODE``).
"""

from __future__ import annotations

import argparse
import sys

from django.core.management import base
from django.core.management.base import CommandError, DjangoHelpFormatter, handle_default_options
from django.db import connections
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal


def number(value: int | float) -> str:
    """1234567 as "1.234.567", 2.5 as "2,5": how a Vietnamese reader writes numbers."""
    if isinstance(value, float) and not value.is_integer():
        whole, _dot, fraction = f"{value:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + ("," + fraction if fraction else "")
    return f"{int(value):,}".replace(",", ".")


class _HelpFormatter(DjangoHelpFormatter):
    """Help texts may be lazy translations (they are read in the language active when --help
    is asked): argparse wants plain strings."""

    def _expand_help(self, action):
        action.help = str(action.help)
        return super()._expand_help(action)

    def add_text(self, text):
        super().add_text(str(text) if text is not None and text is not argparse.SUPPRESS else text)


class BaseCommand(base.BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except Refusal as refusal:
            raise CommandError(str(refusal.message), returncode=1) from refusal

    def run_from_argv(self, argv):
        """Django's own, but an error is printed as "Lỗi: …" rather than "CommandError: …"."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except CommandError as error:
            if options.traceback:
                raise
            self.stderr.write(_("Error: %(message)s") % {"message": error})
            sys.exit(error.returncode)
        finally:
            connections.close_all()
