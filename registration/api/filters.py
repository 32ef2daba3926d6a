"""API filtering: the staff list's CaseFilter, and small filters for reference data."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from registration.filters import case_filterset
from registration.models import Cercle, Commune, Court, Region, RegistryCentre


class CaseFilterBackend(DjangoFilterBackend):
    """``registration.filters.case_filterset`` on the view's scoped queryset; invalid values → 400."""

    def get_filterset(self, request, queryset, view):
        return case_filterset(request.user, request.query_params, queryset=queryset, request=request)


class CercleFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Région"), queryset=Region.objects.all())

    class Meta:
        model = Cercle
        fields = ["region"]


class CommuneFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="cercle__region", queryset=Region.objects.all()
    )
    cercle = django_filters.ModelChoiceFilter(label=_("Cercle"), queryset=Cercle.objects.all())

    class Meta:
        model = Commune
        fields = ["region", "cercle"]


class CourtFilter(django_filters.FilterSet):
    commune_served = django_filters.ModelChoiceFilter(
        label=_("Commune du ressort"), field_name="communes_served", queryset=Commune.objects.all()
    )

    class Meta:
        model = Court
        fields = ["kind", "is_active", "commune_served"]


class RegistryCentreFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="commune__cercle__region", queryset=Region.objects.all()
    )

    class Meta:
        model = RegistryCentre
        fields = ["kind", "commune", "region"]
