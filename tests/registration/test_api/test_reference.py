"""Reference data over the API: readable by every staff role, never writable, filterable."""

from __future__ import annotations

import pytest

from tests.factories import (
    CercleFactory,
    CommuneFactory,
    CourtFactory,
    DocumentTypeFactory,
    RegionFactory,
    RegistryCentreFactory,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = ["regions", "cercles", "communes", "courts", "registry-centres", "organisations", "document-types"]
ROLES = ["partner_staff", "partner_manager", "registry_liaison", "coordinator", "admin_user"]


@pytest.fixture
def geography():
    mopti = RegionFactory(name="Mopti", code="MOP", iso_code="ML-5")
    segou = RegionFactory(name="Ségou", code="SEG", iso_code="ML-4")
    djenne = CercleFactory(region=mopti, name="Djenné")
    commune = CommuneFactory(cercle=djenne, name="Djenné")
    CommuneFactory(cercle=CercleFactory(region=mopti, name="Mopti"), name="Sio")
    CommuneFactory(cercle=CercleFactory(region=segou, name="Ségou"), name="Pelengana")
    CourtFactory(name="Tribunal d'instance de Djenné", seat=commune)
    RegistryCentreFactory(name="Centre principal d'état civil de Djenné", commune=commune)
    DocumentTypeFactory(code="certificat-non-inscription", name="Certificat de non-inscription")
    return {"mopti": mopti, "segou": segou, "djenne": djenne}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_staff_role_reads_reference_data(role, endpoint, request, api, geography, organisation):
    client = api(request.getfixturevalue(role))
    response = client.get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows
    assert client.get(f"/api/v1/{endpoint}/{rows[0]['id']}/").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_reference_data_is_read_only_and_not_public(endpoint, api, admin_user, geography):
    assert api(admin_user).post(f"/api/v1/{endpoint}/", {"name": "X"}, format="json").status_code == 405
    assert api().get(f"/api/v1/{endpoint}/").status_code in (401, 403)


def test_communes_filter_by_region_and_cercle(api, partner_staff, geography):
    client = api(partner_staff)
    by_region = client.get("/api/v1/communes/", {"region": geography["mopti"].pk}).json()["results"]
    assert sorted(row["name"] for row in by_region) == ["Djenné", "Sio"]
    assert all(row["region"] == geography["mopti"].pk for row in by_region)
    by_cercle = client.get("/api/v1/communes/", {"cercle": geography["djenne"].pk}).json()["results"]
    assert [row["name"] for row in by_cercle] == ["Djenné"]
    cercles = client.get("/api/v1/cercles/", {"region": geography["segou"].pk}).json()["results"]
    assert [row["name"] for row in cercles] == ["Ségou"]
    assert client.get("/api/v1/communes/", {"region": "Mopti"}).status_code == 400


def test_courts_carry_their_french_kind_label(api, coordinator, geography):
    court = api(coordinator).get("/api/v1/courts/").json()["results"][0]
    assert court["kind_label"] == "Tribunal de grande instance"
