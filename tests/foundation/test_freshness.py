"""Cached plan figures follow every write at once (finsam.freshness).

The overview's figures and checks are cached under the association's data stamp; a stale
figure on the overview would be a wrong number in front of the board, so each kind of write
(save, delete, many-to-many, a shared row, a row two hops from its plan) is shown to change
the stamp and, through the real page, the figures.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from budgets.models import BudgetLine
from budgets.services import budget_cell_set, budget_summary_for_plan
from finsam import freshness
from indicators.models import Indicator
from members.models import Association, Group, GroupMember, Member
from plans.models import Intervention, Plan
from plans.services import plan_figures, plan_roll_forward

pytestmark = pytest.mark.django_db


def _tracked_models():
    for label in freshness.TRACKED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label not in freshness.UNTRACKED_MODELS:
                yield model


@pytest.mark.parametrize("model", list(_tracked_models()), ids=lambda m: m._meta.label)
def test_every_tracked_model_finds_its_association(model):
    assert freshness._association_path(model) is not None


@pytest.fixture
def draft(vvnd) -> Plan:
    existing = Plan.objects.filter(association=vvnd, year=2026).first()
    if existing:
        return existing
    latest = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
    return plan_roll_forward(user=None, plan=latest)


def _stamp(association: Association) -> str:
    return freshness.current_stamp(association.pk)


def test_stamps_are_fresh_tokens_never_a_counter(vvnd):
    seen = set()
    for _ in range(5):
        freshness.touch(vvnd.pk)
        seen.add(_stamp(vvnd))
    assert len(seen) == 5  # a rolled-back write could otherwise hand out a used stamp again


def test_a_budget_cell_changes_the_cached_figures(draft):
    before = plan_figures(draft)
    line = BudgetLine.objects.filter(budget__plan=draft, group="administration").first()
    old = line.amounts[0] or 0
    budget_cell_set(
        user=None, line=line, year_index=0, text=str(old + 12_345), expected_version=line.version
    )
    after = plan_figures(draft)
    assert after.budget != before.budget
    assert after.budget == budget_summary_for_plan(draft)  # cached equals computed


def test_the_overview_page_shows_a_new_figure_at_once(draft, client_for):
    director = client_for("director")
    url = reverse("plans:overview", kwargs={"assoc": "vvnd", "plan_id": draft.pk})
    director.get(url)  # fills the cache
    before = director.get(url).content.decode()
    intervention = Intervention.objects.filter(plan=draft).first()
    from plans.services import intervention_delete

    intervention_delete(user=None, intervention=intervention)
    after = director.get(url).content.decode()
    assert before != after
    count = draft.interventions.count()
    assert f"{count} insatser" in after and f"{count + 1} insatser" in before


def test_deletes_saves_and_links_each_change_the_stamp(vvnd, draft):
    steps = []
    member = Member.objects.filter(association=vvnd).first()
    member.population = (member.population or 0) + 1
    steps.append(lambda: member.save())
    intervention = Intervention.objects.filter(plan=draft).first()
    steps.append(lambda: intervention.parties.remove(member))  # many-to-many
    steps.append(lambda: intervention.parties.add(member))
    group = Group.objects.create(association=vvnd, name="Beredningsgrupp")
    # Two hops: GroupMember → Group → association.
    steps.append(lambda: GroupMember.objects.create(group=group, person="Anna Andersson"))
    steps.append(lambda: group.delete())
    for step in steps:
        before = _stamp(vvnd)
        step()
        assert _stamp(vvnd) != before


def test_a_shared_row_changes_every_association(vvnd, varna):
    shared = Indicator.objects.filter(association=None).first()
    before = (_stamp(vvnd), _stamp(varna))
    shared.save()
    assert _stamp(vvnd) != before[0] and _stamp(varna) != before[1]


def test_another_associations_write_leaves_the_cache_alone(vvnd, varna):
    before = _stamp(vvnd)
    member = Member.objects.filter(association=varna).first()
    member.save()
    assert _stamp(vvnd) == before
