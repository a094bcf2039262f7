"""The Export tab: start a render, follow its progress, download; the approved file as stored."""

from __future__ import annotations

import hashlib
from datetime import date
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.urls import reverse

from plans.models import Plan
from plans.pdf.sample import build_large_plan

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _small_draft(vvnd) -> Plan:
    return build_large_plan(
        association=vvnd, year=2035, interventions=1, goals=1, rows=1, paragraphs=1
    )


def _url(name: str, plan: Plan) -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})


def test_export_page_offers_a_pdf_of_a_draft(client_for, vvnd):
    plan = _small_draft(vvnd)
    response = client_for("director").get(_url("pdf:index", plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skapa PDF" in html and "Skapa arkivfil" in html
    assert 'name="kind" value="pdf"' in html


def test_a_render_can_be_started_and_downloaded(client_for, vvnd):
    plan = _small_draft(vvnd)
    client = client_for("finance")
    response = client.post(_url("pdf:start", plan), {"kind": "pdf"})
    assert response.status_code == 302
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert "Ladda ner PDF" in page
    download = client.get(_url("pdf:download", plan))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert download["X-Checksum-SHA256"] == hashlib.sha256(content).hexdigest()
    assert hashlib.sha256(content).hexdigest() in page
    assert "utkast" in download["Content-Disposition"]


def test_a_finished_draft_is_marked_when_the_plan_changes_afterwards(client_for, vvnd):
    plan = _small_draft(vvnd)
    client = client_for("director")
    client.post(_url("pdf:start", plan), {"kind": "pdf"})
    warning = "har ändrats sedan filen skapades"
    assert warning not in client.get(_url("pdf:index", plan)).content.decode()
    section = plan.sections.first()
    section.title = section.title + " (ändrad)"
    section.save()
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert warning in page and "Ladda ner PDF" in page  # the old file is still there
    client.post(_url("pdf:start", plan), {"kind": "pdf"})
    assert warning not in client.get(_url("pdf:index", plan)).content.decode()


def test_a_draft_render_is_not_offered_as_the_decided_plan(client_for, vvnd):
    """Between the decision and the official PDF being stored (a queued render, or a failed
    one), the user's earlier draft file must not be served under the decided plan's name."""
    from members.models import User
    from members.roles import Role
    from plans.review import services
    from tests.conftest import make_user

    plan = build_large_plan(
        association=vvnd, year=2027, interventions=1, goals=1, rows=1, paragraphs=1
    )
    client = client_for("director")
    client.post(_url("pdf:start", plan), {"kind": "pdf"})
    assert client.get(_url("pdf:download", plan)).status_code == 200  # the draft's file
    director = User.objects.get(username="director-vvnd")  # the client's user, logged in
    services.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
    plan.refresh_from_db()
    services.plan_approve(
        user=make_user(vvnd, Role.CHAIR),
        plan=plan,
        decision_date=date(2026, 11, 2),
        paragraph="§ 12",
        render_pdf=False,  # the official PDF is not made yet
    )
    response = client.get(_url("pdf:download", plan))
    assert response.status_code == 302 and response["Location"] == _url("pdf:index", plan)
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert "Ladda ner PDF" not in page and 'name="kind" value="pdf"' in page


def test_archival_render_over_htmx_returns_the_status_region(client_for, vvnd):
    plan = _small_draft(vvnd)
    client = client_for("director")
    response = client.post(
        _url("pdf:start", plan), {"kind": "pdfa"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="pdf-jobs"')
    assert "Ladda ner arkivfil" in html
    pdf = b"".join(client.get(_url("pdf:download_archival", plan)).streaming_content)
    assert b"pdfaid" in pdf or pdf.startswith(b"%PDF")


def test_download_before_a_render_sends_the_user_back(client_for, vvnd):
    plan = _small_draft(vvnd)
    response = client_for("director").get(_url("pdf:download", plan))
    assert response.status_code == 302
    assert response["Location"] == _url("pdf:index", plan)


def test_unknown_kind_is_refused_without_a_render(client_for, vvnd):
    plan = _small_draft(vvnd)
    client = client_for("director")
    response = client.post(_url("pdf:start", plan), {"kind": "docx"}, follow=True)
    assert "Okänd eller onödig export" in response.content.decode()
    assert "Ladda ner" not in response.content.decode()


def test_another_associations_plan_is_not_found(client, outsider, vvnd):
    plan = _small_draft(vvnd)
    client.force_login(outsider)
    assert client.get(_url("pdf:index", plan)).status_code == 404
    assert client.post(_url("pdf:start", plan), {"kind": "pdf"}).status_code == 404


def test_auditor_cannot_export_a_draft(client_for, vvnd):
    plan = _small_draft(vvnd)
    assert client_for("auditor").get(_url("pdf:index", plan)).status_code == 403


def test_draft_renders_on_the_database_queue_while_the_page_polls(client, vvnd):
    """The real backend and the real worker command (in this test's transaction)."""
    from tests.conftest import make_user

    plan = _small_draft(vvnd)
    client.force_login(make_user(vvnd, "director", "pdf-queue"))
    with override_settings(TASKS=DB_TASKS):
        client.post(_url("pdf:start", plan), {"kind": "pdf"})
        status = client.get(_url("pdf:status", plan), headers={"HX-Request": "true"})
        html = status.content.decode()
        assert "står i kö" in html
        assert 'hx-trigger="every 1s"' in html and "<progress" in html
        # The worker closes "obsolete" connections between tasks; inside this test's transaction
        # that would be the test's own connection (PostgreSQL), so keep it open here.
        with mock.patch.object(connections["default"], "close"):
            call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
        status = client.get(_url("pdf:status", plan), headers={"HX-Request": "true"})
        html = status.content.decode()
        assert "Ladda ner PDF" in html
        assert "hx-trigger" not in html  # polling stops when the file is ready
        pdf = b"".join(client.get(_url("pdf:download", plan)).streaming_content)
        assert pdf.startswith(b"%PDF")


def _approved_with_document(association) -> tuple[Plan, bytes]:
    from plans.review.models import ApprovedDocument

    approved = Plan.objects.filter(status=Plan.Status.APPROVED).select_related("association")
    plan = approved.filter(association=association).first() or approved.first()
    if plan is None:  # the demo approves the seed plans; make one if it has not yet
        plan = Plan.objects.create(
            association=association,
            year=2024,
            revision=9,
            status=Plan.Status.APPROVED,
            decision_date=date(2023, 11, 29),
            decision_paragraph="39",
        )
    doc = ApprovedDocument.objects.filter(plan=plan).first()
    if doc is None or not doc.pdf:
        content = b"%PDF-1.7\n% stored at approval\n"
        doc = doc or ApprovedDocument(plan=plan)
        doc.pdf.save("test-approved.pdf", ContentFile(content), save=False)
        doc.sha256 = hashlib.sha256(content).hexdigest()
        doc.size = len(content)
        doc.save()
    with doc.pdf.open("rb") as handle:
        return plan, handle.read()


def test_the_approved_plan_is_served_from_storage_without_rendering(client, vvnd, monkeypatch):
    """The decided file is streamed as stored; speed is measured in bench/pages_pdf.py."""
    from plans.pdf import render
    from tests.conftest import make_user

    plan, stored = _approved_with_document(vvnd)

    def no_render(*args, **kwargs):
        raise AssertionError("an approved plan's PDF must come from storage, not a new render")

    monkeypatch.setattr(render, "render_plan_pdf", no_render)
    monkeypatch.setattr(render, "html_to_pdf", no_render)
    client.force_login(make_user(plan.association, "auditor", "pdf-auditor"))
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert hashlib.sha256(stored).hexdigest() in page
    assert "Skapa PDF" not in page  # nothing to render: the decided file is the one
    response = client.get(_url("pdf:download", plan))
    body = b"".join(response.streaming_content)
    assert body == stored
    assert response["X-Checksum-SHA256"] == hashlib.sha256(stored).hexdigest()
    # The decided plan's page serves the same file under the same name.
    other = client.get(_url("review:pdf", plan))
    assert b"".join(other.streaming_content) == stored
    name = response["Content-Disposition"].split("filename=")[1]
    assert other["Content-Disposition"].split("filename=")[1] == name
    assert f"-{plan.year}" in response["Content-Disposition"]
    assert "utkast" not in response["Content-Disposition"]


def test_an_approved_plan_without_its_file_gets_the_official_one_made_once(client, vvnd):
    from plans.review.models import ApprovedDocument
    from tests.conftest import make_user

    plan = (
        Plan.objects.filter(status=Plan.Status.APPROVED)
        .exclude(approved_document__sha256__gt="")
        .select_related("association")
        .first()
    )
    if plan is None:  # every demo plan has its file: take one and forget the file
        pytest.fail("the demo should have an approved plan without a stored PDF to test this")
    client.force_login(make_user(plan.association, "director", "pdf-approved"))
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert "inte skapad ännu" in page
    client.post(_url("pdf:start", plan), {"kind": "pdf"})
    doc = ApprovedDocument.objects.get(plan=plan)
    assert doc.sha256 and doc.pdf
    page = client.get(_url("pdf:index", plan)).content.decode()
    assert doc.sha256 in page and "Skapa PDF" not in page
    body = b"".join(client.get(_url("pdf:download", plan)).streaming_content)
    assert hashlib.sha256(body).hexdigest() == doc.sha256
