"""Helpers of the batch tests: kill the worker process of a running job."""

from __future__ import annotations

import os
import signal
import time

from imagia.core import workspace as wsmod


def kill_worker_of(ws: wsmod.Workspace, name: str, killed: list[str]) -> None:
    """Kill the process running the job of ``name`` as soon as it runs (once)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with ws.connect() as con:
            rows = con.execute("SELECT id, pid, params FROM jobs WHERE status='running'").fetchall()
        for row in rows:
            if name in row["params"] and row["pid"] and row["pid"] != os.getpid():
                os.kill(row["pid"], signal.SIGKILL)
                killed.append(row["id"])
                return
        time.sleep(0.01)
