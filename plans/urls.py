from __future__ import annotations

from django.urls import path

from . import views, views_goals, views_interventions, views_sections, views_tables

app_name = "plans"

S = "<int:plan_id>/avsnitt/<int:section_id>/"
I = "<int:plan_id>/insatser/<int:intervention_id>/"  # noqa: E741

urlpatterns = [
    path("ny/", views.create, name="create"),
    path("<int:plan_id>/", views.overview, name="overview"),
    path("<int:plan_id>/uppgifter/", views.settings, name="settings"),
    # Sections
    path("<int:plan_id>/avsnitt/", views_sections.sections, name="sections"),
    path("<int:plan_id>/avsnitt/nytt/", views_sections.section_add, name="section_add"),
    path(S, views_sections.section_edit, name="section_edit"),
    path(S + "flytta/", views_sections.section_move, name="section_move"),
    path(S + "ta-bort/", views_sections.section_delete, name="section_delete"),
    path(S + "bild/", views_sections.section_image, name="section_image"),
    path(S + "klistra-in/", views_sections.section_paste, name="section_paste"),
    # Interventions
    path("<int:plan_id>/insatser/", views_interventions.interventions, name="interventions"),
    path(
        "<int:plan_id>/insatser/ny/",
        views_interventions.intervention_create,
        name="intervention_create",
    ),
    path(I, views_interventions.intervention_edit, name="intervention_edit"),
    path(I + "ta-bort/", views_interventions.intervention_delete, name="intervention_delete"),
    path(I + "deltagare/", views_interventions.participants_set, name="participants_set"),
    # Goals
    path("<int:plan_id>/mal/", views_goals.goals, name="goals"),
    path("<int:plan_id>/mal/nytt/", views_goals.goal_create, name="goal_create"),
    path("<int:plan_id>/mal/<int:goal_id>/", views_goals.goal_edit, name="goal_edit"),
    path("<int:plan_id>/mal/<int:goal_id>/ta-bort/", views_goals.goal_delete, name="goal_delete"),
    path("<int:plan_id>/mal/<int:goal_id>/flytta/", views_goals.goal_move, name="goal_move"),
    path(
        "<int:plan_id>/mal/<int:goal_id>/aktivitet/",
        views_goals.activity_create,
        name="activity_create",
    ),
    path(
        "<int:plan_id>/aktivitet/<int:activity_id>/",
        views_goals.activity_edit,
        name="activity_edit",
    ),
    path(
        "<int:plan_id>/aktivitet/<int:activity_id>/ta-bort/",
        views_goals.activity_delete,
        name="activity_delete",
    ),
    path("<int:plan_id>/omraden/", views_goals.tag_create, name="tag_create"),
    path("<int:plan_id>/omraden/<int:tag_id>/ta-bort/", views_goals.tag_delete, name="tag_delete"),
    # Organisation and tables
    path("<int:plan_id>/tabeller/", views_tables.tables, name="tables"),
]

for table, prefix in views_tables.URL_PREFIX.items():
    row = f"<int:plan_id>/tabeller/{prefix}/<int:{table}_id>/"
    urlpatterns += [
        path(
            f"<int:plan_id>/tabeller/{prefix}/ny/",
            views_tables.row_create,
            {"table": table},
            name=f"{table}_create",
        ),
        path(row, views_tables.row_edit, {"table": table}, name=f"{table}_edit"),
        path(row + "ta-bort/", views_tables.row_delete, {"table": table}, name=f"{table}_delete"),
        path(row + "flytta/", views_tables.row_move, {"table": table}, name=f"{table}_move"),
    ]
