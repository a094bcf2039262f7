"""Server-side timing of pages: median of N requests through the test client, and SQL queries.

Run: .venv/bin/python -m bench.harness [N]
Pages come from bench/pages_*.py, each defining PAGES = [Page(...)]; one line is printed per
page. A throwaway SQLite database with the demo data is used, so nothing real is touched.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path


@dataclass
class Page:
    label: str
    username: str | None  # None: anonymous
    url: Callable[[], str]  # called after setup, so it can look objects up
    method: str = "get"
    data: Callable[[], dict] | None = None
    headers: dict = field(default_factory=dict)
    setup: Callable[[], None] | None = None


def setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="finsam-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "finsam.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo_data", stdout=devnull)


def measure(page: Page, n: int) -> tuple[float, int, int]:
    """(median ms, queries of one request, status)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from members.models import User

    if page.setup:
        page.setup()
    client = Client(HTTP_HOST="127.0.0.1")
    if page.username:
        client.force_login(User.objects.get(username=page.username))
    url = page.url()
    call = getattr(client, page.method)

    def once():
        data = page.data() if page.data else None
        return call(url, data, **page.headers) if data is not None else call(url, **page.headers)

    once()  # warm up caches and templates
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        once()
        times.append((time.perf_counter() - t0) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        response = once()
    return statistics.median(times), len(ctx.captured_queries), response.status_code


def all_pages() -> list[Page]:
    pages: list[Page] = []
    for path in sorted(Path(__file__).parent.glob("pages_*.py")):
        pages.extend(import_module(f"bench.{path.stem}").PAGES)
    return pages


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    setup_django()
    print(f"{'page':<48} {'median ms':>10} {'queries':>8} {'status':>7}")
    for page in all_pages():
        ms, queries, status = measure(page, n)
        print(f"{page.label:<48} {ms:>10.1f} {queries:>8} {status:>7}")


if __name__ == "__main__":
    main()
