"""Template uploads: checked before anything is written, versioned, chosen by scope."""

import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from docgen import services, validation
from docgen.kinds import DocumentKind
from docgen.models import DocumentTemplate
from docgen.reference import reference_document
from docgen.shipped import requete
from tests.docgen.conftest import hand_edited_template
from tests.factories import CourtFactory

pytestmark = pytest.mark.django_db


def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes, name="modele.docx", kind=DocumentKind.REQUETE, **extra):
    return client.post(reverse("docgen:template_list"), {"kind": kind, "file": SimpleUploadedFile(name, data), **extra})


def test_every_shipped_template_passes_the_upload_checks():
    for kind in DocumentKind:
        services.template_current(kind=kind)  # loads the shipped file
    assert DocumentTemplate.objects.filter(is_shipped=True).count() == len(DocumentKind)
    validation.template_check(data=requete(), kind=DocumentKind.REQUETE, filename="requete.docx")


def test_unknown_placeholders_are_listed_with_their_text(client, admin_user):
    client.force_login(admin_user)
    response = _upload(client, _docx("{{ case.child.shoe_size }} et {{ case.child.full_name }} {{ dossier.x }}"))
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "{{ case.child.shoe_size }} » : champ inconnu" in body
    assert "{{ dossier.x }}" in body
    assert "case.child.full_name" not in body.split("Modèle refusé")[1].split("</ul>")[0]
    assert not DocumentTemplate.objects.filter(is_shipped=False).exists()


def test_a_batch_placeholder_is_unknown_in_a_case_template_and_known_in_a_batch_one():
    with pytest.raises(validation.TemplateRefused):
        validation.template_check(data=_docx("{{ batch.count }}"), kind=DocumentKind.REQUETE)
    validation.template_check(data=_docx("{{ batch.count }}"), kind=DocumentKind.ROLE_AUDIENCE)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "doit être un fichier Word .docx"),
        ("modele.docx", b"%PDF-1.4 not a zip", "n'est pas un document Word"),
        ("modele.docx", b"PK\x03\x04broken", "endommagé"),
    ],
)
def test_files_that_are_not_docx_are_refused(client, admin_user, name, data, message):
    client.force_login(admin_user)
    response = _upload(client, data, name=name)
    assert response.status_code == 400 and message in html.unescape(response.content.decode())


def test_a_zip_bomb_is_refused_without_being_unpacked(client, admin_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (80 * 1024 * 1024))
    client.force_login(admin_user)
    response = _upload(client, buffer.getvalue())
    assert response.status_code == 400 and "archive piégée" in html.unescape(response.content.decode())


def test_an_oversize_file_is_refused(client, admin_user, settings):
    client.force_login(admin_user)
    response = _upload(client, b"PK\x03\x04" + b"0" * (validation.MAX_TEMPLATE_BYTES + 1))
    assert response.status_code == 400 and "la limite est de" in html.unescape(response.content.decode())


def test_versions_are_kept_and_the_most_specific_scope_wins(client, admin_user, organisation):
    court = CourtFactory(name="Tribunal d'instance de Bandiagara")
    client.force_login(admin_user)
    assert _upload(client, hand_edited_template()).status_code == 302
    assert _upload(client, hand_edited_template(), organisation=organisation.pk).status_code == 302
    assert _upload(client, hand_edited_template(), organisation=organisation.pk).status_code == 302
    assert _upload(client, hand_edited_template(), court=court.pk).status_code == 302
    chosen = services.template_current(kind=DocumentKind.REQUETE, organisation=organisation, court=court)
    assert (chosen.organisation, chosen.court, chosen.version) == (organisation, None, 2)
    assert services.template_current(kind=DocumentKind.REQUETE, court=court).court == court
    assert services.template_current(kind=DocumentKind.REQUETE).organisation is None
    assert DocumentTemplate.objects.filter(kind=DocumentKind.REQUETE, organisation=organisation).count() == 2


def test_only_admins_manage_templates(client, partner_manager, coordinator):
    for user in (partner_manager, coordinator):
        client.force_login(user)
        assert client.get(reverse("docgen:template_list")).status_code == 404


def test_the_placeholder_reference_lists_every_name_with_an_example(client, partner_staff):
    client.force_login(partner_staff)
    response = client.get(reverse("docgen:reference_download"))
    assert response["Content-Disposition"] == 'attachment; filename="reference-des-champs.docx"'
    text = "\n".join(
        " | ".join(cell.text for cell in row.cells)
        for table in Document(io.BytesIO(b"".join(response.streaming_content))).tables
        for row in table.rows
    )
    assert "{{ case.child.full_name }} | TRAORÉ Mariam" in text
    assert "{{ for witness in case.witnesses }}" in text
    assert "{{ batch.count }} | 2" in text
    assert "date_words" in text and "douze mars deux mille vingt-six" in text


def test_the_served_reference_is_the_one_the_build_command_would_write():
    # The download serves the committed file: it must not lag behind the placeholders.
    def parts(data: bytes) -> dict:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return {name: archive.read(name) for name in archive.namelist()}  # zip entry times aside

    assert parts(services.REFERENCE_FILE.read_bytes()) == parts(reference_document()), (
        "run manage.py build_docgen_templates"
    )
