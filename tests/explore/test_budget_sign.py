"""A minus sign typed on a cost line is named in the checks, not silently turned into income."""

from __future__ import annotations

import pytest

from budgets.models import Group
from budgets.services import (
    budget_cell_set,
    budget_checks,
    budget_line_create,
    budget_summary_for_plan,
)
from members.models import Association

from .newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db


def _below_zero(plan) -> list[str]:
    return [c.message for c in budget_checks(plan) if c.code == "line_below_zero"]


def test_minus_typed_on_a_cost_line_is_reported_with_the_year_and_group():
    association, director = new_association()
    plan = first_plan(association, director)
    line = budget_line_create(user=director, plan=plan, group=Group.ADMINISTRATION, name="Kansli")
    assert _below_zero(plan) == []
    budget_cell_set(
        user=director, line=line, year_index=0, text="−1 200 000", expected_version=None
    )
    messages = _below_zero(plan)
    assert messages == [
        f"Raden ”Kansli” har ett belopp under noll ({plan.year}), som minskar summan för "
        "”Administration och kansli”. Kontrollera tecknet."
    ]
    # The figures themselves are what was typed: costs went down by 1 200 000.
    assert budget_summary_for_plan(plan).years[0].total_costs == -1_200_000


def test_costs_shown_negative_take_a_minus_sign_without_a_warning():
    association, director = new_association()
    association.cost_sign = Association.CostSign.NEGATIVE
    association.save()
    plan = first_plan(association, director)
    line = budget_line_create(user=director, plan=plan, group=Group.ADMINISTRATION, name="Kansli")
    budget_cell_set(
        user=director, line=line, year_index=0, text="−1 200 000", expected_version=None
    )
    assert _below_zero(plan) == []
    assert budget_summary_for_plan(plan).years[0].total_costs == 1_200_000
