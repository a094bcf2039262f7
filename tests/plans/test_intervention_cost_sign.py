"""The intervention form's amounts are the intervention's budget line, typed as the budget grid
takes them (budgets.forms.CostAmountField: calc.input_text / calc.stored_amount). Where costs are
shown negative the form refused "−2 450" (the way the grid shows the cost) and took "2 450",
and the services' refusal told it to type "+2 450", which the form refused as well. Where costs
are shown positive nothing changes."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from budgets.services import intervention_amounts, intervention_amounts_set
from plans.models import Plan
from tests.plans.test_views import intervention_data

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
NAME = "Arbetsträning Säffle"


@pytest.fixture
def negative(draft) -> Plan:
    draft.association.cost_sign = "negative"
    draft.association.save()
    return Plan.objects.select_related("association").get(pk=draft.pk)


def _post(director, url, plan: Plan, **amounts):
    return director.post(url("plans:intervention_create", plan), intervention_data(plan, **amounts))


def _amounts(plan: Plan):
    return intervention_amounts(plan)[plan.interventions.get(name=NAME).pk]


def _input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag[0])
    return value[1] if value else ""


def test_where_costs_are_negative_the_form_takes_a_cost_with_its_minus(director, url, negative):
    response = _post(director, url, negative, amount_1="−450 000", amount_2="-450 000")
    assert response.status_code == 302
    assert _amounts(negative) == (450_000, 450_000, None)
    # shown again as the grid shows it: with the minus
    iv = negative.interventions.get(name=NAME)
    edit = url("plans:intervention_edit", negative, intervention_id=iv.pk)
    html = director.get(edit).content.decode()
    assert _input_value(html, "amount_1") == f"−450{NBSP}000"


def test_where_costs_are_negative_a_cost_without_minus_is_refused_as_in_the_grid(
    director, url, negative
):
    response = _post(director, url, negative, amount_1="450 000", amount_2="")
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        f"Kostnader skrivs med minustecken i den här budgeten: skriv −450{NBSP}000, "
        f"eller +450{NBSP}000 för en kostnadsminskning." in html
    )
    assert not negative.interventions.filter(name=NAME).exists()


def test_where_costs_are_negative_a_plus_is_a_cost_reduction_that_saves_again_unchanged(
    director, url, negative
):
    response = _post(director, url, negative, amount_1="−450 000", amount_2="+2 450")
    assert response.status_code == 302
    assert _amounts(negative) == (450_000, -2_450, None)
    iv = negative.interventions.get(name=NAME)
    edit = url("plans:intervention_edit", negative, intervention_id=iv.pk)
    html = director.get(edit).content.decode()
    assert _input_value(html, "amount_2") == f"+2{NBSP}450"
    # The form saved again as shown (a new name, amounts untouched) keeps the reduction.
    data = intervention_data(
        negative,
        name="Arbetsträning Säffle 2",
        amount_1=_input_value(html, "amount_1"),
        amount_2=_input_value(html, "amount_2"),
        version=iv.version,
    )
    assert director.post(edit, data).status_code == 302
    iv.refresh_from_db()
    assert iv.name == "Arbetsträning Säffle 2"
    assert intervention_amounts(negative)[iv.pk] == (450_000, -2_450, None)


def test_where_costs_are_negative_the_help_says_how_costs_and_reductions_are_typed(
    director, url, negative
):
    html = director.get(url("plans:intervention_create", negative)).content.decode()
    assert "Kostnader skrivs med minustecken, som i budgeten" in html


def test_a_service_caller_giving_kronor_is_still_refused_a_cost_below_zero(negative):
    iv = negative.interventions.first()
    with pytest.raises(ValidationError, match="minustecken"):
        intervention_amounts_set(user=None, intervention=iv, amounts=(-100, None, None))


def test_where_costs_are_positive_the_form_is_unchanged(director, url, draft):
    assert draft.association.cost_sign == "positive"
    response = _post(director, url, draft, amount_1="450 000", amount_2="+2 450")
    assert response.status_code == 302
    assert _amounts(draft) == (450_000, 2_450, None)
    iv = draft.interventions.get(name=NAME)
    html = director.get(url("plans:intervention_edit", draft, intervention_id=iv.pk)).content
    assert _input_value(html.decode(), "amount_1") == f"450{NBSP}000"
    assert "Kostnader skrivs med minustecken" not in html.decode()
    refused = director.post(
        url("plans:intervention_edit", draft, intervention_id=iv.pk),
        intervention_data(draft, amount_1="-450 000", version=iv.version),
    )
    assert refused.status_code == 422
    assert "Skriv beloppet utan minustecken: det är en kostnad." in refused.content.decode()
