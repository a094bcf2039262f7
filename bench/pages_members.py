"""Members pages for the bench: overview, settings, member list and the contributions page."""

from __future__ import annotations

from bench.harness import Page


def _contributions_url() -> str:
    from members.demo import load_contributions
    from members.models import Association, ContributionSettings
    from plans.models import Plan

    vvnd = Association.objects.get(slug="vvnd")
    plan = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
    if plan is None:
        plan = Plan.objects.create(association=vvnd, year=2025)
    if not ContributionSettings.objects.filter(plan=plan).exists() and not plan.is_frozen:
        load_contributions(plan)
    return f"/f/vvnd/plan/{plan.pk}/medlemsbidrag/"


PAGES = [
    Page("members: association overview with board and groups", "chef", lambda: "/f/vvnd/"),
    Page("members: settings hub", "chef", lambda: "/f/vvnd/installningar/"),
    Page("members: members, board, groups", "chef", lambda: "/f/vvnd/installningar/medlemmar/"),
    Page("members: profile form", "chef", lambda: "/f/vvnd/installningar/profil/"),
    Page("members: contributions page (finance)", "ekonom", _contributions_url),
    Page("members: contributions page (board, read only)", "ledamot", _contributions_url),
]
