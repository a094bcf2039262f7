"""The Insatser sheet shows a year without an amount as blank, as the Budget sheet and the PDF
do. Found by entering a new association: an intervention whose line had no amount for years
2–3 (it ends after year 1) read 0 there, beside a blank cell in the Budget sheet."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from budgets.excel_export import IV_FIRST_YEAR_COL, IV_KEY_COL
from budgets.excel_import import read_import
from budgets.services import intervention_amounts_set
from plans.models import Intervention, Plan

from .excel_fixtures import draft_plan, edit, evaluator, export_bytes, load, row_of

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

YEARS = "EFG"  # the Insatser sheet's year columns


@pytest.fixture
def ending() -> tuple[Plan, Intervention]:
    """VVND 2026: an intervention granted 450 000 for 2026 only."""
    plan = draft_plan("vvnd")
    iv = Intervention.objects.create(plan=plan, name="Drivhuset för unga – Åmål", kind="individual")
    intervention_amounts_set(user=None, intervention=iv, amounts=(450_000, None, None))
    return plan, iv


def test_an_ended_year_is_blank_in_the_interventions_sheet(ending, tmp_path):
    plan, iv = ending
    data = export_bytes(plan)
    ws = load(data)["Insatser"]
    r = row_of(ws, f"intervention:{iv.pk}", key_col=IV_KEY_COL)
    budget = load(data)["Budget"]
    line_row = row_of(budget, f"line:{iv.budget_line.pk}:{iv.budget_line.version}")
    assert [budget[f"{c}{line_row}"].value for c in "BCD"] == [450_000, None, None]
    # Calculated (pycel), and as cached in the file for programs that do not calculate.
    xl = evaluator(data, tmp_path)
    assert [xl.evaluate(f"Insatser!{c}{r}") for c in YEARS] == [450_000, "", ""]
    cached = load_workbook(BytesIO(data), data_only=True)["Insatser"]
    assert cached[f"E{r}"].value == 450_000
    assert [cached[f"{c}{r}"].value for c in "FG"] in (["", ""], [None, None])
    # The sheet's total still adds up over the blank cells.
    total = row_of(ws, "total", key_col=IV_KEY_COL)
    assert xl.evaluate(f"Insatser!F{total}") == cached[f"F{total}"].value


def test_the_file_with_blank_years_reads_back_unchanged(ending):
    plan, iv = ending
    data = export_bytes(plan)
    preview = read_import(plan, data, "budget.xlsx")
    assert preview.problems == [] and preview.changes == []
    # A blank typed over the formula means what the blank shown there means: no amount.
    ws = load(data)["Insatser"]
    r = row_of(ws, f"intervention:{iv.pk}", key_col=IV_KEY_COL)
    cell = f"{chr(ord('A') + IV_FIRST_YEAR_COL)}{r}"  # year 2
    preview = read_import(plan, edit(data, {("Insatser", cell): None}), "budget.xlsx")
    assert preview.problems == [] and preview.changes == []


def test_an_intervention_without_a_budget_line_shows_no_zeros(ending):
    plan, _iv = ending
    bare = Intervention.objects.create(plan=plan, name="Riktade insatser", kind="structural")
    data = export_bytes(plan)
    ws = load(data)["Insatser"]
    r = row_of(ws, f"intervention:{bare.pk}", key_col=IV_KEY_COL)
    assert [ws[f"{c}{r}"].value for c in YEARS] == [None, None, None]
    preview = read_import(plan, data, "budget.xlsx")
    assert preview.problems == [] and preview.changes == []
