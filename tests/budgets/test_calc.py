"""The budget engine reproduces the seed plans' budgets to the krona (pure data, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgets import calc
from budgets.demo import SEED_000, SEED_001, SEED_001_SLIPS, SEED_002, SEED_004, SeedBudget
from budgets.models import Group
from finsam.money import KR, TKR, format_percent, parse_money, typed_with_plus

STEP_20 = [calc.StepInput(up_to=7_000_000, max_percent=Decimal("20"))]


def lines_of(seed: SeedBudget, overrides: dict[str, tuple] | None = None) -> list[calc.LineInput]:
    overrides = overrides or {}
    return [
        calc.LineInput(
            id=i,
            group=s.group,
            name=s.name,
            amounts=overrides.get(s.name, s.amounts),
            is_balancing=s.is_balancing,
            split_group=s.split_group,
            split_percent=s.split_percent,
            order=i,
        )
        for i, s in enumerate(seed.lines, start=1)
    ]


def summarise(seed: SeedBudget, lines=None, **kw) -> calc.BudgetSummary:
    args = {
        "lines": lines if lines is not None else lines_of(seed),
        "contributions": [calc.ContributionInput(n, None, a) for n, a in seed.contributions],
        "opening_equity": seed.opening_equity,
        "equity_steps": STEP_20,
        "equity_base": "contributions",
        "deficit_reasons": seed.deficit_reasons,
        "balance_targets": seed.balance_targets,
        "unit": seed.unit,
        "years": (seed.year, seed.year + 1, seed.year + 2),
    }
    args.update(kw)
    return calc.budget_summary(**args)


def codes(summary: calc.BudgetSummary) -> list[str]:
    return [c.code for c in summary.checks]


def test_seed_000_vvnd():
    s = summarise(SEED_000)
    y1, y2, y3 = s.years
    assert y1.total_income == 10_056_000
    assert s.group(Group.INDIVIDUAL).totals == (6_550_000, 4_931_600, 4_931_600)
    assert s.group(Group.STRUCTURAL).totals == (1_792_000, 928_000, 800_000)
    assert s.group(Group.ADMINISTRATION).totals == (1_346_000, 1_346_000, 1_346_000)
    assert s.result == (368_000, 0, 0)
    assert s.group(Group.CONTRIBUTIONS).totals == (7_864_000, 7_077_600, 7_077_600)
    assert (y2.total_income, y3.total_income) == (7_205_600, 7_077_600)
    # The 2 000 000 of equity is not income in the accounts: equity falls by 1 632 000.
    assert y1.annual_result == 368_000 - 2_000_000
    assert y2.balancing_amount == 4_931_600
    # The reason is stated, so no deficit check; opening equity is not in the seed.
    assert "deficit_without_reason" not in codes(s)
    assert "opening_equity_missing" in codes(s)


def test_seed_000_deficit_without_reason_is_flagged():
    s = summarise(SEED_000, deficit_reasons=("", "", ""))
    flagged = [c for c in s.checks if c.code == "deficit_without_reason"]
    assert len(flagged) == 1 and "2025" in flagged[0].message
    # The result row reads +368 000 (equity put to use counts as income), so the message
    # names what falls: equity, by 2 000 000 − 368 000.
    assert "tar 2\u00a0000\u00a0000\u00a0kr av eget kapital i anspråk" in flagged[0].message
    assert "minskar med 1\u00a0632\u00a0000\u00a0kr" in flagged[0].message


def test_seed_004_varna():
    s = summarise(SEED_004)
    y1, y2, y3 = s.years
    assert y1.total_income == 7_725_956
    assert s.group(Group.ADMINISTRATION).totals == (2_709_037, 2_691_769, 2_737_751)
    assert s.group(Group.INDIVIDUAL).totals == (6_152_867, 4_710_231, 4_664_249)
    assert s.group(Group.STRUCTURAL).totals == (250_000, 250_000, 250_000)
    assert s.total_costs == (9_111_904, 7_652_000, 7_652_000)
    assert s.result == (-1_385_948, 0, 0)
    assert [y.closing_equity for y in s.years] == [2_000_000, 2_000_000, 2_000_000]
    # The plan states 96 % individual vs 4 % structural and admin ~30 % of costs.
    assert y1.individual_share == Decimal("96.10")
    assert y1.structural_share == Decimal("3.90")
    assert y1.administration_share == Decimal("29.7")
    # Contributions 7 652 000 are above the 7 MSEK step: no bound, and the page says why.
    assert y1.equity_bound is None
    assert "no_equity_step" in codes(s)
    assert "deficit_without_reason" not in codes(s)
    no_reason = summarise(SEED_004, deficit_reasons=("", "", ""))
    assert codes(no_reason).count("deficit_without_reason") == 1


def test_equity_bound_from_step_table_and_base():
    steps = [
        calc.StepInput(up_to=7_000_000, max_percent=Decimal("20")),
        calc.StepInput(up_to=None, max_percent=Decimal("15")),
    ]
    s = summarise(SEED_004, equity_steps=steps)
    y1 = s.years[0]
    assert y1.equity_max_percent == Decimal("15")
    assert y1.equity_bound == 1_147_800  # 15 % of 7 652 000
    assert y1.equity_ratio == Decimal("26.1")
    assert "equity_above_bound" in codes(s)
    by_income = summarise(SEED_004, equity_steps=steps, equity_base="total_income")
    assert by_income.years[0].equity_base == 7_725_956
    assert by_income.years[0].equity_bound == 1_158_893  # 15 % of 7 725 956, rounded


def test_seed_001_in_tkr_with_slips_caught_then_corrected():
    # As printed: four kronor figures typed into a tkr table.
    typed = {
        name: (parse_money(text, unit="tkr") * -1, None, None)
        for name, text in SEED_001_SLIPS.items()
    }
    slipped = summarise(SEED_001, lines_of(SEED_001, typed), balance_targets=(None, 0, None))
    wrong = [c for c in slipped.checks if c.code == "wrong_unit"]
    assert len(wrong) == 4
    assert all("2025" in c.message for c in wrong)
    assert any("menade du 50 tkr" in c.message.lower() for c in wrong)
    # Corrected: the printed sums hold (income 8 528 tkr, costs 8 528 tkr, result 0).
    reserve_typed = {"Ev. tillkommande insatser": (1_312_000, None, None)}
    fixed = summarise(SEED_001, lines_of(SEED_001, reserve_typed), balance_targets=(None, 0, None))
    y1 = fixed.years[0]
    assert "wrong_unit" not in codes(fixed)
    assert y1.total_income == 8_528_000
    assert y1.total_costs == 8_528_000
    assert y1.result == 0
    assert fixed.group(Group.ADMINISTRATION).totals[0] == 1_245_000  # 1 025 + 120 + 100 tkr
    assert fixed.group(Group.INDIVIDUAL).totals[0] == 3_351_000
    assert fixed.group(Group.STRUCTURAL).totals[0] == 2_620_000
    assert y1.closing_equity == 2_900_000


def test_seed_001_balancing_line_solves_the_reserve():
    s = summarise(SEED_001)
    assert s.years[0].balancing_amount == 1_312_000
    assert s.group(Group.RESERVE).totals[:2] == (1_312_000, 8_476_000)
    assert s.result[:2] == (0, 0)
    assert s.years[1].total_costs == 8_476_000


def test_seed_002_ostra_varmland():
    s = summarise(SEED_002)
    y1 = s.years[0]
    assert y1.total_income == 2_172_581
    assert y1.balancing_amount == 214_581
    assert y1.result == 0
    assert y1.annual_result == -324_581  # equity spent, with its reason stated
    assert "deficit_without_reason" not in codes(s)
    assert "empty_group" in codes(s)  # no structural interventions


def test_split_line_adds_up_exactly():
    lines = [
        calc.LineInput(
            1,
            Group.ADMINISTRATION,
            "Förbundschef",
            (801_001, 0, None),
            split_group=Group.STRUCTURAL,
            split_percent=Decimal("33.33"),
        ),
    ]
    s = summarise(SEED_000, lines)
    admin, structural = s.group(Group.ADMINISTRATION), s.group(Group.STRUCTURAL)
    assert admin.totals[0] + structural.totals[0] == 801_001
    assert structural.totals[0] == 266_974  # 33.33 % rounded half up
    assert structural.lines[0].source == "split"
    assert s.years[0].total_costs == 801_001


def test_contribution_line_differing_from_engine_is_flagged():
    stated = calc.LineInput(99, Group.CONTRIBUTIONS, "Nacka", (1_341_000, 1_341_013, None))
    s = summarise(SEED_004, [*lines_of(SEED_004), stated])
    mismatches = [c for c in s.checks if c.code == "contribution_mismatch"]
    assert len(mismatches) == 1 and "2023" in mismatches[0].message
    # The stated figure is never summed: the engine's is.
    assert s.years[0].contributions == 7_652_000


def test_negative_equity_is_an_error_and_tkr_in_kr_table_is_flagged():
    s = summarise(SEED_004, opening_equity=0)
    assert any(c.code == "negative_equity" and c.level == "error" for c in s.checks)
    small = [
        *lines_of(SEED_004),
        calc.LineInput(50, Group.ADMINISTRATION, "Hyra", (50, None, None)),
    ]
    assert "wrong_unit" in codes(summarise(SEED_004, small))


def test_empty_budget_has_empty_group_checks_and_no_crash():
    s = calc.budget_summary(lines=[], contributions=[], opening_equity=None, equity_steps=STEP_20)
    assert s.result == (0, 0, 0)
    assert codes(s).count("empty_group") == 4
    assert s.years[0].administration_share is None


@pytest.mark.parametrize("sign,typed,stored", [("positive", 500, 500), ("negative", -500, 500)])
def test_cost_sign_round_trip(sign, typed, stored):
    assert calc.stored_amount(typed, is_income=False, cost_sign=sign) == stored
    assert calc.display_amount(stored, is_income=False, cost_sign=sign) == typed
    assert calc.stored_amount(typed, is_income=True, cost_sign=sign) == typed


@pytest.mark.parametrize("sign", ["positive", "negative"])
@pytest.mark.parametrize("is_income", [False, True])
@pytest.mark.parametrize("unit", ["kr", "tkr"])
@pytest.mark.parametrize("stored", [None, -801_000, -4_250, -1, 0, 1, 2_450, 7_777_777])
def test_a_cell_input_is_typed_back_to_the_amount_it_shows(sign, is_income, unit, stored):
    """What the grid puts in an input, saved again unchanged, stores the same amount: also a
    cost reduction where costs are shown negative ("+2 450"), never refused as unsigned."""
    text = calc.input_text(stored, is_income=is_income, cost_sign=sign, unit=unit)
    if stored is None:
        assert text == ""
        return
    again = calc.stored_amount(
        parse_money(text, unit=unit),
        is_income=is_income,
        cost_sign=sign,
        unit=unit,
        plus=typed_with_plus(text),
    )
    assert again == stored


def test_a_year_with_income_but_no_costs_is_flagged():
    """Falun-Borlänge's 2025 plan left 2027 without costs: 8 396 tkr showed as surplus."""
    assert "year_without_costs" not in codes(summarise(SEED_000))
    blank_year_3 = [
        calc.LineInput(**{**vars(line), "amounts": (*line.amounts[:2], None)})
        if line.group != Group.CONTRIBUTIONS
        else line
        for line in lines_of(SEED_000)
    ]
    s = summarise(SEED_000, lines=blank_year_3, balance_targets=(None, 0, None))
    flagged = [c for c in s.checks if c.code == "year_without_costs"]
    assert [c.level for c in flagged] == ["warning"]
    assert "2027" in flagged[0].message and "7\u00a0077\u00a0600" in flagged[0].message


def _one_krona_over(unit: str, *, opening: int) -> calc.BudgetSummary:
    """Contributions 24 587 341 kr with a 5 % step: the bound is 1 229 367 kr."""
    return calc.budget_summary(
        lines=[calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (24_587_341,) * 3)],
        contributions=[calc.ContributionInput("Medlemmar", None, (24_587_341,) * 3)],
        opening_equity=opening,
        equity_steps=[calc.StepInput(up_to=None, max_percent=Decimal("5"))],
        unit=unit,
        years=(2027, 2028, 2029),
    )


def test_equity_one_krona_over_the_bound_in_tkr_names_two_different_figures():
    """Found with a new association: closing equity 1 229 368 kr against a bound of 1 229 367 kr
    warned "det egna kapitalet (1 229 tkr) är över rekommenderad nivå (1 229 tkr, …)" in tkr.
    Where the unit would print equal figures, the message gives them in kronor."""
    at_bound = _one_krona_over(TKR, opening=1_229_367)
    assert "equity_above_bound" not in codes(at_bound)
    over = _one_krona_over(TKR, opening=1_229_368)
    [message] = [c.message for c in over.checks if c.code == "equity_above_bound"][:1]
    assert "1\u00a0229\u00a0368\u00a0kr" in message
    assert "1\u00a0229\u00a0367\u00a0kr" in message
    # A clear gap keeps the table's unit.
    far = _one_krona_over(TKR, opening=2_000_000)
    [message] = [c.message for c in far.checks if c.code == "equity_above_bound"][:1]
    assert "2\u00a0000\u00a0tkr" in message and "1\u00a0229\u00a0tkr" in message


def test_equity_a_few_kronor_below_zero_in_tkr_is_not_shown_as_zero():
    """Closing equity of −300 kr printed "blir negativt (0 tkr)" in tkr."""
    s = _one_krona_over(TKR, opening=-300)
    [message] = [c.message for c in s.checks if c.code == "negative_equity"][:1]
    assert "\u2212300\u00a0kr" in message


def test_a_small_deficit_in_tkr_is_named_in_kronor():
    """A deficit of 300 kr read "ett underskott på 0 tkr"; a large one keeps the unit."""

    def deficit(costs: int) -> str:
        s = calc.budget_summary(
            lines=[calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (costs,) * 3)],
            contributions=[calc.ContributionInput("Medlemmar", None, (24_587_341,) * 3)],
            opening_equity=5_000_000,
            equity_steps=[],
            unit=TKR,
            years=(2027, 2028, 2029),
        )
        return next(c.message for c in s.checks if c.code == "deficit_without_reason")

    assert "underskott på 300\u00a0kr" in deficit(24_587_641)
    assert "underskott på 1\u00a0000\u00a0tkr" in deficit(25_587_341)


def test_a_deficit_reason_beside_a_year_without_deficit_is_pointed_out():
    """Norra Dalarna (PDF audit): a reason typed for 2028, which ends with a surplus, was printed
    as "Skäl till underskott Plan 2028" in the decided plan. The check says so instead."""
    s = calc.budget_summary(
        lines=[
            calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (5_300_000, 5_000_000, 4_700_000))
        ],
        contributions=[calc.ContributionInput("Medlemmar", None, (5_200_000,) * 3)],
        opening_equity=1_250_000,
        equity_steps=[],
        deficit_reasons=("Eget kapital förbrukas.", "", "Kvar från ett tidigare utkast."),
        unit=KR,
        years=(2026, 2027, 2028),
    )
    [y1, _y2, y3] = s.years
    assert y1.is_deficit and not y3.is_deficit
    [check] = [c for c in s.checks if c.code == "deficit_reason_without_deficit"]
    assert check.message.startswith("2028: ett skäl till underskott är angivet")
    assert "deficit_without_reason" not in codes(s)


def test_a_ratio_is_rounded_once_to_the_decimal_the_tables_show():
    """5 800 000 of 7 770 000 is 74,646 %: rounding it to 74,65 and then to the one decimal every
    table shows printed 74,7 % (and 25,4 % beside it, 100,1 % together), while the Excel
    export's formula showed 74,6 %."""
    lines = [
        calc.LineInput(id=1, group=Group.INDIVIDUAL, name="Steget", amounts=(5_800_000,) * 3),
        calc.LineInput(id=2, group=Group.STRUCTURAL, name="Lyftet", amounts=(1_970_000,) * 3),
    ]
    s = calc.budget_summary(
        lines=lines,
        contributions=[calc.ContributionInput("Försäkringskassan", None, (11_536_000,) * 3)],
        opening_equity=None,
        equity_steps=STEP_20,
        equity_base="contributions",
        unit=TKR,
        years=(2027, 2028, 2029),
    )
    y = s.years[0]
    assert (y.individual_share, y.structural_share) == (Decimal("74.6"), Decimal("25.4"))
    assert format_percent(y.individual_share) == "74,6\u00a0%"


def test_a_check_in_tkr_quotes_the_equity_the_table_prints():
    """Closing equity 2028 is 1 941 500 kr; the table in tkr adds its printed rows up
    (800 + 759 + 382 = 1 941), and the check under it said "det egna kapitalet (1 942 tkr)"."""
    s = calc.budget_summary(
        lines=[
            calc.LineInput(
                id=1,
                group=Group.ADMINISTRATION,
                name="Kansli",
                amounts=(10_440_500, 11_153_500, 11_800_000),
            )
        ],
        contributions=[
            calc.ContributionInput("Försäkringskassan", None, (11_200_000, 11_536_000, 11_800_000))
        ],
        opening_equity=800_000,
        equity_steps=[calc.StepInput(up_to=15_000_000, max_percent=Decimal("15"))],
        unit=TKR,
        years=(2027, 2028, 2029),
    )
    printed = calc.shown_summary(s).years[1]
    assert (printed.closing_equity, printed.equity_bound) == (1_941_000, 1_730_000)
    [check] = [
        c for c in s.checks if c.code == "equity_above_bound" and c.message.startswith("2028")
    ]
    assert "(1\u00a0941\u00a0tkr)" in check.message and "(1\u00a0730\u00a0tkr," in check.message
