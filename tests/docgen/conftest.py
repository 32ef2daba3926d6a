"""Docgen fixtures: cases with witnesses at a given step, and a hand-edited template."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from docx.shared import Pt

from registration.models import State
from tests.factories import CaseFactory, CourtFactory, WitnessFactory


def make_case(organisation, *, state=State.FILED, court=True, **fields):
    """A case at ``state`` with its facts filled as the workflow would have filled them."""
    values = {
        "state": state,
        "organisation": organisation,
        "court": CourtFactory(name="Tribunal de grande instance de Mopti") if court else None,
        "court_registry_number": "RG 12/2026",
        "filed_on": datetime.date(2026, 2, 2),
        "is_internally_displaced": True,
        "protection_notes": "note",
    }
    if state in (State.HEARING_SCHEDULED, State.JUDGMENT_ISSUED, State.SENT_TO_REGISTRY, State.TRANSCRIBED):
        values.update(hearing_date=datetime.date(2026, 3, 12), hearing_place="Palais de justice de Mopti")
    if state in (State.JUDGMENT_ISSUED, State.SENT_TO_REGISTRY, State.TRANSCRIBED):
        values.update(judgment_number="JS 4/2026", judgment_date=datetime.date(2026, 3, 12))
    values.update(fields)
    case = CaseFactory(**values)
    WitnessFactory(case=case, family_name="Sangaré", given_names="Oumar", age=45)
    WitnessFactory(case=case, family_name="Touré", given_names="Awa", age=38)
    return case


@pytest.fixture
def filed_case(organisation):
    return make_case(organisation)


@pytest.fixture
def centre_case(organisation, registry_centre):
    return make_case(organisation, state=State.SENT_TO_REGISTRY, registry_centre=registry_centre)


def hand_edited_template() -> bytes:
    """What Word does to a template edited by hand: tags split over runs of different formats,
    a tag in the header, a repeated row whose ``for`` tag is itself split, an optional paragraph."""
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    for text in ("Cabinet ", "{{ organi", "sation.name | up", "per }}"):
        header.add_run(text)
    paragraph = doc.add_paragraph()
    paragraph.add_run("Nom : ")
    bold = paragraph.add_run("{{ case.child.")
    bold.bold = True
    italic = paragraph.add_run("family_name | up")
    italic.italic = True
    paragraph.add_run("per }}")
    tail = paragraph.add_run(" fin.")
    tail.font.size = Pt(18)
    dates = doc.add_paragraph()
    for text in ("Né le {", "{ case.child.birth_date | date_wo", "rds }}, requête n° {{case.reference}}"):
        dates.add_run(text)
    optional = doc.add_paragraph()
    for text in ("{{ if case.father", ".full_name }}Père : ", "{{ case.father.full_name }}"):
        optional.add_run(text)
    kept = doc.add_paragraph()
    for text in ("{{ if case.mother.full_name }}", "Mère : {{ case.mother.full_name }}"):
        kept.add_run(text)
    table = doc.add_table(rows=2, cols=3)
    table.rows[0].cells[0].text = "N°"
    cell = table.rows[1].cells[0].paragraphs[0]
    for text in ("{{ for wit", "ness in case.witnesses }}", "{{ loop.index }}"):
        cell.add_run(text)
    table.rows[1].cells[1].text = "{{ witness.full_name }}"
    table.rows[1].cells[2].text = "{{ witness.age | number_words }} ans"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """Body, tables, headers and footers of a .docx, as lines."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in doc.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
        for table in section.header.tables:
            lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)
