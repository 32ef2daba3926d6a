"""Load reference data from CSV files (the shipped starter set, or a partner's own).

Every file is read and checked first; nothing is written unless all rows are valid, and
every bad row is reported. Loading is idempotent: rows are matched by name and updated.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from registration.models import Cercle, Commune, Court, DocumentType, Organisation, Region, RegistryCentre

STARTER_DIR = Path(__file__).parent / "reference_data"
FILES = {
    "regions.csv": ["code", "name", "iso_code"],
    "communes.csv": ["region", "cercle", "commune"],
    "courts.csv": ["name", "kind", "seat_region", "seat_commune", "communes_served"],
    "registry_centres.csv": ["name", "kind", "region", "commune"],
    "document_types.csv": ["code", "name", "required_by_default"],
    "organisations.csv": ["name", "acronym"],
}


class ReferenceDataError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _Rows:
    by_file: dict[str, list[dict]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _read(directory: Path) -> _Rows:
    rows = _Rows()
    for name, columns in FILES.items():
        path = directory / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                rows.errors.append(f"{name}: missing columns {', '.join(missing)}")
                continue
            rows.by_file[name] = [{k: (v or "").strip() for k, v in row.items()} for row in reader]
    return rows


def _validate(rows: _Rows) -> None:
    regions = {r["name"] for r in rows.by_file.get("regions.csv", [])} | set(
        Region.objects.values_list("name", flat=True)
    )
    communes = {(r["region"], r["commune"]) for r in rows.by_file.get("communes.csv", [])}
    communes |= set(Commune.objects.values_list("cercle__region__name", "name"))
    for line, row in enumerate(rows.by_file.get("regions.csv", []), start=2):
        if not row["name"] or len(row["code"]) != 3:
            rows.errors.append(f"regions.csv line {line}: a name and a three-letter code are required")
    for line, row in enumerate(rows.by_file.get("communes.csv", []), start=2):
        if row["region"] not in regions:
            rows.errors.append(f"communes.csv line {line}: unknown region {row['region']!r}")
        if not row["cercle"] or not row["commune"]:
            rows.errors.append(f"communes.csv line {line}: cercle and commune are required")
    for line, row in enumerate(rows.by_file.get("courts.csv", []), start=2):
        if row["kind"] not in Court.Kind.values:
            rows.errors.append(f"courts.csv line {line}: kind must be one of {', '.join(Court.Kind.values)}")
        if (row["seat_region"], row["seat_commune"]) not in communes:
            rows.errors.append(
                f"courts.csv line {line}: unknown seat {row['seat_commune']!r} in {row['seat_region']!r}"
            )
        served = {c for c in row["communes_served"].split(";") if c}
        known = {c for _r, c in communes}
        for commune in sorted(served - known):
            rows.errors.append(f"courts.csv line {line}: unknown commune served {commune!r}")
    for line, row in enumerate(rows.by_file.get("registry_centres.csv", []), start=2):
        if row["kind"] not in RegistryCentre.Kind.values:
            rows.errors.append(
                f"registry_centres.csv line {line}: kind must be one of {', '.join(RegistryCentre.Kind.values)}"
            )
        if (row["region"], row["commune"]) not in communes:
            rows.errors.append(
                f"registry_centres.csv line {line}: unknown commune {row['commune']!r} in {row['region']!r}"
            )
    for line, row in enumerate(rows.by_file.get("document_types.csv", []), start=2):
        if row["required_by_default"] not in ("0", "1"):
            rows.errors.append(f"document_types.csv line {line}: required_by_default must be 0 or 1")


@transaction.atomic
def reference_data_load(*, directory: Path = STARTER_DIR) -> dict[str, int]:
    """Validate every file in ``directory``, then create or update; returns counts per file."""
    rows = _read(directory)
    _validate(rows)
    if rows.errors:
        raise ReferenceDataError(rows.errors)
    counts = {}
    for row in rows.by_file.get("regions.csv", []):
        Region.objects.update_or_create(name=row["name"], defaults={"code": row["code"], "iso_code": row["iso_code"]})
    regions = {r.name: r for r in Region.objects.all()}
    for row in rows.by_file.get("communes.csv", []):
        cercle, _ = Cercle.objects.get_or_create(region=regions[row["region"]], name=row["cercle"])
        Commune.objects.get_or_create(cercle=cercle, name=row["commune"])
    communes = {(c.cercle.region.name, c.name): c for c in Commune.objects.select_related("cercle__region")}
    communes_by_name = {}
    for (_region, name), commune in communes.items():
        communes_by_name.setdefault(name, commune)
    for row in rows.by_file.get("courts.csv", []):
        court, _ = Court.objects.update_or_create(
            name=row["name"],
            defaults={"kind": row["kind"], "seat": communes[(row["seat_region"], row["seat_commune"])]},
        )
        court.communes_served.set([communes_by_name[c] for c in row["communes_served"].split(";") if c])
    for row in rows.by_file.get("registry_centres.csv", []):
        RegistryCentre.objects.update_or_create(
            name=row["name"], defaults={"kind": row["kind"], "commune": communes[(row["region"], row["commune"])]}
        )
    for row in rows.by_file.get("document_types.csv", []):
        DocumentType.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "required_by_default": row["required_by_default"] == "1"}
        )
    for row in rows.by_file.get("organisations.csv", []):
        Organisation.objects.update_or_create(name=row["name"], defaults={"acronym": row["acronym"]})
    for name, file_rows in rows.by_file.items():
        counts[name] = len(file_rows)
    return counts
