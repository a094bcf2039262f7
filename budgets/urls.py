from __future__ import annotations

from django.urls import path

from . import views
from .urls_excel import urlpatterns as excel_urlpatterns

app_name = "budgets"

urlpatterns: list = [
    path("", views.edit, name="edit"),
    path("spara/", views.save, name="save"),
    path("rad/ny/", views.line_create, name="line_create"),
    path("rad/<int:line_id>/", views.line_edit, name="line_edit"),
    path("rad/<int:line_id>/ta-bort/", views.line_delete, name="line_delete"),
    path("rad/<int:line_id>/flytta/", views.line_move, name="line_move"),
    path("uppgifter/", views.settings, name="settings"),
    path("visning/", views.display, name="display"),
    path("eget-kapital/", views.equity_steps, name="equity_steps"),
    *excel_urlpatterns,
]
