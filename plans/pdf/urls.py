from __future__ import annotations

app_name = "pdf"

urlpatterns: list = []
