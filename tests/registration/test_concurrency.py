"""Two people on one case at the same moment, on PostgreSQL with two real connections.

Each thread loads the case, waits at a barrier until the other has loaded it too, then
writes: the race is forced every run, not left to chance. The loser gets ``CaseConflict``,
the winner's change is whole, and the history holds exactly one entry for the pair.
"""

import threading

import pytest
from django.db import connection

from registration import services
from registration.models import Case, CaseEvent, State
from registration.services import CaseConflict
from tests.registration.test_services_support import (
    WITNESSES,
    drive,
    facts_for,
    intake_data,
    open_case,
    pdf,
    private_storage_in,
    world,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _storage(settings, monkeypatch, tmp_path):
    private_storage_in(settings, monkeypatch, tmp_path / "private")


@pytest.fixture
def w(registry_centre):
    return world(registry_centre)


def race(*jobs):
    """Run each ``job(case_loader, barrier)`` in its own thread and connection; outcomes in order."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            outcomes[index] = job(barrier)
        except Exception as error:  # the outcome under test, reported to the main thread
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def transition_job(pk, action, by, facts):
    def job(barrier):
        case = Case.objects.get(pk=pk)
        barrier.wait()
        return services.case_transition(case=case, action=action, by=by, facts=facts)

    return job


def update_job(pk, by, data):
    def job(barrier):
        case = Case.objects.get(pk=pk)
        version = case.version
        barrier.wait()
        return services.case_update(case=case, by=by, data=data, expected_version=version)

    return job


def one_winner(outcomes):
    conflicts = [o for o in outcomes if isinstance(o, CaseConflict)]
    winners = [o for o in outcomes if isinstance(o, Case)]
    assert len(conflicts) == 1 and len(winners) == 1, outcomes
    assert "quelqu'un d'autre" in str(conflicts[0])
    return outcomes.index(winners[0])


def test_grant_and_reject_at_once_one_wins_whole(w, partner_staff, partner_manager, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.HEARING_SCHEDULED)
    outcomes = race(
        transition_job(case.pk, "grant", partner_staff, facts_for("grant", w)),
        transition_job(case.pk, "reject", partner_manager, facts_for("reject", w)),
    )
    winner = one_winner(outcomes)
    stored = Case.objects.get(pk=case.pk)
    if winner == 0:
        assert stored.state == State.JUDGMENT_ISSUED
        assert stored.judgment_number == "JS 2026/0457" and stored.rejection_reason == ""
    else:
        assert stored.state == State.REJECTED
        assert stored.rejection_reason == "Témoins absents" and stored.judgment_number == ""
    assert stored.version == case.version + 1
    assert CaseEvent.objects.filter(case=case, action__in=["grant", "reject"]).count() == 1


def test_two_adjournments_at_once_are_one_adjournment(w, partner_staff, partner_manager, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.HEARING_SCHEDULED)
    outcomes = race(
        transition_job(case.pk, "adjourn", partner_staff, facts_for("adjourn", w)),
        transition_job(case.pk, "adjourn", partner_manager, facts_for("adjourn", w)),
    )
    one_winner(outcomes)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == State.HEARING_SCHEDULED and stored.adjournment_count == 1
    assert CaseEvent.objects.filter(case=case, action="adjourn").count() == 1


def test_two_edits_from_the_same_version_one_is_refused(w, partner_staff, partner_manager, organisation):
    case = open_case(w, partner_staff, organisation)
    outcomes = race(
        update_job(case.pk, partner_staff, {"petitioner_phone": "111", "petitioner_address": "Sévaré"}),
        update_job(case.pk, partner_manager, {"petitioner_phone": "222", "petitioner_address": "Mopti"}),
    )
    winner = one_winner(outcomes)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.petitioner_phone, stored.petitioner_address) == [("111", "Sévaré"), ("222", "Mopti")][winner]
    assert stored.version == case.version + 1
    assert CaseEvent.objects.filter(case=case, action="edit").count() == 1


def test_an_edit_and_a_transition_at_once_one_is_refused(w, partner_staff, partner_manager, organisation):
    case = drive(open_case(w, partner_staff, organisation), w, partner_staff, State.READY)
    outcomes = race(
        update_job(case.pk, partner_manager, {"petitioner_phone": "333"}),
        transition_job(case.pk, "file", partner_staff, facts_for("file", w)),
    )
    winner = one_winner(outcomes)
    stored = Case.objects.get(pk=case.pk)
    if winner == 0:
        assert stored.state == State.READY and stored.petitioner_phone == "333"
    else:
        assert stored.state == State.FILED and stored.petitioner_phone == ""
    assert CaseEvent.objects.filter(case=case, action__in=["edit", "file"]).count() == 1


def test_a_stale_version_is_refused_even_without_a_race(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation)
    services.case_update(case=case, by=partner_staff, data={"petitioner_phone": "1"}, expected_version=case.version)
    with pytest.raises(CaseConflict):
        services.case_update(case=case, by=partner_staff, data={"petitioner_phone": "2"}, expected_version=1)
    assert Case.objects.get(pk=case.pk).petitioner_phone == "1"


def test_intakes_in_parallel_get_distinct_consecutive_references(w, partner_staff, organisation):
    def intake(given):
        def job(barrier):
            barrier.wait()
            data = intake_data(w.commune, child_given_names=given)
            return services.case_create(organisation=organisation, by=partner_staff, data=data, witnesses=WITNESSES)

        return job

    outcomes = race(*(intake(name) for name in ["Awa", "Oumar", "Seydou", "Kadidia"]))
    assert all(isinstance(o, Case) for o in outcomes), outcomes
    numbers = sorted(int(o.reference.rsplit("-", 1)[1]) for o in outcomes)
    assert numbers == [1, 2, 3, 4]


def test_two_uploads_at_once_leave_the_missing_count_right(w, partner_staff, organisation):
    case = open_case(w, partner_staff, organisation, documents=False)

    def upload(doc_type):
        def job(barrier):
            loaded = Case.objects.get(pk=case.pk)
            barrier.wait()
            return services.document_upload(case=loaded, document_type=doc_type, uploaded_file=pdf(), by=partner_staff)

        return job

    outcomes = race(*(upload(doc_type) for doc_type in w.doc_types))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Case.objects.get(pk=case.pk).missing_documents_count == 0
