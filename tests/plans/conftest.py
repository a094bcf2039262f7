"""A draft plan to edit: VVND 2026 rolled forward from the (approved) demo plan for 2025."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.models import Plan
from plans.services import plan_roll_forward


@pytest.fixture
def vvnd_2025(vvnd) -> Plan:
    return Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()


@pytest.fixture
def draft(vvnd, vvnd_2025) -> Plan:
    existing = Plan.objects.filter(association=vvnd, year=2026).first()
    return existing or plan_roll_forward(user=None, plan=vvnd_2025)


@pytest.fixture
def director(client_for):
    return client_for("director")


@pytest.fixture
def url():
    def make(name: str, plan: Plan, **kwargs) -> str:
        return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kwargs})

    return make
