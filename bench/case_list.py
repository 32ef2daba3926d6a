"""Benchmark: the case list, the name search and the API list at N cases.

    .venv/bin/python bench/case_list.py [--cases 100000] [--runs 20] [--keep]
    .venv/bin/python bench/case_list.py --smoke        # 300 cases, a few runs (CI)

Runs against the configured database (DATABASE_URL), but never on its data: on PostgreSQL
it creates a database named ``bench_<name>`` beside it (dropped at the end unless --keep);
on SQLite a file in a temporary folder. Times are server-side (Django test client in
process, logged in as a coordinator and as a partner manager): median over --runs.
The baseline evaluates the same filtered query straight through the ORM (first page, no
view), so the view's own cost is visible. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from isolation import bench_database, log  # noqa: E402  (bench/isolation.py, beside this script)

PAGE_SIZE = 25
STATE_WEIGHTS = {
    "intake": 12,
    "ready": 6,
    "filed": 10,
    "hearing_scheduled": 14,
    "judgment_issued": 10,
    "sent_to_registry": 10,
    "transcribed": 8,
    "ready_for_delivery": 8,
    "delivered": 15,
    "rejected": 3,
    "closed": 4,
}
AFTER_FILING = {"filed", "hearing_scheduled", "judgment_issued", "sent_to_registry", "transcribed"}
AFTER_FILING |= {"ready_for_delivery", "delivered", "rejected"}
AT_REGISTRY = {"sent_to_registry", "transcribed", "ready_for_delivery", "delivered"}


# --- Data --------------------------------------------------------------------------------------


def people():
    from registration.models import Organisation, Role, StaffProfile
    from tests.factories import UserFactory

    organisation = Organisation.objects.get(acronym="CJS")
    coordinator = UserFactory(username="bench_coordinator")
    StaffProfile.objects.create(user=coordinator, role=Role.COORDINATOR)
    manager = UserFactory(username="bench_manager")
    StaffProfile.objects.create(user=manager, role=Role.PARTNER_MANAGER, organisation=organisation)
    return coordinator, manager


def cases_bulk_create(count: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from registration.demo import BOYS, FAMILY_NAMES, GIRLS
    from registration.models import Case, Commune, Court, Organisation, RegistryCentre
    from registration.names import name_key

    communes = list(Commune.objects.select_related("cercle__region"))
    courts, centres = list(Court.objects.all()), list(RegistryCentre.objects.all())
    organisations = list(Organisation.objects.all())
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    sequence: dict[str, int] = {}
    batch: list[Case] = []
    started = time.perf_counter()
    for index in range(count):
        commune = rng.choice(communes)
        region = commune.cercle.region.code
        sequence[region] = sequence.get(region, 0) + 1
        state = rng.choices(states, weights)[0]
        sex = rng.choice("FM")
        family, given = rng.choice(FAMILY_NAMES), rng.choice(GIRLS if sex == "F" else BOYS)
        # A second given name on a third of the children: names vary as they do in the field.
        if rng.random() < 0.33:
            given += " " + rng.choice(GIRLS if sex == "F" else BOYS)
        mother_family, mother_given = rng.choice(FAMILY_NAMES), rng.choice(GIRLS)
        batch.append(
            Case(
                reference=f"JS-{region}-2026-{sequence[region]:06d}",
                state=state,
                organisation=rng.choice(organisations),
                court=rng.choice(courts) if state in AFTER_FILING else None,
                registry_centre=rng.choice(centres) if state in AT_REGISTRY else None,
                child_family_name=family,
                child_given_names=given,
                child_sex=sex,
                birth_date=f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                birth_commune=commune,
                mother_family_name=mother_family,
                mother_given_names=mother_given,
                petitioner_name=f"{mother_given} {mother_family.upper()}",
                petitioner_relationship="mère",
                child_name_key=name_key(given, family),
                mother_name_key=name_key(mother_given, mother_family),
                is_internally_displaced=rng.random() < 0.45,
                is_potential_duplicate=rng.random() < 0.01,
                witness_count=2,
            )
        )
        if len(batch) == 5000 or index == count - 1:
            with transaction.atomic():
                Case.objects.bulk_create(batch, batch_size=1000)
            batch = []
    # Spread the opening dates over a year and a half, as a real caseload would be.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE registration_case SET created_at = now() - random() * interval '540 days'")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute(
                "UPDATE registration_case SET created_at = datetime('now', '-' || abs(random() % 540) || ' days')"
            )
    log(f"created {count} cases in {time.perf_counter() - started:.1f} s")


# --- Measurements ------------------------------------------------------------------------------


def timed_get(client, url: str, runs: int) -> tuple[float | None, int | None, str | None]:
    """Median server-side milliseconds and queries of one request; None with a note if absent."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        return None, None, f"{url} answered {response.status_code}"
    # Each request starts by emptying the query log: start the capture from an empty log too.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return round(statistics.median(times), 1), len(queries), None


def timed_orm(user, params: dict, runs: int) -> float:
    from django.http import QueryDict

    from registration.filters import CaseFilter
    from registration.selectors import cases_visible_to

    def first_page():
        scoped = cases_visible_to(user).select_related("organisation", "birth_commune", "caseworker")
        data = QueryDict(mutable=True)
        data.update(params)
        return list(CaseFilter(data, queryset=scoped).qs[:PAGE_SIZE])

    first_page()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        first_page()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure(users, runs: int, rng: random.Random) -> dict:
    from django.test import Client

    from registration.models import Case, Region

    mopti = Region.objects.get(name="Mopti")
    sample = Case.objects.order_by("?").only("child_given_names", "child_family_name").first()
    search = f"{sample.child_given_names.split()[0]} {sample.child_family_name}"
    list_params = {"state": "hearing_scheduled", "region": str(mopti.pk)}
    surfaces = {
        "list": f"/app/cases/?state=hearing_scheduled&region={mopti.pk}",
        "search": "/app/cases/?q=" + search.replace(" ", "+"),
        "api": "/api/v1/cases/?state=hearing_scheduled",
    }
    result, notes, detail = {}, [], {}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        for surface, url in surfaces.items():
            median, queries, note = timed_get(client, url, runs)
            detail[f"{label}_{surface}_ms"] = median
            detail[f"{label}_{surface}_queries"] = queries
            if note:
                notes.append(f"{label}: {note}")
        detail[f"{label}_baseline_list_ms"] = timed_orm(user, list_params, runs)
        detail[f"{label}_baseline_search_ms"] = timed_orm(user, {"q": search}, runs)

    def worst(surface):
        values = [detail[f"{label}_{surface}_ms"] for label in users]
        return None if any(v is None for v in values) else max(values)

    result.update(
        list_median_ms=worst("list"),
        search_median_ms=worst("search"),
        api_median_ms=worst("api"),
        queries_per_page=max(
            (detail[k] for k in detail if k.endswith("_queries") and detail[k] is not None), default=None
        ),
        baseline="orm_only",
        baseline_list_median_ms=max(detail[f"{label}_baseline_list_ms"] for label in users),
        baseline_search_median_ms=max(detail[f"{label}_baseline_search_ms"] for label in users),
        search_term=search,
        detail=detail,
    )
    if notes:
        result["notes"] = notes
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="300 cases, 3 runs: proves the script still works")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.runs = 300, 3
    vendor, cleanup = bench_database(args.keep)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from registration.reference_loader import reference_data_load

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        reference_data_load()
        log(f"schema and reference data in {time.perf_counter() - started:.1f} s")
        rng = random.Random(7)
        coordinator, manager = people()
        cases_bulk_create(args.cases, rng)
        figures = measure({"coordinator": coordinator, "manager": manager}, args.runs, rng)
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()
    print(json.dumps({"cases": args.cases, "database": vendor, **figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
