"""Leftovers found in the contributions: the combined state line's label, warnings that name
their year, and a member that would pay 0 for want of a population."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import calc
from members.contributions import (
    ContributionRow,
    ContributionYear,
    contribution_checks,
    contribution_table,
    unpaid_by_key,
)
from members.models import ContributionDecision, ContributionSettings, Member
from plans.review.services import plan_checks_for_board, plan_send_to_board

from .test_pages import url

FK = calc.MemberInput(1, "Försäkringskassan", "fk")
AF = calc.MemberInput(2, "Arbetsförmedlingen", "af")
REGION = calc.MemberInput(3, "Region Dalarna", "region", population=114_910)
FALUN = calc.MemberInput(4, "Falu kommun", "municipality", population=59_727)

# --- the combined state line is labelled by who is in it -----------------------------------


def test_the_combined_line_names_fk_alone_when_af_is_no_member():
    settings = calc.Settings(combine_state=True)
    both = calc.allocate_year(members=[FK, AF, REGION, FALUN], settings=settings, total=1_000_000)
    fk_only = calc.allocate_year(members=[FK, REGION, FALUN], settings=settings, total=1_000_000)
    assert both.lines[0].label == "FK/AF"
    assert (fk_only.lines[0].kind, fk_only.lines[0].label) == ("state", "Försäkringskassan")


def test_an_ended_af_membership_relabels_the_line_in_the_years_after(plan_2025, vvnd):
    Member.objects.filter(association=vvnd, kind="af").update(valid_to=date(2025, 12, 31))
    ContributionSettings.objects.filter(plan=plan_2025).update(combine_state=True)
    labels = [
        [r.label for r in y.rows if r.kind == "state"] for y in contribution_table(plan_2025).years
    ]
    assert labels == [["FK/AF"], ["Försäkringskassan"], ["Försäkringskassan"]]


def test_the_combined_line_is_labelled_by_its_members_when_the_key_cannot_be_computed(
    plan_2025, vvnd
):
    Member.objects.filter(association=vvnd, kind="af").update(valid_to=date(2024, 12, 31))
    ContributionSettings.objects.filter(plan=plan_2025).update(
        combine_state=True, state_share=60
    )  # 60/25/25: the split does not sum to 100 %
    years = contribution_table(plan_2025).years
    assert all(y.error for y in years)
    assert [r.label for r in years[0].rows if r.kind == "state"] == ["Försäkringskassan"]


# --- a year's warning names its year --------------------------------------------------------


def test_a_level_missing_in_one_year_is_named_with_that_year(plan_2025, vvnd):
    """The checks list all three years: "det här året" did not say which."""
    Member.objects.filter(association=vvnd, kind="region").update(valid_to=date(2026, 12, 31))
    table = contribution_table(plan_2025)
    [note] = [w.text for w in table.years[2].warnings if w.code == "level_missing"]
    assert note == "2027: Förbundet har inga regioner som medlemmar."
    assert not any(w.code == "level_missing" for w in table.years[1].warnings)
    messages = [c.message for c in contribution_checks(plan_2025)]
    assert note in messages and not any("det här året" in m for m in messages)


def test_a_part_year_level_is_named_with_its_year(plan_2025, vvnd):
    Member.objects.filter(association=vvnd, kind="region").update(valid_from=date(2026, 7, 1))
    table = contribution_table(plan_2025)
    notes = [w.text for w in table.years[1].warnings if w.code == "part_year"]
    assert any(n.startswith("2026: Regionerna är medlemmar bara 6 av årets 12") for n in notes)


def test_the_year_is_named_when_no_state_member_can_carry_the_state_amount():
    with pytest.raises(calc.AllocationError, match="^2026: Försäkringskassan eller"):
        calc.allocate_year(
            members=[REGION, FALUN], settings=calc.Settings(), state_amount=1, year=2026
        )
    months = [replace(FALUN, months=0)]
    with pytest.raises(calc.AllocationError, match="^2027: Falu kommun är inte medlem någon"):
        calc.allocate_years(
            members_per_year=[[FK, AF, REGION, FALUN]] * 2 + [[FK, AF, REGION, *months]],
            settings=calc.Settings(),
            total=1_000_000,
            years=(2025, 2026, 2027),
        )


def _errors(plan) -> list[tuple[str, str]]:
    return [
        (c.level, c.message) for c in contribution_checks(plan) if c.code == "contributions_error"
    ]


@pytest.mark.parametrize(
    "scenario,message",
    [
        # Year 3 (2027) lowers the state's amount by 150 %: that year cannot be computed.
        (
            {"year3_scenario": "percent", "year3_value": Decimal(-150)},
            "2027: medlemsbidragen kan inte beräknas: Statens bidrag kan inte bli negativt.",
        ),
        (
            {"year2_scenario": "amount", "year2_value": None},
            "2026: medlemsbidragen kan inte beräknas: Ange statens bidrag för året.",
        ),
    ],
)
def test_a_contribution_error_of_one_year_names_that_year(plan_2025, scenario, message):
    """ "Medlemsbidragen kan inte beräknas" did not say which of the three years to fix."""
    ContributionSettings.objects.filter(plan=plan_2025).update(**scenario)
    assert _errors(plan_2025) == [("error", message)]  # said once, for the plan
    table = contribution_table(plan_2025)
    year = int(message[:4])
    assert [y.error_year for y in table.years] == [year] * 3
    # The note the PDF prints with the first year names it too.
    [note] = [w.text for w in table.years[0].warnings if w.code == "contributions_error"]
    assert note == message.replace(": medlemsbidragen kan inte beräknas", "")


def test_a_contribution_error_of_the_settings_names_no_year(plan_2025):
    ContributionSettings.objects.filter(plan=plan_2025).update(state_share=60)
    [(level, message)] = _errors(plan_2025)
    assert level == "error"
    assert message.startswith("Medlemsbidragen kan inte beräknas: ")
    assert contribution_table(plan_2025).years[2].error_year is None


def test_an_allocation_error_names_the_year_it_was_raised_for():
    with pytest.raises(calc.AllocationError) as raised:
        calc.allocate_years(
            members_per_year=[[FK, AF, REGION, FALUN]] * 3,
            settings=calc.Settings(),
            state_amount=1_000_000,
            scenarios=[calc.Scenario(), calc.Scenario("percent", Decimal(-150))],
            years=(2025, 2026, 2027),
        )
    assert (raised.value.year, raised.value.text) == (2027, "Statens bidrag kan inte bli negativt.")
    assert str(raised.value) == "2027: Statens bidrag kan inte bli negativt."


# --- a member paying 0 for want of a population is fixed before the board -------------------


def _unpaid(checks):
    return [(c.level, c.url) for c in checks if c.code == "population_unpaid"]


@pytest.mark.parametrize("population", [None, 0])
def test_a_municipality_paying_0_for_want_of_a_population_is_an_error_before_the_board(
    client_for, plan_2025, vvnd, population
):
    assert _unpaid(plan_checks_for_board(plan_2025)) == []
    Member.objects.filter(association=vvnd, name="Dals-Ed kommun").update(population=population)
    members_page = reverse("members:members", kwargs={"assoc": vvnd.slug})
    assert _unpaid(contribution_checks(plan_2025)) == [("error", members_page)]
    assert ("error", members_page) in _unpaid(plan_checks_for_board(plan_2025))
    # the page keeps working, and the other members still pay seed 000's figures
    response = client_for("finance").get(url(plan_2025))
    assert response.status_code == 200
    assert "check--error" in response.content.decode()
    y = contribution_table(plan_2025).years[0]
    assert y.computed_total == 7_864_000


def test_sending_to_the_board_asks_to_confirm_a_member_paying_0(
    client_for, plan_2025, vvnd, role_user
):
    Member.objects.filter(association=vvnd, name="Dals-Ed kommun").update(population=None)
    with pytest.raises(ValidationError, match="fel"):
        plan_send_to_board(user=role_user("director"), plan=plan_2025)
    page = client_for("director").get(url(plan_2025, "review:index"))
    assert page.status_code == 200
    assert "Invånarantal saknas för Dals-Ed kommun" in page.content.decode()


def test_a_decided_amount_for_the_member_leaves_only_a_warning(plan_2025, vvnd):
    """The members may decide what it pays; then nobody pays 0 by accident."""
    dals_ed = Member.objects.get(association=vvnd, name="Dals-Ed kommun")
    Member.objects.filter(pk=dals_ed.pk).update(population=None)
    for year in plan_2025.years:
        ContributionDecision.objects.update_or_create(
            plan=plan_2025, member=dals_ed, year=year, defaults={"amount": 99_600}
        )
    assert _unpaid(contribution_checks(plan_2025))[0][0] == "warning"
    # one year left to the key is enough for the error
    ContributionDecision.objects.filter(plan=plan_2025, member=dals_ed, year=2027).delete()
    assert _unpaid(contribution_checks(plan_2025))[0][0] == "error"


def test_only_members_keyed_by_population_count_as_unpaid_by_key():
    """A region at 0 in a fixed key is not what a missing population explains."""
    rows = [
        ContributionRow(7, "Region Värmland", "region", Decimal(0), 0, None, 0, False),
        ContributionRow(8, "Dals-Ed kommun", "municipality", Decimal(0), 0, None, 0, False),
        ContributionRow(9, "Åmål kommun", "municipality", Decimal(0), 0, 99_600, 99_600, True),
    ]
    year = ContributionYear(2026, rows, 99_600, 0, [])
    mixed = calc.Settings(region_key="fixed", municipality_key="population")
    assert [r.label for r in unpaid_by_key(year, mixed)] == ["Dals-Ed kommun"]
    assert [r.label for r in unpaid_by_key(year, calc.Settings())] == [
        "Region Värmland",
        "Dals-Ed kommun",
    ]
