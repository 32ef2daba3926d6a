from django.urls import path

from registration import views

app_name = "registration"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
]
