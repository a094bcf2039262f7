"""Throughput of the plan page as a ratio to a minimal Django view, same server, same run.

Run: .venv/bin/python -m bench.throughput [--seconds 10] [--clients 8]

gunicorn + PostgreSQL with the demo data, as bench/load.py starts them. Client processes (not
threads, so the client is not the bottleneck) each keep one connection open and request the
page as fast as it answers. Phases alternate (minimal view, plan page, minimal view, plan
page…) so a machine busy with something else affects both sides alike. The goal is a ratio of
at least 0.3: the plan page should cost no more than about three minimal requests.

"signed-in floor" is the smallest page a signed-in user gets (the association picker: session,
user and memberships read, the base template rendered). No page that checks the user's role
can be cheaper, so it shows how much of the plan page's cost is the page itself.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time

from bench.loadkit import (
    Browser,
    django_json,
    gunicorn,
    pg_cluster,
    prepare_database,
    production_env,
)

PAGES = """
import json
from django.urls import reverse
from members.models import Association
assoc = Association.objects.get(slug="vvnd")
plan = assoc.plans.order_by("-year", "-revision").first()
out = {"signed-in floor (/)": reverse("home")}
for label, name in [("plan page (overview)", "plans:overview"),
                    ("plan texts (sections)", "plans:sections"),
                    ("budget", "budgets:edit")]:
    out[label] = reverse(name, kwargs={"assoc": "vvnd", "plan_id": plan.pk})
print(json.dumps(out))
"""


def _client(host: str, path: str, username: str | None, seconds: float, queue) -> None:
    b = Browser(host)
    if username:
        b.login(username)
    assert b.get(path).status == 200, path  # warm up; refuse to measure an error page
    count = errors = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        r = b.get(path)
        if r.status == 200:
            count += 1
        else:
            errors += 1
    queue.put((count, errors))


def measure(host: str, path: str, username: str | None, clients: int, seconds: float):
    queue: mp.Queue = mp.Queue()
    procs = [
        mp.Process(target=_client, args=(host, path, username, seconds, queue))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    if any(p.exitcode for p in procs):
        sys.exit(f"a client failed on {path}")
    return sum(c for c, _ in results) / seconds, sum(e for _, e in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    with pg_cluster() as database_url:
        env = production_env(database_url)
        print("Preparing PostgreSQL with the demo data …", flush=True)
        prepare_database(env)
        pages = django_json(env, PAGES)
        with gunicorn(env, workers=args.workers, threads=args.threads) as host:
            print(f"gunicorn {args.workers}×{args.threads} on {host}, {args.clients} clients")
            rates: dict[str, list[float]] = {"minimal view (/healthz/)": []}
            rates.update({label: [] for label in pages})
            failures = 0
            for _ in range(args.rounds):
                for label in rates:
                    path = pages.get(label, "/healthz/")
                    user = None if path == "/healthz/" else "chef"
                    rate, errors = measure(host, path, user, args.clients, args.seconds)
                    rates[label].append(rate)
                    failures += errors
    base = sum(rates["minimal view (/healthz/)"]) / args.rounds
    print(f"\n{'page':<32} {'req/s':>8} {'ratio':>7}")
    summary = {}
    for label, values in rates.items():
        rate = sum(values) / len(values)
        summary[label] = round(rate / base, 3)
        print(f"{label:<32} {rate:>8.1f} {rate / base:>7.2f}")
    ratio = summary.get("plan page (overview)")
    verdict = "meets" if ratio is not None and ratio >= 0.3 else "MISSES"
    print(f"\nplan page / minimal view = {ratio} ({verdict} the goal of 0.3); errors: {failures}")
    print(json.dumps({"ratios": summary, "errors": failures}))
    sys.exit(1 if failures or ratio is None else 0)


if __name__ == "__main__":
    main()
