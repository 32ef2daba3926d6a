"""Reference data, read-only: geography, courts, registry centres, partners, document types.

Any signed-in staff member may read it (forms and field apps need the ids); it is edited
in the admin and by ``manage.py load_reference_data``, never through the API.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from registration.api import filters
from registration.api.permissions import HasStaffRole
from registration.models import Cercle, Commune, Court, DocumentType, Organisation, Region, RegistryCentre


class ReferencePagination(PageNumberPagination):
    # Large enough for a whole region's communes in one request on a poor connection.
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "code", "iso_code"]


class CercleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cercle
        fields = ["id", "name", "region"]


class CommuneSerializer(serializers.ModelSerializer):
    region = serializers.IntegerField(source="cercle.region_id", read_only=True)

    class Meta:
        model = Commune
        fields = ["id", "name", "cercle", "region"]


class CourtSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Court
        fields = ["id", "name", "kind", "kind_label", "seat", "is_active"]


class RegistryCentreSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = RegistryCentre
        fields = ["id", "name", "kind", "kind_label", "commune"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "code", "name", "required_by_default"]


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [HasStaffRole]
    pagination_class = ReferencePagination
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"


class RegionViewSet(ReferenceViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class CercleViewSet(ReferenceViewSet):
    queryset = Cercle.objects.all()
    serializer_class = CercleSerializer
    filterset_class = filters.CercleFilter


class CommuneViewSet(ReferenceViewSet):
    queryset = Commune.objects.select_related("cercle")
    serializer_class = CommuneSerializer
    filterset_class = filters.CommuneFilter


class CourtViewSet(ReferenceViewSet):
    queryset = Court.objects.all()
    serializer_class = CourtSerializer
    filterset_class = filters.CourtFilter


class RegistryCentreViewSet(ReferenceViewSet):
    queryset = RegistryCentre.objects.all()
    serializer_class = RegistryCentreSerializer
    filterset_class = filters.RegistryCentreFilter


class OrganisationViewSet(ReferenceViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer


class DocumentTypeViewSet(ReferenceViewSet):
    queryset = DocumentType.objects.all()
    serializer_class = DocumentTypeSerializer
