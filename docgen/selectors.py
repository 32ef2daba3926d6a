"""Reads for docgen, always through the case scope of ``registration.selectors``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from docgen.models import DocumentBatch, DocumentTemplate, GeneratedDocument
from registration.models import Case, Role
from registration.selectors import cases_visible_to, user_role


def may_manage_templates(user) -> bool:
    return user_role(user) == Role.ADMIN


def documents_for_case(case: Case) -> QuerySet[GeneratedDocument]:
    return case.generated_documents.select_related("template", "generated_by").order_by("-generated_at", "-id")


def document_for_user(user, *, pk: int) -> GeneratedDocument:
    """A per-case document of a case the user may see (404 otherwise)."""
    return get_object_or_404(
        GeneratedDocument.objects.select_related("case", "template").filter(case__in=cases_visible_to(user)), pk=pk
    )


def batch_for_user(user, *, pk: int) -> DocumentBatch:
    """A batch is its creator's: it may hold cases another user may not see."""
    batch = get_object_or_404(DocumentBatch, pk=pk)
    if batch.created_by_id != user.pk:
        raise Http404
    return batch


def batch_fully_visible(user, batch: DocumentBatch) -> bool:
    """Downloading the ZIP needs every case still in the user's scope."""
    return cases_visible_to(user).filter(pk__in=batch.case_ids).count() == len(set(batch.case_ids))


def templates_by_kind() -> QuerySet[DocumentTemplate]:
    return DocumentTemplate.objects.select_related("organisation", "court", "uploaded_by").order_by(
        "kind", "organisation__name", "court__name", "-version"
    )
