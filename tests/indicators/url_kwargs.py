"""Walker values for the indicator URLs: objects in the association's walk plan (a draft)."""

from __future__ import annotations

from indicators.models import Catalogue, Indicator, Outcome, Target
from members.models import Association
from plans.models import Goal
from tests.url_kwargs import walk_plan


def own_indicator(association: Association) -> int:
    indicator, _ = Indicator.objects.get_or_create(
        association=association,
        name="Walker: egen indikator",
        defaults={"catalogue": Catalogue.OWN, "wording": "Används av URL-vandringen."},
    )
    return indicator.pk


def target(association: Association) -> int:
    plan = walk_plan(association)
    existing = Target.objects.filter(plan=plan).order_by("pk").first()
    if existing:
        return existing.pk
    goal = Goal.objects.filter(plan=plan).first() or Goal.objects.create(
        plan=plan, level=Goal.Level.OPERATIONAL, text="Walker: mål"
    )
    return Target.objects.create(
        plan=plan,
        goal=goal,
        indicator=Indicator.objects.get(key="nns-7"),
        kind="percent",
        value=60,
        method="survey",
    ).pk


def outcome(association: Association) -> int:
    t = Target.objects.get(pk=target(association))
    o, _ = Outcome.objects.get_or_create(
        target=t, period=str(t.plan.year), defaults={"year": t.plan.year, "value": 55}
    )
    return o.pk


KWARGS = {"indicator_id": own_indicator, "target_id": target, "outcome_id": outcome}
