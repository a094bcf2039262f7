"""PDF render benchmark: our render against a bare WeasyPrint render of the same HTML.

Run: .venv/bin/python -m bench.pdf_render [rounds]

Builds the large sample plan (plans/pdf/sample.py, 40+ pages) in a throwaway SQLite database
with the demo data, then, in the same run and alternating to share the machine's noise:

* ours: render_plan_pdf(plan) — gather the document (queries, engines), render the template,
  WeasyPrint with the restricted fetcher;
* bare: WeasyPrint alone on the very same HTML string with its default fetcher.

The overhead of our code is (ours − bare) / bare (goal < 15 %). Then the real worker
(`manage.py db_worker --batch`) renders the plan once from the database queue in a fresh
process, and its peak memory (max RSS, goal < 300 MB) is printed.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(rounds: int = 3) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    from bench.harness import setup_django

    setup_django()
    from django.conf import settings
    from pypdf import PdfReader
    from weasyprint import HTML

    from members.models import Association
    from plans.models import Plan
    from plans.pdf.render import UA, render_plan_html, render_plan_pdf
    from plans.pdf.sample import build_large_plan
    from plans.pdf.tasks import render_plan_pdf_task

    association = Association.objects.get(slug="vvnd")
    plan = build_large_plan(association=association, year=2040)
    plan = Plan.objects.select_related("association").get(pk=plan.pk)

    html = render_plan_html(plan)
    static_dir = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    bare_html = html.replace('"/static/', f'"{static_dir}')

    def ours() -> bytes:
        return render_plan_pdf(plan, variant=UA)

    def bare() -> bytes:
        return HTML(string=bare_html, base_url=static_dir).write_pdf(pdf_variant=UA)

    from io import BytesIO

    pages_ours = len(PdfReader(BytesIO(ours())).pages)  # warm-up (fonts, imports)
    pages_bare = len(PdfReader(BytesIO(bare())).pages)
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(rounds):
        for name, fn in (("ours", ours), ("bare", bare)):
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    t_ours = statistics.median(times["ours"])
    t_bare = statistics.median(times["bare"])
    overhead = (t_ours - t_bare) / t_bare * 100
    print(
        f"large plan: {pages_ours} pages (bare render: {pages_bare} pages), {len(html)} bytes HTML"
    )
    print(f"ours  (document + template + WeasyPrint): median {t_ours:6.2f} s of {rounds}")
    print(f"bare  (WeasyPrint on the same HTML):      median {t_bare:6.2f} s of {rounds}")
    print(f"overhead of our code: {overhead:+.1f} %  (goal < 15 %)")

    # One render by the real worker, in its own process, from the database queue.
    result = render_plan_pdf_task.enqueue(plan.pk, UA)
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        check=True,
        env={**os.environ, "DJANGO_LOG_LEVEL": "WARNING"},
    )
    elapsed = time.perf_counter() - started
    result.refresh()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"worker: task {result.status}, {elapsed:.2f} s including start-up, "
        f"peak memory {peak_mb:.0f} MB (goal < 300 MB)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
