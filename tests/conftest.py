"""Shared fixtures: users per role, a real Celery worker, a real Chromium.

Tests that need a part the machine lacks (PostgreSQL, Chromium, LibreOffice) are skipped
with the reason shown in the summary (pytest -ra), never silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from project.worker_process import worker_start, worker_stop
from registration.models import Role
from tests.factories import OrganisationFactory, RegistryCentreFactory, staff_user

# Playwright's sync API keeps an event loop in the test thread; Django would refuse DB
# calls from it. The tests, not the app, accept that.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")


# --- Parts of the machine -------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    # CI sets this: there a missing part is a failure, not a skip.
    strict = os.environ.get("JAMU_REQUIRE_ALL_PARTS") == "1"
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_chromium = Path(CHROMIUM).exists()
    has_libreoffice = bool(shutil.which("soffice") or shutil.which("libreoffice"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            _absent(item, strict, "needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)")
        if "e2e" in item.keywords and not has_chromium:
            _absent(item, strict, f"needs Chromium at {CHROMIUM}: apt-get install chromium (CI does)")
        if "libreoffice" in item.keywords and not has_libreoffice:
            _absent(item, strict, "needs LibreOffice: apt-get install libreoffice-writer-nogui (CI does)")


def _absent(item, strict: bool, reason: str) -> None:
    if strict:
        pytest.exit(f"JAMU_REQUIRE_ALL_PARTS=1 but {item.nodeid} {reason}", returncode=3)
    item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"jamu: database={db} broker={settings.CELERY_BROKER_URL.split(':')[0]} chromium={Path(CHROMIUM).exists()}"


# --- People ----------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Clinique juridique du Sahel", acronym="CJS")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Aide juridique Niger-Bani", acronym="AJNB")


@pytest.fixture
def registry_centre(db):
    return RegistryCentreFactory(name="Centre principal d'état civil de Mopti")


@pytest.fixture
def partner_staff(organisation):
    return staff_user(Role.PARTNER_STAFF, organisation=organisation, username="staff")


@pytest.fixture
def partner_manager(organisation):
    return staff_user(Role.PARTNER_MANAGER, organisation=organisation, username="manager")


@pytest.fixture
def other_partner_staff(other_organisation):
    return staff_user(Role.PARTNER_STAFF, organisation=other_organisation, username="other-staff")


@pytest.fixture
def registry_liaison(registry_centre):
    return staff_user(Role.REGISTRY_LIAISON, centres=[registry_centre], username="liaison")


@pytest.fixture
def coordinator(db):
    return staff_user(Role.COORDINATOR, username="coordinator")


@pytest.fixture
def admin_user(db):
    return staff_user(Role.ADMIN, username="admin")


# --- A real Celery worker ----------------------------------------------------------------


def _worker_env() -> dict[str, str]:
    """The worker must use the test database, not the development one."""
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        port = db.get("PORT") or 5432
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}"
    return env


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real worker in its own process, on the configured broker, against the test DB.

    Module-scoped so a module can stop it (health check) without affecting the others.
    """
    with django_db_blocker.unblock():
        env = _worker_env()
    process = worker_start(env=env, log_path=tmp_path_factory.mktemp("worker") / "celery.log")
    yield process
    worker_stop(process)


# --- A real browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log ``user`` in through the real login form; returns the page on the staff home."""

    def _login(user, password="correct-horse-battery"):
        page.goto(f"{live_server.url}/accounts/login/?next=/app/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/app/")
        return page

    return _login
