"""The lifecycle of DOMAIN.md §3: every transition, its guard, its permission, its facts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registration import services
from registration.models import CaseEvent, ClosureReason, CourtDocumentRequirement, Role, State
from registration.services import CaseConflict, TransitionRefused
from registration.workflow import ACTIONS, action_form, actions_for
from tests.factories import DocumentTypeFactory, staff_user
from tests.registration.test_services_support import PATHS, drive, facts_for, open_case, private_storage_in, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storage(settings, monkeypatch, tmp_path):
    private_storage_in(settings, monkeypatch, tmp_path / "private")


@pytest.fixture
def w(registry_centre):
    return world(registry_centre)


def test_the_whole_road_from_intake_to_delivery_leaves_one_history_entry_per_step(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    case = drive(case, w, partner_staff, State.DELIVERED)

    transitions = list(
        case.events.exclude(action__in=["create", "document_added"]).values_list("action", "from_state", "to_state")
    )
    assert transitions == [
        ("complete", "intake", "ready"),
        ("file", "ready", "filed"),
        ("schedule", "filed", "hearing_scheduled"),
        ("grant", "hearing_scheduled", "judgment_issued"),
        ("transmit", "judgment_issued", "sent_to_registry"),
        ("transcribe", "sent_to_registry", "transcribed"),
        ("collect", "transcribed", "ready_for_delivery"),
        ("deliver", "ready_for_delivery", "delivered"),
    ]
    case.refresh_from_db()
    assert case.court == w.court and case.court_registry_number == "RG 2026/114"
    assert case.judgment_number == "JS 2026/0457"
    assert case.registry_centre == w.centre
    assert case.act_number == "1234" and case.act_year == 2026
    assert case.delivered_to == "Kadiatou DIALLO" and case.delivery_id_checked
    assert case.version == 1 + 8
    filed = case.events.get(action="file")
    assert filed.by == partner_staff
    assert filed.facts == {
        "court": w.court.pk,
        "court_registry_number": "RG 2026/114",
        "filed_on": str(datetime.date.today()),
    }
    assert actions_for(case, partner_staff) == []


def test_each_state_offers_exactly_the_actions_of_the_domain_table(w, partner_staff, organisation):
    expected = {
        State.INTAKE: {"complete", "close"},
        State.READY: {"file", "reopen", "close"},
        State.FILED: {"schedule"},
        State.HEARING_SCHEDULED: {"grant", "reject", "adjourn"},
        State.JUDGMENT_ISSUED: {"transmit"},
        State.SENT_TO_REGISTRY: {"transcribe"},
        State.TRANSCRIBED: {"collect"},
        State.READY_FOR_DELIVERY: {"deliver"},
        State.DELIVERED: set(),
        State.REJECTED: {"refile", "close"},
        State.CLOSED: set(),
    }
    for state in PATHS:
        case = drive(open_case(w, partner_staff, organisation), w, partner_staff, state)
        assert {a.action.name for a in actions_for(case, partner_staff)} == expected[state], state


def test_adjourning_keeps_the_state_moves_the_date_and_counts(w, partner_staff, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.HEARING_SCHEDULED)
    first = case.hearing_date
    case = services.case_transition(
        case=case, action="adjourn", by=partner_staff, facts=facts_for("adjourn", w), note="Juge absent"
    )
    assert case.state == State.HEARING_SCHEDULED
    assert case.hearing_date == first + datetime.timedelta(days=14)
    assert case.adjournment_count == 1
    event = case.events.get(action="adjourn")
    assert (event.from_state, event.to_state, event.note) == ("hearing_scheduled", "hearing_scheduled", "Juge absent")
    with pytest.raises(ValidationError) as refused:
        services.case_transition(case=case, action="adjourn", by=partner_staff, facts={"hearing_date": first})
    assert "hearing_date" in refused.value.message_dict


def test_a_rejected_request_can_be_refiled_from_intake_or_closed(w, partner_staff, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.REJECTED)
    assert case.rejection_reason == "Témoins absents"
    case = services.case_transition(case=case, action="refile", by=partner_staff)
    assert case.state == State.INTAKE
    rejected = drive(
        open_case(w, partner_staff, organisation, child_given_names="Awa"), w, partner_staff, State.REJECTED
    )
    closed = services.case_transition(
        case=rejected, action="close", by=partner_staff, facts={"closure_reason": "withdrawn"}
    )
    assert closed.state == State.CLOSED and closed.closure_reason == ClosureReason.WITHDRAWN


def test_completing_needs_every_required_document_and_two_witnesses(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False, witnesses=[])
    (complete,) = [a for a in actions_for(case, partner_staff) if a.action.name == "complete"]
    assert not complete.available
    assert complete.reasons == ["2 documents obligatoires manquants", "Au moins deux témoins sont nécessaires"]
    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(case=case, action="complete", by=partner_staff)
    assert refused.value.reasons == complete.reasons
    case.refresh_from_db()
    assert case.state == State.INTAKE
    assert not case.events.filter(action="complete").exists()


def test_filing_at_a_court_with_its_own_checklist_needs_that_checklist(w, partner_staff, organisation):
    extra = DocumentTypeFactory(code="witnesses-id", name="Pièces d'identité des témoins", required_by_default=False)
    for doc_type in [*w.doc_types, extra]:
        CourtDocumentRequirement.objects.create(court=w.other_court, document_type=doc_type)
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY)
    facts = {**facts_for("file", w), "court": w.other_court}
    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(case=case, action="file", by=partner_staff, facts=facts)
    assert "Pièces d'identité des témoins" in refused.value.reasons[0]
    case.refresh_from_db()
    assert case.state == State.READY and case.court is None


def test_missing_or_wrong_facts_are_refused_field_by_field(w, partner_staff, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY)
    with pytest.raises(ValidationError) as refused:
        services.case_transition(
            case=case,
            action="file",
            by=partner_staff,
            facts={"filed_on": datetime.date.today() + datetime.timedelta(days=3)},
        )
    assert set(refused.value.message_dict) == {"court", "court_registry_number", "filed_on"}
    assert case.state == State.READY
    assert not case.events.filter(action="file").exists()


def test_facts_sent_as_text_by_the_api_are_accepted(w, partner_staff, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY)
    facts = {"court": str(w.court.pk), "court_registry_number": "RG 12", "filed_on": "2026-01-15", "note": "déposé"}
    case = services.case_transition(case=case, action="file", by=partner_staff, facts=facts)
    assert case.filed_on == datetime.date(2026, 1, 15)
    assert case.events.get(action="file").note == "déposé"


def test_delivery_needs_the_id_checked_and_a_date_not_before_collection(w, partner_staff, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY_FOR_DELIVERY)
    facts = {
        **facts_for("deliver", w),
        "delivery_id_checked": False,
        "delivered_on": case.collected_on - datetime.timedelta(days=1),
    }
    with pytest.raises(ValidationError) as refused:
        services.case_transition(case=case, action="deliver", by=partner_staff, facts=facts)
    assert set(refused.value.message_dict) == {"delivery_id_checked", "delivered_on"}


def test_an_unknown_action_or_one_from_another_state_is_refused(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    with pytest.raises(TransitionRefused):
        services.case_transition(case=case, action="teleport", by=partner_staff)
    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(case=case, action="grant", by=partner_staff, facts=facts_for("grant", w))
    assert "Jugement rendu" in refused.value.reasons[0]


def test_the_state_cannot_be_set_by_hand(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    with pytest.raises(AttributeError):
        case.state = State.DELIVERED


def test_who_may_run_which_action(
    w, partner_staff, partner_manager, other_partner_staff, registry_liaison, coordinator, admin_user, organisation
):
    ready = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY)
    sent = drive(
        open_case(w, partner_staff, organisation, child_given_names="Awa"), w, partner_staff, State.SENT_TO_REGISTRY
    )
    other_centre_liaison = staff_user(Role.REGISTRY_LIAISON, centres=[], username="far-liaison")

    def names(case, user):
        return {a.action.name for a in actions_for(case, user)}

    assert names(ready, partner_manager) == {"file", "reopen", "close"}
    assert names(ready, admin_user) == {"file", "reopen", "close"}
    assert names(ready, other_partner_staff) == set()
    assert names(ready, coordinator) == set()
    assert names(ready, registry_liaison) == set()
    assert names(sent, registry_liaison) == {"transcribe"}
    assert names(sent, other_centre_liaison) == set()
    with pytest.raises(TransitionRefused):
        services.case_transition(case=ready, action="file", by=coordinator, facts=facts_for("file", w))
    with pytest.raises(TransitionRefused):
        services.case_transition(case=ready, action="file", by=other_partner_staff, facts=facts_for("file", w))
    sent = services.case_transition(
        case=sent, action="transcribe", by=registry_liaison, facts=facts_for("transcribe", w)
    )
    assert sent.events.get(action="transcribe").by == registry_liaison


def test_a_second_action_from_a_stale_page_is_a_conflict_and_changes_nothing(
    w, partner_staff, partner_manager, organisation
):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.HEARING_SCHEDULED)
    mine = type(case).objects.get(pk=case.pk)
    theirs = type(case).objects.get(pk=case.pk)
    services.case_transition(case=mine, action="adjourn", by=partner_staff, facts=facts_for("adjourn", w))
    with pytest.raises(CaseConflict) as conflict:
        services.case_transition(case=theirs, action="grant", by=partner_manager, facts=facts_for("grant", w))
    assert "Audience fixée" in str(conflict.value)
    assert theirs.state == State.HEARING_SCHEDULED and theirs.adjournment_count == 1
    assert CaseEvent.objects.filter(case=case, action__in=["adjourn", "grant"]).count() == 1


def test_every_action_has_a_french_label_and_a_form(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    for name, action in ACTIONS.items():
        assert str(action.label)
        assert "note" in action_form(name, case).fields
