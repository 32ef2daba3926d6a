"""Who may read and make documents: protection data stays with those who may see it."""

import pytest
from django.urls import reverse

from docgen import services
from docgen.kinds import DocumentKind
from docgen.models import DocumentBatch
from registration.models import State
from tests.docgen.conftest import docx_text, make_case

pytestmark = pytest.mark.django_db


def test_a_liaison_never_reads_a_copy_rendered_with_protection_data(
    client, partner_staff, registry_liaison, centre_case
):
    partner_copy = services.document_generate(case=centre_case, kind=DocumentKind.FICHE_SYNTHESE, by=partner_staff)
    assert "interne" in docx_text(partner_copy.file.open("rb").read()).lower()
    client.force_login(registry_liaison)
    assert client.get(reverse("docgen:document_download", args=[partner_copy.pk])).status_code == 404
    assert client.get(f"/api/v1/generated-documents/{partner_copy.pk}/download/").status_code == 404
    listed = client.get(f"/api/v1/cases/{centre_case.pk}/generated-documents/").json()
    assert [doc["id"] for doc in listed] == []
    page = client.get(reverse("registration:case_detail", args=[centre_case.pk])).content.decode()
    assert reverse("docgen:document_download", args=[partner_copy.pk]) not in page
    # Their own copy has no protection section and is theirs to download.
    own = services.document_generate(case=centre_case, kind=DocumentKind.FICHE_SYNTHESE, by=registry_liaison)
    assert "interne" not in docx_text(own.file.open("rb").read()).lower()
    assert client.get(reverse("docgen:document_download", args=[own.pk])).status_code == 200


def test_coordinators_follow_cases_but_do_not_generate(client, coordinator, organisation):
    case = make_case(organisation)
    client.force_login(coordinator)
    response = client.post(reverse("docgen:case_generate", args=[case.pk]), {"kind": "requete", "format": "docx"})
    assert response.status_code == 403
    response = client.post(reverse("docgen:batch_create"), {"scope": "selected", "cases": [case.pk]})
    assert response.status_code == 403
    response = client.post("/api/v1/document-batches/", {"cases": [case.pk]}, content_type="application/json")
    assert response.status_code == 403
    assert not DocumentBatch.objects.exists()
    page = client.get(reverse("registration:case_detail", args=[case.pk])).content.decode()
    assert reverse("docgen:case_generate", args=[case.pk]) not in page


def test_a_liaison_batch_cannot_filter_by_vulnerability(client, registry_liaison, organisation, registry_centre):
    survivor = make_case(organisation, state=State.SENT_TO_REGISTRY, registry_centre=registry_centre)
    survivor.is_gbv_survivor = True
    survivor.save()
    other = make_case(organisation, state=State.SENT_TO_REGISTRY, registry_centre=registry_centre)
    client.force_login(registry_liaison)
    client.post(reverse("docgen:batch_create"), {"scope": "all", "filter_query": "vulnerability=is_gbv_survivor"})
    assert sorted(DocumentBatch.objects.get().case_ids) == sorted([survivor.pk, other.pk])


def test_invalid_filters_create_no_batch(client, partner_staff, organisation):
    make_case(organisation)
    client.force_login(partner_staff)
    response = client.post(
        reverse("docgen:batch_create"), {"scope": "all", "filter_query": "created_after=garbage&state=bogus"}
    )
    assert response.status_code == 302
    assert not DocumentBatch.objects.exists()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999", "-1", "abc"])
def test_unreadable_case_ids_are_refused_with_a_message(client, partner_staff, value):
    client.force_login(partner_staff)
    response = client.post(reverse("docgen:batch_create"), {"scope": "selected", "cases": [value]}, follow=True)
    assert response.status_code == 200
    assert "illisible" in response.content.decode()
    assert not DocumentBatch.objects.exists()


def test_api_batch_with_an_overflowing_id_is_400(client, partner_staff):
    client.force_login(partner_staff)
    response = client.post("/api/v1/document-batches/", {"cases": [1, 10**22]}, content_type="application/json")
    assert response.status_code == 400
    assert "cases" in response.json()
