import os
import subprocess
import sys

from django.core.management import call_command
from django.utils.translation import gettext as _

from legalaid.commands import BaseCommand


class Command(BaseCommand):
    help = _("Development server with the background-job worker beside it (what `make run` starts).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        worker = None
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # only the outer process starts the worker.
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"])  # noqa: S603
            self.stdout.write(_("Background worker started (pid %(pid)s).") % {"pid": worker.pid})
            self.stdout.write(
                _("Open http://%(host)s:%(port)s/ and log in with a demo login above.")
                % {"host": host, "port": port}
            )
        try:
            call_command("runserver", f"{host}:{port}")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
