"""Helpers for the core tests: a small geography, intake data, and cases driven to a state.

Plain functions rather than fixtures so that every core test module can use them without
a shared conftest (other engineers work in this folder too).
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from registration import services
from registration.models import Case, State, SupportingDocument
from tests.factories import CommuneFactory, CourtFactory, DocumentTypeFactory, RegionFactory, RegistryCentreFactory

# The smallest file a PDF reader opens: enough for the content sniffing.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class World:
    commune: object
    other_commune: object
    court: object
    other_court: object
    centre: object
    doc_types: list


def world(registry_centre=None) -> World:
    """Mopti with two communes, two courts, a centre, two default-required document types."""
    region = RegionFactory(name="Mopti", code="MOP", iso_code="ML-5")
    commune = CommuneFactory(cercle__region=region, cercle__name="Mopti", name="Mopti")
    other = CommuneFactory(cercle__region=region, cercle__name="Mopti", name="Socoura")
    return World(
        commune=commune,
        other_commune=other,
        court=CourtFactory(name="Tribunal de grande instance de Mopti", seat=commune),
        other_court=CourtFactory(name="Tribunal d'instance de Djenné", kind="TI", seat=other),
        centre=registry_centre or RegistryCentreFactory(name="Centre principal d'état civil de Mopti", commune=commune),
        doc_types=[
            DocumentTypeFactory(code="non-registration-certificate", name="Certificat de non-inscription"),
            DocumentTypeFactory(code="petitioner-id", name="Pièce d'identité du requérant"),
        ],
    )


def intake_data(commune, **overrides) -> dict:
    data = {
        "child_family_name": "Traoré",
        "child_given_names": "Mariam",
        "child_sex": "F",
        "birth_date": datetime.date(2018, 3, 12),
        "birth_commune": commune,
        "mother_family_name": "Diallo",
        "mother_given_names": "Kadiatou",
        "petitioner_name": "Kadiatou DIALLO",
        "petitioner_relationship": "mère",
    }
    data.update(overrides)
    return data


WITNESSES = [
    {"family_name": "Sangaré", "given_names": "Oumar", "age": 45, "address": "Mopti, Komoguel"},
    {"family_name": "Cissé", "given_names": "Hawa", "age": 38, "address": "Mopti, Gangal"},
]


def pdf(name: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


_GIVEN_NAMES = itertools.cycle(["Mariam", "Awa", "Oumar", "Fatoumata", "Seydou", "Kadidia", "Boubacar", "Aminata"])
_SERIAL = itertools.count(1)


def open_case(w: World, by, organisation, *, documents: bool = True, witnesses=WITNESSES, **overrides) -> Case:
    """A case at intake (different child each call unless names are given), documents uploaded."""
    overrides.setdefault("child_given_names", f"{next(_GIVEN_NAMES)} {next(_SERIAL)}")
    case = services.case_create(
        organisation=organisation, by=by, data=intake_data(w.commune, **overrides), witnesses=witnesses
    )
    if documents:
        for doc_type in w.doc_types:
            services.document_upload(case=case, document_type=doc_type, uploaded_file=pdf(), by=by)
    case.refresh_from_db()
    return case


def facts_for(action: str, w: World) -> dict:
    day = datetime.date.today()
    return {
        "complete": {},
        "reopen": {},
        "file": {"court": w.court, "court_registry_number": "RG 2026/114", "filed_on": day},
        "schedule": {"hearing_date": day, "hearing_place": "Salle d'audience du TGI"},
        "adjourn": {"hearing_date": day + datetime.timedelta(days=14)},
        "grant": {"judgment_number": "JS 2026/0457", "judgment_date": day},
        "reject": {"rejection_reason": "Témoins absents", "judgment_date": day},
        "refile": {},
        "transmit": {"registry_centre": w.centre, "transmitted_on": day},
        "transcribe": {
            "act_number": "1234",
            "act_register": "Registre spécial",
            "act_year": 2026,
            "transcribed_on": day,
        },
        "collect": {"collected_on": day},
        "deliver": {
            "delivered_on": day,
            "delivered_to": "Kadiatou DIALLO",
            "delivered_to_relationship": "mère",
            "delivery_id_checked": True,
        },
        "close": {"closure_reason": "withdrawn"},
    }[action]


# The shortest path from intake to each state.
PATHS = {
    State.INTAKE: [],
    State.READY: ["complete"],
    State.FILED: ["complete", "file"],
    State.HEARING_SCHEDULED: ["complete", "file", "schedule"],
    State.JUDGMENT_ISSUED: ["complete", "file", "schedule", "grant"],
    State.REJECTED: ["complete", "file", "schedule", "reject"],
    State.SENT_TO_REGISTRY: ["complete", "file", "schedule", "grant", "transmit"],
    State.TRANSCRIBED: ["complete", "file", "schedule", "grant", "transmit", "transcribe"],
    State.READY_FOR_DELIVERY: ["complete", "file", "schedule", "grant", "transmit", "transcribe", "collect"],
    State.DELIVERED: ["complete", "file", "schedule", "grant", "transmit", "transcribe", "collect", "deliver"],
    State.CLOSED: ["close"],
}


def drive(case: Case, w: World, by, state: str) -> Case:
    for action in PATHS[state]:
        case = services.case_transition(case=case, action=action, by=by, facts=facts_for(action, w))
    assert case.state == state
    return case


def private_storage_in(settings, monkeypatch, folder):
    """Send uploads to ``folder`` (call from a fixture), so tests see exactly what was written.

    The file field resolved its storage at import time: point it at the new one as well.
    """
    from django.core.files.storage import storages

    private = {**settings.STORAGES["private"], "OPTIONS": {"location": str(folder), "base_url": None}}
    settings.STORAGES = {**settings.STORAGES, "private": private}
    monkeypatch.setattr(SupportingDocument._meta.get_field("file"), "storage", storages["private"])
    return folder
