"""The allocation engine reproduces the seeds' decided contributions to the krona."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members import calc
from members.calc import AllocationError, MemberInput, Scenario, Settings, Split

# Populations (SCB 2023 as printed in seed 000: 84 836 in all) that reproduce seed 000's key.
VVND_POPULATIONS = {
    "Arvika kommun": 25459,
    "Eda kommun": 8484,
    "Säffle kommun": 15319,
    "Årjäng kommun": 9960,
    "Bengtsfors kommun": 9364,
    "Dals-Ed kommun": 4298,
    "Åmål kommun": 11952,
}


def vvnd_members() -> list[MemberInput]:
    members = [
        MemberInput(1, "Försäkringskassan", "fk"),
        MemberInput(2, "Arbetsförmedlingen", "af"),
        MemberInput(3, "Region Värmland", "region", fixed_share=Decimal(70)),
        MemberInput(4, "Västra Götalandsregionen", "region", fixed_share=Decimal(30)),
    ]
    members += [
        MemberInput(10 + i, name, "municipality", population=pop)
        for i, (name, pop) in enumerate(VVND_POPULATIONS.items())
    ]
    return members


VVND_SETTINGS = Settings(
    region_key="fixed", rounding=1, region_rounding=1000, municipality_rounding=100
)


def amounts(alloc: calc.Allocation) -> dict[str, int]:
    return {line.label: line.computed for line in alloc.lines}


def test_seed_000_2025_to_the_krona():
    assert sum(VVND_POPULATIONS.values()) == 84836
    alloc = calc.allocate_year(members=vvnd_members(), settings=VVND_SETTINGS, total=7_864_000)
    assert amounts(alloc) == {
        "Försäkringskassan": 1_966_000,
        "Arbetsförmedlingen": 1_966_000,
        "Region Värmland": 1_376_000,
        "Västra Götalandsregionen": 590_000,
        "Arvika kommun": 590_000,
        "Eda kommun": 196_600,
        "Säffle kommun": 355_000,
        "Årjäng kommun": 230_800,
        "Bengtsfors kommun": 217_000,
        "Dals-Ed kommun": 99_600,
        "Åmål kommun": 277_000,
    }
    assert alloc.total == 7_864_000
    assert alloc.warnings == ()


def test_seed_000_from_the_state_amount_gives_the_same_table():
    by_total = calc.allocate_year(members=vvnd_members(), settings=VVND_SETTINGS, total=7_864_000)
    by_state = calc.allocate_year(
        members=vvnd_members(), settings=VVND_SETTINGS, state_amount=3_932_000
    )
    assert by_total == by_state


def test_seed_000_forecast_minus_ten_percent_state():
    """Seed 000: 2026 and 2027 assume 10 % less from the state: 7 077 600 in total."""
    years = calc.allocate_years(
        members_per_year=[vvnd_members()] * 3,
        settings=VVND_SETTINGS,
        total=7_864_000,
        scenarios=[Scenario("percent", Decimal(-10)), Scenario("unchanged")],
    )
    assert [y.total for y in years] == [7_864_000, 7_077_600, 7_077_600]
    assert all(sum(line.computed for line in y.lines) == y.total for y in years)


# Seed 001 prints no populations; these (Falun 59 727, Borlänge 55 183, region = both) are
# chosen so that population by the charter reproduces the decided tkr figures.
def falun_members() -> list[MemberInput]:
    return [
        MemberInput(1, "Försäkringskassan", "fk"),
        MemberInput(2, "Arbetsförmedlingen", "af"),
        MemberInput(3, "Region Dalarna", "region", population=114_910),
        MemberInput(4, "Falu kommun", "municipality", population=59_727),
        MemberInput(5, "Borlänge kommun", "municipality", population=55_183),
    ]


@pytest.mark.parametrize("given_", [{"total": 8_396_000}, {"state_amount": 4_198_000}])
def test_seed_001_in_tkr(given_):
    settings = Settings(combine_state=True, rounding=1000)
    alloc = calc.allocate_year(members=falun_members(), settings=settings, **given_)
    assert amounts(alloc) == {
        "FK/AF": 4_198_000,
        "Region Dalarna": 2_099_000,
        "Falu kommun": 1_091_000,
        "Borlänge kommun": 1_008_000,
    }
    state_line = alloc.lines[0]
    assert state_line.key is None and state_line.kind == "state"


def varna_members() -> list[MemberInput]:
    return [
        MemberInput(1, "Försäkringskassan", "fk"),
        MemberInput(2, "Arbetsförmedlingen", "af"),
        MemberInput(3, "Region Stockholm", "region", population=2_454_821),
        MemberInput(4, "Nacka kommun", "municipality", fixed_share=Decimal("70.1")),
        MemberInput(5, "Värmdö kommun", "municipality", fixed_share=Decimal("29.9")),
    ]


def test_seed_004_fixed_municipal_key():
    settings = Settings(combine_state=True, municipality_key="fixed")
    alloc = calc.allocate_year(members=varna_members(), settings=settings, state_amount=3_826_000)
    assert amounts(alloc) == {
        "FK/AF": 3_826_000,
        "Region Stockholm": 1_913_000,
        "Nacka kommun": 1_341_013,
        "Värmdö kommun": 571_987,
    }
    assert alloc.total == 7_652_000


def test_state_change_doubles_in_total():
    settings = Settings(combine_state=True, municipality_key="fixed")
    years = calc.allocate_years(
        members_per_year=[varna_members()] * 3,
        settings=settings,
        state_amount=3_826_000,
        scenarios=[Scenario("amount", 3_776_000), Scenario("unchanged")],
    )
    assert years[1].total - years[0].total == -100_000
    assert years[2].total == years[1].total


def ssh_members() -> list[MemberInput]:
    """Södra Hälsingland (a new association): FK, AF, one region, three municipalities."""
    return [
        MemberInput(1, "Försäkringskassan", "fk"),
        MemberInput(2, "Arbetsförmedlingen", "af"),
        MemberInput(3, "Region Gävleborg", "region", population=287_767),
        MemberInput(4, "Bollnäs kommun", "municipality", population=26_484),
        MemberInput(5, "Söderhamns kommun", "municipality", population=25_404),
        MemberInput(6, "Ovanåkers kommun", "municipality", population=11_303),
    ]


@pytest.mark.parametrize("rounding", [1000, 1])
def test_an_unchanged_state_contribution_keeps_the_years_total(rounding):
    """QA: 7 777 777 rounded to 1 000 kr gives FK the remainder (1 945 777 against AF's
    1 944 000); years 2 and 3 were derived from that inflated state part as 7 779 554."""
    years = calc.allocate_years(
        members_per_year=[ssh_members()] * 3,
        settings=Settings(rounding=rounding),
        total=7_777_777,
        scenarios=[Scenario("unchanged"), Scenario("unchanged")],
    )
    if rounding == 1000:
        first = amounts(years[0])
        assert (first["Försäkringskassan"], first["Arbetsförmedlingen"]) == (1_945_777, 1_944_000)
    assert [y.total for y in years] == [7_777_777] * 3
    assert amounts(years[1]) == amounts(years[2]) == amounts(years[0])


def test_a_percent_change_of_the_state_moves_a_total_by_the_same_percent():
    years = calc.allocate_years(
        members_per_year=[ssh_members()] * 3,
        settings=Settings(rounding=1000),
        total=7_777_777,
        scenarios=[Scenario("percent", Decimal(10)), Scenario("amount", 4_000_000)],
    )
    assert years[1].total == 8_555_555  # 7 777 777 × 1,1 = 8 555 554,7
    assert (years[2].state_amount, years[2].total) == (4_000_000, 8_000_000)


def test_percent_scenario_compounds_from_the_year_before():
    assert calc.next_state_amount(previous=1_000_000, scenario=Scenario("percent", 5)) == 1_050_000
    assert calc.next_state_amount(previous=1_000_000, scenario=Scenario()) == 1_000_000
    with pytest.raises(AllocationError):
        calc.next_state_amount(previous=100, scenario=Scenario("percent", -150))


def test_split_departing_from_50_25_25_is_a_warning_not_an_error():
    settings = Settings(split=Split(Decimal(50), Decimal(20), Decimal(30)))
    alloc = calc.allocate_year(
        members=vvnd_members()[:2]
        + vvnd_members()[4:5]
        + [MemberInput(3, "Region", "region", population=1)],
        settings=settings,
        total=1_000_000,
    )
    assert alloc.total == 1_000_000
    assert alloc.regions_amount == 200_000 and alloc.municipalities_amount == 300_000
    assert any("avviker" in w.text for w in alloc.warnings)


def test_a_total_without_state_members_is_carried_by_the_others_and_says_so():
    """Found by exploring: an association without FK/AF typed a total and the region and the
    municipalities silently paid the state's half too."""
    without_state = [m for m in vvnd_members() if m.kind not in ("fk", "af")]
    alloc = calc.allocate_year(members=without_state, settings=VVND_SETTINGS, total=4_000_000)
    assert alloc.total == 4_000_000
    assert any(w.code == "level_missing" and "statens andel" in w.text for w in alloc.warnings)
    with_state = calc.allocate_year(members=vvnd_members(), settings=VVND_SETTINGS, total=4_000_000)
    assert not any("statens andel" in w.text for w in with_state.warnings)


def test_split_not_summing_to_100_is_an_error():
    settings = Settings(split=Split(Decimal(50), Decimal(25), Decimal(20)))
    with pytest.raises(AllocationError, match="100 %"):
        calc.allocate_year(members=vvnd_members(), settings=settings, total=1_000)


def test_fixed_shares_must_sum_to_100():
    members = varna_members()
    members[4] = MemberInput(5, "Värmdö kommun", "municipality", fixed_share=Decimal("20"))
    with pytest.raises(AllocationError, match="100 %"):
        calc.allocate_year(
            members=members, settings=Settings(municipality_key="fixed"), total=1_000_000
        )


def test_negative_total_is_refused():
    with pytest.raises(AllocationError, match="negativt"):
        calc.allocate_year(members=vvnd_members(), settings=VVND_SETTINGS, total=-1)


def test_missing_population_warns_and_others_carry_the_key():
    members = vvnd_members()
    members[5] = MemberInput(11, "Eda kommun", "municipality", population=None)
    alloc = calc.allocate_year(members=members, settings=VVND_SETTINGS, total=7_864_000)
    assert amounts(alloc)["Eda kommun"] == 0
    assert alloc.total == 7_864_000
    assert any("Eda kommun" in w.text for w in alloc.warnings)


def test_a_lone_region_needs_no_population():
    """One region pays the regions' whole share whatever its population, so a missing figure
    is not worth a warning (a new association with one region was told the amount "is split
    equally until they are filled in", on the overview, in the board's checks and in the PDF)."""
    members = [
        MemberInput(1, "Försäkringskassan", "fk"),
        MemberInput(2, "Arbetsförmedlingen", "af"),
        MemberInput(3, "Region Kustland", "region"),
        MemberInput(4, "Havsviks kommun", "municipality", population=12_431),
        MemberInput(5, "Skärö kommun", "municipality", population=3_977),
    ]
    alloc = calc.allocate_year(members=members, settings=Settings(), total=11_200_000)
    assert amounts(alloc)["Region Kustland"] == 2_800_000
    assert [w.code for w in alloc.warnings if w.code == "population_missing"] == []
    # two regions without figures still share equally and say so
    members.insert(3, MemberInput(6, "Region Fjällen", "region"))
    alloc = calc.allocate_year(members=members, settings=Settings(), total=11_200_000)
    assert amounts(alloc)["Region Fjällen"] == amounts(alloc)["Region Kustland"] == 1_400_000
    assert any(w.code == "population_missing" for w in alloc.warnings)


def test_deviation_flag_uses_the_rounding():
    assert not calc.deviates(computed=196_600, decided=196_600, rounding=100)
    assert not calc.deviates(computed=196_600, decided=196_700, rounding=100)
    assert calc.deviates(computed=196_600, decided=196_701, rounding=100)
    assert not calc.deviates(computed=196_600, decided=None, rounding=1)


def test_allocate_examples():
    assert calc.allocate(total=100, weights=[1, 1, 1]) == [34, 33, 33]
    assert calc.allocate(total=1_966_000, weights=[70, 30], step=1000) == [1_376_000, 590_000]
    # A total that is not a multiple of the step still sums exactly.
    assert sum(calc.allocate(total=1_234_567, weights=[3, 2, 1], step=1000)) == 1_234_567


# --- properties -----------------------------------------------------------------------------

weights_st = st.lists(
    st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=30
).filter(lambda ws: sum(ws) > 0)


@given(
    total=st.integers(min_value=0, max_value=10**11),
    weights=weights_st,
    step=st.sampled_from(calc.ROUNDINGS),
)
def test_allocate_parts_always_sum_to_the_total(total, weights, step):
    parts = calc.allocate(total=total, weights=weights, step=step)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    # Every part is within one step (plus the leftover) of its exact quota.
    for p, w in zip(parts, weights, strict=True):
        exact = total * w / sum(weights)
        assert abs(p - exact) <= 2 * step


@given(
    total=st.integers(min_value=0, max_value=10**10),
    regions=st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=0, max_size=4),
    municipalities=st.lists(st.integers(min_value=1, max_value=1_000_000), min_size=1, max_size=20),
    combine=st.booleans(),
    rounding=st.sampled_from(calc.ROUNDINGS),
    region_rounding=st.sampled_from((None, *calc.ROUNDINGS)),
    municipality_rounding=st.sampled_from((None, *calc.ROUNDINGS)),
)
def test_members_always_sum_to_the_total(
    total, regions, municipalities, combine, rounding, region_rounding, municipality_rounding
):
    members = [MemberInput(1, "FK", "fk"), MemberInput(2, "AF", "af")]
    members += [
        MemberInput(100 + i, f"R{i}", "region", population=p) for i, p in enumerate(regions)
    ]
    members += [
        MemberInput(200 + i, f"K{i}", "municipality", population=p)
        for i, p in enumerate(municipalities)
    ]
    settings = Settings(
        combine_state=combine,
        rounding=rounding,
        region_rounding=region_rounding,
        municipality_rounding=municipality_rounding,
    )
    alloc = calc.allocate_year(members=members, settings=settings, total=total)
    assert sum(line.computed for line in alloc.lines) == alloc.total == total
    assert len(alloc.lines) == len(members) - (1 if combine else 0)


def test_a_total_in_the_wrong_unit_is_named_with_the_figure_meant():
    # Norra Älvbygden: 14 200 000 typed into a tkr field is 14,2 billion kronor.
    slip = calc.unit_slip(year=2027, total=14_200_000_000, unit="tkr")
    assert slip is not None and slip.code == "wrong_unit"
    assert "menade du 14\u00a0200\u00a0tkr?" in slip.text
    assert calc.unit_slip(year=2027, total=14_200_000, unit="tkr") is None
    # Hamnstad: 1 600 typed into a kr field.
    slip = calc.unit_slip(year=2027, total=1_600, unit="kr")
    assert slip is not None and "menade du 1\u00a0600\u00a0000\u00a0kr?" in slip.text
    assert calc.unit_slip(year=2027, total=1_600_000, unit="kr") is None
    assert calc.unit_slip(year=2027, total=0, unit="kr") is None  # nothing typed yet: no slip


# --- members for part of the year ---------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "months", "joins", "leaves"),
    [
        (None, None, 12, None, None),
        (date(2026, 1, 1), None, 12, None, None),
        (date(2026, 7, 1), None, 6, date(2026, 7, 1), None),
        (date(2026, 7, 15), None, 6, date(2026, 7, 15), None),  # July is started: it counts
        (None, date(2026, 6, 30), 6, None, date(2026, 6, 30)),
        (None, date(2026, 12, 31), 12, None, None),
        (date(2026, 3, 1), date(2026, 9, 30), 7, date(2026, 3, 1), date(2026, 9, 30)),
        (date(2027, 1, 1), None, 0, None, None),
        (None, date(2025, 12, 31), 0, None, None),
        (date(2020, 5, 1), date(2030, 5, 1), 12, None, None),
    ],
)
def test_months_of_membership_in_a_year(valid_from, valid_to, months, joins, leaves):
    period = calc.membership_in_year(year=2026, valid_from=valid_from, valid_to=valid_to)
    assert period == calc.Period(months, joins, leaves)


def _joins(members: list[MemberInput], label: str, **period) -> list[MemberInput]:
    return [replace(m, **period) if m.label == label else m for m in members]


def test_seed_000_municipality_joining_on_1_july_counts_six_months():
    """Eda kommun (8 484 inhabitants) joins on 1 July: its population counts for 6 months,
    the six others' for 12, in the municipalities' 1 966 000 (100 kr, largest remainder)."""
    members = _joins(vvnd_members(), "Eda kommun", months=6, joins=date(2026, 7, 1))
    alloc = calc.allocate_year(members=members, settings=VVND_SETTINGS, total=7_864_000)
    got = amounts(alloc)
    assert {k: v for k, v in got.items() if "kommun" in k} == {
        # 1 966 000 × 8 484·6 / (84 836·12 − 8 484·6) = 103 478,8 → 103 500
        # quotas in hundreds: 6 210,44 1 034,79 3 736,90 2 429,63 2 284,24 1 048,45 2 915,56;
        # the 4 hundreds left go to the largest remainders (Säffle, Eda, Årjäng, Åmål)
        "Arvika kommun": 621_000,
        "Eda kommun": 103_500,
        "Säffle kommun": 373_700,
        "Årjäng kommun": 243_000,
        "Bengtsfors kommun": 228_400,
        "Dals-Ed kommun": 104_800,
        "Åmål kommun": 291_600,
    }
    # the state and the regions are untouched, and the whole still sums exactly
    assert got["Försäkringskassan"] == 1_966_000 and got["Region Värmland"] == 1_376_000
    assert sum(got.values()) == alloc.total == 7_864_000
    eda = next(line for line in alloc.lines if line.label == "Eda kommun")
    assert eda.months == 6 and eda.note == "Medlem från 1 juli 2026: 6 av 12 månader"
    [note] = [w for w in alloc.warnings if w.code == "part_year"]
    assert note.text == (
        "Eda kommun är medlem från 1 juli 2026 och räknas i fördelningsnyckeln för 6 av årets "
        "12 månader."
    )


def test_seed_000_whole_year_setting_keeps_the_decided_key_and_says_so():
    members = _joins(vvnd_members(), "Eda kommun", months=6, joins=date(2026, 7, 1))
    whole = replace(VVND_SETTINGS, part_year="whole")
    alloc = calc.allocate_year(members=members, settings=whole, total=7_864_000)
    reference = calc.allocate_year(members=vvnd_members(), settings=whole, total=7_864_000)
    assert amounts(alloc) == amounts(reference)
    assert amounts(alloc)["Eda kommun"] == 196_600
    eda = next(line for line in alloc.lines if line.label == "Eda kommun")
    assert (eda.months, eda.note) == (12, "Medlem från 1 juli 2026: räknas som helt år")
    assert any(w.code == "part_year" and "hela året" in w.text for w in alloc.warnings)


def test_a_member_leaving_on_30_june_pays_for_six_months():
    """Falun-Borlänge in kr: Borlänge leaves on 30 June; Falun carries the rest of the
    municipalities' 2 099 000 (59 727·12 against 55 183·6)."""
    members = _joins(falun_members(), "Borlänge kommun", months=6, leaves=date(2026, 6, 30))
    alloc = calc.allocate_year(members=members, settings=Settings(), total=8_396_000)
    got = amounts(alloc)
    # 2 099 000 × 55 183·6 / (59 727·12 + 55 183·6) = 663 256,45
    assert (got["Falu kommun"], got["Borlänge kommun"]) == (1_435_744, 663_256)
    assert sum(got.values()) == 8_396_000
    note = next(line.note for line in alloc.lines if line.label == "Borlänge kommun")
    assert note == "Medlem till och med 30 juni 2026: 6 av 12 månader"


def test_a_region_joining_in_july_pays_its_share_for_six_months():
    """The only region joins on 1 July: from the state amount the regions' quarter is paid for
    6 months (2 099 000 / 2); from a total the state and the municipalities carry the rest."""
    members = _joins(falun_members(), "Region Dalarna", months=6, joins=date(2026, 7, 1))
    alloc = calc.allocate_year(members=members, settings=Settings(), state_amount=4_198_000)
    assert alloc.regions_amount == 1_049_500
    assert alloc.municipalities_amount == 2_099_000
    assert alloc.total == 4_198_000 + 1_049_500 + 2_099_000
    assert any(w.code == "part_year" and "Regionerna" in w.text for w in alloc.warnings)
    by_total = calc.allocate_year(members=members, settings=Settings(), total=8_396_000)
    # 50 : 12,5 : 25 of 8 396 000
    assert (by_total.state_amount, by_total.regions_amount, by_total.municipalities_amount) == (
        4_797_714,
        1_199_429,
        2_398_857,
    )


def test_a_new_association_where_everyone_joins_on_1_july_splits_as_a_whole_year():
    """The typed amount is for the part of the year: the same months for all change nothing."""
    members = [replace(m, months=6, joins=date(2026, 7, 1)) for m in vvnd_members()]
    part = calc.allocate_year(members=members, settings=VVND_SETTINGS, total=3_932_000)
    whole = calc.allocate_year(members=vvnd_members(), settings=VVND_SETTINGS, total=3_932_000)
    assert amounts(part) == amounts(whole)
    by_state = calc.allocate_year(members=members, settings=VVND_SETTINGS, state_amount=1_966_000)
    assert amounts(by_state) == amounts(whole)


def test_a_fixed_key_member_leaving_after_year_one_leaves_the_others_to_share():
    """VärNa (fixed 70,1/29,9): Värmdö leaves on 31 December of year 1. Years 2 and 3 were
    an error for the whole table ("the shares must sum to 100 %, now 70,1 %")."""
    settings = Settings(combine_state=True, municipality_key="fixed")
    without = [m for m in varna_members() if m.label != "Värmdö kommun"]
    years = calc.allocate_years(
        members_per_year=[varna_members(), without, without],
        settings=settings,
        state_amount=3_826_000,
    )
    assert amounts(years[0])["Värmdö kommun"] == 571_987
    assert amounts(years[1]) == {
        "FK/AF": 3_826_000,
        "Region Stockholm": 1_913_000,
        "Nacka kommun": 1_913_000,
    }
    assert any(
        w.code == "fixed_share_absent" and "Värmdö kommun" in w.text for w in years[1].warnings
    )
    assert not any(w.code == "fixed_share_absent" for w in years[0].warnings)
    # the plan's whole group must still sum to 100 %
    wrong = [replace(m, fixed_share=Decimal(20)) if m.key == 5 else m for m in varna_members()]
    with pytest.raises(AllocationError, match="100 %"):
        calc.allocate_years(
            members_per_year=[wrong, without, without], settings=settings, state_amount=1
        )


def test_a_fixed_share_counts_for_the_months_of_a_part_year():
    members = _joins(varna_members(), "Värmdö kommun", months=6, leaves=date(2026, 6, 30))
    settings = Settings(combine_state=True, municipality_key="fixed")
    alloc = calc.allocate_year(members=members, settings=settings, state_amount=3_826_000)
    # 1 913 000 × 29,9·6 / (70,1·12 + 29,9·6) = 336 265,14
    assert amounts(alloc)["Värmdö kommun"] == 336_265
    assert amounts(alloc)["Nacka kommun"] == 1_913_000 - 336_265


@given(
    total=st.integers(min_value=0, max_value=10**10),
    municipalities=st.lists(
        st.tuples(st.integers(min_value=0, max_value=1_000_000), st.integers(1, 12)),
        min_size=1,
        max_size=20,
    ),
    region_months=st.integers(1, 12),
    state_months=st.integers(1, 12),
    part_year=st.sampled_from(["months", "whole"]),
    combine=st.booleans(),
    rounding=st.sampled_from(calc.ROUNDINGS),
)
def test_part_year_members_always_sum_to_the_total(
    total, municipalities, region_months, state_months, part_year, combine, rounding
):
    members = [
        MemberInput(1, "FK", "fk", months=state_months),
        MemberInput(2, "AF", "af", months=state_months),
        MemberInput(3, "R", "region", population=1, months=region_months),
    ]
    members += [
        MemberInput(200 + i, f"K{i}", "municipality", population=p, months=n)
        for i, (p, n) in enumerate(municipalities)
    ]
    settings = Settings(combine_state=combine, rounding=rounding, part_year=part_year)
    alloc = calc.allocate_year(members=members, settings=settings, total=total)
    assert sum(line.computed for line in alloc.lines) == alloc.total == total
    # the same months for everyone is the same allocation as a whole year for everyone
    same = [replace(m, months=state_months) for m in members]
    whole = [replace(m, months=12) for m in members]
    assert [
        line.computed
        for line in calc.allocate_year(members=same, settings=settings, total=total).lines
    ] == [
        line.computed
        for line in calc.allocate_year(members=whole, settings=settings, total=total).lines
    ]
