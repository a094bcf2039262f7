"""Indicator pages of VVND's 2025 plan (approved, with targets and outcomes from the demo)."""

from bench.harness import Page


def _plan_url(path: str):
    def url() -> str:
        from plans.models import Plan

        plan = Plan.objects.filter(association__slug="vvnd", year=2025).order_by("-revision")[0]
        return f"/f/vvnd/plan/{plan.pk}/{path}"

    return url


PAGES = [
    Page("indicators: goals and indicators (VVND 2025)", "chef", _plan_url("indikatorer/")),
    Page("indicators: follow-up (VVND 2025)", "chef", _plan_url("uppfoljning/")),
    Page("indicators: attainment with charts (VVND 2025)", "ledamot", _plan_url("maluppfyllelse/")),
    Page("indicators: catalogue (VVND)", "chef", lambda: "/f/vvnd/indikatorer/"),
]
