"""Export tab from the keyboard: the focus stays in the PDF job area while htmx refreshes it.

"Skapa PDF" is replaced with the job's progress, the progress is polled every second and then
replaced with "Ladda ner PDF". The pressed button used to go with the first swap, so the next
Tab started after the area and skipped the download link. Tests run renders at once (an
immediate task backend), so here the render task is held back for a few polls first.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from django.tasks import TaskResultStatus
from playwright.sync_api import expect

from plans.models import Plan
from plans.pdf import views as pdf_views
from tests.browser.conftest import login

POLLS_RUNNING = 3
RENDER_MS = 120_000  # a real render follows the held-back polls


class HeldBackRender:
    """The render task, reported as running for a few polls, then really run."""

    def __init__(self, task) -> None:
        self.task = task
        self.jobs: dict[str, dict] = {}
        self.ids = itertools.count(1)

    def enqueue(self, *args):
        task_id = f"held-{next(self.ids)}"
        self.jobs[task_id] = {"args": args, "polls": 0, "result": None}
        return SimpleNamespace(id=task_id, status=TaskResultStatus.RUNNING)

    def get_result(self, task_id):
        job = self.jobs[task_id]
        job["polls"] += 1
        if job["polls"] <= POLLS_RUNNING:
            return SimpleNamespace(id=task_id, status=TaskResultStatus.RUNNING)
        if job["result"] is None:
            job["result"] = self.task.enqueue(*job["args"])  # the immediate backend renders
        return job["result"]


def test_keyboard_focus_follows_the_pdf_job_and_is_not_taken_from_elsewhere(
    page, server, monkeypatch
):
    monkeypatch.setattr(
        pdf_views, "render_plan_pdf_task", HeldBackRender(pdf_views.render_plan_pdf_task)
    )
    plan = (
        Plan.objects.filter(association__slug="varna")
        .exclude(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
        .order_by("-year")
        .first()
    )
    login(page, server, "varna")
    page.goto(f"{server}/f/varna/plan/{plan.pk}/export/")
    page.set_default_timeout(60_000)

    page.get_by_role("button", name="Skapa PDF", exact=True).focus()
    page.keyboard.press("Enter")
    # While it runs, the job's status has the focus (the pressed button is gone)...
    status = page.locator("#job-pdf-status")
    expect(status).to_be_focused()
    expect(status).to_contain_text("Skapar PDF")
    # ...and a poll that changes nothing leaves it in place: no new element, no new focus.
    held = status.element_handle()
    with page.expect_response(lambda r: r.url.endswith("/export/status/")):
        pass
    page.wait_for_timeout(200)
    assert held.evaluate("e => e.isConnected && e === document.activeElement")
    # Done: the new download link has the focus and Tab goes on to "Skapa PDF igen".
    download = page.get_by_role("link", name="Ladda ner PDF")
    expect(download).to_be_focused(timeout=RENDER_MS)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skapa PDF igen")).to_be_focused()

    # The archive file is started from the keyboard, then the user moves on: the refreshes
    # that follow leave the focus where the user put it.
    page.get_by_role("button", name="Skapa arkivfil", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#job-pdfa-status")).to_be_focused()
    excel = page.get_by_role("link", name="Budgeten som Excel-fil")
    excel.focus()
    expect(page.get_by_role("link", name="Ladda ner arkivfil")).to_be_visible(timeout=RENDER_MS)
    expect(excel).to_be_focused()
