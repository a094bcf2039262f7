"""Budgets of the four seed plans with their real figures (shared/seeds), for the demo data.

Amounts are whole kronor with costs positive, as stored. Seed 001 is printed in tkr; its four
kr-in-tkr slips (e.g. "-50 000" for office rent in a tkr table) are corrected here and
reproduced in the tests, where the wrong-unit check must catch them.
Contributions are not listed: the contribution engine gives them (members.contributions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Group

A = Group.ADMINISTRATION
I = Group.INDIVIDUAL  # noqa: E741 - reads like the seed's column
S = Group.STRUCTURAL
R = Group.RESERVE
X = Group.EXTERNAL
E = Group.EQUITY_USE


@dataclass(frozen=True)
class SeedLine:
    group: str
    name: str
    amounts: tuple[int | None, int | None, int | None]
    is_balancing: bool = False
    split_group: str = ""
    split_percent: Decimal | None = None


@dataclass(frozen=True)
class SeedBudget:
    slug: str
    year: int
    unit: str
    lines: tuple[SeedLine, ...]
    opening_equity: int | None = None
    deficit_reasons: tuple[str, str, str] = ("", "", "")
    balance_targets: tuple[int | None, int | None, int | None] = (None, None, None)
    labels: tuple[str, str, str] = ("Budget", "Prognos", "Prognos")
    # Contributions as the seed prints them (for engine-only tests; the demo uses the engine).
    contributions: tuple[tuple[str, tuple[int | None, int | None, int | None]], ...] = field(
        default_factory=tuple
    )


T = 1000  # seed 001 is in tkr

# Västra Värmland & Norra Dalsland 2025–2027. Years 2–3 give only the individual total
# (4 931 600), so the balancing line takes it: result 0 in 2026 and 2027, as the plan says.
SEED_000 = SeedBudget(
    slug="vvnd",
    year=2025,
    unit="kr",
    labels=("Budget", "Prognos", "Prognos"),
    deficit_reasons=(
        "Eget kapital från 2024 (2 000 000 kr) tillskjuts 2025 för att följa Nationella rådets "
        "rekommendation och finansiera insatserna mer långsiktigt.",
        "",
        "",
    ),
    balance_targets=(None, 0, 0),
    contributions=(
        ("Försäkringskassan", (1_966_000, None, None)),
        ("Arbetsförmedlingen", (1_966_000, None, None)),
        ("Region Värmland", (1_376_000, None, None)),
        ("Västra Götalandsregionen", (590_000, None, None)),
        ("Kommunerna", (1_966_000, None, None)),
        ("Medlemsbidrag (prognos)", (None, 7_077_600, 7_077_600)),
    ),
    lines=(
        SeedLine(X, "ESF intäkter", (192_000, 128_000, 0)),
        SeedLine(E, "Eget kapital från 2024", (2_000_000, None, None)),
        SeedLine(I, "Plattformen för samverkan – Arvika Eda", (2_100_000, None, None)),
        SeedLine(
            I,
            "Individnära samordnat stöd och fördjupad samverkan – Bengtsfors",
            (650_000, None, None),
        ),
        SeedLine(I, "Drivhuset för unga – Åmål", (650_000, None, None)),
        SeedLine(I, "Individsamverkan – Dals Ed", (500_000, None, None)),
        SeedLine(
            I, "Individnära samordnat stöd och fördjupad samverkan – Säffle", (650_000, None, None)
        ),
        SeedLine(
            I, "Individnära samordnat stöd och fördjupad samverkan – Årjäng", (500_000, None, None)
        ),
        SeedLine(
            I, "Förstärkning och utveckling individinriktade insatser", (1_000_000, None, None)
        ),
        SeedLine(I, "Friska medborgare Åmål (beslut VVND 240311 §34)", (500_000, None, None)),
        SeedLine(I, "Individinriktade insatser, ej fördelade per insats", (None, None, None), True),
        SeedLine(S, "Processledning och aktiviteter utifrån metoder", (200_000, None, None)),
        SeedLine(
            S, "Kompetenshöjande insatser och utveckling samverkan", (200_000, 200_000, 200_000)
        ),
        SeedLine(S, "ESF projekt, aktiviteter och utveckling", (792_000, 728_000, 600_000)),
        SeedLine(S, "Riktade insatser", (600_000, None, None)),
        SeedLine(
            A, "Förbundschef, administration (IT, NNS, hemsida mm)", (801_000, 801_000, 801_000)
        ),
        SeedLine(A, "Styrelse", (265_000, 265_000, 265_000)),
        SeedLine(A, "Ekonomi", (200_000, 200_000, 200_000)),
        SeedLine(A, "Revision", (80_000, 80_000, 80_000)),
    ),
)

# Falun-Borlänge 2025 (tkr). Equity at the start of 2024 was 2 900 tkr with a zero result
# forecast for 2024, so 2 900 tkr is the opening equity of 2025. Year 2 gives only totals
# (8 396 + 80 ESF, costs 8 476): the balancing line "Ev. tillkommande insatser" takes the rest.
SEED_001 = SeedBudget(
    slug="falun-borlange",
    year=2025,
    unit="tkr",
    opening_equity=2_900 * T,
    labels=("Budget", "Plan", "Plan"),
    balance_targets=(0, 0, None),
    contributions=(
        ("Försäkringskassan + Arbetsförmedlingen", (4_198 * T, 4_198 * T, None)),
        ("Region Dalarna", (2_099 * T, 2_099 * T, None)),
        ("Falu kommun", (1_091 * T, 1_091 * T, None)),
        ("Borlänge kommun", (1_008 * T, 1_008 * T, None)),
    ),
    lines=(
        SeedLine(X, "Bidrag ESF", (132 * T, 80 * T, None)),
        SeedLine(A, "Styrelsearvoden", (90 * T, None, None)),
        SeedLine(A, "Förbundschef, lön (administration)", (700 * T, None, None)),
        SeedLine(A, "Kompetensutveckling", (75 * T, None, None)),
        SeedLine(A, "Ekonomitjänster", (70 * T, None, None)),
        SeedLine(A, "Revision", (90 * T, None, None)),
        SeedLine(A, "Kontorshyra", (50 * T, None, None)),
        SeedLine(A, "Administration, tele, NNS", (70 * T, None, None)),
        SeedLine(A, "Informationsmaterial, hemsida", (60 * T, None, None)),
        SeedLine(A, "Analys och utvärdering", (40 * T, None, None)),
        SeedLine(I, "Rehabhandledare Falun", (600 * T, None, None)),
        SeedLine(I, "Insteget", (2_051 * T, None, None)),
        SeedLine(I, "Rehabsamordnare Borlänge", (700 * T, None, None)),
        SeedLine(S, "Föreläsningsserie Studieförbund", (50 * T, None, None)),
        SeedLine(S, "Frukostmöten", (60 * T, None, None)),
        SeedLine(S, "Utveckling av samverkan", (800 * T, None, None)),
        SeedLine(S, "SIP-samordnare", (117 * T, None, None)),
        SeedLine(S, "Rätt använd kompetens – RAK", (1_448 * T, None, None)),
        SeedLine(S, "Förstudie rehabiliteringsinsats", (145 * T, None, None)),
        SeedLine(S, "Lärande och utveckling – ESF", (0, None, None)),
        SeedLine(R, "Ev. tillkommande insatser", (None, None, None), True),
    ),
)
# The lines seed 001 printed in kronor inside its tkr table (name → the figure as typed, tkr).
SEED_001_SLIPS = {
    "Kontorshyra": "-50 000",
    "Administration, tele, NNS": "-70 000",
    "Informationsmaterial, hemsida": "-60 000",
    "Analys och utvärdering": "-40 000",
}

# Östra Värmland 2022: only year 1 is given. Contributions 1 848 000, equity from 2021
# 324 581, administration 290 000, individual 1 668 000; the rest is left unallocated.
SEED_002 = SeedBudget(
    slug="ostra-varmland",
    year=2022,
    unit="kr",
    labels=("Budget", "Plan", "Plan"),
    balance_targets=(0, None, None),
    deficit_reasons=("Eget kapital från 2021 (324 581 kr) förs till 2022 års budget.", "", ""),
    contributions=(
        ("Försäkringskassan och Arbetsförmedlingen", (924_000, None, None)),
        ("Region Värmland", (462_000, None, None)),
        ("Kommunerna", (462_000, None, None)),
    ),
    lines=(
        SeedLine(E, "Eget kapital från 2021", (324_581, None, None)),
        SeedLine(A, "Administration och revision, kansli och styrelse", (290_000, None, None)),
        SeedLine(
            I, "Individanpassade insatser inklusive beslutade projekt", (1_668_000, None, None)
        ),
        SeedLine(R, "Ej fördelade medel", (None, None, None), True),
    ),
)

# VärNa 2023–2025: a planned deficit of 1 385 948 in 2023 brings equity down to 2 000 000,
# the level the plan shows for every year; so equity at the end of 2022 was 3 385 948.
SEED_004 = SeedBudget(
    slug="varna",
    year=2023,
    unit="kr",
    opening_equity=3_385_948,
    labels=("Budget", "Prognos", "Prognos"),
    deficit_reasons=(
        "Planerat underskott: sedan 2020 minskar förbundet det egna kapitalet mot målet "
        "2 miljoner kronor.",
        "",
        "",
    ),
    contributions=(
        ("FK/AF", (3_826_000, 3_826_000, 3_826_000)),
        ("Region Stockholm", (1_913_000, 1_913_000, 1_913_000)),
        ("Nacka", (1_341_013, 1_341_013, 1_341_013)),
        ("Värmdö", (571_987, 571_987, 571_987)),
    ),
    lines=(
        SeedLine(X, "Övriga intäkter Amazon", (73_956, 0, 0)),
        SeedLine(A, "Personalkostnader", (1_991_547, 1_992_729, 2_036_569)),
        SeedLine(A, "Övriga kostnader", (412_490, 391_940, 391_940)),
        SeedLine(A, "Lokalhyra", (105_000, 107_100, 109_242)),
        SeedLine(A, "Styrelsearvode", (100_000, 100_000, 100_000)),
        SeedLine(A, "Arvode revisorer", (100_000, 100_000, 100_000)),
        SeedLine(I, "Amazon", (95_015, 0, 0)),
        SeedLine(I, "MGT kostnader", (888_300, 907_560, 927_240)),
        SeedLine(I, "Behovsgruppsanpassade insatser", (5_169_552, 3_802_671, 3_737_009)),
        SeedLine(S, "Förstudier", (100_000, 100_000, 100_000)),
        SeedLine(S, "Uppföljning och utvärdering", (50_000, 50_000, 50_000)),
        SeedLine(S, "Kommunikation", (50_000, 50_000, 50_000)),
        SeedLine(S, "Genomförande struktur", (50_000, 50_000, 50_000)),
    ),
)

SEEDS = (SEED_000, SEED_001, SEED_002, SEED_004)


# Budget lines whose seed name differs from the intervention they fund.
INTERVENTION_ALIASES = {"MGT kostnader": "Myndighetsgemensamma teamet (MGT)"}


def load(stdout=None) -> None:
    """Create or refresh the seed budgets; skip plans that are already decided."""
    from django.db import transaction

    from members.models import Association
    from plans.models import Plan

    from .models import Budget, BudgetLine

    for seed in SEEDS:
        association = Association.objects.filter(slug=seed.slug).first()
        if association is None:
            continue
        plan = (
            Plan.objects.filter(association=association, year=seed.year)
            .order_by("-revision")
            .first()
        )
        if plan is None:
            # The plans demo normally creates the plan first; without it the budget still loads.
            plan = Plan.objects.create(association=association, year=seed.year, unit=seed.unit)
            from members.demo import load_contributions

            load_contributions(plan)
        if plan.is_frozen:
            if stdout:
                stdout.write(f"budgets: hoppar över {seed.slug} {seed.year}\n")
            continue
        with transaction.atomic():
            if plan.unit != seed.unit:
                plan.unit = seed.unit
                plan.save(update_fields=["unit"])
            budget, _ = Budget.objects.get_or_create(plan=plan)
            budget.opening_equity = seed.opening_equity
            budget.label_1, budget.label_2, budget.label_3 = seed.labels
            budget.deficit_reason_1, budget.deficit_reason_2, budget.deficit_reason_3 = (
                seed.deficit_reasons
            )
            budget.balance_target_1, budget.balance_target_2, budget.balance_target_3 = (
                seed.balance_targets
            )
            budget.full_clean()
            budget.save()
            interventions = {i.name.strip().lower(): i for i in plan.interventions.all()}
            existing = {line.name: line for line in budget.lines.all()}
            for order, s in enumerate(seed.lines, start=1):
                line = existing.get(s.name) or BudgetLine(budget=budget, name=s.name)
                line.group = s.group
                line.order = order * 10
                line.amount_1, line.amount_2, line.amount_3 = s.amounts
                line.is_balancing = s.is_balancing
                line.split_group = s.split_group
                line.split_percent = s.split_percent
                if s.group in (I, S) and line.intervention_id is None:
                    name = INTERVENTION_ALIASES.get(s.name, s.name)
                    match = interventions.get(name.strip().lower())
                    taken = match is not None and BudgetLine.objects.filter(intervention=match)
                    if match is not None and not taken.exclude(pk=line.pk).exists():
                        line.intervention = match
                line.full_clean()
                line.save()
        if stdout:
            stdout.write(f"budgets: {seed.slug} {seed.year} ({len(seed.lines)} rader)\n")
