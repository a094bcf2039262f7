"""Costs shown negative are typed negative: a cost typed without the minus sign is refused
with what to type, everywhere a cost amount is typed, never stored as a negative cost."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from budgets import calc, services
from budgets.models import BudgetLine, Group
from finsam.money import MoneyParseError, parse_money, typed_with_plus
from plans.models import Intervention, Plan
from plans.services import plan_roll_forward

HX = {"HTTP_HX_REQUEST": "true"}
NBSP = "\u00a0"


# ------------------------------------------------------------------------------------ the rule
def refusal(minus: str, plus: str) -> str:
    return (
        f"Kostnader skrivs med minustecken i den här budgeten: skriv {minus}, eller {plus} "
        "för en kostnadsminskning."
    )


@pytest.mark.parametrize(
    "typed,unit,message",
    [
        (2_450, "kr", refusal(f"−2{NBSP}450", f"+2{NBSP}450")),
        (801_000, "kr", refusal(f"−801{NBSP}000", f"+801{NBSP}000")),
        # Falun's tkr table: "4 198" is 4 198 000 kr and the answer is in tkr too.
        (4_198_000, "tkr", refusal(f"−4{NBSP}198", f"+4{NBSP}198")),
        (4_200, "tkr", refusal("−4,2", "+4,2")),
    ],
)
def test_a_cost_without_minus_is_refused_where_costs_are_shown_negative(typed, unit, message):
    assert calc.cost_sign_error(typed, is_income=False, cost_sign="negative", unit=unit) == message
    with pytest.raises(calc.CostSignError) as raised:
        calc.stored_amount(typed, is_income=False, cost_sign="negative", unit=unit)
    assert str(raised.value) == message
    assert isinstance(raised.value, MoneyParseError)  # reported wherever bad input is


@pytest.mark.parametrize(
    "typed,is_income,sign,stored",
    [
        (-801_000, False, "negative", 801_000),  # as the grid shows it
        (0, False, "negative", 0),
        (2_450, True, "negative", 2_450),  # income is typed as it is shown, positive
        (-2_450, True, "negative", -2_450),
        (2_450, False, "positive", 2_450),
        (-2_450, False, "positive", -2_450),  # the line_below_zero check names this one
    ],
)
def test_what_the_rule_lets_through_is_stored_as_before(typed, is_income, sign, stored):
    assert calc.cost_sign_error(typed, is_income=is_income, cost_sign=sign) == ""
    assert calc.stored_amount(typed, is_income=is_income, cost_sign=sign) == stored


def test_the_refusal_has_an_english_translation():
    with translation.override("en"):
        message = calc.cost_sign_error(2_450, is_income=False, cost_sign="negative")
    assert message and "Kostnader" not in message and f"−2{NBSP}450" in message
    assert f"+2{NBSP}450" in message


@pytest.mark.parametrize(
    "text,unit,stored",
    [
        ("+2 450", "kr", -2_450),
        ("\uff0b2 450", "kr", -2_450),  # the full-width plus some keyboards give
        ("+ 2 450 kr", "kr", -2_450),
        (f"+801{NBSP}000", "kr", -801_000),
        ("+4,2", "tkr", -4_200),
        ("\uff0b 4 198", "tkr", -4_198_000),
    ],
)
def test_a_cost_reduction_is_typed_with_a_plus_where_costs_are_shown_negative(text, unit, stored):
    """A refund or a reversed accrual is a negative cost: "+2 450" says it is meant."""
    typed = parse_money(text, unit=unit)
    assert typed_with_plus(text) and not typed_with_plus(text.replace("+", "").lstrip("\uff0b"))
    rule = {"is_income": False, "cost_sign": "negative", "unit": unit}
    assert calc.cost_sign_error(typed, **rule, plus=True) == ""
    assert calc.stored_amount(typed, **rule, plus=True) == stored
    # The input shows it with its plus, so saving the cell again is not refused.
    shown = calc.input_text(stored, **rule)
    assert shown.startswith("+") and shown == "+" + calc.input_text(-stored, **rule)[1:]
    assert calc.stored_amount(parse_money(shown, unit=unit), **rule, plus=True) == stored


@pytest.mark.parametrize(
    "sign,is_income", [("positive", False), ("positive", True), ("negative", True)]
)
def test_a_plus_means_nothing_more_where_figures_are_typed_as_stored(sign, is_income):
    rule = {"is_income": is_income, "cost_sign": sign}
    assert calc.stored_amount(2_450, **rule, plus=True) == 2_450
    assert calc.stored_amount(-2_450, **rule, plus=False) == -2_450
    assert calc.input_text(2_450, **rule) == f"2{NBSP}450"
    assert calc.input_text(-2_450, **rule) == f"−2{NBSP}450"


def test_an_input_shows_ordinary_costs_zero_and_blank_as_before_where_costs_are_negative():
    rule = {"is_income": False, "cost_sign": "negative"}
    assert calc.input_text(2_450, **rule) == f"−2{NBSP}450"
    assert calc.input_text(4_200, **rule, unit="tkr") == "−4,2"
    assert calc.input_text(0, **rule) == "0"
    assert calc.input_text(None, **rule) == ""


# ------------------------------------------------------------------------------- the services
@pytest.fixture
def plan(vvnd) -> Plan:
    """VVND's next draft (rolled forward from the seed), costs shown negative, none balanced."""
    seed = Plan.objects.get(association=vvnd, year=2025)
    draft = plan_roll_forward(user=None, plan=seed)
    services.budget_settings_set(
        user=None,
        budget=services.budget_for_plan(draft),
        expected_version=None,
        balance_target_1=None,
        balance_target_2=None,
        balance_target_3=None,
    )
    vvnd.cost_sign = "negative"
    vvnd.save()
    return Plan.objects.select_related("association").get(pk=draft.pk)


def line(plan: Plan, name: str) -> BudgetLine:
    return BudgetLine.objects.select_related("budget__plan__association").get(
        budget__plan=plan, name=name
    )


def test_cell_set_refuses_a_cost_without_minus_and_saves_nothing(plan):
    revision = line(plan, "Revision")
    before = services.budget_summary_for_plan(plan).years[0]
    with pytest.raises(calc.CostSignError, match="skriv −2"):
        services.budget_cell_set(
            user=None, line=revision, year_index=0, text="2 450", expected_version=None
        )
    assert line(plan, "Revision").amount_1 == 80_000
    after = services.budget_summary_for_plan(plan).years[0]
    assert (after.total_costs, after.result) == (before.total_costs, before.result)


def test_cell_set_takes_minus_zero_blank_and_positive_income(plan):
    revision = line(plan, "Revision")
    for text, stored in (("−2 450", 2_450), ("0", 0), ("", None), ("-80 000", 80_000)):
        services.budget_cell_set(
            user=None, line=revision, year_index=0, text=text, expected_version=None
        )
        assert line(plan, "Revision").amount_1 == stored
    services.budget_line_create(user=None, plan=plan, group=Group.EXTERNAL, name="ESF-bidrag")
    services.budget_cell_set(
        user=None,
        line=line(plan, "ESF-bidrag"),
        year_index=0,
        text="132 400",
        expected_version=None,
    )
    assert line(plan, "ESF-bidrag").amount_1 == 132_400


def test_cell_set_takes_a_cost_reduction_typed_with_a_plus(plan):
    revision = line(plan, "Revision")
    before = services.budget_summary_for_plan(plan).years[0].total_costs
    for text in ("+2 450", "\uff0b 2 450"):
        services.budget_cell_set(
            user=None, line=revision, year_index=0, text=text, expected_version=None
        )
        assert line(plan, "Revision").amount_1 == -2_450
    after = services.budget_summary_for_plan(plan).years[0].total_costs
    assert after == before - 80_000 - 2_450  # the cost gone, and 2 450 less besides


def test_cell_set_in_tkr_takes_a_plus_with_decimals(plan):
    services.budget_display_set(user=None, plan=plan, unit="tkr", cost_sign="negative")
    plan = Plan.objects.select_related("association").get(pk=plan.pk)
    services.budget_cell_set(
        user=None, line=line(plan, "Revision"), year_index=0, text="+4,25", expected_version=None
    )
    assert line(plan, "Revision").amount_1 == -4_250


def test_a_plus_where_costs_are_shown_positive_is_an_ordinary_cost(plan, vvnd):
    vvnd.cost_sign = "positive"
    vvnd.save()
    services.budget_cell_set(
        user=None, line=line(plan, "Revision"), year_index=0, text="+2 450", expected_version=None
    )
    assert line(plan, "Revision").amount_1 == 2_450


def test_services_given_kronor_refuse_a_cost_below_zero_where_costs_are_shown_negative(plan):
    with pytest.raises(ValidationError, match="skriv −2"):
        services.budget_line_create(
            user=None, plan=plan, group=Group.ADMINISTRATION, name="Hyra", amounts=(-2_450, 0, 0)
        )
    assert not BudgetLine.objects.filter(budget__plan=plan, name="Hyra").exists()
    iv = Intervention.objects.create(plan=plan, name="Ny insats", kind="structural")
    with pytest.raises(ValidationError, match="minustecken"):
        services.intervention_amounts_set(user=None, intervention=iv, amounts=(-100, None, None))
    services.intervention_amounts_set(user=None, intervention=iv, amounts=(100_000, None, None))
    with pytest.raises(ValidationError, match="minustecken"):
        services.intervention_amounts_set(user=None, intervention=iv, amounts=(100_000, -1, None))
    assert services.intervention_amounts(plan)[iv.pk] == (100_000, None, None)


# ---------------------------------------------------------------------------------- the pages
def url(plan: Plan, name: str = "") -> str:
    return f"/f/{plan.association.slug}/plan/{plan.pk}/budget/{name}"


def cell_html(html: str, line_id: int, year_index: int) -> str:
    return re.search(rf'<td[^>]*id="line-{line_id}-{year_index}".*?</td>', html, re.S).group(0)


def test_htmx_cell_save_marks_the_cell_keeps_the_figure_and_announces_the_rule(client_for, plan):
    revision = line(plan, "Revision")
    response = client_for("finance").post(
        url(plan, "spara/"),
        {f"c-{revision.pk}-0": "2 450", f"v-{revision.pk}": revision.version},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    cell = cell_html(html, revision.pk, 0)
    assert 'aria-invalid="true"' in cell
    assert f'aria-describedby="err-line-{revision.pk}-0"' in cell
    assert 'value="2 450"' in cell  # what was typed stays, to be corrected
    message = re.search(r'<span class="cell-message"[^>]*>(.*?)</span>', cell).group(1)
    assert message == refusal(f"−2{NBSP}450", f"+2{NBSP}450")
    # The live region under the grid (role="status") reads the same message out.
    status = re.search(r'<p id="budget-status"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert status == f"Beloppet kunde inte sparas: {message}"
    assert line(plan, "Revision").amount_1 == 80_000


def test_form_without_javascript_refuses_the_cost_and_keeps_every_other_figure(client_for, plan):
    revision, board = line(plan, "Revision"), line(plan, "Styrelse")
    response = client_for("finance").post(
        url(plan, "spara/"),
        {
            f"c-{revision.pk}-0": "2 450",
            f"v-{revision.pk}": revision.version,
            f"c-{board.pk}-0": "−265 000",
            f"v-{board.pk}": board.version,
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Några belopp kunde inte sparas" in html
    cell = cell_html(html, revision.pk, 0)
    assert 'aria-invalid="true"' in cell and 'value="2 450"' in cell
    assert "Kostnader skrivs med minustecken i den här budgeten" in cell
    assert line(plan, "Revision").amount_1 == 80_000
    assert line(plan, "Styrelse").amount_1 == 265_000  # typed with the minus: saved


def test_editor_says_up_front_that_costs_take_a_minus(client_for, plan, vvnd):
    html = client_for("finance").get(url(plan)).content.decode()
    help_line = re.search(r'<p id="budget-sign-help">(.*?)</p>', html).group(1)
    assert help_line.startswith("Kostnader skrivs med minustecken i den här budgeten")
    assert 'id="budget-grid" aria-describedby="budget-sign-help"' in html
    # Those who only read see no typing advice; with costs positive there is none to give.
    assert 'id="budget-sign-help"' not in client_for("board").get(url(plan)).content.decode()
    vvnd.cost_sign = "positive"
    vvnd.save()
    assert 'id="budget-sign-help"' not in client_for("finance").get(url(plan)).content.decode()


def test_a_cost_reduction_saved_with_a_plus_is_shown_with_it_and_saves_again(client_for, plan):
    revision = line(plan, "Revision")
    client = client_for("finance")
    response = client.post(
        url(plan, "spara/"),
        {f"c-{revision.pk}-0": "+2 450", f"v-{revision.pk}": revision.version},
        **HX,
    )
    cell = cell_html(response.content.decode(), revision.pk, 0)
    assert 'aria-invalid="true"' not in cell
    assert line(plan, "Revision").amount_1 == -2_450
    # The grid shows it as it is typed...
    shown = f"+2{NBSP}450"
    assert f'value="{shown}"' in cell
    page = client.get(url(plan)).content.decode()
    assert f'value="{shown}"' in cell_html(page, revision.pk, 0)
    # ...so the form without JavaScript posts it back (also retyped) and nothing is refused.
    revision = line(plan, "Revision")
    for text in (shown, "+2 450"):
        response = client.post(
            url(plan, "spara/"), {f"c-{revision.pk}-0": text, f"v-{revision.pk}": revision.version}
        )
        assert response.status_code == 302
    assert line(plan, "Revision").amount_1 == -2_450
