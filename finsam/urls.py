"""Root URLs. Everything about one association lives under /f/<assoc>/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/", include("finsam.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("f/<slug:assoc>/", include("members.urls")),
    path("f/<slug:assoc>/plan/", include("plans.urls")),
    path("f/<slug:assoc>/plan/<int:plan_id>/budget/", include("budgets.urls")),
    path("f/<slug:assoc>/plan/<int:plan_id>/granskning/", include("plans.review.urls")),
    path("f/<slug:assoc>/plan/<int:plan_id>/export/", include("plans.pdf.urls")),
    path("f/<slug:assoc>/", include("indicators.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
