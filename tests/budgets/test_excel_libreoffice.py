"""The exported workbook recalculated by a real spreadsheet program (LibreOffice, headless).

LibreOffice opens the file, recalculates every formula and saves it with the values cached, as
Excel does when finance staff save an edited file. The import then checks every cached total
against the budget engine, so a clean import proves the spreadsheet's own arithmetic agrees with
ours to the krona. Skipped where LibreOffice is not installed (Debian: libreoffice-calc-nogui).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook

from budgets.excel_import import read_import
from budgets.services import budget_summary_for_plan

from .excel_fixtures import draft_plan, edit, export_bytes, load, row_of, save, split_line

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def recalculated(data: bytes, tmp_path, to: str = "xlsx", source: str = "budget.xlsx") -> bytes:
    """The file opened and saved by LibreOffice, as `to` (xlsx, ods, xls, csv)."""
    src = tmp_path / "in" / source
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(  # noqa: S603 - a fixed program and our own temporary files
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--calc",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(src),
        ],
        env={**os.environ, "LANG": "C.UTF-8"},  # else sheets named with å/ä/ö are skipped
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / f"{src.stem}.{to}").read_bytes()


@pytest.mark.parametrize("slug", ["vvnd", "falun-borlange"])
def test_libreoffice_totals_agree_with_the_engine_and_import_changes_nothing(slug, tmp_path):
    plan = draft_plan(slug)
    saved = recalculated(export_bytes(plan), tmp_path)
    values = load_workbook(BytesIO(saved), data_only=True)["Budget"]
    summary = budget_summary_for_plan(plan)
    r = row_of(values, "result")
    scale = 1000 if plan.unit == "tkr" else 1
    got = [round(values[f"{c}{r}"].value * scale) for c in "BCD"]
    assert got == [y.result for y in summary.years]
    preview = read_import(plan, saved, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.changes == []


def test_edit_recalculated_by_libreoffice_imports_cleanly(tmp_path):
    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    ws = load(data)["Budget"]
    r = next(r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 5).value).startswith("line:"))
    line_id = int(ws.cell(r, 5).value.split(":")[1])
    saved = recalculated(edit(data, {("Budget", f"C{r}"): 333_000}), tmp_path)
    preview = read_import(plan, saved, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.line_id, c.year_index, c.new) for c in preview.changes] == [(line_id, 1, 333_000)]


def test_typed_total_kept_by_libreoffice_is_refused(tmp_path):
    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    coord = f"B{row_of(load(data)['Budget'], 'costs')}"
    saved = recalculated(edit(data, {("Budget", coord): 1_000_000}), tmp_path)
    problems = [str(p) for p in read_import(plan, saved, "budget.xlsx").problems]
    assert problems and problems[0].startswith(
        f"Blad Budget, cell {coord}: Summa kostnader är 1\u00a0000\u00a0000\u00a0kr"
    )


def test_changes_in_the_app_since_export_are_not_taken_for_errors(tmp_path):
    """A line added and a contribution decided in Finsam Plan after the export: the file's
    recalculated totals no longer match today's budget, yet they agree with the file itself."""
    from budgets.models import Group
    from budgets.services import budget_line_create
    from members.models import Member
    from members.services import contribution_decision_set

    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    saved = recalculated(data, tmp_path)
    budget_line_create(
        user=None, plan=plan, group=Group.ADMINISTRATION, name="Ny efter export", amounts=(9,) * 3
    )
    fk = Member.objects.get(association=plan.association, kind="fk")
    contribution_decision_set(user=None, plan=plan, member=fk, year=plan.year, amount=1_800_000)
    preview = read_import(plan, saved, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.changes == []
    assert any("Medlemsbidragen har ändrats" in n for n in preview.notices)


@pytest.mark.parametrize("unit", ["kr", "tkr"])
def test_split_line_with_a_blank_year_recalculated_imports_cleanly(unit, tmp_path):
    """The split share of a year without an amount is blank (it read 0): LibreOffice's own
    calculation agrees, its subtotals add up over the blank, and the import reads no change."""

    from budgets.services import budget_display_set

    plan = draft_plan("vvnd")
    budget_display_set(user=None, plan=plan, unit=unit, cost_sign=plan.association.cost_sign)
    line = split_line(plan, amounts=(900_001, None, 1), percent="33.5")
    plan.refresh_from_db()
    data = export_bytes(plan)
    r_line = row_of(load(data)["Budget"], f"line:{line.pk}:{line.version}")
    saved = recalculated(edit(data, {("Budget", f"B{r_line}"): None}), tmp_path)
    values = load_workbook(BytesIO(saved), data_only=True)["Budget"]
    r_out, r_in = row_of(values, f"splitout:{line.pk}"), row_of(values, f"splitin:{line.pk}")
    for r in (r_out, r_in):
        assert values[f"B{r}"].value in ("", None)  # cleared in the file
        assert values[f"C{r}"].value in ("", None)  # never had an amount
        assert values[f"D{r}"].value not in ("", None)  # 1 kr: a share of 0, shown
    preview = read_import(plan, saved, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.line_id, c.year_index, c.new) for c in preview.changes] == [(line.pk, 0, None)]


# A finance officer saves the file in another format (the messages are in
# test_excel_finance_officer.py; here the files are real).
SAVED_AS = {
    "ods": "Filen är sparad som OpenDocument (.ods).",
    "xls": "Filen är sparad i det äldre Excelformatet .xls.",
    "csv": "En .csv-fil har bara ett blad",
}
RENAMED_XLSX = {
    "ods": "Filen är en OpenDocument-fil (.ods) med namnet .xlsx.",
    "xls": "Filen är inte en .xlsx-fil utan en äldre Office-fil (.xls eller .doc)",
    "csv": "Filen är en textfil (till exempel .csv), inte en Excelarbetsbok.",
}


@pytest.mark.parametrize("to", ["ods", "xls", "csv"])
def test_a_file_saved_in_another_format_is_refused_saying_what_to_do(to, tmp_path):
    plan = draft_plan("vvnd")
    saved = recalculated(export_bytes(plan), tmp_path, to)
    [problem] = read_import(plan, saved, f"budget.{to}").problems
    assert str(problem).startswith(SAVED_AS[to])
    [problem] = read_import(plan, saved, "budget.xlsx").problems  # renamed .xlsx
    assert str(problem).startswith(RENAMED_XLSX[to])


def test_a_file_saved_as_ods_and_back_as_xlsx_still_imports(tmp_path):
    """Saved as .ods by mistake, then opened and saved as .xlsx: the hidden identifiers and
    the figures survive, and an edit made on the way is imported."""
    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    ws = load(data)["Budget"]
    r = next(r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 5).value).startswith("line:"))
    line_id = int(ws.cell(r, 5).value.split(":")[1])
    ods = recalculated(edit(data, {("Budget", f"D{r}"): 77_000}), tmp_path, "ods")
    back = recalculated(ods, tmp_path / "back", "xlsx", "budget.ods")
    preview = read_import(plan, back, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.line_id, c.year_index, c.new) for c in preview.changes] == [(line_id, 2, 77_000)]


# Excel's errors in formulas, as a spreadsheet program caches them.
def test_a_deleted_contribution_sheet_is_named_once_not_as_every_error_it_causes(tmp_path):
    """Deleting Medlemsbidrag turns every contribution row and the totals below them into
    errors (#REF! in Excel, #NAME? in LibreOffice): the one cause is named, first."""
    plan = draft_plan("vvnd")
    wb = load(export_bytes(plan))
    del wb["Medlemsbidrag"]
    saved = recalculated(save(wb), tmp_path)
    assert load_workbook(BytesIO(saved), data_only=True)["Budget"]["B7"].value.startswith("#")
    preview = read_import(plan, saved, "budget.xlsx")
    assert [str(p) for p in preview.problems] == [
        "Blad Medlemsbidrag: bladet saknas. Det har tagits bort. Exportera en ny fil från "
        "Finsam Plan och gör ändringarna i den; ta inte bort bladen."
    ]


def test_an_error_in_one_formula_names_the_cell(tmp_path):
    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    coord = f"C{row_of(load(data)['Budget'], 'equity_bound')}"  # no other formula uses it
    saved = recalculated(edit(data, {("Budget", coord): "=1/0"}), tmp_path)
    assert [str(p) for p in read_import(plan, saved, "budget.xlsx").problems] == [
        f"Blad Budget, cell {coord}: formeln ger felet #DIV/0!. Återställ formeln från exporten."
    ]


def test_an_error_that_spreads_is_counted_in_one_message(tmp_path):
    plan = draft_plan("vvnd")
    data = export_bytes(plan)
    r = row_of(load(data)["Budget"], "result")  # the year's change in equity uses it
    coord = f"B{r}"
    saved = recalculated(edit(data, {("Budget", f"{c}{r}"): "=1/0" for c in "BCD"}), tmp_path)
    [problem] = [str(p) for p in read_import(plan, saved, "budget.xlsx").problems]
    assert problem.startswith("Blad Budget: 6 formler ger fel")
    assert problem.endswith(
        f"formler ger fel, den första i cell {coord} (#DIV/0!): en cell, en rad, en kolumn "
        "eller ett blad som formlerna räknar med har tagits bort eller ändrats. Ångra den "
        "ändringen, eller exportera en ny fil och gör ändringarna i den."
    )
