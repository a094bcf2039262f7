"""URL keyword values for the budget views (a line of the walk plan's budget)."""

from __future__ import annotations

from tests.url_kwargs import walk_plan


def _line_id(association) -> int:
    from budgets.models import BudgetLine, Group
    from budgets.services import budget_for_plan

    budget = budget_for_plan(walk_plan(association))
    line = budget.lines.exclude(group=Group.CONTRIBUTIONS).first()
    if line is None:
        line = BudgetLine.objects.create(budget=budget, group=Group.ADMINISTRATION, name="Revision")
    return line.pk


KWARGS = {"line_id": _line_id}
