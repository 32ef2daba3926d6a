"""Read settings from the environment, failing loudly on bad values.

Each helper raises :class:`ConfigError` with one line naming the variable, so a bad
deployment stops at start-up with a message an operator can act on, not a traceback
deep inside Django. ``manage.py``, ``wsgi.py`` and ``celery.py`` print that line and exit.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A setting read from the environment has a value we cannot use."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigError(f"{name} is required but not set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_database(name: str, default: str) -> dict:
    """Parse a database URL (postgres://…, sqlite:///…) into Django's DATABASES entry."""
    value = os.environ.get(name) or default
    if urlsplit(value).scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise ConfigError(
            f"{name}={value!r} is not a database URL: expected postgres://user@host:5432/name "
            "or sqlite:////absolute/path/to/db.sqlite3."
        )
    try:
        config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise ConfigError(f"{name}={value!r} cannot be parsed: {exc}.") from None
    if config["ENGINE"].endswith("sqlite3"):
        # Persistent connections buy nothing on SQLite and keep files locked.
        config["CONN_MAX_AGE"] = 0
    return config


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if urlsplit(value).scheme not in schemes:
        raise ConfigError(f"{name}={value!r} is not a URL with one of the schemes: {', '.join(schemes)}.")
    return value


def dev_secret_key(path: Path) -> str:
    """A development secret, generated once and kept under var/ (never committed)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    path.write_text(key)
    path.chmod(0o600)
    return key
