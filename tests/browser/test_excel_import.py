"""Finance staff export the budget, edit it in "Excel", import it: preview, confirm, see it."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from tests.browser.conftest import check_a11y, login, shot


def _draft_plan():
    from plans.models import Plan
    from plans.services import plan_roll_forward

    seed = Plan.objects.filter(association__slug="vvnd").order_by("year").first()
    if not seed.is_frozen:
        return seed
    return plan_roll_forward(user=None, plan=seed)


def test_finance_officer_imports_an_edited_budget(page, server, tmp_path):
    from budgets.models import BudgetLine, Group

    plan = _draft_plan()
    line = (
        BudgetLine.objects.filter(budget__plan=plan, group=Group.ADMINISTRATION, is_balancing=False)
        .order_by("order", "pk")
        .first()
    )
    base = f"{server}/f/vvnd/plan/{plan.pk}/budget/excel/import/"
    login(page, server, "ekonom")
    page.goto(base)
    assert page.get_by_role("heading", level=1).inner_text() == "Importera budget från Excel"
    check_a11y(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner budgeten som Excelfil (.xlsx)").click()
    exported = info.value.path().read_bytes()

    # "Excel": change one amount on the line, keep everything else
    wb = load_workbook(BytesIO(exported))
    ws = wb["Budget"]
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 5).value == f"line:{line.pk}:{line.version}"
    )
    ws[f"B{row}"] = 834_500
    edited = tmp_path / "budget-redigerad.xlsx"
    wb.save(edited)

    page.get_by_label("Excelfil (.xlsx)").set_input_files(str(edited))
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Granska importen"
    table = page.get_by_role("table", name="1 belopp ändras (i kr)")
    assert table.get_by_role("rowheader", name=line.display_name).is_visible()
    assert "834\u00a0500" in table.inner_text()
    # the totals the change moves: here the balancing line absorbs it
    effects = page.get_by_role("table", name="Så ändras summorna (i kr)")
    assert "utjämnande rad" in effects.inner_text()
    check_a11y(page)
    shot(page, "excel-import", "preview")
    line.refresh_from_db()
    assert line.amount_1 != 834_500  # nothing saved yet

    page.get_by_role("button", name="Spara ändringarna").click()
    page.wait_for_load_state()
    assert "Importen är klar" in page.locator(".messages").inner_text()
    # the budget page's grid shows the imported figure in the line's year-1 cell
    assert page.locator(f'input[name="c-{line.pk}-0"]').input_value() == "834\u00a0500"
    shot(page, "excel-import", "saved")
    line.refresh_from_db()
    assert line.amount_1 == 834_500


def test_finance_officer_sees_what_to_fix_in_a_broken_file(page, server, tmp_path):
    """Lines sorted without the hidden column, and a file saved as .xls: the page says which
    row and what to do, and nothing is saved."""
    from budgets.excel_export import export_input_for_plan, workbook_bytes
    from budgets.models import BudgetLine

    plan = _draft_plan()
    revision, ekonomi = (
        BudgetLine.objects.get(budget__plan=plan, name=name) for name in ("Revision", "Ekonomi")
    )
    wb = load_workbook(BytesIO(workbook_bytes(export_input_for_plan(plan))))
    ws = wb["Budget"]
    rows = {ws.cell(r, 5).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 5).value}
    a, b = (rows[f"line:{line.pk}:{line.version}"] for line in (revision, ekonomi))
    for c in "ABCD":  # sorted in "Excel" with only the visible columns selected
        ws[f"{c}{a}"].value, ws[f"{c}{b}"].value = ws[f"{c}{b}"].value, ws[f"{c}{a}"].value
    sorted_file = tmp_path / "budget-sorterad.xlsx"
    wb.save(sorted_file)

    login(page, server, "ekonom")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/budget/excel/import/")
    page.get_by_label("Excelfil (.xlsx)").set_input_files(str(sorted_file))
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    alert = page.locator("#import-problems")
    assert alert.get_attribute("role") == "alert"
    assert f"Blad Budget, rad {a}: raden heter ”Ekonomi”" in alert.inner_text()
    assert "Sortera inte raderna" in alert.inner_text()
    check_a11y(page)
    shot(page, "excel-import", "sorted-lines")

    xls = tmp_path / "budget.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    page.get_by_label("Excelfil (.xlsx)").set_input_files(str(xls))
    page.get_by_role("button", name="Förhandsgranska importen").click()
    page.wait_for_load_state()
    assert "Filen är sparad i det äldre Excelformatet .xls." in page.locator("main").inner_text()
    check_a11y(page)
    for line in (revision, ekonomi):  # nothing saved
        assert BudgetLine.objects.get(pk=line.pk).amounts == line.amounts
