"""Duplicate check at intake: the same child opened twice is flagged and cannot be filed
until a person reviews it or closes it as a duplicate."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registration import services
from registration.models import ClosureReason, State
from registration.services import DUPLICATE_BIRTH_WINDOW_DAYS, TransitionRefused
from tests.registration.test_services_support import drive, facts_for, open_case, private_storage_in, world

pytestmark = pytest.mark.django_db

BORN = datetime.date(2018, 3, 12)


@pytest.fixture(autouse=True)
def _storage(settings, monkeypatch, tmp_path):
    private_storage_in(settings, monkeypatch, tmp_path / "private")


@pytest.fixture
def w(registry_centre):
    return world(registry_centre)


@pytest.fixture
def first(w, partner_staff, organisation):
    return open_case(w, partner_staff, organisation, child_family_name="Traoré", child_given_names="Mariam")


@pytest.mark.parametrize(
    "family, given, born, mother, commune",
    [
        ("TRAORE", "MARIAM", BORN, ("Diallo", "Kadiatou"), "same"),  # capitals, no accent
        ("Traore", "Mariam", BORN + datetime.timedelta(days=200), ("Diallo", "Kadiatou"), "other"),  # estimated date
        ("traoré", "mariam", BORN, ("Koné", "Salimata"), "same"),  # other mother, same commune
        ("Mariam", "Traoré", BORN, ("DIALLO", "Kadiatou"), "other"),  # names swapped
    ],
)
def test_the_same_child_written_differently_is_flagged(
    w, first, partner_staff, organisation, family, given, born, mother, commune
):
    second = open_case(
        w,
        partner_staff,
        organisation,
        child_family_name=family,
        child_given_names=given,
        birth_date=born,
        mother_family_name=mother[0],
        mother_given_names=mother[1],
        birth_commune=w.commune if commune == "same" else w.other_commune,
    )
    assert second.is_potential_duplicate
    assert list(services.duplicate_candidates(second)) == [first]
    assert second.events.get(action="create").facts == {"potential_duplicate": True}


@pytest.mark.parametrize(
    "family, given, born, mother, commune",
    [
        ("Traoré", "Awa", BORN, ("Diallo", "Kadiatou"), "same"),  # a sibling
        (
            "Traoré",
            "Mariam",
            BORN + datetime.timedelta(days=DUPLICATE_BIRTH_WINDOW_DAYS + 1),
            ("Diallo", "Kadiatou"),
            "same",
        ),
        ("Traoré", "Mariam", BORN, ("Koné", "Salimata"), "other"),  # namesake elsewhere, other mother
    ],
)
def test_a_different_child_is_not_flagged(w, first, partner_staff, organisation, family, given, born, mother, commune):
    second = open_case(
        w,
        partner_staff,
        organisation,
        child_family_name=family,
        child_given_names=given,
        birth_date=born,
        mother_family_name=mother[0],
        mother_given_names=mother[1],
        birth_commune=w.commune if commune == "same" else w.other_commune,
    )
    assert not second.is_potential_duplicate


def test_another_organisations_case_counts_and_a_closed_case_does_not(
    w, first, partner_staff, other_partner_staff, other_organisation, organisation
):
    elsewhere = open_case(
        w, other_partner_staff, other_organisation, child_family_name="Traore", child_given_names="Mariam"
    )
    assert elsewhere.is_potential_duplicate
    services.case_transition(case=first, action="close", by=partner_staff, facts={"closure_reason": "withdrawn"})
    again = open_case(w, partner_staff, organisation, child_family_name="TRAORÉ", child_given_names="Mariam")
    assert list(services.duplicate_candidates(again)) == [elsewhere]


def test_a_flagged_case_cannot_be_filed_until_reviewed(w, first, partner_staff, organisation):
    second = open_case(w, partner_staff, organisation, child_family_name="Traore", child_given_names="Mariam")
    second = drive(second, w, partner_staff, State.READY)
    with pytest.raises(TransitionRefused) as refused:
        services.case_transition(case=second, action="file", by=partner_staff, facts=facts_for("file", w))
    assert refused.value.reasons == ["Doublon potentiel à examiner avant le dépôt"]

    second = services.case_mark_not_duplicate(case=second, by=partner_staff, note="Jumelles")
    review = second.events.get(action="not_duplicate")
    assert review.facts == {"reviewed": [first.reference]} and review.note == "Jumelles"
    second = services.case_transition(case=second, action="file", by=partner_staff, facts=facts_for("file", w))
    assert second.state == State.FILED


def test_an_unrelated_edit_does_not_flag_a_reviewed_case_again_but_a_name_change_does(
    w, first, partner_staff, organisation
):
    second = open_case(w, partner_staff, organisation, child_family_name="Traore", child_given_names="Mariam")
    second = services.case_mark_not_duplicate(case=second, by=partner_staff)
    second = services.case_update(
        case=second, by=partner_staff, data={"petitioner_phone": "+223 76 00 00 00"}, expected_version=second.version
    )
    assert not second.is_potential_duplicate
    other = open_case(w, partner_staff, organisation, child_given_names="Awa")
    assert not other.is_potential_duplicate
    other = services.case_update(
        case=other, by=partner_staff, data={"child_given_names": "Mariam"}, expected_version=other.version
    )
    other.refresh_from_db()
    assert other.is_potential_duplicate


def test_closing_as_a_duplicate_links_the_original(w, first, partner_staff, organisation):
    second = open_case(w, partner_staff, organisation, child_family_name="TRAORE", child_given_names="Mariam")
    second = services.case_close_as_duplicate(case=second, original=first, by=partner_staff, note="Même enfant")
    second.refresh_from_db()
    assert second.state == State.CLOSED
    assert second.closure_reason == ClosureReason.DUPLICATE
    assert second.duplicate_of == first
    assert not second.is_potential_duplicate
    assert second.events.get(action="close").facts == {"closure_reason": "duplicate", "duplicate_of": first.reference}


def test_closing_as_a_duplicate_needs_an_open_original_that_is_not_itself(w, first, partner_staff, organisation):
    second = open_case(w, partner_staff, organisation, child_family_name="TRAORE", child_given_names="Mariam")
    with pytest.raises(ValidationError) as refused:
        services.case_transition(case=second, action="close", by=partner_staff, facts={"closure_reason": "duplicate"})
    assert "duplicate_of" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.case_close_as_duplicate(case=second, original=second, by=partner_staff)
    with pytest.raises(ValidationError):
        services.case_transition(
            case=second,
            action="close",
            by=partner_staff,
            facts={"closure_reason": "duplicate", "duplicate_of": "JS-XXX-1999-000001"},
        )
    second.refresh_from_db()
    assert second.state == State.INTAKE and second.is_potential_duplicate
