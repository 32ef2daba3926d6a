"""Routes of the case tracker API, under /api/v1/."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from registration.api import reference, views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("regions", reference.RegionViewSet, basename="region")
router.register("cercles", reference.CercleViewSet, basename="cercle")
router.register("communes", reference.CommuneViewSet, basename="commune")
router.register("courts", reference.CourtViewSet, basename="court")
router.register("registry-centres", reference.RegistryCentreViewSet, basename="registry-centre")
router.register("organisations", reference.OrganisationViewSet, basename="organisation")
router.register("document-types", reference.DocumentTypeViewSet, basename="document-type")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    *router.urls,
]
