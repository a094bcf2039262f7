"""Renders shared by the PDF tests. A render takes seconds, so each is made once per session.

The large plan is built inside a transaction that is rolled back at once: the rendered bytes
and the engine's figures (captured in the same transaction) are all the tests need, and no
other test sees the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.db import transaction

from members.models import Association
from plans.models import Plan
from plans.pdf.document import plan_document
from plans.pdf.render import ARCHIVAL, render_plan_pdf
from plans.pdf.sample import build_large_plan

LARGE_YEAR = 2041


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    approved_pdf: bytes
    archival_pdf: bytes
    titles: list[str]  # section titles in the plan's order
    budget: object  # budgets.calc.BudgetSummary, from the engine
    cost_sign: str
    unit: str
    decision_line: str


_CACHE: dict[str, Rendered] = {}


@pytest.fixture
def large(db) -> Rendered:
    """The 20+ page plan as draft, as approved (in memory) and as PDF/A, rendered once."""
    if "large" not in _CACHE:
        _CACHE["large"] = _render_large()
    return _CACHE["large"]


def _render_large() -> Rendered:
    from budgets.services import budget_summary_for_plan

    with transaction.atomic():
        association = Association.objects.get(slug="vvnd")
        plan = build_large_plan(
            association=association,
            year=LARGE_YEAR,
            interventions=12,
            goals=9,
            rows=18,
            paragraphs=4,
        )
        plan = Plan.objects.select_related("association").get(pk=plan.pk)
        titles = [s.title for s in plan_document(plan).sections]
        budget = budget_summary_for_plan(plan)
        draft = render_plan_pdf(plan)
        # The approved rendering of the same plan (not saved: approval is the review's job).
        plan.status = Plan.Status.APPROVED
        plan.decision_date = date(LARGE_YEAR - 1, 11, 29)
        plan.decision_paragraph = "39"
        approved = render_plan_pdf(plan)
        archival = render_plan_pdf(plan, variant=ARCHIVAL)
        rendered = Rendered(
            pdf=draft,
            approved_pdf=approved,
            archival_pdf=archival,
            titles=titles,
            budget=budget,
            cost_sign=association.cost_sign,
            unit=plan.unit,
            decision_line=plan.decision_line,
        )
        transaction.set_rollback(True)
    return rendered


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Rendered files go to a temporary media folder, not the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
