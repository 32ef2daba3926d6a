"""Supporting documents: the court checklist, uploads checked from their content."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from registration.models import (
    Case,
    CaseEvent,
    CourtDocumentRequirement,
    DocumentType,
    SupportingDocument,
)
from registration.models.guards import editor_may_act

MAX_UPLOAD_BYTES = getattr(settings, "JAMU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Magic numbers: the type is read from the content, never trusted from the name.
SNIFFED_TYPES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


# --- Supporting documents ----------------------------------------------------------------


def required_document_types(case: Case, *, court=None):
    """The court's checklist when it has one, else the default list."""
    court_id = court.pk if court is not None else case.court_id
    if court_id and CourtDocumentRequirement.objects.filter(court_id=court_id).exists():
        return DocumentType.objects.filter(
            courtdocumentrequirement__court_id=court_id, courtdocumentrequirement__required=True
        )
    return DocumentType.objects.filter(required_by_default=True)


def missing_document_types(case: Case, *, court=None) -> list[DocumentType]:
    required = list(required_document_types(case, court=court))
    if case.pk is None:
        return required
    present = set(case.documents.values_list("document_type_id", flat=True))
    return [doc_type for doc_type in required if doc_type.pk not in present]


def sniff_content_type(head: bytes) -> str | None:
    for magic, content_type in SNIFFED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _upload_check(uploaded_file: UploadedFile) -> str:
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": _("Fichier trop volumineux (%(size)s Mo maximum).") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}}
        )
    uploaded_file.seek(0)
    content_type = sniff_content_type(uploaded_file.read(16))
    uploaded_file.seek(0)
    if content_type is None:
        raise ValidationError(
            {"file": _("Seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu de ce fichier n'en est pas un).")}
        )
    return content_type


def _case_lock(case: Case) -> None:
    # Serialises document changes on one case so the missing count is never computed
    # from a view that misses a concurrent upload.
    Case.objects.select_for_update().only("pk").get(pk=case.pk)


@transaction.atomic
def document_upload(*, case: Case, document_type: DocumentType, uploaded_file: UploadedFile, by) -> SupportingDocument:
    """Validate (permission, size, real type) before anything is written, then store privately."""
    if not editor_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas ajouter de pièce à ce dossier."))
    content_type = _upload_check(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    _case_lock(case)
    document = SupportingDocument(
        case=case,
        document_type=document_type,
        original_name=(uploaded_file.name or "")[:200],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save(document.sha256, uploaded_file, save=False)
    stored = document.file.name
    # The file is written before the row: remove it again if the row cannot be saved.
    try:
        document.save()
        _refresh_missing_documents(case)
        CaseEvent.objects.create(
            case=case,
            action="document_added",
            from_state=case.state,
            to_state=case.state,
            by=by,
            facts={"document_type": document_type.code},
        )
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_delete(*, document: SupportingDocument, by) -> None:
    case = document.case
    if not editor_may_act(case, by):
        raise PermissionDenied(_("Vous ne pouvez pas retirer de pièce de ce dossier."))
    _case_lock(case)
    storage, stored, code = document.file.storage, document.file.name, document.document_type.code
    document.delete()
    _refresh_missing_documents(case)
    CaseEvent.objects.create(
        case=case,
        action="document_removed",
        from_state=case.state,
        to_state=case.state,
        by=by,
        facts={"document_type": code},
    )
    # Only once the row is gone for good; a rolled-back delete keeps its file.
    transaction.on_commit(lambda: storage.delete(stored))


def _refresh_missing_documents(case: Case) -> None:
    case.missing_documents_count = len(missing_document_types(case))
    Case.objects.filter(pk=case.pk).update(missing_documents_count=case.missing_documents_count)
