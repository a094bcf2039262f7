"""Data behind the generated parts of the plan: goal tree, intervention register, tables.

Each loader runs a fixed number of queries whatever the plan's size (select/prefetch), so the
pages stay fast for large plans. The section editor's preview and the register pages use the
same loaders, so what the director previews is what the tables show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from members.models import BoardSeat, Group, GroupMember

from . import calc
from .models import Goal, Intervention, Plan, Section
from .nav import plan_url


@dataclass
class GoalNode:
    goal: Goal
    depth: int
    children: list[GoalNode] = field(default_factory=list)


def goals_for(plan: Plan) -> list[Goal]:
    return list(
        plan.goals.prefetch_related(
            "activities",
            "tags",
            Prefetch("interventions", queryset=Intervention.objects.only("id", "name", "plan_id")),
        )
    )


def goal_tree(goals: list[Goal]) -> list[GoalNode]:
    """Depth-first order: each goal followed by the goals under it (in memory, no queries)."""
    by_parent: dict[int | None, list[Goal]] = {}
    ids = {g.pk for g in goals}
    for g in goals:
        parent = g.parent_id if g.parent_id in ids else None
        by_parent.setdefault(parent, []).append(g)
    flat: list[GoalNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for g in by_parent.get(parent, []):
            flat.append(GoalNode(g, depth))
            walk(g.pk, depth + 1)

    walk(None, 0)
    return flat


def interventions_for(plan: Plan) -> list[Intervention]:
    """Interventions with owner, parties, tags, counts and amounts attached (fixed queries)."""
    from members.models import Member

    from .models import Tag

    rows = list(
        plan.interventions.select_related("owner").prefetch_related(
            Prefetch("parties", queryset=Member.objects.only("id", "name", "association_id")),
            Prefetch("tags", queryset=Tag.objects.only("id", "name")),
            "participant_counts",
        )
    )
    amounts = intervention_amounts(plan)
    for i in rows:
        i.amounts = amounts.get(i.pk, (None, None, None))
        i.party_total = calc.party_count(
            owner_id=i.owner_id, party_ids=[p.pk for p in i.parties.all()]
        )
        i.participants = calc.participant_totals(
            rows=[(c.year, c.women, c.men, c.other) for c in i.participant_counts.all()]
        )
    return rows


def intervention_amounts(plan: Plan) -> dict[int, tuple]:
    """The budgets app's amounts per intervention and plan year (its budget lines)."""
    from budgets.services import intervention_amounts as amounts_of

    return amounts_of(plan)


def grouped_interventions(rows: list[Intervention]) -> list[tuple[str, list[Intervention]]]:
    labels = dict(Intervention.Kind.choices)
    return [
        (str(labels[kind]), [i for i in rows if i.kind == kind])
        for kind in Intervention.Kind.values
        if any(i.kind == kind for i in rows)
    ]


def organisation_for(plan: Plan) -> dict:
    association = plan.association
    seats = list(BoardSeat.objects.filter(association=association).select_related("member"))
    groups = list(
        Group.objects.filter(association=association).prefetch_related(
            Prefetch("people", queryset=GroupMember.objects.select_related("member"))
        )
    )
    return {"seats": seats, "groups": groups}


def data_for_section(plan: Plan, section: Section) -> dict | None:
    """Context for the generated part of a data section (None for text sections)."""
    kind = section.kind
    if kind == Section.Kind.TEXT:
        return None
    data: dict = {"kind": kind, "template": f"plans/data/_{kind}.html", "plan": plan}
    if kind == Section.Kind.ORGANISATION:
        data.update(organisation_for(plan))
    elif kind == Section.Kind.GOALS:
        data["tree"] = goal_tree(goals_for(plan))
    elif kind == Section.Kind.INTERVENTIONS:
        data["groups"] = grouped_interventions(interventions_for(plan))
    elif kind == Section.Kind.INTERNAL_CONTROL:
        data["rows"] = list(plan.control_points.all())
    elif kind == Section.Kind.COMMUNICATION:
        data["rows"] = list(plan.communication_items.all())
    elif kind == Section.Kind.RISKS:
        data["rows"] = risks_for(plan)
    elif kind == Section.Kind.BUDGET:
        from budgets.calc import shown_summary
        from budgets.services import budget_summary_for_plan

        data["url"] = plan_url(plan, "budgets:edit")
        data["summary"] = shown_summary(budget_summary_for_plan(plan))  # sums that add up
    elif kind == Section.Kind.CONTRIBUTIONS:
        data["url"] = plan_url(plan, "members:contributions")
    return data


def risks_for(plan: Plan) -> list:
    rows = list(plan.risks.all())
    for r in rows:
        r.score = calc.risk_score(likelihood=r.likelihood, consequence=r.consequence)
        r.score_class = calc.risk_class(score=r.score)
    return rows
