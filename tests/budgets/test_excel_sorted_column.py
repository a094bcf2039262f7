"""A finance officer selects only an amount column (not the names, not the hidden column E) and
sorts it: every figure now stands on another line. The preview showed that as many ordinary
edits; it now refuses the file, naming the sheet, the column and the rows. Two lines that swap
equal figures, a swap of two figures and a genuine edit are not taken for a sort."""

from __future__ import annotations

import pytest

from budgets.calc import SortedRun, amounts_sorted_apart
from budgets.excel_import import read_import
from budgets.models import BudgetLine, Group
from budgets.services import budget_line_create
from plans.models import Plan

from .excel_fixtures import (  # noqa: F401 - fixtures
    draft_plan,
    export_bytes,
    falun_plan_fixture,
    load,
    row_of,
    save,
    vvnd_plan_fixture,
)

# The seeds' administration lines, year 1, in the order the plans print them.
VVND_ADMIN = [801_000, 265_000, 200_000, 80_000]  # chef, styrelse, ekonomi, revision
VARNA_ADMIN = [1_991_547, 412_490, 105_000, 100_000, 100_000]
VARNA_STRUCTURAL = [100_000, 50_000, 50_000, 50_000]


# ------------------------------------------------------------------------------ the rule
def test_an_ascending_sort_of_vvnds_administration_is_found():
    assert amounts_sorted_apart(exported=VVND_ADMIN, in_file=sorted(VVND_ADMIN)) == SortedRun(
        first=0, last=3, lines=4
    )


def test_a_sort_of_varnas_administration_is_found_though_one_figure_stays():
    # 105 000 is in the middle either way: four lines hold another line's figure
    assert amounts_sorted_apart(exported=VARNA_ADMIN, in_file=sorted(VARNA_ADMIN)) == SortedRun(
        first=0, last=4, lines=4
    )


def test_a_sort_inside_a_longer_column_is_found_beside_a_genuine_edit():
    exported = [192_000, *VVND_ADMIN, 600_000]
    in_file = [192_000, *sorted(VVND_ADMIN), 650_000]  # and ESF raised on the last line
    assert amounts_sorted_apart(exported=exported, in_file=in_file) == SortedRun(1, 4, 4)


def test_blanks_sorted_to_the_end_count_as_moved():
    # VVND's individual lines with two blank ones, sorted ascending: Excel puts blanks last
    exported = [None, 2_100_000, None, 650_000, 500_000]
    in_file = [500_000, 650_000, 2_100_000, None, None]
    assert amounts_sorted_apart(exported=exported, in_file=in_file) == SortedRun(0, 4, 5)


@pytest.mark.parametrize(
    "in_file",
    [
        # Styrelsearvode and Arvode revisorer (both 100 000) swapped: nothing changes
        [1_991_547, 412_490, 105_000, 100_000, 100_000],
        # Lokalhyra and Styrelsearvode swapped: two lines, may be a correction on purpose
        [1_991_547, 412_490, 100_000, 105_000, 100_000],
        # genuine edits: indexation of three lines
        [2_051_293, 424_865, 108_150, 100_000, 100_000],
        # a genuine edit that happens to reuse a figure of another line
        [1_991_547, 412_490, 100_000, 100_000, 100_000],
    ],
)
def test_equal_figures_a_swap_and_genuine_edits_are_no_sort(in_file):
    assert amounts_sorted_apart(exported=VARNA_ADMIN, in_file=in_file) is None


def test_varnas_structural_sort_moves_only_two_figures_and_is_not_called_a_sort():
    """100 000, 50 000, 50 000, 50 000 sorted ascending changes two cells: indistinguishable
    from a swap typed on purpose, so it is previewed as two edits (the user sees both)."""
    assert amounts_sorted_apart(exported=VARNA_STRUCTURAL, in_file=sorted(VARNA_STRUCTURAL)) is None


def test_figures_moved_onto_blank_lines_need_three_figures():
    # two intervention budgets moved to two new lines: two figures moved, no sort
    exported = [500_000, None, 650_000, None]
    assert amounts_sorted_apart(exported=exported, in_file=[None, 500_000, None, 650_000]) is None


def test_a_long_column_is_read_in_one_pass():
    exported = list(range(1_000, 3_000))
    assert amounts_sorted_apart(exported=exported, in_file=exported[::-1]) == SortedRun(
        0, 1_999, 2_000
    )
    assert amounts_sorted_apart(exported=exported, in_file=[a + 1 for a in exported]) is None


def test_the_two_columns_must_be_as_long():
    with pytest.raises(ValueError):
        amounts_sorted_apart(exported=[1, 2, 3], in_file=[3, 2])


# ------------------------------------------------------------------------------ the import
def _lines(plan: Plan, group: str) -> list[BudgetLine]:
    return list(
        BudgetLine.objects.filter(budget__plan=plan, group=group, is_balancing=False).order_by(
            "order", "pk"
        )
    )


def _sort_column(ws, rows: list[int], column: str) -> None:
    """What Excel does to a selection of one column sorted without expanding it: blanks last."""
    values = [ws[f"{column}{r}"].value for r in rows]
    figures = sorted(v for v in values if v is not None)
    for r, v in zip(rows, figures + [None] * (len(values) - len(figures)), strict=True):
        ws[f"{column}{r}"] = v


def _admin_rows(plan: Plan, ws) -> list[int]:
    return [
        row_of(ws, f"line:{line.pk}:{line.version}") for line in _lines(plan, Group.ADMINISTRATION)
    ]


def _message(column: str, year: int, first: int, last: int, n: int) -> str:
    return (
        f"Blad Budget: beloppen i kolumn {column} ({year}), rad {first}–{last}, verkar ha "
        f"sorterats för sig, utan raderna de hör till: {n} rader har fått belopp som "
        "exporterades på andra rader. Ångra sorteringen, eller exportera en ny fil och gör "
        "ändringarna i den."
    )


@pytest.mark.django_db
def test_vvnds_administration_column_sorted_alone_is_refused(vvnd_plan):
    assert [line.amount_1 for line in _lines(vvnd_plan, Group.ADMINISTRATION)] == VVND_ADMIN
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    rows = _admin_rows(vvnd_plan, ws)
    _sort_column(ws, rows, "B")
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert preview.changes == []
    assert [str(p) for p in preview.problems] == [
        _message("B", vvnd_plan.year, rows[0], rows[-1], 4)
    ]


@pytest.mark.django_db
def test_varnas_three_year_columns_sorted_by_the_first_are_each_named():
    plan = draft_plan("varna")
    lines = _lines(plan, Group.ADMINISTRATION)
    wb = load(export_bytes(plan))
    ws = wb["Budget"]
    rows = [row_of(ws, f"line:{line.pk}:{line.version}") for line in lines]
    # the selection B:D sorted by column B (ascending): whole rows of figures move together
    block = [[ws[f"{c}{r}"].value for c in "BCD"] for r in rows]
    for r, figures in zip(rows, sorted(block, key=lambda f: f[0]), strict=True):
        for c, v in zip("BCD", figures, strict=True):
            ws[f"{c}{r}"] = v
    preview = read_import(plan, save(wb), "budget.xlsx")
    problems = [str(p) for p in preview.problems]
    assert preview.changes == [] and len(problems) == 3
    for i, (column, problem) in enumerate(zip("BCD", problems, strict=True)):
        assert problem.startswith(f"Blad Budget: beloppen i kolumn {column} ({plan.year + i}),")


@pytest.mark.django_db
def test_a_tkr_file_sorted_alone_is_refused(falun_plan):
    """Falun-Borlänge's 2025 administration lines (tkr), on its draft plan."""
    lines = [
        budget_line_create(
            user=None, plan=falun_plan, group=Group.ADMINISTRATION, name=name, amounts=amounts
        )
        for name, amounts in (
            ("Styrelsearvoden", (90_000, 92_000, None)),
            ("Förbundschef, lön", (700_000, 721_000, None)),
            ("Kompetensutveckling", (75_000, 75_000, None)),
            ("Ekonomitjänster", (70_500, 72_000, None)),
        )
    ]
    wb = load(export_bytes(falun_plan))
    assert wb["finsam_id"]["B6"].value == "tkr"
    ws = wb["Budget"]
    rows = [row_of(ws, f"line:{line.pk}:{line.version}") for line in lines]
    _sort_column(ws, rows, "C")  # 72, 75, 92, 721 (tkr)
    problems = [str(p) for p in read_import(falun_plan, save(wb), "budget.xlsx").problems]
    assert problems == [_message("C", falun_plan.year + 1, rows[0], rows[-1], 4)]


@pytest.mark.django_db
def test_genuine_edits_of_many_lines_are_previewed_as_edits(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    rows = _admin_rows(vvnd_plan, ws)
    for r, amount in zip(rows, (825_000, 273_000, 206_000, 82_000), strict=True):
        ws[f"B{r}"] = amount  # three per cent more on every line
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [c.new for c in preview.changes] == [825_000, 273_000, 206_000, 82_000]


@pytest.mark.django_db
def test_two_lines_swapping_their_figures_are_previewed_as_two_edits(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    rows = _admin_rows(vvnd_plan, ws)
    a, b = rows[2], rows[3]  # Ekonomi 200 000 and Revision 80 000
    ws[f"B{a}"], ws[f"B{b}"] = ws[f"B{b}"].value, ws[f"B{a}"].value
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.old, c.new) for c in preview.changes] == [(200_000, 80_000), (80_000, 200_000)]
