"""The budget as a tkr table prints it (budgets.calc.shown_summary): every sum adds up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budgets import calc
from budgets.models import COST_GROUPS, INCOME_GROUPS, Group
from finsam.money import KR, TKR, format_money

ADM, IND, STR, EXT, RES = (
    Group.ADMINISTRATION,
    Group.INDIVIDUAL,
    Group.STRUCTURAL,
    Group.EXTERNAL,
    Group.RESERVE,
)
LINES = (
    (ADM, "Förbundschef", 700_500),
    (ADM, "Kansli", 500_500),
    (ADM, "Revision", 337_400),
    (IND, "Insteget", 2_051_250),
    (STR, "Rätt använd kompetens", 1_448_750),
    (EXT, "Bidrag ESF", 132_400),
)
CONTRIBUTIONS = (
    ("FK/AF", 3_888_889),
    ("Region Gävleborg", 1_944_444),
    ("Bollnäs kommun", 1_166_667),
    ("Söderhamns kommun", 777_777),
)


def summary(unit: str = TKR, *, balanced: bool = False) -> calc.BudgetSummary:
    lines = [
        calc.LineInput(id=n, group=g, name=name, amounts=(a, a, a), order=n)
        for n, (g, name, a) in enumerate(LINES, start=1)
    ]
    if balanced:
        lines.append(
            calc.LineInput(
                id=99, group=RES, name="Ej fördelat", amounts=(None, None, None), is_balancing=True
            )
        )
    return calc.budget_summary(
        lines=lines,
        contributions=[calc.ContributionInput(n, None, (a, a, a)) for n, a in CONTRIBUTIONS],
        opening_equity=2_900_499,
        equity_steps=[calc.StepInput(up_to=None, max_percent=Decimal(20))],
        balance_targets=(0, 0, 0) if balanced else (None, None, None),
        unit=unit,
        years=(2026, 2027, 2028),
    )


def tkr(amount: int) -> int:
    """One figure as a tkr cell prints it."""
    return int(format_money(amount, TKR).replace("\u00a0", "").replace("\u2212", "-"))


def assert_adds_up(s: calc.BudgetSummary) -> None:
    """Every printed sum of the summary is the sum of the printed figures it sums."""
    for i, y in enumerate(s.years):
        for g in s.groups:
            assert sum(r.amounts[i] or 0 for r in g.lines) == g.totals[i], (g.key, i)
        assert sum(s.group(g).totals[i] for g in INCOME_GROUPS) == y.total_income
        assert sum(s.group(g).totals[i] for g in COST_GROUPS) == y.total_costs
        assert y.result == y.total_income - y.total_costs
        assert y.contributions == s.group(Group.CONTRIBUTIONS).totals[i]
        assert y.annual_result == y.result - s.group(Group.EQUITY_USE).totals[i]
        if y.opening_equity is not None:
            assert y.closing_equity == y.opening_equity + y.annual_result
        if i:
            assert y.opening_equity == s.years[i - 1].closing_equity


def test_rows_rounded_one_by_one_do_not_add_up_to_the_printed_total():
    """The QA's PDF: "Summa administration och kansli" 2028 printed 1 538 under rows of 1 539."""
    admin = summary().group(ADM)
    assert [tkr(r.amounts[2]) for r in admin.lines] == [701, 501, 337]
    assert tkr(admin.totals[2]) == 1_538


def test_printed_rows_add_up_to_their_group_and_the_groups_to_the_totals():
    exact, shown = summary(), calc.shown_summary(summary())
    # a tie of remainders (500, 500) goes to the larger row
    assert [r.amounts[2] for r in shown.group(ADM).lines] == [701_000, 500_000, 337_000]
    assert shown.group(ADM).totals == (1_538_000,) * 3
    assert_adds_up(shown)
    # The totals of income and costs are their exact sums rounded, like any single figure.
    for y, e in zip(shown.years, exact.years, strict=True):
        assert y.total_income == tkr(e.total_income) * 1000
        assert y.total_costs == tkr(e.total_costs) * 1000
    # Every row and group is its exact value rounded down or up: never a whole tkr off.
    for g, eg in zip(shown.groups, exact.groups, strict=True):
        assert all(abs(a - b) < 1000 for a, b in zip(g.totals, eg.totals, strict=True))
        for r, er in zip(g.lines, eg.lines, strict=True):
            for a, b in zip(r.amounts, er.amounts, strict=True):
                assert a is None if b is None else abs(a - b) < 1000
            assert r.typed == er.typed  # what is stored stays exact (the inputs show it)


def test_summa_medlemsbidrag_is_the_contributions_tables_sum():
    """Mittbygden (probe): contributions 23 987 650 kr print "Summa 23 988" in the
    contributions table; the budget printed 23 987 because an external income with a larger
    remainder took the missing thousand. The budget now prints 23 988 too, and still adds up."""
    s = calc.budget_summary(
        lines=[
            calc.LineInput(id=1, group=EXT, name="Bidrag", amounts=(100_700,) * 3, order=1),
            calc.LineInput(id=2, group=ADM, name="Kansli", amounts=(24_088_350,) * 3, order=2),
        ],
        contributions=[
            calc.ContributionInput("FK/AF", None, (11_993_825,) * 3),
            calc.ContributionInput("Region Mittland", 1, (4_797_530,) * 3),
            calc.ContributionInput("Storby kommun", 2, (7_196_295,) * 3),
        ],
        opening_equity=None,
        equity_steps=[],
        unit=TKR,
    )
    shown = calc.shown_summary(s)
    assert s.years[0].contributions == 23_987_650
    assert shown.group(Group.CONTRIBUTIONS).totals[0] == 23_988_000  # as the table's "Summa"
    assert shown.group(EXT).totals[0] == 100_000  # 100 700 rounded down: it gives way
    assert shown.years[0].total_income == 24_088_000 and shown.years[0].result == 0
    assert_adds_up(shown)


def test_percentages_and_checks_keep_the_exact_figures():
    exact, shown = summary(), calc.shown_summary(summary())
    assert shown.checks == exact.checks
    for y, e in zip(shown.years, exact.years, strict=True):
        assert (y.administration_share, y.equity_ratio) == (e.administration_share, e.equity_ratio)


def test_a_balanced_budget_prints_a_result_of_exactly_zero():
    shown = calc.shown_summary(summary(balanced=True))
    assert [y.result for y in shown.years] == [0, 0, 0]
    assert_adds_up(shown)


def test_nothing_changes_in_kr():
    exact = summary(KR)
    assert calc.shown_summary(exact) is exact


amounts = st.one_of(st.none(), st.integers(min_value=-200_000, max_value=5_000_000))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(Group)), amounts, amounts, amounts, st.booleans()),
        max_size=14,
    ),
    st.lists(st.tuples(amounts, amounts, amounts), max_size=5),
    st.one_of(st.none(), st.integers(min_value=-1_000_000, max_value=9_000_000)),
)
def test_every_printed_sum_adds_up(rows, contributions, opening):
    lines = [
        calc.LineInput(
            id=n,
            group=g,
            name=f"Rad {n}",
            amounts=(a, b, c),
            order=n,
            split_group=Group.STRUCTURAL if split and g == Group.ADMINISTRATION else "",
            split_percent=Decimal("37.5") if split and g == Group.ADMINISTRATION else None,
        )
        for n, (g, a, b, c, split) in enumerate(rows, start=1)
        if g != Group.CONTRIBUTIONS
    ]
    s = calc.budget_summary(
        lines=lines,
        contributions=[
            calc.ContributionInput(f"Medlem {n}", n, c) for n, c in enumerate(contributions)
        ],
        opening_equity=opening,
        equity_steps=[],
        unit=TKR,
    )
    shown = calc.shown_summary(s)
    assert_adds_up(shown)
    for g in shown.groups:
        for r in g.lines:
            assert all(a is None or a % 1000 == 0 for a in r.amounts)
