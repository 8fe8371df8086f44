import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Development server with the background-job worker beside it (what `make run` starts)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        worker = None
        # runserver's autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # only the outer process starts the worker.
        if os.environ.get("RUN_MAIN") != "true":
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"])  # noqa: S603
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
            self.stdout.write(f"Open http://{host}:{port}/ and log in with a demo login above.")
        try:
            call_command("runserver", f"{host}:{port}")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
