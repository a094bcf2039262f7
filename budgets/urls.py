from __future__ import annotations

from .urls_excel import urlpatterns as excel_urlpatterns

app_name = "budgets"

urlpatterns: list = [
    *excel_urlpatterns,
]
