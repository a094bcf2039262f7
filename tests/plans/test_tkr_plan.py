"""A new association whose plan shows tkr (the QA's findings) on the plan pages: an
intervention's amounts survive a re-save to the krona, and the overview's key figures add up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgets.models import Group
from budgets.services import budget_cell_set, budget_line_create, intervention_amounts
from finsam.money import NBSP
from members.models import Member
from plans.models import Intervention, Plan
from tests.explore.newassoc import first_tkr_plan
from tests.indicators.html import table
from tests.resubmit import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssh(client):
    """Södra Hälsingland's first plan (2027), in tkr, with the director signed in."""
    plan, director = first_tkr_plan()
    client.force_login(director)
    return client, plan, director


def url(name: str, plan: Plan, **kw) -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def test_an_intervention_saved_again_keeps_its_amount_to_the_krona(ssh):
    client, plan, _director = ssh
    members = list(Member.objects.filter(association=plan.association).order_by("pk"))
    created = client.post(
        url("plans:intervention_create", plan),
        {
            "name": "Insteget",
            "kind": "individual",
            "status": "planned",
            "owner": members[0].pk,
            "parties": [members[3].pk],
            "start": "2027-01-01",
            "amount_1": "312,5",  # tkr: 312 500 kr
            "amount_2": "",
            "amount_3": "",
        },
    )
    assert created.status_code == 302
    intervention = Intervention.objects.get(plan=plan, name="Insteget")
    assert intervention_amounts(plan)[intervention.pk] == (312_500, None, None)

    edit = url("plans:intervention_edit", plan, intervention_id=intervention.pk)
    data = form_values(client.get(edit).content.decode(), edit, page=edit)
    assert data["amount_1"] == ["312,5"]  # not the rounded "313"
    data["status"] = ["ongoing"]  # the only change
    assert client.post(edit, data).status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == "ongoing"
    assert intervention_amounts(plan)[intervention.pk] == (312_500, None, None)


def _figure(text: str) -> int:
    return int(text.replace(NBSP, "").replace("\u2212", "-"))


def test_the_overviews_key_figures_add_up(ssh):
    client, plan, director = ssh
    for group, name, text in (
        (Group.EXTERNAL, "Bidrag ESF", "4 000,6"),
        (Group.ADMINISTRATION, "Kansli", "1 000,2"),
        (Group.INDIVIDUAL, "Insteget", "2 000,2"),
    ):
        line = budget_line_create(user=director, plan=plan, group=group, name=name)
        budget_cell_set(user=director, line=line, year_index=0, text=text, expected_version=None)
    rows = table(client.get(url("plans:overview", plan)).content, "Budgeten i korthet")
    figures = {r[0]: r[1] for r in rows[1:]}
    income, costs = _figure(figures["Intäkter"]), _figure(figures["Kostnader"])
    # income 4 000,6 and costs 3 000,4: the result 1 000,2 rounded alone printed 1 000 under
    # 4 001 − 3 000
    assert (income, costs) == (4_001, 3_000)
    assert _figure(figures["Resultat"]) == income - costs
