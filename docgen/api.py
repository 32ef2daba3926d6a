"""API v1 for documents: generate and fetch, per case and per batch. Thin over the services."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from docgen import batches, pdf, selectors, services
from docgen.kinds import PER_CASE_KINDS
from docgen.models import DocumentBatch, GeneratedDocument
from docgen.views import file_response
from registration.models import AccessLog
from registration.selectors import case_for_user, cases_visible_to


class GeneratedDocumentSerializer(serializers.ModelSerializer):
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedDocument
        fields = [
            "id",
            "kind",
            "format",
            "filename",
            "case_state",
            "template_version",
            "checksum",
            "size",
            "generated_at",
            "download_url",
        ]

    def get_download_url(self, document) -> str:
        return reverse("docgen-api:document_download", args=[document.pk])


class GenerateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in PER_CASE_KINDS])
    format = serializers.ChoiceField(choices=GeneratedDocument.Format.values, default="docx")


class BatchCreateSerializer(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        allow_empty=False,
        max_length=batches.MAX_BATCH_CASES,
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class BatchSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    case_count = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentBatch
        fields = [
            "id",
            "title",
            "status",
            "percent",
            "case_count",
            "cases_done",
            "refused_ids",
            "problems",
            "zip_checksum",
            "zip_size",
            "created_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, batch) -> str | None:
        if batch.status != DocumentBatch.Status.DONE:
            return None
        return reverse("docgen-api:batch_download", args=[batch.pk])


class CaseDocumentsView(APIView):
    """GET: documents generated for a case. POST {kind, format}: generate one now."""

    @extend_schema(responses=GeneratedDocumentSerializer(many=True))
    def get(self, request, case_id: int):
        case = case_for_user(request.user, pk=case_id, surface=AccessLog.Surface.API)
        return Response(GeneratedDocumentSerializer(selectors.documents_for_case(case, request.user), many=True).data)

    @extend_schema(request=GenerateSerializer, responses={201: GeneratedDocumentSerializer})
    def post(self, request, case_id: int):
        case = case_for_user(request.user, pk=case_id, surface=None)
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = services.document_generate(
                case=case,
                kind=serializer.validated_data["kind"],
                by=request.user,
                fmt=serializer.validated_data["format"],
            )
        except services.DocumentRefused as error:
            return Response({"kind": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        except pdf.PdfUnavailable as error:
            return Response({"format": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(GeneratedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        document = services.document_download(pk=pk, by=request.user)
        return file_response(document.file, document.filename, document.format)


class BatchCreateView(APIView):
    """POST {cases: [ids], title}: 202 with the batch; ids outside your scope are reported."""

    @extend_schema(request=BatchCreateSerializer, responses={202: BatchSerializer})
    def post(self, request):
        serializer = BatchCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["cases"]
        try:
            batch = batches.batch_create(
                by=request.user,
                cases=cases_visible_to(request.user).filter(pk__in=ids),
                requested_ids=ids,
                title=serializer.validated_data.get("title", ""),
            )
        except services.DocumentRefused as error:
            return Response({"cases": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(BatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailView(APIView):
    @extend_schema(responses=BatchSerializer)
    def get(self, request, pk: int):
        return Response(BatchSerializer(selectors.batch_for_user(request.user, pk=pk)).data)


class BatchDownloadView(APIView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        batch = batches.batch_download(pk=pk, by=request.user)
        return file_response(batch.zip_file, batch.zip_filename, "zip")
