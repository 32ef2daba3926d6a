from django.urls import path

from docgen import views

app_name = "docgen"

urlpatterns = [
    path("cases/<int:case_id>/generate/", views.case_generate, name="case_generate"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/regenerate/", views.document_regenerate, name="document_regenerate"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch_status"),
    path("batches/<int:pk>/download/", views.batch_download, name="batch_download"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/<int:pk>/download/", views.template_download, name="template_download"),
    path("templates/reference.docx", views.reference_download, name="reference_download"),
]
