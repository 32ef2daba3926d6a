from django.urls import path

from registration import exports, views

app_name = "registration"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/export.csv", exports.case_export, name="case_export"),
]
