"""Fixtures for the API tests: a client per role, a small world of cases."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from registration.models import State
from tests.factories import RegistryCentreFactory
from tests.registration.test_api.support import case_in_state


@pytest.fixture
def api():
    """``api(user)`` → an APIClient signed in as ``user`` (session), or anonymous for None."""

    def _client(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return _client


@pytest.fixture
def world(organisation, other_organisation, registry_centre):
    """Cases of two partners; two routed to the liaison's centre, one to another centre."""
    elsewhere = RegistryCentreFactory(name="Centre principal d'état civil de Ségou")
    return {
        "own_intake": case_in_state(organisation=organisation),
        "own_routed": case_in_state(State.SENT_TO_REGISTRY, organisation=organisation, registry_centre=registry_centre),
        "other_routed": case_in_state(
            State.TRANSCRIBED, organisation=other_organisation, registry_centre=registry_centre
        ),
        "other_elsewhere": case_in_state(
            State.SENT_TO_REGISTRY, organisation=other_organisation, registry_centre=elsewhere
        ),
        # Routed to the liaison's centre but not yet sent: not theirs to see.
        "own_judged": case_in_state(State.JUDGMENT_ISSUED, organisation=organisation, registry_centre=registry_centre),
    }
