"""Writes to cases: create, edit, run a transition, review duplicates, upload documents.

Each service validates everything first, then saves in one transaction and records a
history entry; views, forms, serializers and tasks call these and nothing else to change
a case. Refusals are exceptions the caller shows as they are: ``ValidationError`` (field
messages), ``TransitionRefused`` (reasons), ``CaseConflict`` (reload), ``PermissionDenied``.
"""

from registration.services.cases import case_create, case_reassign, case_update
from registration.services.documents import (
    MAX_UPLOAD_BYTES,
    document_delete,
    document_upload,
    missing_document_types,
    required_document_types,
    sniff_content_type,
)
from registration.services.duplicates import (
    DUPLICATE_BIRTH_WINDOW_DAYS,
    case_close_as_duplicate,
    case_mark_not_duplicate,
    duplicate_candidates,
)
from registration.services.errors import CaseConflict, TransitionForbidden, TransitionRefused
from registration.services.transitions import case_transition

__all__ = [
    "DUPLICATE_BIRTH_WINDOW_DAYS",
    "MAX_UPLOAD_BYTES",
    "CaseConflict",
    "TransitionForbidden",
    "TransitionRefused",
    "case_close_as_duplicate",
    "case_create",
    "case_mark_not_duplicate",
    "case_reassign",
    "case_transition",
    "case_update",
    "document_delete",
    "document_upload",
    "duplicate_candidates",
    "missing_document_types",
    "required_document_types",
    "sniff_content_type",
]
