"""Review pages: the board's reading view, the review page, what changed, the audit trail."""

from __future__ import annotations

from bench.harness import Page


def _plan(slug: str, year: int, status: str | None = None) -> int:
    from plans.models import Plan

    qs = Plan.objects.filter(association__slug=slug, year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-revision").values_list("pk", flat=True).first()


def _draft_2026() -> int:
    """VVND's 2026 draft, rolled forward from the approved 2025 plan (created once)."""
    from members.models import User
    from plans.models import Plan
    from plans.services import plan_roll_forward

    existing = Plan.objects.filter(association__slug="vvnd", year=2026).first()
    if existing:
        return existing.pk
    approved = Plan.objects.get(association__slug="vvnd", year=2025, status="approved")
    return plan_roll_forward(user=User.objects.get(username="chef"), plan=approved).pk


PAGES = [
    Page(
        "review: reading view (VVND 2025, board)",
        "ledamot",
        lambda: f"/f/vvnd/plan/{_plan('vvnd', 2025)}/granskning/las/",
    ),
    Page(
        "review: review page (VVND 2025, director)",
        "chef",
        lambda: f"/f/vvnd/plan/{_plan('vvnd', 2025)}/granskning/",
    ),
    Page(
        "review: what changed 2026 vs 2025 (VVND)",
        "chef",
        lambda: f"/f/vvnd/plan/{_draft_2026()}/granskning/andringar/",
    ),
    Page(
        "review: audit trail (VVND 2025, auditor)",
        "revisor",
        lambda: f"/f/vvnd/plan/{_plan('vvnd', 2025)}/granskning/logg/",
    ),
]
