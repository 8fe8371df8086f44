"""The embedded PostgreSQL a newcomer gets with no DATABASE_URL: started on demand, shared by
concurrent processes, stopped by the last one, and recovered after a process was killed."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW_VERSION = (
    "from django.db import connection; connection.ensure_connection(); print('pg', connection.pg_version)"
)
HOLD = (
    "import time; from django.db import connection; connection.ensure_connection(); "
    "print('ready', flush=True); time.sleep(120)"
)


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="true", VAR_DIR=str(var_dir))
    return env


def _manage(var_dir: Path, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=_env(var_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _hold(var_dir: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", HOLD],
        cwd=ROOT,
        env=_env(var_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def _handles(var_dir: Path) -> list[int]:
    return json.loads((var_dir / "pgdata" / ".handle_pids.json").read_text() or "[]")


def _server_running(var_dir: Path) -> bool:
    return (var_dir / "pgdata" / "postmaster.pid").exists()


@pytest.fixture
def var_dir(tmp_path):
    yield tmp_path
    # never leave a server behind, whatever the test did
    subprocess.run(["pkill", "-f", f"-D {tmp_path}/pgdata"], check=False)
    subprocess.run(["pkill", "-f", str(tmp_path / "pgdata")], check=False)


def test_without_database_url_an_embedded_postgresql_starts_and_stops_with_its_last_user(var_dir):
    result = _manage(var_dir, SHOW_VERSION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("pg ")
    assert int(result.stdout.split()[-1]) >= 150000
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    assert _handles(var_dir) == []
    assert not _server_running(var_dir)


def test_concurrent_processes_share_one_server_and_a_killed_one_is_recovered(var_dir):
    holder = _hold(var_dir)
    try:
        assert _handles(var_dir) == [holder.pid]
        # a second process joins the running server and leaves it running for the first
        result = _manage(var_dir, SHOW_VERSION)
        assert result.returncode == 0, result.stderr
        assert _server_running(var_dir)
        assert _handles(var_dir) == [holder.pid]
    finally:
        holder.send_signal(signal.SIGKILL)  # dies without deregistering
        holder.wait()
    assert _handles(var_dir) == [holder.pid]  # the stale entry pgserver cannot clean itself

    result = _manage(var_dir, SHOW_VERSION)
    assert result.returncode == 0, result.stderr
    # the stale PID was dropped, so the last real user stopped the server on exit
    assert _handles(var_dir) == []
    for _ in range(50):
        if not _server_running(var_dir):
            break
        time.sleep(0.1)
    assert not _server_running(var_dir)
