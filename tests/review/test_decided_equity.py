"""A decided plan keeps the equity step table and base it was approved with.

Found by exploring: after approval, the association changed its step from 20 % to 5 % and the
approved plan's budget page and reading view showed the new bound, while its official PDF
said 20 %. Approved plans cannot change (DESIGN), so the rules are recorded at approval.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets.models import BudgetLine, EquityStep, Group
from budgets.services import budget_for_plan, budget_summary_for_plan, equity_steps_set
from plans.models import Plan
from plans.review import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgeted(draft) -> Plan:
    budget = budget_for_plan(draft)
    budget.opening_equity = 1_500_000
    budget.save()
    BudgetLine.objects.create(
        budget=budget, group=Group.ADMINISTRATION, name="Kansli", amount_1=1_000_000
    )
    return draft


def test_the_approved_plan_keeps_its_step_table(budgeted, director, chair, vvnd):
    before = budget_summary_for_plan(budgeted).years[0]
    services.plan_send_to_board(user=director, plan=budgeted, acknowledge_errors=True)
    budgeted.refresh_from_db()
    services.plan_approve(
        user=chair,
        plan=budgeted,
        decision_date=services.decision_date_range(budgeted)[1],
        paragraph="§ 12",
        render_pdf=False,
    )
    budgeted.refresh_from_db()
    assert budgeted.is_frozen
    recorded = budgeted.budget.decided_equity
    assert recorded["base"] == vvnd.equity_base and recorded["steps"]

    # The association halves its steps afterwards.
    equity_steps_set(user=director, association=vvnd, steps=[(None, Decimal("5"))])
    assert list(
        EquityStep.objects.filter(association=vvnd).values_list("max_percent", flat=True)
    ) == [Decimal("5")]
    after = budget_summary_for_plan(budgeted).years[0]
    assert (after.equity_max_percent, after.equity_bound) == (
        before.equity_max_percent,
        before.equity_bound,
    )

    # A new revision is a draft again: it is measured against today's table.
    revision = services.plan_start_revision(user=director, plan=budgeted)
    assert budget_summary_for_plan(revision).years[0].equity_max_percent == Decimal("5")
