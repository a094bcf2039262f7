"""Export tab and the approved plan's stored PDF (served from storage, goal < 20 ms)."""

from __future__ import annotations

from bench.harness import Page


def _plan(slug: str, approved: bool) -> str:
    from plans.models import Plan

    frozen = [Plan.Status.APPROVED, Plan.Status.SUPERSEDED]
    plans = Plan.objects.filter(association__slug=slug).order_by("-year")
    plan = (plans.filter(status__in=frozen) if approved else plans.exclude(status__in=frozen))[0]
    return f"/f/{slug}/plan/{plan.pk}/export/"


def _approved_plan():
    from plans.models import Plan

    return (
        Plan.objects.filter(association__slug="vvnd", status=Plan.Status.APPROVED)
        .select_related("association")
        .order_by("-year")
        .first()
    )


def _ensure_stored() -> None:
    """The demo approves plans without rendering: make the official file once (seconds)."""
    from plans.review.services import approved_document_ensure

    approved_document_ensure(_approved_plan())


def _approved_download() -> str:
    plan = _approved_plan()
    return f"/f/{plan.association.slug}/plan/{plan.pk}/export/verksamhetsplan.pdf"


PAGES = [
    Page("export tab, plan under review (VärNa)", "varna", lambda: _plan("varna", False)),
    Page("export tab, approved plan", "chef", lambda: _plan("vvnd", True)),
    Page("approved plan PDF from storage", "chef", _approved_download, setup=_ensure_stored),
]
