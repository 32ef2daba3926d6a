"""OpenAPI schema: only Jamu's own API, not the Wagtail admin's internal endpoints."""


def only_public_api(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
