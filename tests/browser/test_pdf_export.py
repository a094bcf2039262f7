"""Export journey: make the draft's PDF, see it offered with its checksum, download it."""

from __future__ import annotations

import hashlib

from plans.models import Plan
from tests.browser.conftest import check_a11y, login, shot


def test_director_makes_and_downloads_the_draft_pdf(page, server):
    plan = (
        Plan.objects.filter(association__slug="varna")
        .exclude(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
        .order_by("-year")
        .first()
    )
    assert plan is not None, "the demo has VärNa's plan under review"
    login(page, server, "varna")
    page.goto(f"{server}/f/varna/plan/{plan.pk}/export/")
    assert page.get_by_role("heading", level=1, name="Export").is_visible()
    assert page.get_by_role("link", name="Export").get_attribute("aria-current") == "page"
    check_a11y(page)
    shot(page, "pdf", "export-tab")

    page.get_by_role("button", name="Skapa PDF").click()
    download_link = page.get_by_role("link", name="Ladda ner PDF")
    download_link.wait_for(timeout=120_000)
    check_a11y(page)
    shot(page, "pdf", "ready")

    checksum = page.locator("#pdf-jobs code.checksum").first.inner_text()
    response = page.request.get(server + download_link.get_attribute("href"))
    assert response.ok
    body = response.body()
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == checksum
