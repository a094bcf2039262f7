from __future__ import annotations

from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.index, name="index"),
    path("las/", views.read, name="read"),
    path("skicka/", views.send, name="send"),
    path("till-utkast/", views.to_draft, name="to_draft"),
    path("remiss/", views.consultation, name="consultation"),
    path("remiss/avsluta/", views.consultation_end, name="consultation_end"),
    path("beslut/", views.approve, name="approve"),
    path("revision/", views.revision, name="revision"),
    path("pdf/", views.approved_pdf, name="pdf"),
    path("pdf/skapa/", views.approved_pdf_create, name="pdf_create"),
    path("protokoll/", views.minutes, name="minutes"),
    path("andringar/", views.compare, name="compare"),
    path("logg/", views.audit, name="audit"),
    path("kommentarer/ny/", views.comment_new, name="comment_new"),
    path("kommentarer/<int:comment_id>/svar/", views.comment_reply, name="comment_reply"),
    path("kommentarer/<int:comment_id>/klar/", views.comment_resolve, name="comment_resolve"),
    path("kommentarer/<int:comment_id>/oppna/", views.comment_reopen, name="comment_reopen"),
]
