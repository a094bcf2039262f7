from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finsam.money import (
    MINUS,
    NBSP,
    TKR,
    MoneyParseError,
    format_money,
    format_percent,
    parse_money,
)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1 966 000", "kr", 1966000),
        ("1966000", "kr", 1966000),
        ("1\u00a0966\u00a0000 kr", "kr", 1966000),
        ("-50", "kr", -50),
        (f"{MINUS}1 385 948", "kr", -1385948),
        ("4 198", TKR, 4198000),
        ("4,2", TKR, 4200),
        ("-50", TKR, -50000),
        ("+7 864 000", "kr", 7864000),
    ],
)
def test_parse_money_reads_swedish_input(text, unit, expected):
    assert parse_money(text, unit=unit) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "1.2.3", "12,5", "1 966 000 000 000 000", "=1+1", "1e5"]
)
def test_parse_money_refuses_what_is_not_whole_kronor(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


def test_format_money_uses_nbsp_and_real_minus():
    assert format_money(1966000) == f"1{NBSP}966{NBSP}000"
    assert format_money(-1385948) == f"{MINUS}1{NBSP}385{NBSP}948"
    assert format_money(4198000, TKR) == f"4{NBSP}198"
    assert format_money(1500, TKR) == "2"  # half away from zero
    assert format_money(-1500, TKR) == f"{MINUS}2"
    assert format_money(None) == ""
    assert format_money(80000, suffix=True) == f"80{NBSP}000{NBSP}kr"


def test_format_percent_uses_decimal_comma():
    assert format_percent(Decimal("31.25")) == f"31,3{NBSP}%"
    assert format_percent(None) == "–"


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_formatted_money_parses_back_to_the_same_amount(n):
    assert parse_money(format_money(n)) == n


@given(st.text(max_size=30))
def test_parse_money_never_fails_other_than_with_a_message(text):
    try:
        parse_money(text)
    except MoneyParseError as exc:
        assert str(exc)
