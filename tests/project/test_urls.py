"""The URL map other issues rely on."""

import pytest

pytestmark = pytest.mark.django_db


def test_staff_tracker_requires_login(client):
    response = client.get("/app/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_site_is_language_prefixed(client):
    from cms.setup import site_ensure

    site_ensure()
    assert client.get("/").status_code == 302
    assert client.get("/").headers["Location"] == "/fr/"
    response = client.get("/fr/")
    assert response.status_code == 200
    assert "Un acte de naissance pour chaque enfant" in response.content.decode()


def test_api_schema_and_admin_entry_points(client, admin_user):
    assert client.get("/api/v1/").status_code in (401, 403)
    client.force_login(admin_user)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    assert client.get("/admin/").status_code == 200
    assert client.get("/cms-admin/").status_code == 200


def test_interface_is_french_whatever_the_browser_says(client, partner_staff):
    client.force_login(partner_staff)
    response = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="fr"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/app/"})
    assert 'lang="en"' in client.get("/app/").content.decode()


def test_the_stylesheet_is_found_by_staticfiles():
    from django.contrib.staticfiles import finders

    assert finders.find("css/jamu.css")
