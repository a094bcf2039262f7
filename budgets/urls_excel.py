from __future__ import annotations

from django.urls import path

from . import views_excel

urlpatterns: list = [
    path("excel/", views_excel.excel_export, name="excel_export"),
    path("excel/import/", views_excel.excel_import, name="excel_import"),
    path("excel/import/granska/", views_excel.excel_import_preview, name="excel_import_preview"),
    path("excel/import/bekrafta/", views_excel.excel_import_confirm, name="excel_import_confirm"),
]
