"""Bounded load test on loopback: gunicorn + PostgreSQL, readers and budget editors at once.

Run: .venv/bin/python -m bench.load [--readers 50] [--editors 10] [--seconds 60]

A throwaway PostgreSQL cluster gets the demo data; gunicorn serves the project in production
mode. Readers log in as the demo users and read the plan pages of VVND's draft plan in a loop;
each editor logs in as its own finance user and types its own known values into its own budget
line (one cell per request, as the htmx grid does, with the optimistic-locking version). After
the run the database is checked: every editor's last saved values are there, on its own line,
and no other line changed. Prints errors (none expected) and p50/p95 latency; exits non-zero on
any error or lost/mixed-up edit.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from collections import Counter, defaultdict

from bench.loadkit import (
    Browser,
    django_json,
    gunicorn,
    percentile,
    pg_cluster,
    prepare_database,
    production_env,
)

READER_USERS = ["chef", "ekonom", "ledamot", "ordforande"]

SETUP = """
import json
from members.models import Association, Membership, User
from plans.models import Plan
from budgets import services
assoc = Association.objects.get(slug="vvnd")
plan = assoc.plans.filter(status=Plan.Status.DRAFT).order_by("-year", "-revision").first()
if plan is None:  # the demo approves the seed plans: next year's draft, as a director would
    from plans.services import plan_roll_forward
    plan = plan_roll_forward(user=None, plan=assoc.plans.order_by("-year", "-revision").first())
lines = []
for k in range(1, N + 1):
    user, _ = User.objects.get_or_create(username=f"last-{k:02d}")
    user.set_password("demo-losen-2025")
    user.save()
    Membership.objects.update_or_create(user=user, association=assoc, defaults={"role": "finance"})
    line = services.budget_line_create(
        user=None, plan=plan, group="administration", name=f"Lasttest redaktör {k:02d}"
    )
    lines.append(line.pk)
budget = services.budget_for_plan(plan)
others = {l.pk: [l.amount_1, l.amount_2, l.amount_3, l.version] for l in budget.lines.all()
          if l.pk not in lines}
factor = (1000 if plan.unit == "tkr" else 1) * (-1 if assoc.cost_sign == "negative" else 1)
print(json.dumps({"plan": plan.pk, "factor": factor, "lines": lines, "others": others}))
"""

VERIFY = """
import json
from budgets.models import BudgetLine
from plans.models import Plan
plan = Plan.objects.get(pk=PLAN)
lines = BudgetLine.objects.filter(budget__plan=plan)
print(json.dumps({l.pk: [l.amount_1, l.amount_2, l.amount_3, l.version] for l in lines}))
"""

READ_PAGES = """
import json
from django.urls import reverse
names = ["plans:overview", "plans:sections", "plans:interventions", "plans:goals",
         "budgets:edit", "members:contributions", "indicators:goals", "plans:tables",
         "review:index"]
urls = [reverse(name, kwargs={"assoc": "vvnd", "plan_id": PLAN}) for name in names]
print(json.dumps(urls))
"""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.error_examples: dict[str, str] = {}

    def ok(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            self.error_examples.setdefault(kind, detail[:300])


# Logging in hashes a password (deliberately slow): a few at a time, before the clock starts.
LOGINS = threading.Semaphore(4)


def log_in(b: Browser, username: str) -> None:
    with LOGINS:
        b.login(username)


class Clock:
    """Everyone logs in first; the measured period starts when the last user is ready."""

    def __init__(self, parties: int, seconds: float) -> None:
        self.seconds = seconds
        self.stop = 0.0
        self.started = 0.0
        self.barrier = threading.Barrier(parties, action=self._start)

    def _start(self) -> None:
        self.started = time.monotonic()
        self.stop = self.started + self.seconds

    def wait(self) -> bool:
        """False when someone could not log in: the run is off (the error is recorded)."""
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            return False
        return True


def reader(host: str, username: str, pages: list[str], clock: Clock, stats: Stats) -> None:
    b = Browser(host)
    try:
        log_in(b, username)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        stats.error("login", f"{username}: {exc}")
        clock.barrier.abort()
        return
    if not clock.wait():
        return
    i = 0
    while time.monotonic() < clock.stop:
        path = pages[i % len(pages)]
        i += 1
        try:
            r = b.get(path)
        except Exception as exc:  # noqa: BLE001
            stats.error("read", f"GET {path}: {exc!r}")
            continue
        if r.status == 200:
            stats.ok("read", r.seconds)
        else:
            stats.error("read", f"GET {path} → {r.status}")


def editor(
    host: str, k: int, plan: int, line: int, factor: int, clock: Clock, stats: Stats, written: dict
) -> None:
    b = Browser(host)
    edit = f"/f/vvnd/plan/{plan}/budget/"
    try:
        log_in(b, f"last-{k:02d}")
        page = b.get(edit)
    except Exception as exc:  # noqa: BLE001
        stats.error("login", f"last-{k:02d}: {exc}")
        clock.barrier.abort()
        return
    found = re.search(rf'name="v-{line}" id="v-{line}" value="(\d+)"', page.body)
    if page.status != 200 or found is None:
        stats.error("edit", f"editor {k}: budget page {page.status}, no version for line {line}")
        clock.barrier.abort()
        return
    version = found[1]
    if not clock.wait():
        return
    n = 0
    while time.monotonic() < clock.stop:
        n += 1
        index = n % 3
        typed = k * 10_000 + n  # this editor's own, recognisable figure
        data = {f"c-{line}-{index}": str(typed), f"v-{line}": version}
        try:
            r = b.post(f"{edit}spara/", data, **{"HX-Request": "true"})
        except Exception as exc:  # noqa: BLE001
            stats.error("edit", f"editor {k}: {exc!r}")
            continue
        new_version = re.search(rf'name="v-{line}" id="v-{line}" value="(\d+)"', r.body)
        if r.status != 200 or new_version is None or "cell-message" in r.body:
            stats.error("edit", f"editor {k} POST → {r.status}: {r.body[:200]!r}")
            continue
        version = new_version[1]
        stats.ok("edit", r.seconds)
        written[(line, index)] = typed * factor  # stored: kronor, costs with the plan's sign


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    with pg_cluster() as database_url:
        env = production_env(database_url)
        print("Preparing PostgreSQL with the demo data …", flush=True)
        prepare_database(env)
        setup = django_json(env, SETUP.replace("N + 1", f"{args.editors} + 1"))
        plan, factor, lines = setup["plan"], setup["factor"], setup["lines"]
        pages = django_json(env, READ_PAGES.replace("PLAN", str(plan)))
        with gunicorn(env, workers=args.workers, threads=args.threads) as host:
            stats = Stats()
            written: dict[tuple[int, int], int] = {}
            clock = Clock(args.readers + args.editors, args.seconds)
            threads = [
                threading.Thread(
                    target=reader,
                    args=(host, READER_USERS[i % len(READER_USERS)], pages, clock, stats),
                )
                for i in range(args.readers)
            ]
            threads += [
                threading.Thread(
                    target=editor, args=(host, k, plan, lines[k - 1], factor, clock, stats, written)
                )
                for k in range(1, args.editors + 1)
            ]
            print(
                f"{args.readers} readers on {len(pages)} pages, {args.editors} editors, "
                f"{args.seconds:.0f} s, gunicorn {args.workers}×{args.threads} on {host}",
                flush=True,
            )
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - clock.started if clock.started else float("nan")
        after = {int(k): v for k, v in django_json(env, VERIFY.replace("PLAN", str(plan))).items()}

    problems = []
    for (line, index), value in sorted(written.items()):
        if after[line][index] != value:
            problems.append(
                f"line {line} year {index + 1}: saved {value}, found {after[line][index]}"
            )
    for pk, before in setup["others"].items():
        if after.get(int(pk)) != before:
            problems.append(
                f"line {pk} changed though nobody edited it: {before} → {after.get(int(pk))}"
            )
    for k, line in enumerate(lines, start=1):
        for value in after[line][:3]:
            if value is not None and (value // factor) // 10_000 != k:
                problems.append(f"line {line} (editor {k}) holds another editor's value {value}")

    print()
    for kind in ("read", "edit"):
        values = stats.latency[kind]
        print(
            f"{kind:<5} {len(values):>7} ok  {len(values) / elapsed:>7.1f}/s  "
            f"p50 {percentile(values, 50) * 1000:>7.1f} ms  "
            f"p95 {percentile(values, 95) * 1000:>7.1f} ms  "
            f"max {max(values, default=float('nan')) * 1000:>7.1f} ms"
        )
    print(f"errors: {sum(stats.errors.values())}")
    for kind, count in stats.errors.items():
        print(f"  {kind}: {count}, e.g. {stats.error_examples[kind]}")
    print(f"edits verified: {len(written)} cells on {len(lines)} lines; problems: {len(problems)}")
    for p in problems[:20]:
        print("  " + p)
    print(json.dumps({"errors": sum(stats.errors.values()), "lost_or_mixed": len(problems)}))
    nothing_done = not stats.latency["read"] or not stats.latency["edit"]
    if nothing_done:
        print("FAILED: no successful reads or edits were measured")
    sys.exit(1 if stats.errors or problems or nothing_done else 0)


if __name__ == "__main__":
    main()
