from __future__ import annotations

from django.urls import path

from . import views

app_name = "pdf"

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("skapa/", views.start, name="start"),
    path("verksamhetsplan.pdf", views.download, name="download"),
    path("verksamhetsplan-pdfa.pdf", views.download_archival, name="download_archival"),
]
