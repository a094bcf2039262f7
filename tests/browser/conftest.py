"""Browser-test harness: Debian's Chromium through Playwright, axe-core for accessibility.

Every test here is marked `browser` (the PostgreSQL pass skips them). Screenshots of each step
go to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "viewport": {"width": 1280, "height": 900}}


_demo_snapshot: sqlite3.Connection | None = None


@pytest.fixture
def demo(transactional_db):
    """Live-server tests run outside the session transaction: load the demo data for them.

    Loading it takes about 1.7 s, and the database is emptied after every test. On the
    in-memory SQLite database the browser tests use, the first load is kept as a copy and each
    later test gets that copy back through SQLite's backup API, in milliseconds: the same rows,
    keys and sequences as a fresh load.
    """
    global _demo_snapshot
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        with open(os.devnull, "w") as devnull:
            call_command("load_demo_data", stdout=devnull)
        return
    connection.ensure_connection()
    if _demo_snapshot is None:
        with open(os.devnull, "w") as devnull:
            call_command("load_demo_data", stdout=devnull)
        _demo_snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_snapshot)
    else:
        _demo_snapshot.backup(connection.connection)
    # The flush before this test made new content types and cached them; the copy has its own.
    ContentType.objects.clear_cache()


@pytest.fixture
def server(live_server, demo):
    return live_server.url


@pytest.fixture
def console_errors(page) -> list[str]:
    """What the page logs as an error in the browser console (CSP violations among them)."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def login(page, server: str, username: str, password: str = "demo-losen-2025") -> None:
    page.goto(f"{server}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


@pytest.fixture
def vvnd_draft(server):
    """VVND's next plan as the director starts it: rolled forward from the decided 2025 plan."""
    from plans.models import Plan
    from plans.services import plan_roll_forward

    return plan_roll_forward(user=None, plan=Plan.objects.get(association__slug="vvnd", year=2025))


def section_path(plan, key: str = "vision"):
    """A section of `plan` and the path of its editor."""
    section = plan.sections.get(key=key)
    return section, f"/f/{plan.association.slug}/plan/{plan.pk}/avsnitt/{section.pk}/"


def saved_body(page, section_pk: int, saved) -> str:
    """The section's body once ``saved(body)`` holds, polled while the page autosaves.

    The live server and the test share one in-memory SQLite database, whose table locks do not
    wait: a read that meets the server's save in flight fails at once, and so does the server's
    save that meets the read (a 500, and the text is lost). So it reads only while the page has
    no htmx request under way (htmx marks the requesting element .htmx-request), and a read
    that still meets a lock is retried.
    """
    from django.db import OperationalError

    from plans.models import Section

    body = ""
    for _ in range(50):
        page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=10_000)
        try:
            body = Section.objects.get(pk=section_pk).body
        except OperationalError:  # "database table is locked": the server is writing it
            body = ""
        if saved(body):
            break
        page.wait_for_timeout(200)
    return body


def check_a11y(page) -> None:
    """Zero WCAG 2.1 A/AA violations on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


def shot(page, journey: str, step: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9-]+", "-", f"{journey}-{step}".lower())
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
