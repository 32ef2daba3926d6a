"""Reads for docgen, always through the case scope of ``registration.selectors``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from docgen.models import DocumentBatch, DocumentTemplate, GeneratedDocument
from registration.models import Case, Role
from registration.selectors import cases_visible_to, may_see_protection_fields, user_role


def may_manage_templates(user) -> bool:
    return user_role(user) == Role.ADMIN


def may_generate_documents(user) -> bool:
    """Those who act on cases; coordinators follow them read-only (DOMAIN.md §4)."""
    return user_role(user) in (Role.PARTNER_STAFF, Role.PARTNER_MANAGER, Role.REGISTRY_LIAISON, Role.ADMIN)


def _readable_by(user, documents: QuerySet[GeneratedDocument]) -> QuerySet[GeneratedDocument]:
    # A fiche de synthèse rendered for a partner lists the child's vulnerabilities: a
    # registry liaison who may see the case still may not read that copy.
    return documents if may_see_protection_fields(user) else documents.filter(includes_protection=False)


def documents_for_case(case: Case, user) -> QuerySet[GeneratedDocument]:
    documents = case.generated_documents.select_related("template", "generated_by").order_by("-generated_at", "-id")
    return _readable_by(user, documents)


def document_for_user(user, *, pk: int) -> GeneratedDocument:
    """A per-case document of a case the user may see, rendered for their eyes (404 otherwise)."""
    documents = GeneratedDocument.objects.select_related("case", "template").filter(case__in=cases_visible_to(user))
    return get_object_or_404(_readable_by(user, documents), pk=pk)


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
