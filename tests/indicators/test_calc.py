"""The attainment rule, periods and quarters, as plain functions with the seeds' targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators import calc

D = Decimal


@pytest.mark.parametrize(
    ("target", "outcome", "status"),
    [
        (60, 60, "met"),  # seed 000, Indikator 7: måluppfyllelse 60 %
        (60, 72, "met"),
        (60, 48, "partly"),  # exactly 80 % of the target
        (60, 47.9, "not_met"),
        (80, 84, "met"),  # Indikator 1 and 4
        (75, 70, "partly"),  # Indikator 2 and 14
        (75, 59, "not_met"),
        (100, 100, "met"),  # seed 004: 100 st
        (100, 79, "not_met"),
    ],
)
def test_higher_is_better_rule(target, outcome, status):
    got, _share = calc.rule_status(kind="percent", target=D(target), outcome=D(str(outcome)))
    assert got == status


def test_share_is_outcome_over_target_in_percent():
    assert calc.rule_status(kind="count", target=D(100), outcome=D(83))[1] == D("83.0")


@pytest.mark.parametrize(
    ("target", "outcome", "status"),
    [(20, 18, "met"), (20, 20, "met"), (20, 25, "partly"), (20, 25.1, "not_met")],
)
def test_lower_is_better_rule_for_equity_share_or_helarsekvivalenter(target, outcome, status):
    got, _ = calc.rule_status(
        kind="percent", direction="decrease", target=D(target), outcome=D(str(outcome))
    )
    assert got == status


def test_yes_no_date_and_quarter_rules():
    assert calc.rule_status(kind="yes_no", target_bool=True, outcome_bool=True)[0] == "met"
    assert calc.rule_status(kind="yes_no", target_bool=True, outcome_bool=False)[0] == "not_met"
    due = date(2023, 3, 31)
    assert calc.rule_status(kind="date", target_date=due, outcome_date=date(2023, 3, 1))[0] == "met"
    late = calc.rule_status(kind="date", target_date=due, outcome_date=date(2023, 5, 1))[0]
    assert late == "partly"
    assert calc.rule_status(kind="quarter", target_quarter="Q1", outcome_quarter="Q1")[0] == "met"
    assert (
        calc.rule_status(kind="quarter", target_quarter="Q1", outcome_quarter="Q2")[0] == "partly"
    )


def test_nothing_measured_and_qualitative_targets_have_no_rule_status():
    assert calc.rule_status(kind="percent", target=D(60), outcome=None)[0] == ""
    assert calc.rule_status(kind="text")[0] == ""


def test_an_override_wins_and_keeps_its_reason():
    a = calc.attainment(
        override="partly", reason="Få svarande", kind="percent", target=D(60), outcome=D(45)
    )
    assert (a.status, a.by_rule, a.reason, a.label) == (
        "partly",
        False,
        "Få svarande",
        "Delvis uppfyllt",
    )
    assert calc.attainment(kind="percent", target=D(60), outcome=D(45)).status == "not_met"


@pytest.mark.parametrize(
    ("text", "code", "label"),
    [
        ("2025", "2025", "Helår 2025"),
        ("2025-H1", "2025-H1", "Första halvåret 2025"),
        ("2025-q3", "2025-Q3", "Kvartal 3 2025"),
        ("2025 kv 2", "2025-Q2", "Kvartal 2 2025"),
        ("2025-05", "2025-05", "Maj 2025"),
    ],
)
def test_periods_are_read_and_normalised(text, code, label):
    p = calc.parse_period(text)
    assert (p.code, p.label) == (code, label)


@pytest.mark.parametrize("text", ["2025-Q5", "Q5", "2025-H3", "2025-13", "förra året", ""])
def test_bad_periods_give_a_swedish_message(text):
    with pytest.raises(calc.PeriodError) as exc:
        calc.parse_period(text)
    assert any(w in str(exc.value) for w in ("period", "kvartal", "Halvår", "Månaden"))


def test_a_period_outside_the_plan_year_is_refused():
    with pytest.raises(calc.PeriodError, match="planens år 2025.*planen för 2031"):
        calc.parse_period("2031", plan_year=2025)


@pytest.mark.parametrize("text", ["2026", "2026-H1", "2027-Q3", "2026-05"])
def test_the_plans_years_two_and_three_are_not_the_plans_year(text):
    """The 2025 plan's targets are for 2025: its plan years 2–3 have their own plans."""
    with pytest.raises(calc.PeriodError, match="Ny verksamhetsplan"):
        calc.parse_period(text, plan_year=2025)
    assert calc.parse_period("2025-H1", plan_year=2025).code == "2025-H1"


def test_quarter_q5_is_refused_and_q1_variants_accepted():
    with pytest.raises(calc.PeriodError, match="Ange Q1, Q2, Q3 eller Q4"):
        calc.parse_quarter("Q5")
    assert [calc.parse_quarter(t) for t in ("Q1", "q2", "kv 3", "Kvartal 4", "1")] == [
        1,
        2,
        3,
        4,
        1,
    ]


def test_periods_sort_chronologically():
    codes = ["2025", "2025-H1", "2025-Q3", "2025-05", "2024"]
    ordered = sorted((calc.parse_period(c) for c in codes), key=lambda p: p.sort_key)
    assert [p.code for p in ordered] == ["2024", "2025-05", "2025-H1", "2025-Q3", "2025"]


def test_values_are_written_the_swedish_way():
    nb = "\u00a0"
    assert calc.format_value(kind="percent", value=D("80.00")) == f"80{nb}%"
    assert calc.format_value(kind="percent", value=D("75.50")) == f"75,5{nb}%"
    assert calc.format_value(kind="count", value=D(100)) == f"100{nb}st"
    assert calc.format_value(kind="count", value=D(12000)) == f"12{nb}000{nb}st"
    assert calc.format_value(kind="quarter", value_quarter="Q1") == "Senast Q1"
    assert calc.format_value(kind="yes_no", value_bool=False) == "Nej"
    assert calc.format_value(kind="text", text="Behovsanalys genomförd") == "Behovsanalys genomförd"


@pytest.mark.parametrize(
    ("text", "value"),
    [("80 %", D(80)), ("75,5", D("75.5")), ("100 st", D(100)), ("1 200", D(1200))],
)
def test_numbers_typed_the_swedish_way(text, value):
    assert calc.parse_number(text) == value


def test_a_word_is_not_a_number():
    with pytest.raises(ValueError, match="inget tal"):
        calc.parse_number("åttio")


def test_status_counts_and_share_met():
    counts = calc.count_statuses(["met", "met", "partly", "not_met", ""])
    assert (counts.met, counts.partly, counts.not_met, counts.not_measured) == (2, 1, 1, 1)
    assert counts.met_share == D("50.0")
    assert calc.count_statuses([""]).met_share is None


@pytest.mark.parametrize(
    ("call", "swedish", "english"),
    [
        (lambda: calc.parse_period("2025-H3"), "Halvår anges som H1 eller H2.", "A half-year"),
        (lambda: calc.parse_period("2031", plan_year=2025), "i planens år", "in the plan's year"),
        (lambda: calc.parse_quarter("Q7"), "är inget kvartal", "is not a quarter"),
        (lambda: calc.parse_number("åttio"), "är inget tal", "is not a number"),
    ],
)
def test_input_messages_are_in_the_users_language(call, swedish, english):
    from django.utils import translation

    with pytest.raises(ValueError, match=swedish):
        call()
    with translation.override("en"), pytest.raises(ValueError, match=english):
        call()


@pytest.mark.parametrize(
    ("kind", "value", "fine"),
    [("percent", 0, True), ("percent", 100, True), ("percent", "100.5", False),
     ("percent", -1, False), ("count", 0, True), ("count", 12000, True), ("count", -1, False),
     ("count", "0.5", False), ("yes_no", 7, True), ("percent", None, True)],
)  # fmt: skip
def test_one_rule_for_the_figures_of_a_target_its_baseline_and_its_outcomes(kind, value, fine):
    value = None if value is None else D(str(value))
    assert (calc.value_problem(kind=kind, value=value) == "") is fine
