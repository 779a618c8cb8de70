from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_docs, name="api_docs"),
]
