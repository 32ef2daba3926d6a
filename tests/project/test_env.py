"""Settings helpers reject bad values with one clear line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from project.env import ConfigError, env_bool, env_database, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False), ("", False)]:
        monkeypatch.setenv("DEBUG", value)
        assert env_bool("DEBUG", default=not expected) is expected


def test_env_bool_rejects_maybe_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ConfigError, match=r"^DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


def test_env_int_rejects_words_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ConfigError, match="EMAIL_PORT='twenty-five' is not a whole number"):
        env_int("EMAIL_PORT", 25)
    monkeypatch.setenv("EMAIL_PORT", "0")
    with pytest.raises(ConfigError, match="must be at least 1"):
        env_int("EMAIL_PORT", 25, minimum=1)


def test_env_database_parses_postgres_and_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://jamu@db.internal:5433/jamu")
    config = env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "jamu")
    monkeypatch.delenv("DATABASE_URL")
    assert env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"


@pytest.mark.parametrize("value", ["nonsense", "mysql://x@y/z", "http://example.org"])
def test_env_database_rejects_what_is_not_a_supported_database_url(monkeypatch, value):
    monkeypatch.setenv("DATABASE_URL", value)
    with pytest.raises(ConfigError, match="^DATABASE_URL="):
        env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3")


def test_required_values_and_urls(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", required=True)
    monkeypatch.setenv("REDIS_URL", "localhost:6379")
    with pytest.raises(ConfigError, match="REDIS_URL='localhost:6379' is not a URL"):
        env_url("REDIS_URL", "", schemes=("redis",))
    monkeypatch.setenv("ALLOWED_HOSTS", "jamu.example.org, ,api.jamu.example.org")
    assert env_list("ALLOWED_HOSTS", []) == ["jamu.example.org", "api.jamu.example.org"]


def _manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DEBUG", "JAMU_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DATABASE_URL", "nonsense"), ("DEBUG", "maybe"), ("JAMU_ENV", "staging")],
)
def test_bad_configuration_stops_start_up_with_one_line_not_a_traceback(variable, value):
    result = _manage("check", **{variable: value})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"Configuration error: {variable}=")
    assert "Traceback" not in result.stderr


def test_production_requires_a_secret_key():
    result = _manage("check", JAMU_ENV="production", ALLOWED_HOSTS="jamu.example.org", SECRET_KEY="")
    assert result.returncode == 2
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        JAMU_ENV="production",
        ALLOWED_HOSTS="jamu.example.org",
        SECRET_KEY="k" * 20 + "Zq9-Xw3_Lp7!Rt2@Vb5#Nm8$Hj4%Gf6^",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
