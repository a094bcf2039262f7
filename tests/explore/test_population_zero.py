"""A member whose population is typed as 0 is reported as 0, not as a missing figure."""

from __future__ import annotations

from members import calc

FK = calc.MemberInput(1, "Försäkringskassan", "fk")
AF = calc.MemberInput(2, "Arbetsförmedlingen", "af")


def _notes(*others: calc.MemberInput) -> list[str]:
    alloc = calc.allocate_year(members=[FK, AF, *others], settings=calc.Settings(), total=1_000_000)
    return [n.text for n in alloc.warnings]


def test_zero_population_is_named_as_zero():
    notes = _notes(
        calc.MemberInput(3, "Region Norrbotten", "region", population=250_000),
        calc.MemberInput(4, "Region Västerbotten", "region", population=0),
        calc.MemberInput(5, "Överkalix kommun", "municipality", population=3_200),
        calc.MemberInput(6, "Pajala kommun", "municipality", population=None),
    )
    assert "Invånarantalet är 0 för Region Västerbotten; de får inget bidrag beräknat." in notes
    assert "Invånarantal saknas för Pajala kommun; de får inget bidrag beräknat." in notes
    assert not any("saknas för Region Västerbotten" in n for n in notes)


def test_a_single_municipality_with_population_0_still_gets_the_municipalities_share():
    alloc = calc.allocate_year(
        members=[
            FK,
            AF,
            calc.MemberInput(3, "Region Norrbotten", "region", population=250_000),
            calc.MemberInput(5, "Överkalix kommun", "municipality", population=0),
        ],
        settings=calc.Settings(),
        total=1_000_000,
    )
    assert {line.label: line.computed for line in alloc.lines}["Överkalix kommun"] == 250_000
    # alone in its group, its population changes nothing, so there is nothing to warn about
    assert not any(n.code == "population_missing" for n in alloc.warnings)
