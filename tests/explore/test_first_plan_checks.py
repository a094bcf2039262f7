"""The board's checklist for a new association's first plan reads right."""

from __future__ import annotations

import pytest

from plans.models import Intervention
from plans.services import intervention_save, plan_checks

from .newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db


def _messages(plan, code: str) -> list[str]:
    return [c.message for c in plan_checks(plan) if c.code == code]


def test_few_parties_check_uses_the_right_plural():
    association, director = new_association()
    plan = first_plan(association, director)
    owner = association.members.get(name="Söderhamns kommun")
    for name, kwargs in (("Ingen ägare", {}), ("Bara ägaren", {"owner": owner})):
        intervention_save(
            user=director,
            intervention=Intervention(plan=plan, name=name, kind="individual", **kwargs),
            amounts=(100_000, None, None),
        )
    messages = _messages(plan, "intervention_few_parties")
    rule = "Finansiell samordning kräver minst två parter."
    assert f"Insatsen ”Ingen ägare” har 0 parter. {rule}" in messages
    assert f"Insatsen ”Bara ägaren” har 1 part. {rule}" in messages
