"""API filtering: the staff list's CaseFilter, and small filters for reference data."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from registration.filters import PROTECTION_FILTERS
from registration.models import Cercle, Commune, Court, Region, RegistryCentre
from registration.selectors import may_see_protection_fields


class CaseFilterBackend(DjangoFilterBackend):
    """``registration.filters.CaseFilter`` on the scoped queryset; invalid values → 400.

    A registry liaison's vulnerability filter is ignored: filtering by it would tell them
    which children are, say, survivors of gender-based violence without showing the field.
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if not may_see_protection_fields(request.user):
            data = kwargs["data"].copy()
            for name in PROTECTION_FILTERS:
                data.pop(name, None)
            kwargs["data"] = data
        return kwargs


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
