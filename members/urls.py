from __future__ import annotations

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("installningar/", views.settings_index, name="settings"),
]
