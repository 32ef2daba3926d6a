"""Benchmark of document generation (issue: docgen).

1. Renders the requête for N synthetic cases with Jamu's engine, one core, then the same
   template written for docxtpl (the engine Docassemble uses) — same context, same filters.
2. A batch of B cases (3 documents per case + the batch documents) through a real Celery
   worker with two processes, timed from creation to the stored ZIP; the worker's peak memory
   is read from /proc (VmHWM) before it stops.

Usage: .venv/bin/python bench/docgen.py [--cases 2000] [--batch 1000] [--smoke]
Without DATABASE_URL it works in a throw-away folder (SQLite, filesystem broker). The last
line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from isolation import bench_database  # noqa: E402  (bench/isolation.py, beside this script)


def _isolate() -> None:
    """Files, database and (without REDIS_URL) broker of the benchmark's own, gone at exit."""
    scratch = Path(tempfile.mkdtemp(prefix="jamu-bench-docgen-"))
    os.environ["PRIVATE_MEDIA_ROOT"] = str(scratch / "private")
    if not os.environ.get("REDIS_URL"):
        os.environ["JAMU_VAR_DIR"] = str(scratch / "var")  # the filesystem broker in here
        (scratch / "var").mkdir()
    if os.environ.get("DATABASE_URL"):
        _vendor, cleanup = bench_database(keep=False, prefix="bench_docgen_")
        atexit.register(cleanup)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    atexit.register(shutil.rmtree, scratch, True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")


def engine_rate(n: int) -> tuple[float, list]:
    from docgen import engine
    from docgen.context import document_context
    from docgen.examples import EXAMPLE_DAY, example_case
    from docgen.shipped import requete

    contexts = []
    for i in range(n):
        case, witnesses = example_case(i)
        contexts.append(document_context(case, witnesses=witnesses, include_protection=True, today=EXAMPLE_DAY))
    data = requete()
    start = time.perf_counter()
    template = engine.compile_template(data)  # once per process, as in production
    for context in contexts:
        engine.render(template, context)
    return n / (time.perf_counter() - start), contexts


def docxtpl_rate(contexts: list) -> float:
    import jinja2
    from docxtpl import DocxTemplate

    from docgen.formatting import FILTERS
    from docgen.shipped import requete

    environment = jinja2.Environment(autoescape=True)
    for name, (function, _label, _example) in FILTERS.items():
        if name not in ("upper", "lower", "capitalize", "default"):
            environment.filters[name] = function
    data = requete(dialect="docxtpl")
    start = time.perf_counter()
    for context in contexts:
        template = DocxTemplate(io.BytesIO(data))  # docxtpl renders a template instance once
        template.render(context, environment)
        template.save(io.BytesIO())
    return len(contexts) / (time.perf_counter() - start)


def _make_cases(count: int):
    from django.contrib.auth import get_user_model

    from docgen.examples import example_case
    from registration.models import Case, Cercle, Commune, Court, Organisation, Region, Role, StaffProfile, Witness
    from registration.names import name_key

    stamp = int(time.time())
    region, _ = Region.objects.get_or_create(name="Banc d'essai", defaults={"code": "BNC"})
    cercle, _ = Cercle.objects.get_or_create(region=region, name="Banc d'essai")
    commune, _ = Commune.objects.get_or_create(cercle=cercle, name="Banc d'essai")
    court, _ = Court.objects.get_or_create(name="Tribunal du banc d'essai", defaults={"kind": "TGI", "seat": commune})
    organisation, _ = Organisation.objects.get_or_create(
        name="Organisation du banc d'essai", defaults={"acronym": "BNC"}
    )
    user, created = get_user_model().objects.get_or_create(username="bench-docgen", defaults={"first_name": "Banc"})
    if created:
        StaffProfile.objects.create(user=user, role=Role.PARTNER_STAFF, organisation=organisation)
    cases = []
    for i in range(count):
        case, _witnesses = example_case(i)
        case.pk = None
        case.reference = f"BNC-{stamp}-{i:05d}"
        case.organisation, case.court, case.birth_commune, case.registry_centre = organisation, court, commune, None
        case.child_name_key = name_key(case.child_given_names, case.child_family_name)
        case.mother_name_key = name_key(case.mother_given_names, case.mother_family_name)
        cases.append(case)
    cases = Case.objects.bulk_create(cases, batch_size=500)
    Witness.objects.bulk_create(
        [
            Witness(case=case, family_name=f, given_names="Oumar", age=40, address="Mopti")
            for case in cases
            for f in ("Sangaré", "Touré")
        ],
        batch_size=1000,
    )
    return user, Case.objects.filter(pk__in=[case.pk for case in cases])


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for candidate in os.listdir("/proc"):
        if candidate.isdigit():
            try:
                fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(candidate))
    return pids


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def batch_seconds(count: int) -> tuple[float, float]:
    from django.core.management import call_command

    from docgen.batches import batch_create
    from docgen.models import DocumentBatch
    from project.worker_process import worker_start, worker_stop

    call_command("migrate", verbosity=0)
    user, cases = _make_cases(count)
    worker = worker_start(env=dict(os.environ), log_path=Path(os.environ["PRIVATE_MEDIA_ROOT"]).parent / "worker.log")
    try:
        start = time.perf_counter()
        batch = batch_create(by=user, cases=cases, title=f"Banc d'essai {datetime.datetime.now():%H:%M:%S}")
        while batch.status not in (DocumentBatch.Status.DONE, DocumentBatch.Status.FAILED):
            time.sleep(0.1)
            batch.refresh_from_db()
        elapsed = time.perf_counter() - start
        if batch.status != DocumentBatch.Status.DONE:
            raise RuntimeError(f"batch failed: {batch.problems}")
        peak = max(_peak_mb(pid) for pid in _tree(worker.pid))
        print(f"batch {count} cases: {elapsed:.1f} s, ZIP {batch.zip_size / 1e6:.1f} MB", file=sys.stderr)
        return elapsed, peak
    finally:
        worker_stop(worker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000, help="requêtes rendered by each engine")
    parser.add_argument("--docxtpl-cases", type=int, default=300, help="docxtpl is slow: a sample suffices")
    parser.add_argument("--batch", type=int, default=1000, help="cases in the Celery batch")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.cases, args.docxtpl_cases, args.batch = 50, 10, 20
    _isolate()
    import django

    django.setup()
    engine_per_s, contexts = engine_rate(args.cases)
    docxtpl_per_s = docxtpl_rate(contexts[: args.docxtpl_cases])
    print(f"engine {engine_per_s:.0f} docs/s, docxtpl {docxtpl_per_s:.0f} docs/s", file=sys.stderr)
    elapsed, peak = batch_seconds(args.batch)
    print(
        json.dumps(
            {
                "engine_docs_per_s": round(engine_per_s, 1),
                "docxtpl_docs_per_s": round(docxtpl_per_s, 1),
                "ratio": round(engine_per_s / docxtpl_per_s, 1),
                f"batch_{args.batch}_s": round(elapsed, 2),
                "worker_peak_mb": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
