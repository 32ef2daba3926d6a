from django.urls import path

from registration import exports, views

app_name = "registration"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.csv", exports.case_export, name="case_export"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/transitions/<slug:action>/", views.case_transition_view, name="case_transition"),
    path("cases/<int:pk>/reassign/", views.case_reassign_view, name="case_reassign"),
    path("cases/<int:pk>/not-duplicate/", views.case_not_duplicate, name="case_not_duplicate"),
    path("cases/<int:pk>/close-as-duplicate/", views.case_close_as_duplicate_view, name="case_close_as_duplicate"),
    path("cases/<int:pk>/documents/", views.document_upload_view, name="document_upload"),
    path("cases/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document_download"),
    path("cases/<int:pk>/documents/<int:document_pk>/delete/", views.document_delete_view, name="document_delete"),
]
