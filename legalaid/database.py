"""The embedded PostgreSQL used when no DATABASE_URL is given.

Newcomers get a real PostgreSQL with no set-up: the ``pgserver`` package ships the server
binaries, keeps the data under ``var/pgdata`` and is started on demand by the first process
that needs it. Every process that uses it registers its PID in ``.handle_pids.json``; the last
one to exit stops the server. A process killed with SIGKILL never deregisters, so before
attaching we drop the PIDs of processes that are gone, otherwise the server would never stop
and a later start could trust a stale list.
"""

from __future__ import annotations

import json
from pathlib import Path

import psutil


def _prune_stale_handles(pgdata: Path) -> None:
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def embedded_database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL django-environ understands."""
    import pgserver  # imported here: production never needs it

    pgdata = var_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    with pgserver.PostgresServer._lock:
        _prune_stale_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return f"postgresql://postgres:@/postgres?host={info.socket_dir}"
