"""A real Celery worker in its own process, for the tests and the benchmarks.

Both need the same thing: start ``celery worker`` on the configured broker with a given
environment (the test or benchmark database), wait until it answers a ping, and stop it
with a warm shutdown so its pool processes do not outlive it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_start(*, env: dict[str, str], log_path: Path, concurrency: int = 2, timeout: float = 60) -> subprocess.Popen:
    """Start a worker and return once it answers a ping (RuntimeError with its log otherwise).

    Output goes to a file, not a pipe: a pipe nobody reads fills up and blocks the worker.
    """
    from project.celery import app

    app.control.purge()
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "project",
            "worker",
            "--loglevel",
            "warning",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Celery worker exited at start-up:\n" + log_path.read_text(errors="replace"))
        if app.control.ping(timeout=1.0, limit=1):
            return process
    worker_stop(process)
    raise RuntimeError(f"Celery worker did not answer a ping within {timeout:.0f} s")


def worker_stop(process: subprocess.Popen) -> None:
    """Warm shutdown (the main process stops its pool), forced after 20 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
