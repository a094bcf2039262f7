"""What the import leaves out is said in the preview: lines sorted with their identifiers (the
order is not imported) and sheets the export does not write (never read)."""

from __future__ import annotations

import pytest

from budgets.excel_export import IV_FIRST_YEAR_COL, IV_KEY_COL
from budgets.excel_import import read_import
from budgets.models import BudgetLine
from budgets.services import intervention_amounts_set
from plans.models import Intervention

from .excel_fixtures import export_bytes, load, row_of, save, vvnd_plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ORDER_NOTICE = (
    "Raderna i bladet Budget står i en annan ordning än när filen exporterades. Beloppen läses "
    "in på rätt rader, men ordningen importeras inte. Ändra ordningen i Finsam Plan: öppna "
    "raden på budgetsidan och välj Flytta upp eller Flytta ner."
)


def _unknown(sheet: str) -> str:
    return (
        f"Bladet ”{sheet}” är inte ett av exportens blad och läses inte in. Bara beloppen i "
        "bladet Budget importeras; siffror i andra blad följer inte med."
    )


def _line_row(ws, plan, name: str) -> int:
    line = BudgetLine.objects.get(budget__plan=plan, name=name)
    return row_of(ws, f"line:{line.pk}:{line.version}")


def test_an_unchanged_export_has_no_notices(vvnd_plan):
    preview = read_import(vvnd_plan, export_bytes(vvnd_plan), "budget.xlsx")
    assert preview.problems == [] and preview.notices == []


def test_lines_sorted_with_their_identifiers_say_the_order_is_not_imported(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    a, b = _line_row(ws, vvnd_plan, "Revision"), _line_row(ws, vvnd_plan, "Ekonomi")
    for c in "ABCDE":
        ws[f"{c}{a}"].value, ws[f"{c}{b}"].value = ws[f"{c}{b}"].value, ws[f"{c}{a}"].value
    ws[f"B{a}"] = 123_000  # now Ekonomi's row
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.label, c.new) for c in preview.changes] == [("Ekonomi", 123_000)]
    assert preview.notices == [ORDER_NOTICE]


def test_a_sheet_added_in_the_file_is_named_as_not_imported(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    wb.create_sheet("Mina beräkningar")["B2"] = 250_000
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert preview.problems == [] and preview.changes == []
    assert preview.notices == [_unknown("Mina beräkningar")]


@pytest.fixture
def with_intervention(vvnd_plan):
    iv = Intervention.objects.create(plan=vvnd_plan, name="Drivhuset", kind="individual")
    intervention_amounts_set(user=None, intervention=iv, amounts=(450_000, 450_000, None))
    return vvnd_plan, iv


def test_the_interventions_sheet_renamed_is_named_and_still_checked(with_intervention):
    plan, iv = with_intervention
    wb = load(export_bytes(plan))
    wb["Insatser"].title = "Insatser 2026"
    preview = read_import(plan, save(wb), "budget.xlsx")
    assert preview.problems == [] and preview.notices == [_unknown("Insatser 2026")]
    # a figure typed there would be lost: it is refused, naming the sheet as it is now called
    ws = wb["Insatser 2026"]
    r = row_of(ws, f"intervention:{iv.pk}", key_col=IV_KEY_COL)
    cell = ws.cell(row=r, column=IV_FIRST_YEAR_COL)
    cell.value = 500_000
    preview = read_import(plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == [
        f"Blad Insatser 2026, cell {cell.coordinate}: beloppet är 500\u00a0000\u00a0kr i filen "
        "men 450\u00a0000\u00a0kr på budgetraden. Bladet visar budgetraderna och importeras "
        "inte: ändra beloppet på insatsens rad i bladet Budget."
    ]
