"""CSV export of the case list: who may export what, and a file French Excel opens right."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.http import StreamingHttpResponse

from registration import exports
from registration.models import AccessLog, Case, State
from tests.factories import CommuneFactory
from tests.registration.test_api.support import case_in_state

pytestmark = pytest.mark.django_db

EXPORT = "/app/cases/export.csv"


@pytest.fixture
def cases(organisation, other_organisation, registry_centre):
    return {
        "own": case_in_state(
            organisation=organisation,
            child_family_name="Traoré",
            child_given_names="Aïssata",
            birth_date=datetime.date(2017, 3, 9),
            birth_commune=CommuneFactory(name="Djenné"),
            is_gbv_survivor=True,
            protection_notes="Suivie par le service social.",
        ),
        "own_routed": case_in_state(State.SENT_TO_REGISTRY, organisation=organisation, registry_centre=registry_centre),
        "other": case_in_state(State.FILED, organisation=other_organisation, child_given_names="Bakary"),
    }


def _rows(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "BOM first, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("partner_manager", {"own", "own_routed"}),
        ("coordinator", {"own", "own_routed", "other"}),
        ("admin_user", {"own", "own_routed", "other"}),
    ],
)
def test_exporters_get_the_cases_in_their_scope(role, expected, request, client, cases):
    client.force_login(request.getfixturevalue(role))
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dossiers-')
    assert {row["Référence"] for row in _rows(response)} == {cases[name].reference for name in expected}


@pytest.mark.parametrize("role", ["partner_staff", "registry_liaison", "other_partner_staff"])
def test_other_roles_are_refused(role, request, client, cases):
    client.force_login(request.getfixturevalue(role))
    assert client.get(EXPORT).status_code == 403
    assert not AccessLog.objects.exists()


def test_anonymous_is_sent_to_login(client, cases):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_french_excel_format(client, partner_manager, cases):
    client.force_login(partner_manager)
    response = client.get(EXPORT, {"q": "Aïssata"})
    body = b"".join(response.streaming_content).decode("utf-8")
    header = body[1:].splitlines()[0]
    assert header.startswith("Référence;État;Organisation;")
    (row,) = csv.DictReader(io.StringIO(body[1:]), delimiter=";")
    assert row["Prénoms de l'enfant"] == "Aïssata"
    assert row["Date de naissance"] == "09/03/2017"
    assert row["État"] == "Dossier en constitution"
    assert row["Commune de naissance"] == "Djenné"
    assert row["Doublon potentiel"] == "Non"
    assert row["Ouvert le"][2] == "/" and row["Ouvert le"][5] == "/"


def test_protection_columns_for_those_who_may_see_them(client, coordinator, cases):
    client.force_login(coordinator)
    row = next(r for r in _rows(client.get(EXPORT)) if r["Référence"] == cases["own"].reference)
    assert row["Survivant de VBG"] == "Oui"
    assert row["Notes de protection"] == "Suivie par le service social."


def test_filters_are_the_case_list_filters(client, coordinator, cases):
    client.force_login(coordinator)
    rows = _rows(client.get(EXPORT, {"state": ["filed", "sent_to_registry"]}))
    assert {row["Référence"] for row in rows} == {cases["other"].reference, cases["own_routed"].reference}
    rows = _rows(client.get(EXPORT, {"organisation": cases["other"].organisation_id}))
    assert [row["Référence"] for row in rows] == [cases["other"].reference]


def test_invalid_filters_are_400_not_a_bigger_export(client, coordinator, cases):
    client.force_login(coordinator)
    response = client.get(EXPORT, {"state": "nowhere", "created_after": "hier"})
    assert response.status_code == 400
    assert "state" in response.content.decode() and "created_after" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_every_exported_case_is_logged_once(client, partner_manager, organisation, monkeypatch):
    monkeypatch.setattr(exports, "BATCH_SIZE", 4)  # several batches and a remainder
    for _ in range(10):
        case_in_state(organisation=organisation)
    client.force_login(partner_manager)
    rows = _rows(client.get(EXPORT))
    assert len(rows) == 10
    logged = list(AccessLog.objects.values_list("case_id", "user_id", "surface"))
    assert sorted(logged) == sorted((case.pk, partner_manager.pk, "export") for case in Case.objects.all())


def test_cells_excel_would_run_as_formulas_are_quoted(client, partner_manager, organisation):
    case_in_state(organisation=organisation, petitioner_name='=HYPERLINK("http://x")', birth_locality="+223")
    client.force_login(partner_manager)
    (row,) = _rows(client.get(EXPORT))
    assert row["Requérant"] == '\'=HYPERLINK("http://x")'
