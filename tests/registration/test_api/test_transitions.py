"""Lifecycle actions through the API: the whole journey, and every way an action is refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from registration.models import PROTECTION_FIELDS, AccessLog, Case, CaseEvent, State
from tests.factories import CourtFactory
from tests.registration.test_api.support import case_in_state, case_payload, upload_required_documents

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def transitions_url(case) -> str:
    return f"{CASES}{case.pk}/transitions/"


def test_the_whole_journey_through_the_api(api, partner_staff, registry_liaison, registry_centre):
    staff, liaison = api(partner_staff), api(registry_liaison)
    court = CourtFactory(name="Tribunal de grande instance de Mopti")
    today = timezone.localdate()

    created = staff.post(CASES, case_payload(court=court.pk), format="json")
    assert created.status_code == 201, created.json()
    case = Case.objects.get(pk=created.json()["id"])
    upload_required_documents(case, partner_staff, count=2)

    def run(client, action, **facts):
        response = client.post(transitions_url(case), {"action": action, **facts}, format="json")
        assert response.status_code == 200, (action, response.json())
        return response.json()

    assert run(staff, "complete", note="Pièces vérifiées")["state"] == State.READY
    filed = run(staff, "file", court=court.pk, court_registry_number="RG 2026/118", filed_on=today.isoformat())
    assert (filed["state"], filed["court_registry_number"]) == (State.FILED, "RG 2026/118")
    hearing = today + datetime.timedelta(days=21)
    run(staff, "schedule", hearing_date=hearing.isoformat(), hearing_place="Salle d'audience, Mopti")
    # The judge rules on the hearing day; the API records it then.
    Case.objects.filter(pk=case.pk).update(hearing_date=today - datetime.timedelta(days=1))
    granted = run(staff, "grant", judgment_number="JS 2026/431", judgment_date=today.isoformat())
    assert granted["state_label"] == "Jugement rendu"
    run(staff, "transmit", registry_centre=registry_centre.pk, transmitted_on=today.isoformat())

    # The civil registry liaison now sees the case, without protection fields, and transcribes.
    seen = liaison.get(f"{CASES}{case.pk}/").json()
    assert not set(PROTECTION_FIELDS) & set(seen)
    assert [t["action"] for t in seen["available_transitions"]] == ["transcribe"]
    transcribed = run(
        liaison, "transcribe", act_number="431", act_register="Registre spécial", act_year=today.year,
        transcribed_on=today.isoformat(),
    )  # fmt: skip
    assert transcribed["state"] == State.TRANSCRIBED
    assert not set(PROTECTION_FIELDS) & set(transcribed)
    run(liaison, "collect", collected_on=today.isoformat())
    delivered = run(
        staff, "deliver", delivered_on=today.isoformat(), delivered_to="Kadiatou DIALLO",
        delivered_to_relationship="mère", delivery_id_checked=True,
    )  # fmt: skip
    assert delivered["state"] == State.DELIVERED
    assert delivered["available_transitions"] == []

    history = list(CaseEvent.objects.filter(case=case).exclude(action="document_added").values_list("action", "by"))
    assert history == [
        ("create", partner_staff.pk),
        ("complete", partner_staff.pk),
        ("file", partner_staff.pk),
        ("schedule", partner_staff.pk),
        ("grant", partner_staff.pk),
        ("transmit", partner_staff.pk),
        ("transcribe", registry_liaison.pk),
        ("collect", registry_liaison.pk),
        ("deliver", partner_staff.pk),
    ]
    assert CaseEvent.objects.get(case=case, action="complete").note == "Pièces vérifiées"


def test_get_lists_the_actions_with_reasons_and_the_facts_each_needs(api, partner_staff, organisation):
    case = case_in_state(State.READY, organisation=organisation, missing_documents_count=2)
    response = api(partner_staff).get(transitions_url(case))
    assert response.status_code == 200
    actions = {row["action"]: row for row in response.json()}
    assert set(actions) == {"file", "reopen", "close"}
    assert actions["file"]["available"] is False
    assert actions["file"]["reasons"] == ["2 documents obligatoires manquants"]
    fields = {field["name"]: field for field in actions["file"]["fields"]}
    assert fields["court"]["type"] == "id" and fields["court"]["required"] is True
    assert fields["filed_on"]["type"] == "date"
    assert fields["note"]["required"] is False
    assert actions["reopen"]["available"] is True
    # Looking at the actions shows no personal data: not logged as a view.
    assert not AccessLog.objects.exists()


def test_a_guard_refuses_with_its_reasons(api, partner_staff, organisation):
    case = case_in_state(organisation=organisation, missing_documents_count=2)
    response = api(partner_staff).post(transitions_url(case), {"action": "complete"}, format="json")
    assert response.status_code == 400
    assert response.json()["reasons"] == ["2 documents obligatoires manquants"]
    case.refresh_from_db()
    assert case.state == State.INTAKE


@pytest.mark.parametrize(
    ("facts", "fields"),
    [
        ({}, {"court", "court_registry_number"}),
        ({"court": 999999, "court_registry_number": "RG 1", "filed_on": "2026-01-05"}, {"court"}),
        ({"court": "TGI", "court_registry_number": "RG 1"}, {"court"}),
        ({"court": "{court}", "court_registry_number": "RG 1", "filed_on": "05/13/2026"}, {"filed_on"}),
        ({"court": "{court}", "court_registry_number": "RG 1", "filed_on": 20260105}, {"filed_on"}),
        ({"court": "{court}", "court_registry_number": ["RG", "1"]}, {"court_registry_number"}),
        ({"court": "{court}", "court_registry_number": "RG 1", "filed_on": "{tomorrow}"}, {"filed_on"}),
    ],
)
def test_bad_facts_are_400_with_field_messages(api, partner_staff, organisation, facts, fields):
    court = CourtFactory()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    facts = {
        key: (value.format(court=court.pk, tomorrow=tomorrow) if isinstance(value, str) else value)
        for key, value in facts.items()
    }
    case = case_in_state(State.READY, organisation=organisation)
    response = api(partner_staff).post(transitions_url(case), {"action": "file", **facts}, format="json")
    assert response.status_code == 400, response.content
    assert fields <= set(response.json()), response.json()
    case.refresh_from_db()
    assert case.state == State.READY


def test_future_dates_are_refused_in_french(api, partner_staff, organisation):
    case = case_in_state(State.READY_FOR_DELIVERY, organisation=organisation)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api(partner_staff).post(
        transitions_url(case),
        {"action": "deliver", "delivered_on": tomorrow, "delivered_to": "Awa", "delivered_to_relationship": "mère"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["delivered_on"] == ["Cette date ne peut pas être dans le futur."]
    assert "delivery_id_checked" in errors


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({}, "action"),
        ({"action": "teleport"}, "action"),
        ({"action": "grant"}, "reasons"),  # not from this state
        ({"action": ["file"]}, "action"),
    ],
)
def test_unknown_or_illegal_actions_are_400(api, partner_staff, organisation, body, key):
    case = case_in_state(organisation=organisation)
    response = api(partner_staff).post(transitions_url(case), body, format="json")
    assert response.status_code == 400
    assert key in response.json()


def test_malformed_json_is_400(api, partner_staff, organisation):
    case = case_in_state(organisation=organisation)
    client = api(partner_staff)
    assert client.post(transitions_url(case), "{", content_type="application/json").status_code == 400
    assert client.post(transitions_url(case), '"file"', content_type="application/json").status_code == 400


@pytest.mark.parametrize(
    ("role", "case_name", "action", "status"),
    [
        # Sees the case, may not act on it: 403 with the reason.
        ("coordinator", "own_intake", "close", 403),
        ("registry_liaison", "own_routed", "close", 400),  # not an action from this state
        ("other_partner_staff", "other_routed", "collect", 400),  # not from sent_to_registry either
        # Cannot see it: 404, whatever the action.
        ("other_partner_staff", "own_intake", "close", 404),
        ("registry_liaison", "own_intake", "close", 404),
        ("registry_liaison", "own_judged", "transmit", 404),
        ("registry_liaison", "other_elsewhere", "transcribe", 404),
    ],
)
def test_transition_matrix(role, case_name, action, status, request, api, world):
    case = world[case_name]
    response = api(request.getfixturevalue(role)).post(
        transitions_url(case), {"action": action, "closure_reason": "withdrawn"}, format="json"
    )
    assert response.status_code == status, response.content
    if status == 403:
        assert response.json()["reasons"]
    case.refresh_from_db()
    assert case.state == world[case_name].state


def test_partner_of_the_case_may_transcribe_too_but_a_coordinator_may_not(api, world, partner_staff, coordinator):
    case = world["own_routed"]
    facts = {
        "action": "transcribe",
        "act_number": "12",
        "act_register": "Registre spécial",
        "act_year": 2026,
        "transcribed_on": timezone.localdate().isoformat(),
    }
    refused = api(coordinator).post(transitions_url(case), facts, format="json")
    assert refused.status_code == 403
    assert api(partner_staff).post(transitions_url(case), facts, format="json").status_code == 200


def test_a_stale_version_is_409_and_changes_nothing(api, partner_staff, organisation):
    case = case_in_state(State.READY, organisation=organisation)
    client = api(partner_staff)
    response = client.post(transitions_url(case), {"action": "reopen", "version": case.version + 1}, format="json")
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.state == State.READY


def test_an_action_on_a_case_changed_meanwhile_is_409(api, partner_staff, organisation):
    """The case moves on between the client's read and its action (another tab, another user)."""
    case = case_in_state(State.READY, organisation=organisation)
    client = api(partner_staff)
    assert client.post(transitions_url(case), {"action": "reopen"}, format="json").status_code == 200
    # Same request again, with the version the client had read: the case has moved on.
    response = client.post(transitions_url(case), {"action": "reopen", "version": 1}, format="json")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_transition_writes_the_access_log(api, partner_staff, organisation):
    case = case_in_state(State.READY, organisation=organisation)
    api(partner_staff).post(transitions_url(case), {"action": "reopen"}, format="json")
    assert list(AccessLog.objects.values_list("case_id", "surface")) == [(case.pk, "api")]


def test_form_encoded_transitions_work_too(api, partner_staff, organisation):
    case = case_in_state(State.INTAKE, organisation=organisation)
    response = api(partner_staff).post(transitions_url(case), {"action": "close", "closure_reason": "withdrawn"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == State.CLOSED
