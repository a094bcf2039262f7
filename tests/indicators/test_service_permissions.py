"""The indicators services check the caller's role themselves, as the other apps' services do:
a view that forgot its decorator, a management command or a future API cannot write targets,
outcomes or indicators with the wrong role, from another association, or into a decided plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from indicators import services
from indicators.models import Indicator, Outcome, Target
from members.roles import Role
from plans.models import Plan
from tests.conftest import make_user

from .conftest import goals_of


@pytest.fixture
def target(seeded: Plan) -> Target:
    return seeded.targets.order_by("order", "pk").first()


def _writes(user, plan: Plan, target: Target) -> list:
    own = services.indicator_create(
        user=None, association=plan.association, name="Besök", wording="Antal besök"
    )
    outcome = services.outcome_save(user=None, target=target, period=str(plan.year), value=50)
    return [
        lambda: services.target_create(
            user=user,
            plan=plan,
            goal=goals_of(plan)[0],
            indicator=Indicator.objects.get(key="nns-1"),
            kind="percent",
            value=Decimal(70),
            method="survey",
        ),
        lambda: services.target_update(target, user=user, expected_version=None, value=10),
        lambda: services.target_delete(target, user=user),
        lambda: services.outcome_save(user=user, target=target, period=str(plan.year), value=1),
        lambda: services.outcome_delete(outcome, user=user),
        lambda: services.indicator_create(
            user=user, association=plan.association, name="X", wording="Y"
        ),
        lambda: services.indicator_update(own, user=user, expected_version=None, name="Z"),
        lambda: services.indicator_delete(own, user=user),
    ]


@pytest.mark.parametrize("role", [Role.FINANCE, Role.BOARD, Role.CHAIR, Role.AUDITOR])
def test_only_the_director_writes_targets_outcomes_and_indicators(seeded, target, role):
    user = make_user(seeded.association, role)
    targets_before = list(seeded.targets.values_list("pk", "value"))
    for write in _writes(user, seeded, target):
        with pytest.raises(PermissionDenied):
            write()
    assert list(seeded.targets.values_list("pk", "value")) == targets_before
    assert list(Outcome.objects.filter(target=target).values_list("value", flat=True)) == [50]
    assert Indicator.objects.filter(association=seeded.association, name="Besök").exists()


def test_a_director_of_another_association_writes_nothing_here(seeded, target, outsider):
    for write in _writes(outsider, seeded, target):
        with pytest.raises(PermissionDenied):
            write()
    assert Outcome.objects.get(target=target).value == 50


def test_the_director_writes_and_a_decided_plan_keeps_its_targets(seeded, target, vvnd):
    director = make_user(vvnd, Role.DIRECTOR)
    services.target_update(target, user=director, expected_version=None, value=Decimal(85))
    services.outcome_save(user=director, target=target, period=str(seeded.year), value=70)
    seeded.status, seeded.decision_date = Plan.Status.APPROVED, date(2039, 11, 25)
    seeded.save()
    target = Target.objects.select_related("plan").get(pk=target.pk)
    with pytest.raises(PermissionDenied):
        services.target_update(target, user=director, expected_version=None, value=Decimal(90))
    with pytest.raises(PermissionDenied):
        services.target_delete(target, user=director)
    # Outcomes are measured while the plan runs: recorded on the decided plan too.
    services.outcome_save(user=director, target=target, period=f"{seeded.year}-H1", value=40)
    assert Target.objects.get(pk=target.pk).value == Decimal(85)
    assert Outcome.objects.filter(target=target).count() == 2
