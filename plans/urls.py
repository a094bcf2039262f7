from __future__ import annotations

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("<int:plan_id>/", views.overview, name="overview"),
]
