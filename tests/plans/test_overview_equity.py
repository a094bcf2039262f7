"""The overview's key figures give equity against its bound (DESIGN §6: "key figures: total,
result per year, equity vs bound, admin share"), per year, from the figures the budget page
prints: the bound in the plan's unit and the equity ratio, with a word when above the bound."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.calc import shown_summary
from budgets.services import (
    budget_for_plan,
    budget_settings_set,
    budget_summary_for_plan,
    equity_steps_set,
)
from finsam.money import format_money, format_percent
from members.models import Association, Role
from plans.models import Plan
from plans.services import plan_roll_forward
from tests.conftest import make_user
from tests.indicators.html import table

pytestmark = pytest.mark.django_db

BOUND = "Rekommenderad högsta nivå för eget kapital"
RATIO = "Eget kapital i procent av basen"


def _key_figures(client, plan: Plan) -> dict[str, list[str]]:
    page = reverse("plans:overview", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    rows = table(client.get(page).content, "Budgeten i korthet")
    return {r[0]: r[1:] for r in rows[1:]}


def test_vvnd_2026_shows_the_bound_and_ratio_per_year_and_says_when_above(
    draft, role_user, client, vvnd
):
    director = role_user("director")
    # VVND 2026 (seed 000 rolled forward): contributions 7 077 600 a year. A 20 % step up to
    # 10 MSEK puts the bound at 1 415 520; 1 400 000 of equity is under it in 2026, and a
    # planned surplus of 100 000 in 2027 (the balancing line leaves it) takes it over.
    equity_steps_set(user=director, association=vvnd, steps=[(10_000_000, Decimal("20"))])
    budget = budget_for_plan(draft)
    budget_settings_set(
        user=director,
        budget=budget,
        expected_version=budget.version,
        opening_equity=1_400_000,
        balance_target_2=100_000,
    )
    exact = budget_summary_for_plan(draft)
    assert [y.equity_bound for y in exact.years] == [1_415_520] * 3
    assert [y.above_bound for y in exact.years] == [False, True, True]

    client.force_login(director)
    figures = _key_figures(client, draft)
    assert figures[BOUND] == ["1\xa0415\xa0520"] * 3
    assert figures[RATIO] == [
        format_percent(exact.years[0].equity_ratio),
        f"{format_percent(exact.years[1].equity_ratio)} över gränsen",
        f"{format_percent(exact.years[2].equity_ratio)} över gränsen",
    ]
    assert figures[RATIO][0] == "19,8\xa0%"  # 1 400 000 of 7 077 600


def test_falun_in_tkr_prints_the_bound_as_its_budget_page_does(client):
    falun = Association.objects.get(slug="falun-borlange")
    director = make_user(falun, Role.DIRECTOR)
    decided = Plan.objects.get(association=falun, year=2025, status=Plan.Status.APPROVED)
    plan = plan_roll_forward(user=None, plan=decided)
    assert plan.unit == "tkr"
    equity_steps_set(user=director, association=falun, steps=[(None, Decimal("20"))])
    printed = shown_summary(budget_summary_for_plan(plan))
    bounds = [y.equity_bound for y in printed.years]
    assert None not in bounds

    client.force_login(director)
    figures = _key_figures(client, plan)
    assert figures[BOUND] == [format_money(b, "tkr") for b in bounds]
    # The budget page's row of the same name prints the same cells.
    budget_page = reverse("budgets:edit", kwargs={"assoc": falun.slug, "plan_id": plan.pk})
    grid = {r[0]: r[1:] for r in table(client.get(budget_page).content, "Treårsbudget")}
    assert figures[BOUND] == grid[BOUND]
    # Falun's 2 900 000 of equity is well over 20 % of 8 396 000 in contributions.
    assert all(cell.endswith(" över gränsen") for cell in figures[RATIO])
    assert [cell.removesuffix(" över gränsen") for cell in figures[RATIO]] == grid[RATIO]


def test_without_a_step_the_bound_reads_as_a_dash(draft, client_for):
    figures = _key_figures(client_for("director"), draft)
    # VVND has no step covering 7 077 600 and no opening equity: nothing to measure against.
    assert figures[BOUND] == ["–"] * 3
    assert figures[RATIO] == ["–"] * 3
