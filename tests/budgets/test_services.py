"""Budget services against the database: seeds via the real contribution engine, cell saves,
locking, roll-forward, intervention amounts and the query count of the summary."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets import services
from budgets.demo import SEED_001_SLIPS
from budgets.models import Budget, BudgetLine, EquityStep, Group
from finsam.money import MoneyParseError
from members.models import Association
from members.roles import Role
from plans.locking import EditConflict
from plans.models import Intervention, Plan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def plan_of(slug: str, year: int) -> Plan:
    return Plan.objects.filter(association__slug=slug, year=year).order_by("-revision").first()


def line_named(plan: Plan, name: str) -> BudgetLine:
    return BudgetLine.objects.select_related("budget__plan__association").get(
        budget__plan=plan, name=name
    )


def test_new_association_gets_the_20_percent_step():
    a = Association.objects.create(name="Testförbundet", slug="test-forbundet")
    steps = list(EquityStep.objects.filter(association=a).values_list("up_to", "max_percent"))
    assert steps == [(7_000_000, 20)]


def test_demo_budget_of_varna_reproduces_seed_004():
    plan = plan_of("varna", 2023)
    s = services.budget_summary_for_plan(plan)
    assert s.result == (-1_385_948, 0, 0)
    assert s.total_costs == (9_111_904, 7_652_000, 7_652_000)
    assert s.years[0].total_income == 7_725_956
    assert s.group(Group.ADMINISTRATION).totals[0] == 2_709_037
    assert s.group(Group.INDIVIDUAL).totals[0] == 6_152_867
    assert [y.closing_equity for y in s.years] == [2_000_000] * 3


def test_demo_budget_of_vvnd_reproduces_seed_000():
    s = services.budget_summary_for_plan(plan_of("vvnd", 2025))
    y1 = s.years[0]
    assert y1.contributions == 7_864_000
    assert y1.total_income == 10_056_000
    assert s.group(Group.INDIVIDUAL).totals[0] == 6_550_000
    assert s.group(Group.STRUCTURAL).totals[0] == 1_792_000
    assert s.group(Group.ADMINISTRATION).totals[0] == 1_346_000
    assert y1.result == 368_000


def draft_after(slug: str, year: int) -> Plan:
    """Next year's draft of an approved seed plan (the demo approves the seed plans)."""
    from plans.services import plan_roll_forward

    return plan_roll_forward(user=None, plan=plan_of(slug, year))


def test_demo_budget_of_falun_reproduces_seed_001_in_tkr():
    plan = plan_of("falun-borlange", 2025)
    assert plan.unit == "tkr"
    s = services.budget_summary_for_plan(plan)
    y1 = s.years[0]
    assert (y1.total_income, y1.total_costs, y1.result) == (8_528_000, 8_528_000, 0)
    assert y1.balancing_amount == 1_312_000
    assert y1.closing_equity == 2_900_000
    assert "wrong_unit" not in [c.code for c in s.checks]


def test_cell_set_reads_a_tkr_table_and_the_wrong_unit_check_catches_the_seed_slip():
    plan = draft_after("falun-borlange", 2025)
    assert plan.unit == "tkr"
    user = make_user(plan.association, Role.FINANCE, "ekonom-falun")
    plan.association.cost_sign = "negative"  # Falun prints costs negative
    plan.association.save()
    line = line_named(plan, "Kontorshyra")
    # The seed's slip: "-50 000" typed in a tkr table means 50 MSEK …
    services.budget_cell_set(
        user=user,
        line=line,
        year_index=0,
        text=SEED_001_SLIPS["Kontorshyra"],
        expected_version=line.version,
    )
    line = line_named(plan, "Kontorshyra")
    assert line.amount_1 == 50_000_000
    wrong = [c for c in services.budget_checks(plan) if c.code == "wrong_unit"]
    assert len(wrong) == 1 and "Kontorshyra" in wrong[0].message
    # … corrected to 50 tkr, and "4,2" tkr is 4 200 kr.
    services.budget_cell_set(
        user=user, line=line, year_index=0, text="-50", expected_version=line.version
    )
    line = line_named(plan, "Kontorshyra")
    assert line.amount_1 == 50_000
    services.budget_cell_set(
        user=user, line=line, year_index=1, text="−4,2", expected_version=line.version
    )
    assert line_named(plan, "Kontorshyra").amounts[:2] == (50_000, 4_200)
    assert "wrong_unit" not in [c.code for c in services.budget_checks(plan)]


def test_decided_plan_cannot_be_edited():
    plan = plan_of("falun-borlange", 2025)
    assert plan.is_frozen
    line = line_named(plan, "Kontorshyra")
    with pytest.raises(PermissionDenied):
        services.budget_cell_set(
            user=None, line=line, year_index=0, text="1", expected_version=line.version
        )


def test_cell_set_rejects_bad_input_and_saves_nothing():
    plan = plan_of("varna", 2023)
    line = line_named(plan, "Lokalhyra")
    with pytest.raises(MoneyParseError):
        services.budget_cell_set(
            user=None, line=line, year_index=0, text="tio tusen", expected_version=line.version
        )
    line.refresh_from_db()
    assert line.amount_1 == 105_000


def test_stale_version_raises_conflict_with_the_other_value():
    plan = plan_of("varna", 2023)
    line = line_named(plan, "Lokalhyra")
    loaded = line.version
    services.budget_cell_set(
        user=None, line=line, year_index=0, text="110 000", expected_version=loaded
    )
    stale = line_named(plan, "Lokalhyra")
    with pytest.raises(EditConflict) as info:
        services.budget_cell_set(
            user=None, line=stale, year_index=0, text="120 000", expected_version=loaded
        )
    assert info.value.current.amount_1 == 110_000
    assert line_named(plan, "Lokalhyra").amount_1 == 110_000


def test_board_member_cannot_write_and_contribution_cells_are_computed():
    plan = plan_of("varna", 2023)
    line = line_named(plan, "Lokalhyra")
    board = make_user(plan.association, Role.BOARD, "ledamot-varna")
    with pytest.raises(PermissionDenied):
        services.budget_cell_set(
            user=board, line=line, year_index=0, text="1", expected_version=line.version
        )
    with pytest.raises(ValidationError):
        services.budget_line_create(
            user=make_user(plan.association, Role.FINANCE, "ek-varna"),
            plan=plan,
            group=Group.CONTRIBUTIONS,
            name="Nacka",
        )


def test_balanced_year_is_not_typed():
    plan = draft_after("vvnd", 2025)  # the seed balances 2026–2027: now years 1–2
    line = BudgetLine.objects.select_related("budget__plan__association").get(
        budget__plan=plan, is_balancing=True
    )
    assert line.budget.balance_target_1 is not None
    with pytest.raises(ValidationError):
        services.budget_cell_set(
            user=None, line=line, year_index=0, text="5", expected_version=line.version
        )


def test_roll_forward_shifts_years_and_carries_equity():
    old = plan_of("varna", 2023)
    new = Plan.objects.create(association=old.association, year=2024, previous=old)
    services.budget_roll_forward(old_plan=old, new_plan=new, intervention_map={})
    budget = Budget.objects.get(plan=new)
    assert budget.opening_equity == 2_000_000
    rent = BudgetLine.objects.get(budget=budget, name="Lokalhyra")
    assert rent.amounts == (107_100, 109_242, 109_242)


def test_intervention_amounts_round_trip():
    plan = plan_of("varna", 2023)
    iv = Intervention.objects.create(plan=plan, name="Ny insats", kind="structural")
    assert (
        services.intervention_amounts_set(user=None, intervention=iv, amounts=(None, None, None))
        is None
    )
    line = services.intervention_amounts_set(
        user=None, intervention=iv, amounts=(100_000, 120_000, None)
    )
    assert line.group == Group.STRUCTURAL
    assert services.intervention_amounts(plan)[iv.pk] == (100_000, 120_000, None)
    with pytest.raises(EditConflict):
        services.intervention_amounts_set(
            user=None, intervention=iv, amounts=(1, 2, 3), expected_version=line.version - 1
        )
    s = services.budget_summary_for_plan(plan)
    assert s.group(Group.STRUCTURAL).totals[0] == 350_000


def test_summary_query_count_does_not_grow_with_lines(django_assert_max_num_queries):
    plan = plan_of("varna", 2023)
    budget = services.budget_for_plan(plan)
    services.budget_summary_for_plan(plan)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        services.budget_summary_for_plan(plan)
    for i in range(40):
        BudgetLine.objects.create(budget=budget, group=Group.STRUCTURAL, name=f"Rad {i}")
    with CaptureQueriesContext(connection) as many:
        services.budget_summary_for_plan(plan)
    assert len(many.captured_queries) == len(few.captured_queries) <= 10
