"""Property-based tests of budget sums (budgets.calc.budget_summary): every total is the sum of
its parts, splits move money without creating or losing any, the balancing line balances, the
equity chain holds, and the order lines are given in does not change a figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

bcalc = pytest.importorskip("budgets.calc")
bmodels = pytest.importorskip("budgets.models")

COSTS = [g.value for g in bmodels.COST_GROUPS]
INCOME = [g.value for g in bmodels.INCOME_GROUPS if g != bmodels.Group.CONTRIBUTIONS]
money = st.integers(min_value=0, max_value=50_000_000)
maybe_money = st.one_of(st.none(), money)


@st.composite
def lines(draw, with_balancing: bool = False):
    n = draw(st.integers(min_value=0, max_value=14))
    result = []
    for i in range(n):
        group = draw(st.sampled_from(COSTS + INCOME))
        split_group, split_percent = "", None
        if group in COSTS and draw(st.booleans()):
            split_group = draw(st.sampled_from([g for g in COSTS if g != group]))
            split_percent = Decimal(draw(st.integers(0, 10000))) / 100
        result.append(
            bcalc.LineInput(
                id=i + 1,
                group=group,
                name=f"Rad {i}",
                amounts=(draw(maybe_money), draw(maybe_money), draw(maybe_money)),
                split_group=split_group,
                split_percent=split_percent,
                order=draw(st.integers(0, 5)),
            )
        )
    if with_balancing:
        result.append(
            bcalc.LineInput(
                id=99,
                group=draw(st.sampled_from(["reserve", "equity_use"])),
                name="Reserverade medel",
                amounts=(None, None, None),
                is_balancing=True,
            )
        )
    return result


contributions = st.lists(
    st.builds(
        lambda label, a: bcalc.ContributionInput(label=label, member_id=None, amounts=a),
        st.sampled_from(["Försäkringskassan", "Arbetsförmedlingen", "Region Värmland", "Arvika"]),
        st.tuples(money, money, money),
    ),
    max_size=6,
)
steps = [
    bcalc.StepInput(up_to=7_000_000, max_percent=Decimal(20)),
    bcalc.StepInput(None, Decimal(15)),
]


def summary(ls, cs, opening=1_000_000, targets=(None, None, None)):
    return bcalc.budget_summary(
        lines=ls,
        contributions=cs,
        opening_equity=opening,
        equity_steps=steps,
        balance_targets=targets,
        years=(2026, 2027, 2028),
    )


@settings(max_examples=250, deadline=None)
@given(lines(), contributions, st.one_of(st.none(), st.integers(-(10**7), 10**8)))
def test_totals_are_sums_of_their_parts(ls, cs, opening):
    s = summary(ls, cs, opening)
    for group in s.groups:
        for i in range(3):
            assert group.totals[i] == sum(r.amounts[i] or 0 for r in group.lines)
    for i, year in enumerate(s.years):
        assert year.total_income == sum(g.totals[i] for g in s.income_groups)
        assert year.total_costs == sum(g.totals[i] for g in s.cost_groups)
        assert year.result == year.total_income - year.total_costs
        assert year.contributions == sum(c.amounts[i] for c in cs)
        assert year.annual_result == year.result - year.equity_use
        if opening is None:
            assert year.closing_equity is None
        else:
            assert year.closing_equity == year.opening_equity + year.annual_result
        if i:
            assert year.opening_equity == s.years[i - 1].closing_equity
    assert s.years[0].opening_equity == opening


@settings(max_examples=250, deadline=None)
@given(lines(), contributions)
def test_splits_neither_create_nor_lose_money(ls, cs):
    s = summary(ls, cs)
    for i in range(3):
        typed = sum(line.amounts[i] or 0 for line in ls if line.group != "contributions")
        engine = sum(c.amounts[i] for c in cs)
        assert sum(g.totals[i] for g in s.groups) == typed + engine


@settings(max_examples=200, deadline=None)
@given(lines(with_balancing=True), contributions, st.tuples(*[st.integers(-(10**6), 10**6)] * 3))
def test_the_balancing_line_makes_the_result_hit_its_target(ls, cs, targets):
    s = summary(ls, cs, targets=targets)
    for i, year in enumerate(s.years):
        assert year.result == targets[i]
        assert year.balancing_amount is not None


@settings(max_examples=150, deadline=None)
@given(lines(), contributions, st.randoms(use_true_random=False))
def test_the_order_lines_arrive_in_changes_nothing(ls, cs, rnd):
    shuffled = list(ls)
    rnd.shuffle(shuffled)
    a, b = summary(ls, cs), summary(shuffled, cs)
    assert [g.totals for g in a.groups] == [g.totals for g in b.groups]
    assert a.years == b.years
