"""Load reference data from CSV files (the shipped starter set, or a partner's own).

Every file is read and checked first; nothing is written unless all rows are valid, and
every bad row is reported. Loading is idempotent: rows are matched by name and updated.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.validators import slug_re
from django.db import transaction
from django.utils.translation import gettext as _

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
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in columns if c not in (reader.fieldnames or [])]
                if missing:
                    rows.errors.append(
                        _("%(file)s : colonnes manquantes %(columns)s") % {"file": name, "columns": ", ".join(missing)}
                    )
                    continue
                rows.by_file[name] = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
        except (UnicodeDecodeError, csv.Error) as error:
            rows.errors.append(_("%(file)s : illisible (UTF-8 attendu) — %(error)s") % {"file": name, "error": error})
    if not rows.by_file and not rows.errors:
        rows.errors.append(_("Aucun fichier reconnu (%(files)s).") % {"files": ", ".join(FILES)})
    return rows


def _line_errors(rows: _Rows, name: str, check) -> None:
    """Run ``check(row)`` on every line of ``name``; each message is reported with its line."""
    for line, row in enumerate(rows.by_file.get(name, []), start=2):
        for message in check(row):
            rows.errors.append(
                _("%(file)s ligne %(line)d : %(message)s") % {"file": name, "line": line, "message": message}
            )


def _validate(rows: _Rows) -> None:
    regions = {r["name"] for r in rows.by_file.get("regions.csv", [])} | set(
        Region.objects.values_list("name", flat=True)
    )
    communes = {(r["region"], r["commune"]) for r in rows.by_file.get("communes.csv", [])}
    communes |= set(Commune.objects.values_list("cercle__region__name", "name"))
    known_communes = {c for _r, c in communes}
    codes = Counter(r["code"] for r in rows.by_file.get("regions.csv", []))

    def region_errors(row):
        if not row["name"]:
            yield _("nom de région manquant")
        if not (len(row["code"]) == 3 and row["code"].isalpha() and row["code"].isupper()):
            yield _("le code doit faire trois lettres majuscules (%(code)r)") % {"code": row["code"]}
        elif codes[row["code"]] > 1:
            yield _("code %(code)s en double") % {"code": row["code"]}
        if row["iso_code"] and not row["iso_code"].startswith("ML-"):
            yield _("code ISO invalide %(code)r (ML-…)") % {"code": row["iso_code"]}

    def commune_errors(row):
        if row["region"] not in regions:
            yield _("région inconnue %(region)r") % {"region": row["region"]}
        if not row["cercle"] or not row["commune"]:
            yield _("cercle et commune obligatoires")

    def court_errors(row):
        if not row["name"]:
            yield _("nom de juridiction manquant")
        if row["kind"] not in Court.Kind.values:
            yield _("type parmi %(kinds)s") % {"kinds": ", ".join(Court.Kind.values)}
        if (row["seat_region"], row["seat_commune"]) not in communes:
            yield _("siège inconnu %(commune)r (%(region)r)") % {
                "commune": row["seat_commune"],
                "region": row["seat_region"],
            }
        for commune in sorted({c for c in row["communes_served"].split(";") if c} - known_communes):
            yield _("commune du ressort inconnue %(commune)r") % {"commune": commune}

    def centre_errors(row):
        if not row["name"]:
            yield _("nom de centre manquant")
        if row["kind"] not in RegistryCentre.Kind.values:
            yield _("type parmi %(kinds)s") % {"kinds": ", ".join(RegistryCentre.Kind.values)}
        if (row["region"], row["commune"]) not in communes:
            yield _("commune inconnue %(commune)r (%(region)r)") % {"commune": row["commune"], "region": row["region"]}

    def document_type_errors(row):
        if not slug_re.match(row["code"]):
            yield _("code invalide %(code)r (lettres, chiffres, tirets)") % {"code": row["code"]}
        if not row["name"]:
            yield _("nom manquant")
        if row["required_by_default"] not in ("0", "1"):
            yield _("required_by_default vaut 0 ou 1")

    def organisation_errors(row):
        if not row["name"]:
            yield _("nom d'organisation manquant")

    _line_errors(rows, "regions.csv", region_errors)
    _line_errors(rows, "communes.csv", commune_errors)
    _line_errors(rows, "courts.csv", court_errors)
    _line_errors(rows, "registry_centres.csv", centre_errors)
    _line_errors(rows, "document_types.csv", document_type_errors)
    _line_errors(rows, "organisations.csv", organisation_errors)


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
        cercle, _created = Cercle.objects.get_or_create(region=regions[row["region"]], name=row["cercle"])
        Commune.objects.get_or_create(cercle=cercle, name=row["commune"])
    communes = {(c.cercle.region.name, c.name): c for c in Commune.objects.select_related("cercle__region")}
    communes_by_name = {}
    for (_region, name), commune in communes.items():
        communes_by_name.setdefault(name, commune)
    for row in rows.by_file.get("courts.csv", []):
        court, _created = Court.objects.update_or_create(
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
