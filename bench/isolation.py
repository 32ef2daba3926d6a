"""What every benchmark shares: a database of its own beside the configured one, and logging.

A benchmark runs against the configured database server (DATABASE_URL) but never on its
data: on PostgreSQL it creates ``<prefix><name>`` beside it (dropped at the end unless kept),
on SQLite a file in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- A database of its own -------------------------------------------------------------------


def bench_database(keep: bool, prefix: str = "bench_") -> tuple[str, Callable[[], None]]:
    """Point DATABASE_URL at a database only the benchmark uses; returns (vendor, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = prefix + (parts.path.lstrip("/") or "jamu")
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def cleanup():
            if keep:
                log(f"kept database {name}")
                return
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return "postgresql", cleanup
    folder = Path(tempfile.mkdtemp(prefix="jamu-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"

    def cleanup():
        if keep:
            log(f"kept {folder}")
            return
        import shutil

        shutil.rmtree(folder, ignore_errors=True)

    return "sqlite", cleanup
