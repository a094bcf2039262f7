"""A large plan (20+ printed pages) for the PDF benchmark and the PDF tests.

Built through the plans services (user=None = the system) like any plan, on a real
association's members, so every part of the PDF has something to show: the standard outline
with long texts, many interventions with all description blocks and amounts, a goal tree
with activities, and long control, communication and risk tables.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from members.models import Association
from plans import services
from plans.models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    Plan,
    Risk,
)

PARAGRAPH = (
    "Förbundet arbetar för att personer i behov av samordnat stöd från flera myndigheter ska "
    "komma närmare arbete eller studier. Insatserna planeras tillsammans med medlemmarna, följs "
    "upp varje tertial och redovisas för styrelsen. Arbetet {n} bygger på erfarenheter från "
    "tidigare år och på de behov som beredningsgruppen har lyft fram under hösten."
)
BLOCK = (
    "Insatsen {name} ska ge deltagarna stöd i att stärka sin förmåga till arbete, studier "
    "eller annan sysselsättning. Arbetet sker i nära samverkan mellan handläggare från "
    "Försäkringskassan, Arbetsförmedlingen, kommunen och regionen."
)


def _text(n: int, paragraphs: int) -> str:
    parts = [f"<p>{PARAGRAPH.format(n=f'{n}.{i + 1}')}</p>" for i in range(paragraphs)]
    parts.insert(
        1,
        "<h3>Prioriteringar</h3><ul><li>Unga vuxna</li><li>Långtidssjukskrivna</li>"
        "<li>Personer med aktivitetsersättning</li></ul>",
    )
    return "".join(parts)


def _money(plan: Plan) -> None:
    """Contributions by the key, opening equity, administration and external income."""
    from budgets import services as budgets
    from members.models import ContributionSettings
    from members.services import contribution_settings_save

    contribution_settings_save(
        user=None,
        settings=ContributionSettings(plan=plan, input_mode="state", amount=2_400_000),
        expected_version=None,
    )
    budget = budgets.budget_for_plan(plan)
    budgets.budget_settings_set(
        user=None, budget=budget, expected_version=budget.version, opening_equity=1_385_948
    )
    budgets.budget_line_create(
        user=None,
        plan=plan,
        group="administration",
        name="Förbundschef och kansli",
        amounts=(1_254_000, 1_291_620, 1_330_369),
    )
    budgets.budget_line_create(
        user=None, plan=plan, group="external", name="ESF-medel", amounts=(300_000, 150_000, 0)
    )


@transaction.atomic
def build_large_plan(
    *,
    association: Association,
    year: int,
    interventions: int = 24,
    goals: int = 18,
    rows: int = 24,
    paragraphs: int = 6,
) -> Plan:
    """A draft plan for `year` with enough of everything to fill 20+ pages."""
    plan = services.plan_create(user=None, association=association, year=year, blank=True)
    for i, section in enumerate(plan.sections.all()):
        services.section_update(
            user=None,
            section=section,
            expected_version=section.version,
            included=True,
            body=_text(i + 1, paragraphs),
        )
    members = list(association.members.all())
    made: list[Intervention] = []
    for i in range(interventions):
        name = f"Insats {i + 1:02d} – {'Steget vidare' if i % 2 else 'Samverkan för unga'}"
        item = Intervention(
            plan=plan,
            name=name,
            kind=Intervention.Kind.INDIVIDUAL if i % 3 else Intervention.Kind.STRUCTURAL,
            owner=members[i % len(members)] if members else None,
            start=date(year - 1, 1 + i % 12, 1),
            end=date(year + 1, 12, 31) if i % 4 else None,
            **{field: BLOCK.format(name=name) for field in Intervention.TEXT_FIELDS},
            registered_in_uf=bool(i % 2),
        )
        amount = 60_000 + 9_000 * i
        made.append(
            services.intervention_save(
                user=None,
                intervention=item,
                parties=members[: 2 + i % 3],
                amounts=(amount, amount + 10_000, None if i % 5 == 0 else amount + 20_000),
            )
        )
    _money(plan)
    parent = None
    for i in range(goals):
        level = Goal.Level.OVERALL if i % 6 == 0 else Goal.Level.OPERATIONAL
        goal = Goal(
            plan=plan,
            level=level,
            parent=None if level == Goal.Level.OVERALL else parent,
            text=f"Mål {i + 1}: fler deltagare går vidare till arbete eller studier",
            description="Målet följs upp med indikatorerna nedan och redovisas i årsredovisningen.",
        )
        goal = services.goal_save(user=None, goal=goal, interventions=made[i % len(made) :][:2])
        if level == Goal.Level.OVERALL:
            parent = goal
        for a in range(2):
            services.activity_save(
                user=None,
                activity=Activity(
                    goal=goal, text=f"Aktivitet {a + 1} för mål {i + 1}", responsible="Förbundschef"
                ),
            )
    for i in range(rows):
        services.table_row_save(
            user=None,
            row=ControlPoint(
                plan=plan,
                routine=f"Rutin {i + 1}: attest och utbetalning",
                control_step="Stickprov på fakturor och attester mot delegationsordningen.",
                responsible="Förbundschef",
                frequency="Två gånger per år",
                method="Stickprov",
                reported_to="Styrelsen",
                risk="Möjlig",
            ),
        )
        services.table_row_save(
            user=None,
            row=CommunicationItem(
                plan=plan,
                target_group=f"Målgrupp {i + 1}: medlemmarnas handläggare",
                channel="Nyhetsbrev, webbplats och informationsträffar",
                frequency="Kvartalsvis",
                responsible="Kansliet",
            ),
        )
        services.table_row_save(
            user=None,
            row=Risk(
                plan=plan,
                risk=f"Risk {i + 1}: färre deltagare än planerat",
                likelihood=1 + i % 4,
                consequence=1 + (i + 1) % 4,
                action="Tät dialog med insatsägarna och uppföljning varje tertial.",
            ),
        )
    return plan
