from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finsam.money import (
    KR,
    MINUS,
    NBSP,
    TKR,
    MoneyParseError,
    format_money,
    format_money_input,
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


# --- a form field shows the stored kronor exactly (a re-save must not round them) ------------


@pytest.mark.parametrize(
    ("amount", "unit", "shown"),
    [
        (7_777_777, TKR, f"7{NBSP}777,777"),
        (4_100_001, TKR, f"4{NBSP}100,001"),
        (312_500, TKR, "312,5"),
        (1_234_567, TKR, f"1{NBSP}234,567"),
        (4_198_000, TKR, f"4{NBSP}198"),
        (-1_500, TKR, f"{MINUS}1,5"),
        (40, TKR, "0,04"),
        (0, TKR, "0"),
        (1_234_567, KR, f"1{NBSP}234{NBSP}567"),
        (None, TKR, ""),
    ],
)
def test_form_input_shows_the_exact_amount_in_the_unit(amount, unit, shown):
    assert format_money_input(amount, unit) == shown


@given(st.integers(min_value=-(10**11) + 1, max_value=10**11 - 1), st.sampled_from([KR, TKR]))
def test_form_input_parses_back_to_the_same_kronor(n, unit):
    assert parse_money(format_money_input(n, unit), unit=unit) == n


def test_the_money_field_shows_what_is_stored_not_the_rounded_table_figure():
    from finsam.forms import MoneyField

    field = MoneyField(unit=TKR)
    assert field.prepare_value(7_777_777) == f"7{NBSP}777,777"  # the table shows 7 778
    assert field.clean(field.prepare_value(7_777_777)) == 7_777_777
