"""Per-case documents from the case page and the API: scope, records, refusals, reuse."""

import html
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docgen import batches, services
from docgen.kinds import DocumentKind
from docgen.models import DocumentBatch, GeneratedDocument
from registration.models import AccessLog, Case, State
from registration.selectors import cases_visible_to
from tests.docgen.conftest import docx_text, hand_edited_template, make_case

pytestmark = pytest.mark.django_db


def _generate(client, case, kind=DocumentKind.REQUETE, fmt="docx"):
    return client.post(reverse("docgen:case_generate", args=[case.pk]), {"kind": kind, "format": fmt, "next": "/app/"})


def test_partner_downloads_a_requete_recorded_with_version_state_author_and_checksum(client, partner_staff, filed_case):
    client.force_login(partner_staff)
    response = _generate(client, filed_case)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    text = docx_text(data)
    assert "TRAORÉ" in text and "Tribunal de grande instance de Mopti" in text and "SANGARÉ Oumar" in text
    document = GeneratedDocument.objects.get()
    assert (document.case, document.case_state, document.generated_by, document.template.version) == (
        filed_case,
        State.FILED,
        partner_staff,
        1,
    )
    assert len(document.checksum) == 64 and document.size == len(data)
    assert AccessLog.objects.filter(case=filed_case, user=partner_staff, surface="document").count() == 1


def test_the_same_inputs_reuse_the_same_stored_file(client, partner_staff, filed_case):
    client.force_login(partner_staff)
    _generate(client, filed_case)
    _generate(client, filed_case)
    first, second = GeneratedDocument.objects.order_by("id")
    assert first.file.name == second.file.name and first.checksum == second.checksum


def test_a_foreign_case_is_404_and_nothing_is_recorded(client, other_partner_staff, filed_case):
    client.force_login(other_partner_staff)
    assert _generate(client, filed_case).status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_a_document_that_makes_no_sense_for_the_state_is_refused_with_a_message(client, partner_staff, organisation):
    case = make_case(organisation, state=State.DELIVERED)
    client.force_login(partner_staff)
    response = client.post(
        reverse("docgen:case_generate", args=[case.pk]),
        {"kind": DocumentKind.REQUETE, "format": "docx", "next": "/app/"},
        follow=True,
    )
    body = html.unescape(response.content.decode())
    assert f"sans objet pour le dossier {case.reference}" in body
    assert not GeneratedDocument.objects.exists()


def test_a_missing_value_names_the_case_and_the_placeholder(partner_staff, organisation):
    case = make_case(organisation, state=State.INTAKE, court=False)
    with pytest.raises(services.DocumentRefused) as error:
        services.document_generate(case=case, kind=DocumentKind.REQUETE, by=partner_staff)
    assert case.reference in str(error.value) and "{{ case.court.name }}" in str(error.value)


def test_registry_liaisons_get_no_protection_fields(registry_liaison, partner_staff, centre_case):
    liaison_doc = services.document_generate(case=centre_case, kind=DocumentKind.FICHE_SYNTHESE, by=registry_liaison)
    partner_doc = services.document_generate(case=centre_case, kind=DocumentKind.FICHE_SYNTHESE, by=partner_staff)
    assert "déplacé(e) interne" not in docx_text(liaison_doc.file.read())
    assert "déplacé(e) interne" in docx_text(partner_doc.file.read())


def test_an_earlier_document_is_regenerated_with_its_template_version(client, admin_user, partner_staff, filed_case):
    old = services.document_generate(case=filed_case, kind=DocumentKind.REQUETE, by=partner_staff)
    client.force_login(admin_user)
    client.post(
        reverse("docgen:template_list"),
        {"kind": DocumentKind.REQUETE, "file": SimpleUploadedFile("v2.docx", hand_edited_template())},
    )
    assert (
        services.document_generate(case=filed_case, kind=DocumentKind.REQUETE, by=partner_staff).template
        != old.template
    )
    client.force_login(partner_staff)
    response = client.post(reverse("docgen:document_regenerate", args=[old.pk]))
    assert response.status_code == 200
    assert GeneratedDocument.objects.order_by("-id").first().template == old.template


def test_downloads_are_for_those_who_may_see_the_case(client, partner_staff, other_partner_staff, filed_case):
    document = services.document_generate(case=filed_case, kind=DocumentKind.REQUETE, by=partner_staff)
    client.force_login(other_partner_staff)
    assert client.get(reverse("docgen:document_download", args=[document.pk])).status_code == 404
    client.force_login(partner_staff)
    assert client.get(reverse("docgen:document_download", args=[document.pk])).status_code == 200


def test_pdf_without_libreoffice_says_so(client, partner_staff, filed_case, monkeypatch):
    monkeypatch.setattr("docgen.pdf.soffice_path", lambda: None)
    client.force_login(partner_staff)
    response = client.post(
        reverse("docgen:case_generate", args=[filed_case.pk]),
        {"kind": DocumentKind.REQUETE, "format": "pdf", "next": "/app/"},
        follow=True,
    )
    assert "nécessite LibreOffice" in html.unescape(response.content.decode())


def test_the_case_page_panel_lists_documents(client, partner_staff, filed_case, rf):
    from django.template import Context, Template

    services.document_generate(case=filed_case, kind=DocumentKind.REQUETE, by=partner_staff)
    request = rf.get("/app/cases/1/")
    request.user = partner_staff
    out = Template('{% include "docgen/_case_documents.html" with case=case %}').render(
        Context({"case": filed_case, "request": request, "csrf_token": "t"})
    )
    assert "Générer et télécharger" in out and "Régénérer avec cette version" in out


# --- API ---------------------------------------------------------------------------------------


def test_api_generates_lists_and_fetches(client, partner_staff, filed_case):
    client.force_login(partner_staff)
    url = f"/api/v1/cases/{filed_case.pk}/generated-documents/"
    created = client.post(url, {"kind": "requete"}, content_type="application/json")
    assert created.status_code == 201, created.content
    listed = client.get(url).json()
    assert [item["kind"] for item in listed] == ["requete"]
    download = client.get(created.json()["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")


def test_api_bad_input_is_400_with_field_messages(client, partner_staff, organisation):
    case = make_case(organisation, state=State.DELIVERED)
    client.force_login(partner_staff)
    url = f"/api/v1/cases/{case.pk}/generated-documents/"
    assert "kind" in client.post(url, {"kind": "nope"}, content_type="application/json").json()
    refused = client.post(url, {"kind": "requete"}, content_type="application/json")
    assert refused.status_code == 400 and "sans objet" in refused.json()["kind"][0]
    assert client.post("/api/v1/document-batches/", {"cases": []}, content_type="application/json").status_code == 400


# --- Batches without a worker: the services the tasks call ------------------------------------


def _run(batch):
    batch.refresh_from_db()
    batches.batch_start(batch)
    batch.refresh_from_db()
    for index in range(batch.chunk_count):
        batches.batch_chunk_render(batch, index)
    batches.batch_assemble(batch)
    batch.refresh_from_db()
    return batch


def test_a_batch_reports_foreign_ids_and_zips_one_folder_per_case(
    partner_staff, organisation, other_organisation, django_capture_on_commit_callbacks
):
    cases = [make_case(organisation, state=State.HEARING_SCHEDULED) for _ in range(3)]
    foreign = make_case(other_organisation)
    ids = [case.pk for case in cases] + [foreign.pk]
    batch = batches.batch_create(
        by=partner_staff, cases=cases_visible_to(partner_staff).filter(pk__in=ids), requested_ids=ids
    )
    assert batch.refused_ids == [foreign.pk] and str(foreign.pk) in batch.problems[0]
    batch = _run(batch)
    assert batch.status == DocumentBatch.Status.DONE and batch.percent == 100
    archive = zipfile.ZipFile(batch.zip_file.open("rb"))
    names = archive.namelist()
    assert {name.split("/")[0] for name in names if "/" in name} == {case.reference for case in cases}
    assert "role-audience.docx" in names and "rapport.txt" in names
    role = docx_text(archive.read("role-audience.docx"))
    assert all(case.child_full_name in role for case in cases)
    assert "douze mars deux mille vingt-six" in role
    assert AccessLog.objects.filter(surface="document", case__in=cases).count() == 3
    # Running the same chunk again (a redelivered task) counts and records nothing twice.
    assert batches.batch_chunk_render(batch, 0) is False
    assert GeneratedDocument.objects.filter(batch=batch).exclude(case=None).count() == 9  # 3 per case


def test_a_finished_batch_downloads_the_same_zip_from_the_screen_and_the_api(
    client, partner_staff, organisation, other_organisation
):
    cases = [make_case(organisation, state=State.HEARING_SCHEDULED) for _ in range(2)]
    batch = batches.batch_create(by=partner_staff, cases=cases_visible_to(partner_staff))
    client.force_login(partner_staff)
    urls = [reverse("docgen:batch_download", args=[batch.pk]), f"/api/v1/document-batches/{batch.pk}/download/"]
    assert [client.get(url).status_code for url in urls] == [404, 404]  # not finished yet
    batch = _run(batch)
    # Rendered for a partner: every copy is marked as holding protection data.
    assert set(GeneratedDocument.objects.filter(batch=batch).values_list("includes_protection", flat=True)) == {True}
    before = AccessLog.objects.filter(surface="document").count()
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == f'attachment; filename="dossiers-lot-{batch.pk}.zip"'
        bodies.append(b"".join(response.streaming_content))
    assert bodies[0] == bodies[1] and bodies[0].startswith(b"PK")
    assert AccessLog.objects.filter(surface="document").count() == before + 2 * len(cases)
    # A case that has left the creator's scope keeps the whole ZIP from them.
    Case.objects.filter(pk=cases[0].pk).update(organisation=other_organisation)
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_batch_progress_is_reported_in_the_reader_s_language(client, settings, partner_staff, organisation):
    ids = [make_case(organisation).pk for _ in range(2)]
    batch = DocumentBatch.objects.create(
        title="Lot", created_by=partner_staff, case_ids=ids, status=DocumentBatch.Status.RUNNING, cases_done=1
    )
    client.force_login(partner_staff)
    url = reverse("docgen:batch_status", args=[batch.pk])
    assert client.get(url).json()["progress_text"] == "1 sur 2 dossiers (47 %)"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(url).json()["progress_text"] == "1 of 2 cases (47%)"
    # The page's script shows that text rather than composing its own.
    assert "s.progress_text" in client.get(reverse("docgen:batch_detail", args=[batch.pk])).content.decode()


def test_batch_pages_belong_to_their_creator(client, partner_staff, partner_manager, organisation):
    case = make_case(organisation)
    batch = DocumentBatch.objects.create(title="Lot", created_by=partner_staff, case_ids=[case.pk])
    client.force_login(partner_manager)
    assert client.get(reverse("docgen:batch_detail", args=[batch.pk])).status_code == 404
    client.force_login(partner_staff)
    page = client.get(reverse("docgen:batch_detail", args=[batch.pk])).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page
