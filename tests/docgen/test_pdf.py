"""Generated documents open cleanly: LibreOffice converts them to PDF and the text reads back."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen import engine, pdf
from docgen.examples import example_batch_context, example_document_context
from docgen.kinds import RULES, DocumentKind
from docgen.shipped import BUILDERS
from tests.docgen.conftest import hand_edited_template

pytestmark = pytest.mark.libreoffice


def _pdf_text(docx: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf.docx_to_pdf(docx)))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_every_shipped_document_converts_to_pdf_with_its_values():
    for kind, build in BUILDERS.items():
        context = example_document_context() if RULES[kind].per_case else example_batch_context()
        text = _pdf_text(engine.render(engine.compile_template(build()), context))
        assert "{{" not in text, kind
        assert "CLINIQUE JURIDIQUE DU SAHEL" in text, kind  # the header
        if kind == DocumentKind.REQUETE:
            assert "douze mars deux mille dix-huit" in text and "SANGARÉ Oumar" in text


def test_a_hand_edited_template_renders_correctly_in_the_pdf():
    text = _pdf_text(engine.render(engine.compile_template(hand_edited_template()), example_document_context()))
    assert "Cabinet CLINIQUE JURIDIQUE DU SAHEL" in text
    assert "Nom : TRAORÉ fin." in text
    assert "Père : KEÏTA Amadou" in text
    assert "SANGARÉ Oumar" in text and "trente-huit ans" in text


def test_a_template_saved_again_by_libreoffice_still_renders():
    """LibreOffice rewrites runs (rsids, split text) when it saves: the tags must survive."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "requete.docx"
        source.write_bytes(BUILDERS[DocumentKind.REQUETE]())
        out = Path(folder) / "out"
        subprocess.run(
            [
                pdf.soffice_path(),
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        resaved = (out / "requete.docx").read_bytes()
    text = _pdf_text(engine.render(engine.compile_template(resaved), example_document_context()))
    assert "TRAORÉ" in text and "douze mars deux mille dix-huit" in text and "TOURÉ Awa" in text
