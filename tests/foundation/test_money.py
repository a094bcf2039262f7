from decimal import Decimal

import pytest
from django.utils import translation
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
    round_parts,
    typed_with_plus,
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
        ("\uff0b7 864 000", "kr", 7864000),  # a full-width plus
        ("+ 4,2", TKR, 4200),
    ],
)
def test_parse_money_reads_swedish_input(text, unit, expected):
    assert parse_money(text, unit=unit) == expected


@pytest.mark.parametrize(
    ("text", "plus"),
    [
        ("+2 450", True),
        (" \uff0b 2 450", True),
        ("+4,2 tkr", True),
        ("2 450", False),
        (f"{MINUS}2 450", False),
        ("", False),
        (None, False),
    ],
)
def test_a_plus_typed_before_the_figure_is_seen(text, plus):
    assert typed_with_plus(text) is plus


@pytest.mark.parametrize(
    "text", ["", "abc", "1.2.3", "12,5", "1 966 000 000 000 000", "=1+1", "1e5"]
)
def test_parse_money_refuses_what_is_not_whole_kronor(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        # A typed unit wins over the table's (it was dropped: 1 000 times off, silently).
        ("1 500 tkr", "kr", 1_500_000),
        ("1500 TKR", "kr", 1_500_000),
        ("1 966 000 kr", TKR, 1_966_000),
        ("250 kr", TKR, 250),
        ("2,5 mkr", "kr", 2_500_000),
        ("4,2", TKR, 4_200),
        ("4 198", TKR, 4_198_000),
    ],
)
def test_a_unit_typed_after_the_figure_is_the_unit_it_is_read_in(text, unit, expected):
    assert parse_money(text, unit=unit) == expected


def test_parse_money_messages_follow_the_unit_and_the_language():
    with pytest.raises(MoneyParseError, match="Skriv till exempel 1 966 000"):
        parse_money("abc")
    # In a tkr table "1 966 000" would be two billion kronor: the example is in tkr.
    with pytest.raises(MoneyParseError, match="Skriv till exempel 1 966\\."):
        parse_money("abc", unit=TKR)
    with pytest.raises(MoneyParseError, match="högst tre decimaler"):
        parse_money("4,2345", unit=TKR)
    with translation.override("en"), pytest.raises(MoneyParseError, match="is not an amount"):
        parse_money("abc")


def test_a_dot_or_comma_before_three_digits_is_asked_about_in_kronor():
    """ "1.500" is 1 500 to someone used to English or German separators, 1,5 to Swedish
    rules: kronor have no fraction, so say what was read and what to write instead."""
    with pytest.raises(MoneyParseError) as exc:
        parse_money("1.500")
    assert str(exc.value) == (
        f"”1.500” läses som 1,5 kr. Menar du 1{NBSP}500 kr? Skriv tusental med mellanslag: "
        f"1{NBSP}500."
    )
    with pytest.raises(MoneyParseError, match="inga ören"):
        parse_money("12,5")  # not a thousands separator: the plain message
    assert parse_money("1.500", unit=TKR) == 1_500  # 1,5 tkr is whole kronor


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


# --- a tkr column adds up to the total it prints --------------------------------------------


def test_rounding_each_row_on_its_own_does_not_add_up():
    """The QA figures: five members' 7 777 777 kr print 1 556 each, 7 780, under 7 778."""
    rows = [1_555_555, 1_555_555, 1_555_555, 1_555_555, 1_555_557]
    assert sum(rows) == 7_777_777
    assert format_money(sum(rows), TKR) == f"7{NBSP}778"
    assert sum(int(format_money(r, TKR).replace(NBSP, "")) for r in rows) == 7_780


def test_a_tkr_column_is_rounded_so_the_rows_add_up_to_the_printed_total():
    rows = [1_555_555, 1_555_555, 1_555_555, 1_555_555, 1_555_557]
    shown = round_parts(rows, TKR)
    assert sum(shown) == 7_778_000
    # 5 × 1 555 leaves 3 thousands: to the largest remainder (557), then the earliest 555s
    assert shown == [1_556_000, 1_556_000, 1_555_000, 1_555_000, 1_556_000]
    # the budget's administration 2028: 1 538 under rows of 1 539, now rows of 1 538
    assert round_parts([700_500, 500_500, 337_400], TKR) == [701_000, 500_000, 337_000]


def test_round_parts_keeps_blanks_and_leaves_kr_alone():
    assert round_parts([None, 1_500, None, 1_500], TKR) == [None, 2_000, None, 1_000]
    assert round_parts([None, None], TKR) == [None, None]
    assert round_parts([], TKR) == []
    assert round_parts([123_456, None, 7], KR) == [123_456, None, 7]


def test_round_parts_to_a_given_total_handles_negative_parts():
    # income 1 234,5 and costs −234,4: a result rounded to 1 000 tkr
    assert round_parts([1_234_500, -234_400], TKR, total=1_000_000) == [1_234_000, -234_000]
    with pytest.raises(ValueError):
        round_parts([1_500], TKR, total=1_500)


@given(
    st.lists(st.one_of(st.none(), st.integers(-(10**9), 10**9)), max_size=12),
)
def test_rounded_parts_add_up_and_stay_within_a_thousand(parts):
    shown = round_parts(parts, TKR)
    exact = sum(p for p in parts if p is not None)
    assert (
        sum(s for s in shown if s is not None)
        == int(format_money(exact, TKR).replace(NBSP, "").replace(MINUS, "-")) * 1000
    )
    for p, s in zip(parts, shown, strict=True):
        assert (p is None) == (s is None)
        if p is not None:
            assert s % 1000 == 0 and abs(s - p) < 1000


def test_a_gap_too_small_for_a_tkr_column_is_shown_in_kronor():
    """Sydöstra Skåne's decided amounts differ from the key by a few hundred kronor: a tkr
    column printed "0" with "avviker" beside it."""
    from finsam.templatetags.finsam import money_gap

    assert money_gap(-323, TKR) == f"{MINUS}323{NBSP}kr"
    assert money_gap(5_000, TKR) == "5"
    # A tkr table's printed gaps are whole tkr; one that is not is the exact kronor the columns
    # rounded to the same figure, and "1" beside two equal figures would say nothing either.
    assert money_gap(1_200, TKR) == f"1{NBSP}200{NBSP}kr"
    assert money_gap(0, TKR) == "0"
    assert money_gap(-323, "kr") == f"{MINUS}323"
