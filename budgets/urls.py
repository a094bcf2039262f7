from __future__ import annotations

app_name = "budgets"

urlpatterns: list = []
