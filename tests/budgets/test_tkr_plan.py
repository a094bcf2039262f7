"""A new association whose budget shows tkr (the QA's findings): the settings form keeps every
krona on a re-save, and the budget page prints rows that add up to their sums."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from budgets.models import Group
from budgets.services import (
    budget_cell_set,
    budget_for_plan,
    budget_line_create,
    budget_settings_set,
)
from finsam.money import NBSP
from members.roles import Role
from plans.models import Plan
from tests.conftest import make_user
from tests.explore.newassoc import first_tkr_plan
from tests.indicators.html import table
from tests.resubmit import form_values

pytestmark = pytest.mark.django_db

# The QA's PDF, 2028: "Summa administration och kansli" 1 538 under rows printing 1 539.
ADMINISTRATION = (("Förbundschef", "700,5"), ("Kansli", "500,5"), ("Revision", "337,4"))


@pytest.fixture
def ssh():
    """Södra Hälsingland's first plan (2027), in tkr, and its director."""
    return first_tkr_plan()


def url(plan: Plan, name: str) -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})


def test_budget_settings_saved_again_keep_the_opening_equity_to_the_krona(ssh, client):
    plan, director = ssh
    budget = budget_for_plan(plan)
    budget_settings_set(
        user=director, budget=budget, expected_version=None, opening_equity=1_234_567
    )
    client.force_login(director)
    action = url(plan, "budgets:settings")
    data = form_values(client.get(action).content.decode(), action, page=action)
    assert data["opening_equity"] == [f"1{NBSP}234,567"]  # not the rounded "1 235"
    data["deficit_reason_1"] = ["Eget kapital förbrukas enligt styrelsens beslut."]
    assert client.post(action, data).status_code == 302
    budget.refresh_from_db()
    assert budget.opening_equity == 1_234_567
    assert budget.deficit_reason_1.startswith("Eget kapital förbrukas")


def _figure(text: str) -> int:
    return int(text.replace(NBSP, "").replace("\u2212", "-") or 0)


def _budget(plan: Plan, director) -> None:
    for group, rows in (
        (Group.ADMINISTRATION, ADMINISTRATION),
        (Group.INDIVIDUAL, (("Insteget", "2 051,75"),)),
        (Group.EXTERNAL, (("Bidrag ESF", "132,4"),)),
    ):
        for name, text in rows:
            line = budget_line_create(user=director, plan=plan, group=group, name=name)
            for year_index in range(3):
                budget_cell_set(
                    user=director,
                    line=line,
                    year_index=year_index,
                    text=text,
                    expected_version=None,
                )
                line.refresh_from_db()


def test_the_budget_page_prints_rows_that_add_up_to_their_sums(ssh, client):
    plan, director = ssh
    _budget(plan, director)
    client.force_login(make_user(plan.association, Role.BOARD))  # reads the printed figures
    rows = table(client.get(url(plan, "budgets:edit")).content, "Treårsbudget")
    figures = [r for r in rows[1:] if len(r) == 4 and "%" not in r[1] and r[1] != "–"]
    by_label = {r[0]: [_figure(c) for c in r[1:4]] for r in figures}
    admin = [by_label[name] for name, _ in ADMINISTRATION]
    assert [r[1] for r in admin] == [701, 500, 337]  # 2028; each rounded alone: 701 501 337
    assert by_label["Summa administration och kansli"] == [1_538, 1_538, 1_538]  # 1 538,4
    for year in range(3):
        assert sum(r[year] for r in admin) == by_label["Summa administration och kansli"][year]
        costs = sum(
            by_label[f"Summa {g}"][year]
            for g in ("administration och kansli", "individinriktade insatser")
        )
        assert costs == by_label["Summa kostnader"][year] == 3_590  # 3 590,15 tkr exact
        income = by_label["Summa intäkter"][year]
        assert by_label["Resultat"][year] == income - costs


def test_the_editor_shows_each_typed_amount_exactly_in_its_input(ssh, client):
    plan, director = ssh
    _budget(plan, director)
    client.force_login(director)
    page = client.get(url(plan, "budgets:edit")).content.decode()
    values = re.findall(r'class="cell-input" name="c-\d+-1" id="[^"]+" value="([^"]*)"', page)
    assert values[:4] == ["132,4", "700,5", "500,5", "337,4"]
