"""``manage.py check --deploy`` passes, without a single warning, with the production
environment README.md documents: the block is read from README itself, so the documentation and
the settings cannot drift apart."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"
BLOCK = re.compile(r"### Production environment\n.*?```sh\n(?P<body>.*?)```", re.S)


def documented_environment() -> dict[str, str]:
    """README's production block as variables; SECRET_KEY a fresh random key and DATABASE_URL
    the test server's (the angle-bracketed placeholders are the operator's to fill in)."""
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README.md has no '### Production environment' block"
    variables = {}
    for line in match["body"].splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            variables[name] = value
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL"} <= set(variables)
    db = settings.DATABASES["default"]
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    server = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    variables["DATABASE_URL"] = f"postgresql://{db['USER']}:{db['PASSWORD']}@{server}/{db['NAME']}"
    unfilled = [name for name, value in variables.items() if "<" in value]
    assert not unfilled, f"placeholders left: {unfilled}"
    return variables


def run_check(variables: dict[str, str]) -> subprocess.CompletedProcess:
    # Only the documented variables, not this test run's (DEBUG=true, DATABASE_URL, …).
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **variables}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_documented_production_environment_passes_check_deploy_without_a_warning():
    variables = documented_environment()
    assert variables["DEBUG"] == "false"

    result = run_check(variables)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in output, output


@pytest.mark.parametrize(
    ("change", "flag"),
    [
        ({"DEBUG": "true"}, "security.W018"),  # the check sees a development setting
        ({"SESSION_COOKIE_SECURE": "false"}, "security.W012"),
    ],
)
def test_the_check_fails_on_a_setting_production_must_not_have(change, flag):
    result = run_check({**documented_environment(), **change})

    output = result.stdout + result.stderr
    assert result.returncode != 0 and flag in output, output
