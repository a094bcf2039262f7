"""A fresh draft plan with seed 000's goals, so the tests own every target they see."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import services
from indicators.models import Indicator
from plans.models import Goal, Plan

DIRECTION, OPERATIONAL = Goal.Level.DIRECTION, Goal.Level.OPERATIONAL
VVND_GOALS = [
    (DIRECTION, "Individen upplever att stödet som erbjuds är organiserat utifrån hens behov"),
    (DIRECTION, "Individen är delaktig i sin rehabiliteringsprocess"),
    (DIRECTION, "Individen får stöd i kontakter med myndigheter och verksamheter"),
    (DIRECTION, "Individen har stegförflyttat sig närmare arbetsmarknaden och egen försörjning"),
    (OPERATIONAL, "Samverkan ska utvecklas"),
    (OPERATIONAL, "Alla parter ska vara med i samverkan"),
]

# Seed 000: goal index → (NNS indicator, måluppfyllelse %)
VVND_TARGETS = [(0, "nns-1", 80), (1, "nns-2", 75), (2, "nns-4", 80), (3, "nns-7", 60),
                (4, "nns-14", 75), (5, "nns-12", 75), (5, "nns-13", 75)]  # fmt: skip


@pytest.fixture
def plan(vvnd) -> Plan:
    plan = Plan.objects.create(association=vvnd, year=2040)
    for order, (level, text) in enumerate(VVND_GOALS):
        Goal.objects.create(plan=plan, level=level, text=text, order=order)
    return plan


def goals_of(plan: Plan) -> list[Goal]:
    return list(Goal.objects.filter(plan=plan).order_by("order"))


@pytest.fixture
def seeded(plan) -> Plan:
    """The plan with seed 000's NNS targets."""
    goals = goals_of(plan)
    for i, key, value in VVND_TARGETS:
        services.target_create(
            user=None,
            plan=plan,
            goal=goals[i],
            indicator=Indicator.objects.get(key=key),
            kind="percent",
            value=Decimal(value),
            method="survey",
            source="NNS indikatorenkät",
            reporting=["annual"],
        )
    return plan
