"""The contributions page's edges as a finance officer meets them: a split typed with decimals,
FK and AF as one line or two, decided amounts typed in the other unit, populations missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from members import calc
from members.contributions import contribution_checks, contribution_table
from members.demo import load_contributions
from members.models import ContributionDecision, ContributionSettings, Member
from plans.models import Plan

from .test_pages import _post_settings, url

# --- the split and the scenario: typed figures the database cannot hold are refused (no 500)


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        (
            {"region_share": "33,3333", "municipality_share": "16,6667"},
            "Regionernas andel får ha högst 3 decimaler.",
        ),
        ({"state_share": "5000", "region_share": "-2500"}, "Statens andel är orimligt hög."),
        (
            {"year2_scenario": "percent", "year2_text": "-12,345"},
            "Ändringen får ha högst 2 decimaler.",
        ),
    ],
)
def test_a_split_the_database_cannot_hold_is_refused_not_a_server_error(
    client_for, plan_2025, overrides, field_message
):
    response = _post_settings(client_for("finance"), plan_2025, **overrides)
    assert response.status_code == 422
    assert field_message in response.content.decode()


def test_a_third_each_of_the_other_half_with_three_decimals(client_for, plan_2025):
    """50 / 33,333 / 16,667 % (regions a third of the non-state half): saved, and the members
    still sum exactly to seed 000's 7 864 000."""
    response = _post_settings(
        client_for("finance"),
        plan_2025,
        region_share="33,333",
        municipality_share="16,667",
        region_key="fixed",
        **_vvnd_region_shares(plan_2025),
    )
    assert response.status_code == 302
    y = contribution_table(plan_2025).years[0]
    assert (y.computed_total, sum(r.computed for r in y.rows)) == (7_864_000, 7_864_000)
    regions = sum(r.computed for r in y.rows if r.kind == "region")
    assert regions == 2_621_307  # 7 864 000 × 33,333 % = 2 621 307,1 (level at 1 kr)
    board = client_for("board").get(url(plan_2025)).content.decode()
    assert "50 / 33,333 / 16,667\u00a0%" in board


def test_the_read_only_split_shows_the_decimals_typed(client_for, plan_2025):
    """12,5 % was shown as "13 %" to the board (a whole-number filter)."""
    ContributionSettings.objects.filter(plan=plan_2025).update(
        region_share=Decimal("12.5"), municipality_share=Decimal("37.5")
    )
    board = client_for("board").get(url(plan_2025)).content.decode()
    assert "50 / 12,5 / 37,5\u00a0%" in board


def test_the_minus_sign_of_the_help_text_is_accepted(client_for, plan_2025):
    """The help text says "t.ex. −10" with a real minus sign; typing it was "not a number"."""
    response = _post_settings(
        client_for("finance"), plan_2025, year2_scenario="percent", year2_text="\u221210"
    )
    assert response.status_code == 302
    assert ContributionSettings.objects.get(plan=plan_2025).year2_value == Decimal(-10)


def _vvnd_region_shares(plan) -> dict[str, str]:
    return {
        f"share_{m.pk}": {"Region Värmland": "70", "Västra Götalandsregionen": "30"}[m.name]
        for m in Member.objects.filter(association=plan.association, kind="region")
    }


# --- FK and AF as one line or two ---------------------------------------------------------


def test_showing_fk_and_af_as_one_line_keeps_their_decided_amounts(plan_2025, vvnd):
    """Seed 000 decided FK and AF separately. Ticking "one FK/AF line" hid both decisions and
    the budget silently went back to the key."""
    fk = Member.objects.get(association=vvnd, kind="fk")
    ContributionDecision.objects.filter(plan=plan_2025, member=fk, year=2025).update(
        amount=2_000_000
    )
    separate = contribution_table(plan_2025).years[0]
    assert separate.total == 7_864_000 + 34_000
    ContributionSettings.objects.filter(plan=plan_2025).update(combine_state=True)
    y = contribution_table(plan_2025).years[0]
    [line] = [r for r in y.rows if r.kind == "state"]
    assert (line.computed, line.decided, line.amount) == (3_932_000, 3_966_000, 3_966_000)
    assert line.note == "Summan av FK:s och AF:s beslut"
    assert y.total == separate.total
    assert line.deviates  # 34 000 from the key, beyond the 1 kr rounding: still flagged


def test_one_decided_fk_af_amount_is_shared_when_shown_as_two_lines(varna):
    """VärNa decides one FK/AF amount (3 826 000 a year); shown as two lines, FK and AF
    each carry half of it instead of losing it."""
    plan = Plan.objects.create(association=varna, year=2023, revision=50)
    load_contributions(plan)
    ContributionDecision.objects.filter(plan=plan, member=None).update(amount=3_826_001)
    ContributionSettings.objects.filter(plan=plan).update(combine_state=False)
    y = contribution_table(plan).years[0]
    state = [r for r in y.rows if r.kind in ("fk", "af")]
    assert [r.decided for r in state] == [1_913_001, 1_913_000]
    assert all(r.note == "Beslutat för FK/AF tillsammans, delat som nyckeln" for r in state)
    assert sum(r.amount for r in y.rows) == y.total


def test_carried_state_decisions_need_both_halves():
    lines = [
        calc.Line(1, "FK", "fk", Decimal(50), Decimal(25), 1_966_000, 1),
        calc.Line(2, "AF", "af", Decimal(50), Decimal(25), 1_966_000, 1),
    ]
    combined = [calc.Line(None, "FK/AF", "state", Decimal(100), Decimal(50), 3_932_000, 1)]
    # only FK decided: the FK/AF line cannot know AF's decision
    assert calc.carried_state_decisions(lines=combined, decided={1: 5}, state_keys=[1, 2]) == {}
    # a decision for the line as shown wins
    assert (
        calc.carried_state_decisions(
            lines=combined, decided={None: 7, 1: 5, 2: 5}, state_keys=[1, 2]
        )
        == {}
    )
    assert calc.carried_state_decisions(lines=lines, decided={None: 7, 1: 3}, state_keys=[]) == {}
    got = calc.carried_state_decisions(lines=lines, decided={None: 7}, state_keys=[])
    assert {k: v[0] for k, v in got.items()} == {1: 4, 2: 3}


# --- decided amounts typed in the other unit ------------------------------------------------


def _post_decided(client, plan, member, text):
    return client.post(
        url(plan, "members:contributions_decided", year=plan.year),
        {f"y{plan.year}-decided_{member.pk}": text},
    )


@pytest.mark.parametrize(
    ("text", "saved"),
    [("196,6", 196_600), ("196 600 kr", 196_600), ("196600", None), ("196 600", None)],
)
def test_kronor_typed_into_a_tkr_table_are_caught(client_for, plan_2025, vvnd, text, saved):
    """In tkr, "196600" for Eda (key 196 600 kr) was saved as 196,6 million kronor."""
    plan_2025.unit = "tkr"
    plan_2025.save()
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    ContributionDecision.objects.filter(plan=plan_2025, member=eda).delete()
    response = _post_decided(client_for("finance"), plan_2025, eda, text)
    got = ContributionDecision.objects.filter(plan=plan_2025, member=eda).first()
    assert (got.amount if got else None) == saved
    if saved is None:
        assert response.status_code == 422
        assert "Det ser ut som kronor i en tabell i tkr: skriv 196,6" in response.content.decode()


@pytest.mark.parametrize(("text", "saved"), [("197", None), ("197 tkr", 197_000)])
def test_tkr_typed_into_a_kronor_table_are_caught(client_for, plan_2025, vvnd, text, saved):
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    ContributionDecision.objects.filter(plan=plan_2025, member=eda).delete()
    response = _post_decided(client_for("finance"), plan_2025, eda, text)
    got = ContributionDecision.objects.filter(plan=plan_2025, member=eda).first()
    assert (got.amount if got else None) == saved
    if saved is None:
        assert "Det ser ut som tkr i en tabell i kronor: skriv 197\u00a0000" in (
            response.content.decode()
        )


def test_unit_slip_bounds():
    assert calc.decided_unit_slip(computed=196_600, decided=196_600_000, unit="tkr") == 196_600
    assert calc.decided_unit_slip(computed=196_600, decided=19_000_000, unit="tkr") is None
    assert calc.decided_unit_slip(computed=196_600, decided=197, unit="kr") == 197_000
    assert calc.decided_unit_slip(computed=196_600, decided=1_966, unit="kr") == 1_966_000
    assert calc.decided_unit_slip(computed=196_600, decided=1_967, unit="kr") is None
    assert calc.decided_unit_slip(computed=0, decided=5, unit="kr") is None


# --- populations ------------------------------------------------------------------------------


@pytest.mark.parametrize("population", [None, 0])
def test_a_municipality_without_population_is_named_and_the_total_holds(
    client_for, plan_2025, vvnd, population
):
    Member.objects.filter(association=vvnd, name="Dals-Ed kommun").update(population=population)
    response = client_for("finance").get(url(plan_2025))
    assert response.status_code == 200
    y = contribution_table(plan_2025).years[0]
    assert {r.label: r.computed for r in y.rows}["Dals-Ed kommun"] == 0
    assert sum(r.computed for r in y.rows) == 7_864_000
    messages = [c.message for c in contribution_checks(plan_2025)]
    assert any("Dals-Ed kommun" in m and "inget bidrag" in m for m in messages)
    assert "Dals-Ed kommun" in response.content.decode()
