"""Who may reach which staff screen: every role against every view of the case tracker.

404 for a case outside the user's scope (its existence is not revealed), 403 for a case
the user may see but not change, 302 to the login page for anonymous visitors.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registration import services
from registration.models import AccessLog, Case, State
from tests.factories import CaseFactory, DocumentTypeFactory, RegistryCentreFactory, WitnessFactory

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "certificat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def routed_case(organisation, centre, *, state=State.SENT_TO_REGISTRY, **fields) -> Case:
    """A case of ``organisation`` whose judgment went to ``centre``: a liaison there sees it."""
    case = CaseFactory(
        organisation=organisation,
        registry_centre=centre,
        judgment_number="JS-123/2026",
        judgment_date=datetime.date(2026, 1, 15),
        **fields,
    )
    Case.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    WitnessFactory.create_batch(2, case=case)
    return case


@pytest.fixture
def required_document_type(db):
    return DocumentTypeFactory(code="non-registration-certificate", name="Certificat de non-inscription")


@pytest.fixture
def case(organisation, registry_centre, partner_staff, required_document_type):
    case = routed_case(
        organisation,
        registry_centre,
        caseworker=partner_staff,
        is_gbv_survivor=True,
        protection_notes="NOTE-PROTECTION-CONFIDENTIELLE",
        consent_given_by="CONSENTEMENT-DONNE-PAR-X",
    )
    services.document_upload(
        case=case, document_type=required_document_type, uploaded_file=pdf_upload(), by=partner_staff
    )
    return case


@pytest.fixture
def unrouted_case(organisation):
    """Same organisation, judgment sent to a centre the liaison does not serve."""
    return routed_case(organisation, RegistryCentreFactory(name="Centre principal d'état civil de Ségou"))


ROLES = [
    "partner_staff",
    "partner_manager",
    "other_partner_staff",
    "registry_liaison",
    "coordinator",
    "admin_user",
    "anonymous",
]


def client_for(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def urls_for(case):
    document = case.documents.first()
    return {
        "detail": reverse("registration:case_detail", args=[case.pk]),
        "edit": reverse("registration:case_edit", args=[case.pk]),
        "transition": reverse("registration:case_transition", args=[case.pk, "transcribe"]),
        "download": reverse("registration:document_download", args=[case.pk, document.pk if document else 1]),
        "upload": reverse("registration:document_upload", args=[case.pk]),
    }


TRANSCRIBE = {
    "transcribe-act_number": "123",
    "transcribe-act_register": "Registre spécial de transcription",
    "transcribe-act_year": "2026",
    "transcribe-transcribed_on": "2026-02-01",
}

# role → expected status on the routed case: detail, edit (GET), transition POST,
# download, upload. 302 after a POST is success (redirect to the case page).
EXPECTED = {
    "partner_staff": (200, 200, 302, 200, 302),
    "partner_manager": (200, 200, 302, 200, 302),
    "other_partner_staff": (404, 404, 404, 404, 404),
    "registry_liaison": (200, 403, 302, 403, 403),
    "coordinator": (200, 403, 403, 200, 403),
    "admin_user": (200, 200, 302, 200, 302),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_home_and_list_answer_every_signed_in_role(request, client, role, case):
    client = client_for(request, client, role)
    for url in (reverse("registration:home"), reverse("registration:case_list")):
        response = client.get(url)
        if role == "anonymous":
            assert_login_redirect(response)
        else:
            assert response.status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_case_views_by_role(request, client, role, case):
    client = client_for(request, client, role)
    urls = urls_for(case)
    responses = (
        client.get(urls["detail"]),
        client.get(urls["edit"]),
        client.post(urls["transition"], TRANSCRIBE),
        client.get(urls["download"]),
        client.post(urls["upload"], {"document_type": case.documents.first().document_type_id, "file": pdf_upload()}),
    )
    if role == "anonymous":
        for response in responses:
            assert_login_redirect(response)
        return
    assert tuple(r.status_code for r in responses) == EXPECTED[role]


@pytest.mark.django_db
def test_transition_post_by_an_allowed_role_changes_the_state(client, registry_liaison, case):
    client.force_login(registry_liaison)
    client.post(urls_for(case)["transition"], TRANSCRIBE)
    case.refresh_from_db()
    assert case.state == State.TRANSCRIBED
    assert case.events.filter(action="transcribe", by=registry_liaison).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["detail", "edit", "transition", "download", "upload"])
def test_liaison_gets_404_for_a_case_sent_to_another_centre(client, registry_liaison, unrouted_case, view):
    client.force_login(registry_liaison)
    url = urls_for(unrouted_case)[view]
    response = client.post(url, TRANSCRIBE) if view in ("transition", "upload") else client.get(url)
    assert response.status_code == 404
    assert unrouted_case.state == Case.objects.get(pk=unrouted_case.pk).state


@pytest.mark.django_db
def test_unknown_case_id_is_404_like_a_foreign_one(client, partner_staff):
    client.force_login(partner_staff)
    assert client.get(reverse("registration:case_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_liaison_never_sees_protection_fields(client, registry_liaison, partner_staff, case):
    # An edit of protection fields leaves a trace in the history: its field names too are hidden.
    services.case_update(
        case=case,
        by=partner_staff,
        data={"is_unaccompanied": True, "protection_notes": "AUTRE-NOTE"},
        expected_version=case.version,
    )
    client.force_login(registry_liaison)
    pages = [
        client.get(reverse("registration:case_detail", args=[case.pk])).content.decode(),
        client.get(reverse("registration:case_list")).content.decode(),
        client.get(reverse("registration:home")).content.decode(),
    ]
    for html in pages:
        assert case.reference in html
        for secret in (
            "NOTE-PROTECTION-CONFIDENTIELLE",
            "AUTRE-NOTE",
            "CONSENTEMENT-DONNE-PAR-X",
            "Survivant de VBG",
            "Non accompagné",
            "Vulnérabilit",
            "notes de protection",
            'name="vulnerability"',
        ):
            assert secret not in html, secret


@pytest.mark.django_db
def test_partner_sees_the_protection_fields_the_liaison_does_not(client, partner_staff, case):
    client.force_login(partner_staff)
    html = client.get(reverse("registration:case_detail", args=[case.pk])).content.decode()
    assert "NOTE-PROTECTION-CONFIDENTIELLE" in html
    assert "Survivant de VBG" in html


@pytest.mark.django_db
def test_viewing_a_case_is_logged(client, coordinator, case):
    client.force_login(coordinator)
    client.get(reverse("registration:case_detail", args=[case.pk]))
    assert AccessLog.objects.filter(case=case, user=coordinator, surface=AccessLog.Surface.PAGE).count() == 1


@pytest.mark.django_db
def test_new_case_form_is_for_editors_only(request, client):
    expected = {"partner_staff": 200, "admin_user": 200, "registry_liaison": 403, "coordinator": 403}
    for role, status in expected.items():
        client.force_login(request.getfixturevalue(role))
        assert client.get(reverse("registration:case_new")).status_code == status, role
    client.logout()
    assert_login_redirect(client.get(reverse("registration:case_new")))
