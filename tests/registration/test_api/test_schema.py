"""The OpenAPI schema generates, validates, and raises no warning."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (untyped field, unknown view) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    assert "/api/v1/cases/{id}/transitions/:" in schema
    assert "/api/v1/auth/token/:" in schema


@pytest.mark.django_db
def test_schema_is_served_to_staff(api, coordinator):
    response = api(coordinator).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/cases/" in response.content
