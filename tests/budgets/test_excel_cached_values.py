"""The exported file carries each formula's value, as a spreadsheet program would have saved it.

Without cached values a preview (Outlook, Quick Look on a Mac or an iPad) and any program that
reads values showed every total, the result and the equity as empty (budgets/excel_values.py).
Each cached value must be what an independent evaluator (pycel) gets from the formula.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from budgets.excel_values import formula_values, with_cached_values

from .excel_fixtures import SEED_SLUGS, draft_plan, evaluator, export_bytes, seed_plan

pytestmark = pytest.mark.django_db


def _formula_cells(data: bytes):
    wb = load_workbook(BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    yield ws.title, cell.coordinate


@pytest.mark.parametrize("which", [*SEED_SLUGS, "falun-borlange draft"])
def test_every_cached_value_is_what_the_formula_gives(which, tmp_path):
    slug, _, draft = which.partition(" ")
    plan = draft_plan(slug) if draft else seed_plan(slug)
    data = export_bytes(plan)
    cached = load_workbook(BytesIO(data), data_only=True)
    xl = evaluator(data, tmp_path)
    checked = 0
    for sheet, coordinate in _formula_cells(data):
        value = cached[sheet][coordinate].value
        expected = xl.evaluate(f"'{sheet}'!{coordinate}")
        if expected in (None, ""):
            assert value in (None, ""), (sheet, coordinate, value)
            continue
        assert value is not None, (sheet, coordinate, "no cached value")
        assert abs(Decimal(str(value)) - Decimal(str(expected))) < Decimal("1e-9"), (
            sheet,
            coordinate,
            value,
            expected,
        )
        checked += 1
    assert checked > 50  # totals, result, equity, ratios and the interventions sheet


def test_the_result_row_reads_368_000_without_calculating(tmp_path):
    data = export_bytes(seed_plan("vvnd"))
    ws = load_workbook(BytesIO(data), data_only=True)["Budget"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=5).value == "result")
    assert [ws.cell(row=row, column=c).value for c in (2, 3, 4)] == [368000, 0, 0]


def _workbook(**cells) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Årsbudget"
    for coordinate, value in cells.items():
        ws[coordinate] = value
    other = wb.create_sheet("Blad två")
    other["A1"] = "='Årsbudget'!A1*2"
    return wb


def test_the_rules_excel_follows():
    wb = _workbook(
        A1=Decimal("10"),
        A2='=IF(A3=0,"",A1/A3)',  # the branch not taken is not worked out
        A4="=ROUND(-2.5,0)",  # half away from zero
        A5="=SUM(A1:A4)+A6",  # empty cells are 0, text is skipped in a range
        A7='=IF(OR(A3="",A1=0),"tom",1)',
        A8='=A9&"x"',  # not in the part of the language we work out: no value
        A9="=A8",  # depends on a cell without a value: none either
    )
    values = formula_values(wb)
    assert values[("Årsbudget", "A2")] == ""
    assert values[("Årsbudget", "A4")] == Decimal(-3)
    assert values[("Årsbudget", "A5")] == Decimal(7)
    assert values[("Årsbudget", "A7")] == "tom"
    assert values[("Blad två", "A1")] == Decimal(20)
    assert ("Årsbudget", "A8") not in values and ("Årsbudget", "A9") not in values


def test_a_formula_without_a_value_is_written_as_before():
    wb = _workbook(A1=5, A2="=A1+1", A3='=A1&"x"')
    buffer = BytesIO()
    wb.save(buffer)
    data = with_cached_values(buffer.getvalue(), wb)
    values = load_workbook(BytesIO(data), data_only=True)["Årsbudget"]
    formulas = load_workbook(BytesIO(data))["Årsbudget"]
    assert (values["A2"].value, values["A3"].value) == (6, None)
    assert (formulas["A2"].value, formulas["A3"].value) == ("=A1+1", '=A1&"x"')
