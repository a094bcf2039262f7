"""Export tab and the approved plan's stored PDF (served from storage, goal < 20 ms)."""

from __future__ import annotations

from bench.harness import Page


def _plan(slug: str, approved: bool) -> str:
    from plans.models import Plan

    plans = Plan.objects.filter(association__slug=slug)
    plans = (
        plans.filter(status=Plan.Status.APPROVED)
        if approved
        else plans.exclude(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
    )
    plan = plans.order_by("-year").first()
    if plan is None:
        plan = Plan.objects.filter(status=Plan.Status.APPROVED if approved else "draft").first()
    return f"/f/{plan.association.slug}/plan/{plan.pk}/export/"


def _approved_download() -> str:
    from plans.models import Plan

    plan = (
        Plan.objects.filter(status=Plan.Status.APPROVED, approved_document__isnull=False)
        .exclude(approved_document__pdf="")
        .select_related("association")
        .first()
    )
    return f"/f/{plan.association.slug}/plan/{plan.pk}/export/verksamhetsplan.pdf"


PAGES = [
    Page("export tab, draft (VVND)", "chef", lambda: _plan("vvnd", approved=False)),
    Page("export tab, approved plan", "chef", lambda: _plan("vvnd", approved=True)),
    Page("approved plan PDF from storage", "chef", _approved_download),
]
