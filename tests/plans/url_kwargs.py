"""Objects of the walk plan for the URL walker (created when the demo plan lacks them)."""

from __future__ import annotations

from plans.models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    Risk,
    Section,
    Tag,
)
from tests.url_kwargs import walk_plan


def _section(a):
    plan = walk_plan(a)
    return (plan.sections.first() or Section.objects.create(plan=plan, title="Inledning")).pk


def _intervention(a):
    plan = walk_plan(a)
    first = plan.interventions.first()
    return (first or Intervention.objects.create(plan=plan, name="Insats", kind="individual")).pk


def _goal(a):
    plan = walk_plan(a)
    return (plan.goals.first() or Goal.objects.create(plan=plan, level="overall", text="Mål")).pk


def _activity(a):
    goal = Goal.objects.get(pk=_goal(a))
    return (goal.activities.first() or Activity.objects.create(goal=goal, text="Aktivitet")).pk


def _tag(a):
    return Tag.objects.get_or_create(association=a, kind="focus", name="Walker-område")[0].pk


def _row(model, **fields):
    def get(a):
        plan = walk_plan(a)
        return (
            model.objects.filter(plan=plan).first() or model.objects.create(plan=plan, **fields)
        ).pk

    return get


KWARGS = {
    "section_id": _section,
    "intervention_id": _intervention,
    "goal_id": _goal,
    "activity_id": _activity,
    "tag_id": _tag,
    "control_id": _row(ControlPoint, routine="Attest", control_step="Stickprov"),
    "communication_id": _row(CommunicationItem, target_group="Media", channel="Webb"),
    "risk_id": _row(Risk, risk="Personalbrist"),
}
