"""Holes found in review: each test names the behaviour that was broken and now holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registration import services
from registration.models import Case, CaseEvent, ClosureReason, State
from tests.factories import CourtFactory
from tests.registration.test_api.support import case_in_state

pytestmark = pytest.mark.django_db


def test_closing_as_duplicate_of_another_organisations_case_is_refused_as_unknown(
    client, partner_staff, organisation, other_organisation
):
    mine = case_in_state(organisation=organisation)
    foreign = case_in_state(organisation=other_organisation)
    client.force_login(partner_staff)
    response = client.post(
        f"/api/v1/cases/{mine.pk}/transitions/",
        {"action": "close", "closure_reason": ClosureReason.DUPLICATE, "duplicate_of": foreign.reference},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "duplicate_of" in response.json()
    unknown = client.post(
        f"/api/v1/cases/{mine.pk}/transitions/",
        {"action": "close", "closure_reason": ClosureReason.DUPLICATE, "duplicate_of": "JS-XXX-2026-999999"},
        content_type="application/json",
    )
    assert unknown.json() == response.json()  # same answer: no hint that the foreign one exists
    mine.refresh_from_db()
    assert mine.state == State.INTAKE


def test_case_page_without_a_caseworker_or_an_author_still_renders(client, partner_manager, organisation):
    case = case_in_state(organisation=organisation, caseworker=None)
    CaseEvent.objects.create(case=case, action="create", to_state=State.INTAKE, by=None)
    client.force_login(partner_manager)
    response = client.get(reverse("registration:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "système" in response.content.decode()


def test_case_page_after_closing_as_duplicate_shows_the_original_reference(client, partner_staff, organisation):
    original = case_in_state(organisation=organisation)
    duplicate = case_in_state(organisation=organisation, child_given_names="Mariam bis")
    services.case_close_as_duplicate(case=duplicate, original=original, by=partner_staff)
    client.force_login(partner_staff)
    response = client.get(reverse("registration:case_detail", args=[duplicate.pk]))
    assert response.status_code == 200
    assert original.reference in response.content.decode()


@pytest.mark.parametrize("value", [True, False])
def test_a_json_boolean_for_a_date_is_a_field_error_not_a_500(client, partner_staff, organisation, value):
    case = case_in_state(State.HEARING_SCHEDULED, organisation=organisation, hearing_date=datetime.date(2026, 1, 5))
    client.force_login(partner_staff)
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"action": "grant", "judgment_number": "JS 1/2026", "judgment_date": value},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "judgment_date" in response.json()


def test_the_history_costs_the_same_queries_however_long_it_is(client, partner_staff, organisation):
    case = case_in_state(State.FILED, organisation=organisation)
    client.force_login(partner_staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("registration:case_detail", args=[case.pk])).status_code == 200
        return len(context)

    CaseEvent.objects.create(
        case=case,
        action="file",
        from_state="ready",
        to_state="filed",
        by=partner_staff,
        facts={"court": CourtFactory().pk, "filed_on": "2026-01-01"},
    )
    before = queries()
    for _ in range(6):
        CaseEvent.objects.create(
            case=case,
            action="file",
            from_state="ready",
            to_state="filed",
            by=partner_staff,
            facts={"court": CourtFactory().pk, "filed_on": "2026-01-01"},
        )
    assert queries() == before


def test_the_list_shows_the_sex_label_not_its_code(client, partner_staff, organisation):
    case_in_state(organisation=organisation, child_sex="F")
    client.force_login(partner_staff)
    html = client.get(reverse("registration:case_list")).content.decode()
    cell = html.split('data-label="Sexe / âge">', 1)[1].split("</td>", 1)[0]
    assert cell.startswith("Féminin ·")


def test_a_child_witness_is_refused_by_the_api_as_by_the_form(client, partner_staff):
    from tests.registration.test_api.support import case_payload

    client.force_login(partner_staff)
    payload = case_payload()
    payload["witnesses"][0]["age"] = 9
    response = client.post("/api/v1/cases/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "majeur" in str(response.json())
    assert not Case.objects.exists()


def test_a_liaison_cannot_add_annexes_even_through_the_service(registry_liaison, organisation, registry_centre):
    from django.core.exceptions import PermissionDenied
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import DocumentTypeFactory
    from tests.registration.test_api.support import TINY_PDF

    case = case_in_state(State.SENT_TO_REGISTRY, organisation=organisation, registry_centre=registry_centre)
    with pytest.raises(PermissionDenied):
        services.document_upload(
            case=case,
            document_type=DocumentTypeFactory(),
            uploaded_file=SimpleUploadedFile("a.pdf", TINY_PDF),
            by=registry_liaison,
        )
    assert not case.documents.exists()


def test_the_service_tells_a_wrong_role_from_a_wrong_state(coordinator, partner_staff, organisation):
    case = case_in_state(State.READY, organisation=organisation)
    with pytest.raises(services.TransitionForbidden):
        services.case_transition(case=case, action="reopen", by=coordinator)
    with pytest.raises(services.TransitionRefused) as wrong_state:
        services.case_transition(case=case, action="grant", by=partner_staff)
    assert not isinstance(wrong_state.value, services.TransitionForbidden)
    case.refresh_from_db()
    assert case.state == State.READY
