"""Staff tracker screens at /app/. Thin: selectors to read, services to write."""

from registration.views.actions import (
    case_close_as_duplicate_view,
    case_not_duplicate,
    case_reassign_view,
    case_transition_view,
)
from registration.views.cases import case_detail, case_list
from registration.views.documents import document_delete_view, document_download, document_upload_view
from registration.views.edit import case_edit, case_new
from registration.views.workqueues import home

__all__ = [
    "case_close_as_duplicate_view",
    "case_detail",
    "case_edit",
    "case_list",
    "case_new",
    "case_not_duplicate",
    "case_reassign_view",
    "case_transition_view",
    "document_delete_view",
    "document_download",
    "document_upload_view",
    "home",
]
