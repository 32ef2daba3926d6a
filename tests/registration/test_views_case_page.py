"""The case page: actions with their facts forms, documents, duplicate review, reassignment."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registration import services
from registration.models import AccessLog, Case, Role, State, SupportingDocument
from tests.factories import CaseFactory, CommuneFactory, CourtFactory, DocumentTypeFactory, WitnessFactory, staff_user
from tests.registration.test_views_access import TINY_PDF, pdf_upload


def detail_url(case):
    return reverse("registration:case_detail", args=[case.pk])


def action_url(case, action):
    return reverse("registration:case_transition", args=[case.pk, action])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def document_types(db):
    return [
        DocumentTypeFactory(code="non-registration-certificate", name="Certificat de non-inscription"),
        DocumentTypeFactory(code="petitioner-id", name="Pièce d'identité du requérant"),
    ]


@pytest.fixture
def intake_case(organisation, partner_staff, document_types):
    case = CaseFactory(organisation=organisation, caseworker=partner_staff, missing_documents_count=2)
    WitnessFactory.create_batch(2, case=case)
    Case.objects.filter(pk=case.pk).update(witness_count=2)
    case.refresh_from_db()
    return case


def set_state(case, state, **fields):
    Case.objects.filter(pk=case.pk).update(state=state, **fields)
    case.refresh_from_db()
    return case


# --- Actions -------------------------------------------------------------------------


@pytest.mark.django_db
def test_guard_blocked_action_is_shown_disabled_with_its_reason(client, partner_staff, intake_case):
    client.force_login(partner_staff)
    html = client.get(detail_url(intake_case)).content.decode()
    assert "2 documents obligatoires manquants" in html
    assert "disabled>Déclarer le dossier complet" in html
    # Posting anyway is refused with the same reason, and nothing changes.
    response = client.post(action_url(intake_case, "complete"), {"complete-note": ""})
    assert response.status_code == 302
    assert "2 documents obligatoires manquants" in messages_of(response)
    intake_case.refresh_from_db()
    assert intake_case.state == State.INTAKE


@pytest.mark.django_db
def test_completing_after_uploading_the_required_documents(client, partner_staff, intake_case, document_types):
    client.force_login(partner_staff)
    for document_type in document_types:
        response = client.post(
            reverse("registration:document_upload", args=[intake_case.pk]),
            {"document_type": document_type.pk, "file": pdf_upload()},
        )
        assert response.status_code == 302
    html = client.get(detail_url(intake_case)).content.decode()
    assert "Fournie" in html and "Manquante" not in html
    response = client.post(action_url(intake_case, "complete"), {"complete-note": "Dossier vérifié"})
    assert response.status_code == 302
    intake_case.refresh_from_db()
    assert intake_case.state == State.READY
    html = client.get(detail_url(intake_case)).content.decode()
    assert "Dossier vérifié" in html  # the note, in the history
    assert "Dossier en constitution → Dossier complet" in html


@pytest.mark.django_db
def test_missing_facts_are_field_errors_on_the_same_page(client, partner_staff, intake_case):
    set_state(intake_case, State.READY, missing_documents_count=0)
    client.force_login(partner_staff)
    court = CourtFactory()
    response = client.post(action_url(intake_case, "file"), {"file-court": court.pk, "file-filed_on": "not a date"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="action-file"' in html and "open" in html.split('id="action-file"')[0][-40:]
    assert "Champ requis." in html  # court registry number
    assert "Saisissez une date valide." in html
    intake_case.refresh_from_db()
    assert intake_case.state == State.READY


@pytest.mark.django_db
def test_unknown_action_is_404_and_wrong_state_is_a_message(client, partner_staff, intake_case):
    client.force_login(partner_staff)
    assert client.post(action_url(intake_case, "explode"), {}).status_code == 404
    response = client.post(
        action_url(intake_case, "grant"),
        {"grant-judgment_number": "12", "grant-judgment_date": "2026-01-10"},
    )
    assert response.status_code == 302
    assert messages_of(response)
    intake_case.refresh_from_db()
    assert intake_case.state == State.INTAKE


@pytest.mark.django_db
def test_an_action_posted_from_a_stale_page_is_refused_not_merged(client, partner_staff, partner_manager, intake_case):
    set_state(intake_case, State.FILED, filed_on=datetime.date(2026, 1, 5))
    client.force_login(partner_staff)
    assert action_url(intake_case, "schedule") in client.get(detail_url(intake_case)).content.decode()
    # Meanwhile the manager schedules the hearing.
    services.case_transition(
        case=Case.objects.get(pk=intake_case.pk),
        action="schedule",
        by=partner_manager,
        facts={"hearing_date": datetime.date(2026, 3, 1), "hearing_place": "Mopti"},
    )
    response = client.post(
        action_url(intake_case, "schedule"),
        {"schedule-hearing_date": "2026-04-01", "schedule-hearing_place": "Sévaré"},
    )
    assert response.status_code == 302
    assert any("Audience fixée" in m for m in messages_of(response))
    intake_case.refresh_from_db()
    assert (intake_case.hearing_place, intake_case.hearing_date) == ("Mopti", datetime.date(2026, 3, 1))


# --- Documents ------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_of_a_non_document_is_refused_and_nothing_is_written(client, partner_staff, intake_case, document_types):
    client.force_login(partner_staff)
    fake = SimpleUploadedFile("acte.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("registration:document_upload", args=[intake_case.pk]),
        {"document_type": document_types[0].pk, "file": fake},
    )
    assert response.status_code == 400
    assert "Seuls les fichiers PDF, JPEG et PNG" in response.content.decode()
    assert not SupportingDocument.objects.filter(case=intake_case).exists()
    response = client.post(reverse("registration:document_upload", args=[intake_case.pk]), {})
    assert response.status_code == 400
    assert "Champ requis." in response.content.decode()


@pytest.mark.django_db
def test_download_is_an_attachment_not_sniffed_and_logged(
    client, partner_manager, partner_staff, intake_case, document_types
):
    document = services.document_upload(
        case=intake_case, document_type=document_types[0], uploaded_file=pdf_upload("certificat.pdf"), by=partner_staff
    )
    client.force_login(partner_manager)
    response = client.get(reverse("registration:document_download", args=[intake_case.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "certificat.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == TINY_PDF
    assert AccessLog.objects.filter(case=intake_case, user=partner_manager, surface=AccessLog.Surface.DOWNLOAD).exists()


@pytest.mark.django_db
def test_document_of_another_case_is_404(client, partner_staff, intake_case, organisation, document_types):
    other = CaseFactory(organisation=organisation)
    document = services.document_upload(
        case=other, document_type=document_types[0], uploaded_file=pdf_upload(), by=partner_staff
    )
    client.force_login(partner_staff)
    assert client.get(reverse("registration:document_download", args=[intake_case.pk, document.pk])).status_code == 404


@pytest.mark.django_db
def test_editor_removes_a_document_coordinator_may_not(client, partner_staff, coordinator, intake_case, document_types):
    document = services.document_upload(
        case=intake_case, document_type=document_types[0], uploaded_file=pdf_upload(), by=partner_staff
    )
    url = reverse("registration:document_delete", args=[intake_case.pk, document.pk])
    client.force_login(coordinator)
    assert client.post(url).status_code == 403
    client.force_login(partner_staff)
    assert client.post(url).status_code == 302
    assert not SupportingDocument.objects.filter(pk=document.pk).exists()


# --- Duplicates -------------------------------------------------------------------------


@pytest.fixture
def duplicate_pair(organisation, partner_staff):
    data = {
        "child_family_name": "Traoré",
        "child_given_names": "Awa",
        "child_sex": "F",
        "birth_date": datetime.date(2019, 5, 1),
        "birth_commune": CommuneFactory(),
        "mother_family_name": "Diallo",
        "mother_given_names": "Kadiatou",
        "petitioner_name": "Kadiatou DIALLO",
        "petitioner_relationship": "mère",
    }
    witnesses = [{"family_name": "Sangaré", "given_names": f"Oumar{i}", "age": 40, "address": "Mopti"} for i in (1, 2)]
    first = services.case_create(organisation=organisation, by=partner_staff, data=dict(data), witnesses=witnesses)
    second = services.case_create(
        organisation=organisation, by=partner_staff, data=dict(data, child_family_name="TRAORE"), witnesses=witnesses
    )
    return first, second


@pytest.mark.django_db
def test_duplicates_are_shown_side_by_side_and_can_be_dismissed(client, partner_staff, duplicate_pair):
    first, second = duplicate_pair
    assert second.is_potential_duplicate
    client.force_login(partner_staff)
    html = client.get(detail_url(second)).content.decode()
    assert "Doublon potentiel" in html
    assert first.reference in html and "Pas un doublon" in html
    response = client.post(reverse("registration:case_not_duplicate", args=[second.pk]))
    assert response.status_code == 302
    second.refresh_from_db()
    assert not second.is_potential_duplicate
    assert second.events.filter(action="not_duplicate").exists()


@pytest.mark.django_db
def test_close_as_duplicate_of_a_visible_case(client, partner_staff, duplicate_pair):
    first, second = duplicate_pair
    client.force_login(partner_staff)
    response = client.post(
        reverse("registration:case_close_as_duplicate", args=[second.pk]), {"original": first.pk, "note": "Même enfant"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == State.CLOSED
    assert second.duplicate_of == first


@pytest.mark.django_db
def test_duplicates_in_another_organisation_are_counted_not_shown(
    client, partner_staff, other_partner_staff, duplicate_pair, other_organisation
):
    first, second = duplicate_pair
    Case.objects.filter(pk=first.pk).update(organisation=other_organisation)
    client.force_login(partner_staff)
    html = client.get(detail_url(second)).content.decode()
    assert f'href="{detail_url(first)}"' not in html and f">{first.reference}<" not in html
    assert "1 dossier similaire appartient à une autre organisation" in html
    # Nor can it be named as the original by id.
    client.post(reverse("registration:case_close_as_duplicate", args=[second.pk]), {"original": first.pk})
    # nor by reference through the generic close action.
    response = client.post(
        action_url(second, "close"), {"close-closure_reason": "duplicate", "close-duplicate_of": first.reference}
    )
    assert response.status_code == 400
    assert "Aucun dossier ouvert ne porte cette référence." in response.content.decode()
    second.refresh_from_db()
    assert second.state == State.INTAKE


@pytest.mark.django_db
def test_coordinator_sees_duplicates_but_cannot_review(client, coordinator, duplicate_pair):
    _first, second = duplicate_pair
    client.force_login(coordinator)
    assert "Pas un doublon" not in client.get(detail_url(second)).content.decode()
    assert client.post(reverse("registration:case_not_duplicate", args=[second.pk])).status_code == 403


# --- Reassignment ---------------------------------------------------------------------


@pytest.mark.django_db
def test_manager_reassigns_within_the_organisation_only(
    client, partner_manager, partner_staff, other_partner_staff, intake_case, organisation
):
    colleague = staff_user(Role.PARTNER_STAFF, organisation=organisation, username="colleague")
    url = reverse("registration:case_reassign", args=[intake_case.pk])
    client.force_login(partner_manager)
    html = client.get(detail_url(intake_case)).content.decode()
    assert f'value="{colleague.pk}"' in html and f'value="{other_partner_staff.pk}"' not in html
    client.post(url, {"caseworker": other_partner_staff.pk})
    intake_case.refresh_from_db()
    assert intake_case.caseworker == partner_staff
    client.post(url, {"caseworker": colleague.pk})
    intake_case.refresh_from_db()
    assert intake_case.caseworker == colleague
    client.force_login(partner_staff)
    assert client.post(url, {"caseworker": partner_staff.pk}).status_code == 403


# --- Workqueues -------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_role_lands_on_its_own_workqueue(
    client, partner_staff, partner_manager, registry_liaison, coordinator, registry_centre, organisation, intake_case
):
    home = reverse("registration:home")
    unassigned = CaseFactory(organisation=organisation)
    sent = set_state(CaseFactory(organisation=organisation, registry_centre=registry_centre), State.SENT_TO_REGISTRY)
    stuck = CaseFactory(organisation=organisation, is_potential_duplicate=True)
    Case.objects.filter(pk=stuck.pk).update(state_changed_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    client.force_login(partner_staff)
    html = client.get(home).content.decode()
    assert "Mes dossiers à faire avancer" in html
    assert intake_case.reference in html and unassigned.reference not in html
    assert "2 documents obligatoires manquants" in html  # what blocks it

    client.force_login(partner_manager)
    html = client.get(home).content.decode()
    assert "Dossiers sans chargé(e)" in html and unassigned.reference in html

    client.force_login(registry_liaison)
    html = client.get(home).content.decode()
    assert "Jugements à transcrire" in html and sent.reference in html
    assert intake_case.reference not in html

    client.force_login(coordinator)
    html = client.get(home).content.decode()
    assert "Doublons potentiels à examiner" in html and "bloqués depuis plus de 90 jours" in html
    assert html.count(stuck.reference) == 2
