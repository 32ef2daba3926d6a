"""REST API v1: each app contributes its routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("registration.api.urls")),
    path("", include("docgen.api_urls")),
]
