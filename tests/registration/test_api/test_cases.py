"""The case API: who sees which cases, who may write, what a registry liaison never receives."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from registration.models import PROTECTION_FIELDS, AccessLog, Case, CaseEvent, State
from tests.factories import CommuneFactory, UserFactory
from tests.registration.test_api.support import case_in_state, case_payload

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"

# role fixture → the world's cases it lists
VISIBLE = {
    "partner_staff": {"own_intake", "own_routed", "own_judged"},
    "partner_manager": {"own_intake", "own_routed", "own_judged"},
    "other_partner_staff": {"other_routed", "other_elsewhere"},
    "registry_liaison": {"own_routed", "other_routed"},
    "coordinator": {"own_intake", "own_routed", "own_judged", "other_routed", "other_elsewhere"},
    "admin_user": {"own_intake", "own_routed", "own_judged", "other_routed", "other_elsewhere"},
}


def _ids(world, names) -> set[int]:
    return {world[name].pk for name in names}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_lists_exactly_the_cases_in_its_scope(role, request, api, world):
    user = request.getfixturevalue(role)
    response = api(user).get(CASES)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == _ids(world, VISIBLE[role])


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_opens_in_scope_cases_and_gets_404_for_the_others(role, request, api, world):
    user = request.getfixturevalue(role)
    client = api(user)
    for name, case in world.items():
        status = client.get(f"{CASES}{case.pk}/").status_code
        assert status == (200 if name in VISIBLE[role] else 404), (role, name)


def test_anonymous_and_roleless_users_get_nothing(api, world):
    case = world["own_intake"]
    for client in (api(), api(UserFactory(username="no-role"))):
        assert client.get(CASES).status_code in (401, 403)
        assert client.get(f"{CASES}{case.pk}/").status_code in (401, 403)
        assert client.post(CASES, case_payload(), format="json").status_code in (401, 403)


def test_unknown_and_malformed_ids_are_404(api, partner_staff):
    client = api(partner_staff)
    assert client.get(f"{CASES}999999/").status_code == 404
    assert client.get(f"{CASES}abc/").status_code == 404
    assert client.get(f"{CASES}99999999999999999999999/").status_code == 404


def test_registry_liaison_never_receives_protection_fields(api, registry_liaison, world):
    case = world["own_routed"]
    Case.objects.filter(pk=case.pk).update(is_gbv_survivor=True, protection_notes="Survivante, suivie par le CPS.")
    client = api(registry_liaison)
    listed = client.get(CASES).json()["results"]
    detail = client.get(f"{CASES}{case.pk}/")
    for payload in [*listed, detail.json()]:
        assert not set(PROTECTION_FIELDS) & set(payload), sorted(set(PROTECTION_FIELDS) & set(payload))
    assert "Survivante" not in detail.content.decode()
    # Identity fields needed to transcribe are there.
    assert detail.json()["child_family_name"] == case.child_family_name


def test_registry_liaison_cannot_filter_by_vulnerability(api, registry_liaison, world):
    Case.objects.filter(pk=world["own_routed"].pk).update(is_gbv_survivor=True)
    response = api(registry_liaison).get(CASES, {"vulnerability": "is_gbv_survivor"})
    # The filter is ignored: the answer does not tell which child is a survivor.
    assert {row["id"] for row in response.json()["results"]} == _ids(world, VISIBLE["registry_liaison"])


def test_partners_receive_protection_fields(api, partner_staff, world):
    detail = api(partner_staff).get(f"{CASES}{world['own_intake'].pk}/").json()
    assert set(PROTECTION_FIELDS) <= set(detail)


def test_retrieve_logs_the_view_and_a_404_logs_nothing(api, partner_staff, world):
    client = api(partner_staff)
    client.get(f"{CASES}{world['own_intake'].pk}/")
    client.get(f"{CASES}{world['other_routed'].pk}/")
    logs = list(AccessLog.objects.values_list("case_id", "user_id", "surface"))
    assert logs == [(world["own_intake"].pk, partner_staff.pk, "api")]


def test_detail_has_state_label_and_available_transitions_list_does_not(api, partner_staff, world):
    client = api(partner_staff)
    row = client.get(CASES).json()["results"][0]
    assert "available_transitions" not in row
    detail = client.get(f"{CASES}{world['own_intake'].pk}/").json()
    assert detail["state_label"] == "Dossier en constitution"
    assert "complete" in {t["action"] for t in detail["available_transitions"]}


# --- Lists: filters, pages, queries -----------------------------------------------------------


def test_filters_are_the_staff_list_filters(api, coordinator, world):
    client = api(coordinator)
    response = client.get(CASES, {"state": ["sent_to_registry", "transcribed"]})
    assert {row["id"] for row in response.json()["results"]} == _ids(
        world, {"own_routed", "other_routed", "other_elsewhere"}
    )
    response = client.get(CASES, {"q": world["own_intake"].reference})
    assert [row["id"] for row in response.json()["results"]] == [world["own_intake"].pk]


def test_invalid_filter_values_are_400_with_field_messages(api, coordinator):
    response = api(coordinator).get(CASES, {"state": "nowhere", "created_after": "hier", "region": "abc"})
    assert response.status_code == 400
    assert {"state", "created_after", "region"} <= set(response.json())


def test_page_size_is_capped_at_100(api, coordinator, organisation):
    for _ in range(105):
        case_in_state(organisation=organisation)
    response = api(coordinator).get(CASES, {"page_size": 500})
    assert response.json()["count"] == 105
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("role", ["partner_staff", "registry_liaison", "coordinator"])
def test_a_page_costs_the_same_number_of_queries_for_10_or_100_cases(role, request, api, organisation, registry_centre):
    user = request.getfixturevalue(role)
    for _ in range(110):
        case_in_state(State.SENT_TO_REGISTRY, organisation=organisation, registry_centre=registry_centre)
    client = api(user)
    counts = {}
    for page_size in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CASES, {"page_size": page_size})
        assert len(response.json()["results"]) == page_size
        counts[page_size] = len(queries)
    assert counts[10] == counts[100], counts
    assert counts[100] <= 8, counts


# --- Create -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["partner_staff", "partner_manager"])
def test_partners_open_a_case_for_their_own_organisation(role, request, api, organisation):
    user = request.getfixturevalue(role)
    response = api(user).post(CASES, case_payload(state="delivered", reference="JS-FAUX-1"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.organisation == organisation
    assert case.state == State.INTAKE, "state is read-only"
    assert case.reference.startswith("JS-MOP-") and body["reference"] == case.reference
    assert case.witnesses.count() == 2 and case.witness_count == 2
    assert body["version"] == case.version
    assert CaseEvent.objects.filter(case=case, action="create", by=user).exists()


def test_partner_cannot_open_a_case_for_another_organisation(api, partner_staff, other_organisation):
    response = api(partner_staff).post(CASES, case_payload(organisation=other_organisation.pk), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not Case.objects.exists()


def test_admin_opens_a_case_for_the_organisation_they_name(api, admin_user, organisation):
    client = api(admin_user)
    missing = client.post(CASES, case_payload(), format="json")
    assert missing.status_code == 400 and "organisation" in missing.json()
    response = client.post(CASES, case_payload(organisation=organisation.pk), format="json")
    assert response.status_code == 201
    assert Case.objects.get().organisation == organisation


@pytest.mark.parametrize("role", ["coordinator", "registry_liaison"])
def test_read_only_roles_cannot_open_cases(role, request, api):
    response = api(request.getfixturevalue(role)).post(CASES, case_payload(), format="json")
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_token_authentication(api, partner_staff, world):
    obtained = api().post("/api/v1/auth/token/", {"username": "staff", "password": "correct-horse-battery"})
    assert obtained.status_code == 200
    key = obtained.json()["token"]
    assert Token.objects.get(user=partner_staff).key == key
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"{CASES}{world['own_intake'].pk}/").status_code == 200
    assert client.get(f"{CASES}{world['other_routed'].pk}/").status_code == 404
    bad = api()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = bad.get(CASES)
    assert refused.status_code in (401, 403)
    assert refused.json()["detail"] == "Token non valide."
    wrong_password = api().post("/api/v1/auth/token/", {"username": "staff", "password": "nope"})
    assert wrong_password.status_code == 400


# --- Bad input: 400 with field messages, in French, never 500 --------------------------------


TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"birth_commune": 999999}, "birth_commune", "n'existe pas"),
        ({"birth_commune": "Mopti"}, "birth_commune", ""),
        ({"birth_date": TOMORROW}, "birth_date", "futur"),
        ({"birth_date": "12/03/2018"}, "birth_date", "date"),
        ({"birth_date": 2018}, "birth_date", ""),
        ({"child_sex": "X"}, "child_sex", ""),
        ({"mother_nina": "1234"}, "mother_nina", "14 chiffres"),
        ({"father_nina": "12345678901234"}, "father_nina", "14 chiffres"),
        ({"consent_date": TOMORROW}, "consent_date", "futur"),
        ({"is_refugee": "peut-être"}, "is_refugee", ""),
        ({"child_family_name": ""}, "child_family_name", ""),
        ({"child_family_name": None}, "child_family_name", ""),
        ({"child_family_name": ["a", "b"]}, "child_family_name", ""),
        ({"witnesses": []}, "witnesses", "deux témoins"),
        ({"witnesses": "deux"}, "witnesses", ""),
        (
            {"witnesses": [{"family_name": "Sangaré", "given_names": "Oumar", "age": 45, "address": "Mopti"}]},
            "witnesses",
            "deux témoins",
        ),
        (
            {"witnesses": [{"family_name": "Sangaré", "given_names": "Oumar", "age": "vieux", "address": "Mopti"}] * 2},
            "witnesses",
            "",
        ),
    ],
)
def test_bad_intake_input_is_400_with_a_field_message(api, partner_staff, overrides, field, words):
    response = api(partner_staff).post(CASES, case_payload(**overrides), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert words in str(errors[field])
    assert not Case.objects.exists()


def test_missing_witnesses_and_required_fields_are_named(api, partner_staff):
    payload = case_payload()
    del payload["witnesses"], payload["mother_family_name"]
    errors = api(partner_staff).post(CASES, payload, format="json").json()
    assert errors["mother_family_name"] == ["Champ requis."]
    assert errors["witnesses"] == ["Au moins deux témoins sont nécessaires"]


def test_malformed_json_is_400(api, partner_staff):
    response = api(partner_staff).post(CASES, '{"child_family_name": "Traoré",', content_type="application/json")
    assert response.status_code == 400
    response = api(partner_staff).post(CASES, "[1, 2]", content_type="application/json")
    assert response.status_code == 400


def test_nina_is_normalised_before_it_is_checked(api, partner_staff):
    response = api(partner_staff).post(CASES, case_payload(mother_nina="1234 5678 9012 34a"), format="json")
    assert response.status_code == 201, response.json()
    assert Case.objects.get().mother_nina == "12345678901234A"


# --- Update, with optimistic locking ------------------------------------------------------------


def test_edit_with_the_current_version_saves_and_bumps_it(api, partner_staff, world):
    case = world["own_intake"]
    response = api(partner_staff).patch(
        f"{CASES}{case.pk}/", {"version": case.version, "birth_locality": "Konna"}, format="json"
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.birth_locality == "Konna"
    assert response.json()["version"] == case.version == 2
    assert CaseEvent.objects.filter(case=case, action="edit").exists()


def test_edit_replaces_witnesses_when_given(api, partner_staff, world):
    case = world["own_intake"]
    witnesses = case_payload()["witnesses"] + [
        {"family_name": "Cissé", "given_names": "Ali", "age": 60, "address": "Mopti"}
    ]
    response = api(partner_staff).patch(
        f"{CASES}{case.pk}/", {"version": case.version, "witnesses": witnesses}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert [w["family_name"] for w in response.json()["witnesses"]] == ["Sangaré", "Koné", "Cissé"]


def test_edit_without_version_is_400(api, partner_staff, world):
    response = api(partner_staff).patch(f"{CASES}{world['own_intake'].pk}/", {"birth_locality": "Konna"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_edit_from_a_stale_version_is_409_and_saves_nothing(api, partner_staff, world):
    case = world["own_intake"]
    client = api(partner_staff)
    first = client.patch(f"{CASES}{case.pk}/", {"version": 1, "birth_locality": "Konna"}, format="json")
    assert first.status_code == 200
    stale = client.patch(f"{CASES}{case.pk}/", {"version": 1, "birth_locality": "Sévaré"}, format="json")
    assert stale.status_code == 409
    assert "modifié par quelqu'un d'autre" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.birth_locality == "Konna" and case.version == 2


def test_edit_bad_value_is_400_with_field_message(api, partner_staff, world):
    case = world["own_intake"]
    response = api(partner_staff).patch(
        f"{CASES}{case.pk}/", {"version": case.version, "birth_date": TOMORROW, "mother_nina": "x"}, format="json"
    )
    assert response.status_code == 400
    assert {"birth_date", "mother_nina"} <= set(response.json())


def test_read_only_fields_are_ignored_on_edit(api, partner_staff, world):
    case = world["own_intake"]
    response = api(partner_staff).patch(
        f"{CASES}{case.pk}/",
        {"version": case.version, "state": "delivered", "reference": "X", "judgment_number": "J-1", "witness_count": 9},
        format="json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.state, case.judgment_number, case.witness_count) == (State.INTAKE, "", 2)
    assert case.reference != "X"


@pytest.mark.parametrize(
    ("role", "case_name", "status"),
    [
        ("partner_staff", "own_intake", 200),
        ("partner_manager", "own_intake", 200),
        ("admin_user", "own_intake", 200),
        ("other_partner_staff", "own_intake", 404),
        ("coordinator", "own_intake", 403),
        ("registry_liaison", "own_routed", 403),
        ("registry_liaison", "own_intake", 404),
    ],
)
def test_edit_matrix(role, case_name, status, request, api, world):
    case = world[case_name]
    response = api(request.getfixturevalue(role)).patch(
        f"{CASES}{case.pk}/", {"version": case.version, "birth_locality": "Konna"}, format="json"
    )
    assert response.status_code == status
    case.refresh_from_db()
    assert (case.birth_locality == "Konna") == (status == 200)


def test_put_replaces_the_whole_case(api, partner_staff, world):
    case = world["own_intake"]
    payload = case_payload(CommuneFactory(name="Djenné"), version=case.version, child_given_names="Awa")
    response = api(partner_staff).put(f"{CASES}{case.pk}/", payload, format="json")
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.child_given_names, case.birth_commune.name) == ("Awa", "Djenné")


def test_delivered_case_cannot_be_edited(api, partner_staff, organisation):
    case = case_in_state(State.DELIVERED, organisation=organisation)
    response = api(partner_staff).patch(
        f"{CASES}{case.pk}/", {"version": case.version, "birth_locality": "Konna"}, format="json"
    )
    assert response.status_code == 403
    assert "remis ou clôturé" in response.json()["detail"]


def test_delete_is_not_offered(api, admin_user, world):
    assert api(admin_user).delete(f"{CASES}{world['own_intake'].pk}/").status_code == 405
    assert Case.objects.filter(pk=world["own_intake"].pk).exists()


def test_english_when_the_user_chose_english(api, partner_staff):
    client = api(partner_staff)
    client.cookies["django_language"] = "en"
    response = client.post(CASES, case_payload(birth_date=None), format="json")
    assert response.json()["birth_date"] == ["This field may not be null."]
