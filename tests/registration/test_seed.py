"""seed_demo: a living demo where every role has a workqueue, built through the real workflow."""

import pytest

from registration.demo import demo_accounts_ensure, demo_cases_ensure
from registration.models import Case, CaseEvent, State
from registration.reference_loader import reference_data_load
from registration.selectors import cases_visible_to
from tests.registration.test_services_support import private_storage_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, monkeypatch, tmp_path, django_user_model):
    private_storage_in(settings, monkeypatch, tmp_path / "private")
    reference_data_load()
    demo_accounts_ensure(password="demo-password-1", reset_password=False)
    return demo_cases_ensure(count=80)


def test_demo_cases_cover_every_state_with_a_real_history(seeded):
    assert seeded == Case.objects.count() == 80
    assert set(Case.objects.values_list("state", flat=True)) == set(State.values)
    for case in Case.objects.exclude(state=State.INTAKE).prefetch_related("events"):
        events = [e for e in case.events.all() if e.from_state != e.to_state or e.action == "create"]
        assert events[0].action == "create"
        assert events[-1].to_state == case.state
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_state == before.to_state, case.reference
    assert Case.objects.filter(organisation__acronym__in=["AJNB", "DEN"]).exists()
    assert (
        Case.objects.filter(is_potential_duplicate=True).exists()
        or Case.objects.filter(closure_reason="duplicate").exists()
    )


def test_each_demo_role_sees_a_living_workqueue(seeded, django_user_model):
    users = {u.username: u for u in django_user_model.objects.filter(username__startswith="demo_")}
    staff_cases = Case.objects.filter(caseworker=users["demo_staff"])
    assert staff_cases.count() >= 10
    assert staff_cases.values("state").distinct().count() >= 5
    assert cases_visible_to(users["demo_manager"]).count() > staff_cases.count()
    assert cases_visible_to(users["demo_liaison"]).exists()
    assert (
        CaseEvent.objects.filter(by=users["demo_liaison"], action="transcribe").exists()
        or not Case.objects.filter(
            state__in=[State.TRANSCRIBED, State.READY_FOR_DELIVERY, State.DELIVERED],
            registry_centre__in=users["demo_liaison"].staff_profile.registry_centres.all(),
        ).exists()
    )
    assert cases_visible_to(users["demo_coordinator"]).count() == 80


def test_seeding_twice_does_nothing(seeded):
    events = CaseEvent.objects.count()
    assert demo_cases_ensure(count=80) == 0
    assert Case.objects.count() == 80 and CaseEvent.objects.count() == events
