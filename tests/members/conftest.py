"""Fixtures shared by the members tests."""

from __future__ import annotations

import pytest

from members.demo import load_contributions
from members.models import ContributionSettings
from plans.models import Plan


@pytest.fixture
def plan_2025(vvnd) -> Plan:
    plan, _ = Plan.objects.get_or_create(association=vvnd, year=2025, revision=1)
    if plan.is_frozen:  # the demo approves the seed plan: work on a fresh draft revision
        plan = Plan.objects.create(association=vvnd, year=2025, revision=plan.revision + 5)
    ContributionSettings.objects.filter(plan=plan).delete()
    # Same seed settings as the demo, on this plan.
    plan.association = vvnd
    load_contributions(plan)
    return plan
