"""Grow a plan for query-count tests and the bench: interventions, goals, rows, targets."""

from __future__ import annotations

from members.models import Member
from plans import services
from plans.models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    ParticipantCount,
    Plan,
    Risk,
    Tag,
)


def grow(plan: Plan, *, interventions: int, goals: int, rows: int = 0, targets: int = 0) -> None:
    """Add objects with every relation the pages show, through the services."""
    from budgets.services import intervention_amounts_set

    members = list(Member.objects.filter(association=plan.association)[:3])
    tag, _ = Tag.objects.get_or_create(association=plan.association, kind="focus", name="Bulk")
    made = []
    start = plan.interventions.count()
    for n in range(start, start + interventions):
        i = services.intervention_save(
            user=None,
            intervention=Intervention(plan=plan, name=f"Insats {n}", kind="individual",
                                      owner=members[0]),
            parties=members[1:],
            tags=[tag],
        )  # fmt: skip
        intervention_amounts_set(user=None, intervention=i, amounts=(1000 * n, 1000, None))
        services.participant_counts_set(
            user=None, intervention=i, year=plan.year - 1, women=3, men=2, other=0
        )
        made.append(i)
    parent = plan.goals.filter(level="overall").first()
    new_goals = []
    for n in range(goals):
        g = services.goal_save(
            user=None,
            goal=Goal(plan=plan, level="operational", text=f"Mål {n}", parent=parent,
                      agenda2030=[8]),
            tags=[tag],
            interventions=made[:2],
        )  # fmt: skip
        services.activity_save(user=None, activity=Activity(goal=g, text=f"Aktivitet {n}"))
        new_goals.append(g)
    for n in range(rows):
        services.table_row_save(
            user=None, row=ControlPoint(plan=plan, routine=f"Rutin {n}", control_step="x")
        )
        services.table_row_save(
            user=None, row=CommunicationItem(plan=plan, target_group=f"Grupp {n}", channel="x")
        )
        services.table_row_save(user=None, row=Risk(plan=plan, risk=f"Risk {n}"))
    if targets:
        _targets(plan, new_goals, targets)
    assert ParticipantCount.objects.filter(intervention__plan=plan).exists()


def _targets(plan: Plan, goals: list[Goal], count: int) -> None:
    """Targets are the indicators app's; two per goal through its own model."""
    from indicators.models import Indicator
    from indicators.services import target_create

    indicator = Indicator.objects.filter(association=None).first()
    for n in range(count):
        target_create(
            user=None,
            plan=plan,
            goal=goals[n % len(goals)],
            indicator=indicator,
            kind="text",
            method="survey",
            target_text=f"Målvärde {n}",
        )
