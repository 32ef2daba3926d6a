from django.urls import include, path

from docgen import api

routes = [
    path("cases/<int:case_id>/generated-documents/", api.CaseDocumentsView.as_view(), name="case_documents"),
    path("generated-documents/<int:pk>/download/", api.DocumentDownloadView.as_view(), name="document_download"),
    path("document-batches/", api.BatchCreateView.as_view(), name="batch_create"),
    path("document-batches/<int:pk>/", api.BatchDetailView.as_view(), name="batch_detail"),
    path("document-batches/<int:pk>/download/", api.BatchDownloadView.as_view(), name="batch_download"),
]

urlpatterns = [path("", include((routes, "docgen-api")))]
