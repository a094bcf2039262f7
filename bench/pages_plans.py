"""Plan pages for the bench, on a large draft plan: 30 interventions, 40 goals, 80 targets.

The plan is VVND's 2026 draft, rolled forward from the demo plan for 2025 and grown through
the services (tests/plans/bulk.py), so the numbers measure the real query shapes.
"""

from __future__ import annotations

from functools import cache

from bench.harness import Page


@cache
def large_plan_id() -> int:
    from members.models import Association
    from plans.models import Plan
    from plans.services import plan_roll_forward
    from tests.plans.bulk import grow

    vvnd = Association.objects.get(slug="vvnd")
    plan = Plan.objects.filter(association=vvnd, year=2026, status=Plan.Status.DRAFT).first()
    if plan is None:
        source = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
        plan = plan_roll_forward(user=None, plan=source)
    grow(
        plan,
        interventions=max(0, 30 - plan.interventions.count()),
        goals=max(0, 40 - plan.goals.count()),
        rows=10,
        targets=80,
    )
    return plan.pk


def _url(suffix: str = ""):
    return lambda: f"/f/vvnd/plan/{large_plan_id()}/{suffix}"


def _section_url(key: str):
    def url() -> str:
        from plans.models import Section

        section = Section.objects.get(plan_id=large_plan_id(), key=key)
        return f"/f/vvnd/plan/{large_plan_id()}/avsnitt/{section.pk}/"

    return url


PAGES = [
    Page("plans: overview with checks (large plan)", "chef", _url()),
    Page("plans: sections (large plan)", "chef", _url("avsnitt/")),
    Page("plans: section editor, text", "chef", _section_url("vision")),
    Page("plans: section editor, goals preview", "chef", _section_url("goals")),
    Page("plans: interventions register (30)", "chef", _url("insatser/")),
    Page("plans: goals (40, 80 targets)", "chef", _url("mal/")),
    Page("plans: organisation and tables", "chef", _url("tabeller/")),
    Page("plans: create page", "chef", lambda: "/f/vvnd/plan/ny/"),
]
