"""Property-based tests (hypothesis) of the three calculators every figure comes from:
money parsing/formatting (finsam.money), member contributions (members.calc) and budget sums
(budgets.calc)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from finsam.money import KR, MINUS, NBSP, TKR, MoneyParseError, format_money, parse_money

LIMIT = 10**12 - 1
amounts = st.integers(min_value=-LIMIT, max_value=LIMIT)


# --- money ----------------------------------------------------------------------------------


@given(amounts)
def test_formatted_kronor_read_back_exactly(amount):
    text = format_money(amount, KR)
    assert parse_money(text) == amount
    assert parse_money(text + NBSP + "kr") == amount
    assert parse_money(text.replace(NBSP, " ")) == amount


@given(st.integers(min_value=-(10**12 - 501), max_value=10**12 - 501))
def test_tkr_round_trip_is_rounding_half_away_from_zero(amount):
    expected = int((Decimal(amount) / 1000).quantize(Decimal(1), ROUND_HALF_UP)) * 1000
    assert parse_money(format_money(amount, TKR), unit=TKR) == expected


@given(amounts)
def test_formatting_groups_digits_and_uses_a_real_minus(amount):
    text = format_money(amount)
    assert "-" not in text
    assert text.startswith(MINUS) == (amount < 0)
    assert all(len(g) <= 3 for g in text.lstrip(MINUS).split(NBSP))


@given(st.text(max_size=40))
def test_any_text_gives_whole_kronor_or_a_swedish_error(text):
    try:
        value = parse_money(text)
    except MoneyParseError as exc:
        assert str(exc)  # a message for the user
        return
    assert isinstance(value, int)
    assert abs(value) < 10**12


@given(
    st.text(alphabet=st.sampled_from("0123456789 ,.-−+\u00a0ekrt=e|\x00"), min_size=0, max_size=25),
    st.sampled_from([KR, TKR]),
)
def test_number_like_text_never_crashes(text, unit):
    try:
        value = parse_money(text, unit=unit)
    except MoneyParseError:
        return
    assert isinstance(value, int)
    if unit == TKR:
        assert value % 1 == 0


@pytest.mark.parametrize("text", ["1e309", "NaN", "inf", "-inf", "1_000", "0x10", "1,2,3", "--5"])
def test_exotic_numbers_are_refused(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


# --- contributions --------------------------------------------------------------------------

calc = pytest.importorskip("members.calc")


@settings(max_examples=300)
@given(
    total=st.integers(min_value=0, max_value=10**10),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
    step=st.sampled_from([1, 100, 1000]),
)
def test_allocation_parts_sum_to_the_whole_and_follow_the_key(total, weights, step):
    assume(sum(weights) > 0)
    parts = calc.allocate(total=total, weights=weights, step=step)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    wsum = sum(weights)
    leftover = total % step
    for part, weight in zip(parts, weights, strict=True):
        quota = total * weight / wsum
        assert abs(part - quota) <= step + leftover + 1e-6 * total
        if weight == 0:
            assert part in (0, leftover) or part <= leftover


members_strategy = st.lists(
    st.tuples(st.sampled_from(["region", "municipality"]), st.integers(1, 2_000_000)),
    min_size=1,
    max_size=10,
)


@settings(max_examples=200)
@given(
    total=st.integers(min_value=0, max_value=50_000_000),
    others=members_strategy,
    rounding=st.sampled_from([1, 100, 1000]),
    combine=st.booleans(),
)
def test_a_years_contributions_add_up_to_the_total(total, others, rounding, combine):
    members = [calc.MemberInput(1, "Försäkringskassan", "fk"), calc.MemberInput(2, "AF", "af")]
    members += [
        calc.MemberInput(10 + i, f"{kind} {i}", kind, population=pop)
        for i, (kind, pop) in enumerate(others)
    ]
    alloc = calc.allocate_year(
        members=members,
        settings=calc.Settings(rounding=rounding, combine_state=combine),
        total=total,
    )
    assert alloc.total == total
    assert sum(line.computed for line in alloc.lines) == total
    assert alloc.state_amount + alloc.regions_amount + alloc.municipalities_amount == total
    by_kind: dict[str, int] = {}
    for line in alloc.lines:
        by_kind[line.kind] = by_kind.get(line.kind, 0) + line.computed
    assert by_kind.get("region", 0) == alloc.regions_amount
    assert by_kind.get("municipality", 0) == alloc.municipalities_amount
    # Populations decide within a level: a bigger municipality never pays less.
    computed = {line.key: line.computed for line in alloc.lines}
    munis = sorted((m.population, computed[m.key]) for m in members if m.kind == "municipality")
    for (p1, a1), (p2, a2) in zip(munis, munis[1:], strict=False):
        if p2 > p1:
            assert a2 >= a1 - rounding


def test_seed_000_contributions_are_reproduced():
    """Västra Värmland & Norra Dalsland 2025: FK and AF 1 966 000 each of 7 864 000."""
    members = [calc.MemberInput(1, "FK", "fk"), calc.MemberInput(2, "AF", "af")]
    members += [calc.MemberInput(3, "Region Värmland", "region", population=70)]
    members += [calc.MemberInput(4, "Kommun", "municipality", population=1)]
    alloc = calc.allocate_year(members=members, settings=calc.Settings(), total=7_864_000)
    assert [line.computed for line in alloc.lines[:2]] == [1_966_000, 1_966_000]
