"""Leftovers found in the contributions: the combined state line's label, warnings that name
their year, and a member that would pay 0 for want of a population."""

from __future__ import annotations

from datetime import date

from members import calc
from members.contributions import contribution_table
from members.models import ContributionSettings, Member

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
