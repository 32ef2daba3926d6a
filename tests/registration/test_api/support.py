"""Builders shared by the API and export tests: cases in a given state, intake payloads."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from registration import services
from registration.models import Case, State
from tests.factories import CaseFactory, CommuneFactory, DocumentTypeFactory, WitnessFactory

# The smallest file the upload service recognises as a PDF (it sniffs the magic number).
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def case_in_state(state: str = State.INTAKE, *, organisation, registry_centre=None, **fields) -> Case:
    """A case with two witnesses, put in ``state`` directly.

    Test set-up only: the product moves a case through ``services.case_transition``.
    """
    case = CaseFactory(organisation=organisation, registry_centre=registry_centre, witness_count=2, **fields)
    WitnessFactory.create_batch(2, case=case)
    if state != State.INTAKE:
        Case.objects.filter(pk=case.pk).update(state=state)
        case.refresh_from_db()
    return case


def case_payload(commune=None, **overrides) -> dict:
    commune = commune or CommuneFactory()
    payload = {
        "child_family_name": "Traoré",
        "child_given_names": "Mariam",
        "child_sex": "F",
        "birth_date": "2018-03-12",
        "birth_date_precision": "exact",
        "birth_commune": commune.pk,
        "birth_locality": "Sévaré",
        "mother_family_name": "Diallo",
        "mother_given_names": "Kadiatou",
        "mother_nina": "12345678901234A",
        "petitioner_name": "Kadiatou DIALLO",
        "petitioner_relationship": "mère",
        "is_internally_displaced": True,
        "protection_notes": "Famille déplacée depuis Ténenkou.",
        "witnesses": [
            {"family_name": "Sangaré", "given_names": "Oumar", "age": 45, "address": "Mopti, Komoguel"},
            {"family_name": "Koné", "given_names": "Fanta", "age": 38, "address": "Mopti, Gangal"},
        ],
    }
    payload.update(overrides)
    return payload


def upload_required_documents(case: Case, by, count: int = 1) -> None:
    """Create ``count`` required document types and upload a tiny valid PDF for each."""
    for index in range(count):
        document_type = DocumentTypeFactory(code=f"piece-{index}", name=f"Pièce {index}", required_by_default=True)
        services.document_upload(
            case=case,
            document_type=document_type,
            uploaded_file=SimpleUploadedFile(f"piece-{index}.pdf", TINY_PDF, content_type="application/pdf"),
            by=by,
        )


def iso(day: datetime.date) -> str:
    return day.isoformat()
