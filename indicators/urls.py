from __future__ import annotations

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("indikatorer/", views.catalogue, name="catalogue"),
    path("indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path(
        "indikatorer/<int:indicator_id>/ta-bort/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path("plan/<int:plan_id>/indikatorer/", views.goals, name="goals"),
    path("plan/<int:plan_id>/indikatorer/ny/", views.target_create, name="target_create"),
    path(
        "plan/<int:plan_id>/indikatorer/<int:target_id>/",
        views.target_edit,
        name="target_edit",
    ),
    path(
        "plan/<int:plan_id>/indikatorer/<int:target_id>/ta-bort/",
        views.target_delete,
        name="target_delete",
    ),
    path("plan/<int:plan_id>/uppfoljning/", views.followup, name="followup"),
    path(
        "plan/<int:plan_id>/uppfoljning/<int:target_id>/",
        views.outcome_edit,
        name="outcome_edit",
    ),
    path(
        "plan/<int:plan_id>/uppfoljning/utfall/<int:outcome_id>/ta-bort/",
        views.outcome_delete,
        name="outcome_delete",
    ),
    path("plan/<int:plan_id>/maluppfyllelse/", views.attainment, name="attainment"),
]
