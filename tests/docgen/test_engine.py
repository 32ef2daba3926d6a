"""The engine on a template edited by hand: split runs, header, repeated rows, optional paragraphs."""

import io
import zipfile
from collections import OrderedDict

import pytest
from docx import Document

from docgen import engine
from docgen.examples import example_document_context
from tests.docgen.conftest import docx_text, hand_edited_template


@pytest.fixture
def rendered():
    return engine.render(engine.compile_template(hand_edited_template()), example_document_context())


def test_tags_split_across_runs_are_filled_and_keep_the_formatting_of_their_first_run(rendered):
    paragraph = Document(io.BytesIO(rendered)).paragraphs[0]
    assert paragraph.text == "Nom : TRAORÉ fin."
    runs = [(run.text, run.bold, run.italic) for run in paragraph.runs if run.text]
    assert runs[1] == ("TRAORÉ", True, None)
    tail = [run for run in paragraph.runs if run.text == " fin."][0]
    assert tail.font.size.pt == 18  # the text after the tag keeps its own formatting


def test_header_dates_in_words_rows_and_optional_paragraphs(rendered):
    text = docx_text(rendered)
    assert "Cabinet CLINIQUE JURIDIQUE DU SAHEL" in text
    assert "Né le douze mars deux mille dix-huit, requête n° JS-MOP-2026-000001" in text
    assert "Père : KEÏTA Amadou" in text
    assert "Mère : DIALLO Kadiatou" in text
    assert "1 | SANGARÉ Oumar | quarante-cinq ans" in text
    assert "2 | TOURÉ Awa | trente-huit ans" in text
    assert "{{" not in text and "}}" not in text


def test_an_empty_value_removes_its_optional_paragraph_and_an_empty_list_its_row():
    context = example_document_context()
    context["case"]["father"]["full_name"] = ""
    context["case"]["witnesses"] = []
    data = engine.render(engine.compile_template(hand_edited_template()), context)
    text = docx_text(data)
    assert "Père" not in text
    assert "Mère : DIALLO Kadiatou" in text
    assert len(Document(io.BytesIO(data)).tables[0].rows) == 1  # the header row only


def test_values_are_escaped_and_line_breaks_kept():
    context = example_document_context()
    context["case"]["child"]["family_name"] = "A & B <c>\x01"
    context["case"]["mother"]["full_name"] = "ligne 1\nligne 2"
    data = engine.render(engine.compile_template(hand_edited_template()), context)
    text = docx_text(data)
    assert "Nom : A & B <C> fin." in text
    assert "Mère : ligne 1\nligne 2" in text


def test_same_inputs_give_the_same_bytes_and_only_templated_parts_are_rewritten():
    template = engine.compile_template(hand_edited_template())
    first = engine.render(template, example_document_context())
    assert first == engine.render(template, example_document_context())
    assert set(template.parts) == {"word/document.xml", "word/header1.xml"}
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names[0] == "[Content_Types].xml" and len(names) == len(set(names))


def test_a_template_is_compiled_once_per_checksum():
    calls = []

    def load():
        calls.append(1)
        return hand_edited_template()

    engine._cache.pop("test-checksum", None)
    assert engine.compiled("test-checksum", load) is engine.compiled("test-checksum", load)
    assert len(calls) == 1


def test_a_template_compiled_elsewhere_is_remembered_within_the_cache_limit(monkeypatch):
    monkeypatch.setattr(engine, "_cache", OrderedDict())
    monkeypatch.setattr(engine, "CACHE_SIZE", 2)
    template = engine.compile_template(hand_edited_template())
    assert engine.remember(template) is template

    def load():
        raise AssertionError("a remembered template is not compiled again")

    assert engine.compiled(template.checksum, load) is template
    for number in range(2):
        engine.remember(engine.CompiledTemplate(checksum=f"other-{number}", parts={}, base_zip=b""))
    assert list(engine._cache) == ["other-0", "other-1"]  # the oldest went: the limit holds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ case.child.name | shout }}", "filtre inconnu « shout »"),
        ("{{ case..x }}", "nom de champ illisible"),
        ("Nom {{ case.child.full_name", "sans « }} »"),
        ("{{ for w in case.witnesses }} hors tableau", "mal placée"),
    ],
)
def test_broken_tags_are_refused_with_their_text(text, message):
    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(engine.TemplateError) as error:
        engine.compile_template(buffer.getvalue())
    assert message in str(error.value)


def test_a_filter_given_the_wrong_value_names_the_tag():
    doc = Document()
    doc.add_paragraph("{{ case.child.full_name | date_words }}")
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(engine.RenderError, match="case.child.full_name | date_words"):
        engine.render(engine.compile_template(buffer.getvalue()), example_document_context())
