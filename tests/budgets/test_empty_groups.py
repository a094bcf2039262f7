"""A budget group without lines: no "Summa … 0" on the budget page, in the PDF or in Excel.

Found by entering two new associations end to end: the budget page and the Excel file printed
"Summa ianspråktaget eget kapital 0" under a group with no lines, which the PDF leaves out.
One behaviour now: the PDF, the Excel file and a reader's budget page leave such a group out;
an editor's budget page keeps its heading, with a link that adds a line to it, and no total.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgets.excel_export import KEY_COL
from budgets.excel_import import read_import
from budgets.models import BudgetLine, Group
from budgets.services import budget_line_create, budget_summary_for_plan
from members.models import Association, Role
from plans.models import Plan
from tests.conftest import make_user
from tests.explore.newassoc import first_plan, new_association
from tests.indicators.html import table

from .excel_fixtures import draft_plan, edit, export_bytes, load, row_of
from .test_excel_export import _assert_sheet_matches_engine

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

EQUITY_USE_SUM = "Summa ianspråktaget eget kapital"


@pytest.fixture
def falun() -> Plan:
    """Falun-Borlänge 2026 in tkr (seed 001 rolled forward): no line uses equity."""
    plan = draft_plan("falun-borlange")
    assert budget_summary_for_plan(plan).group(Group.EQUITY_USE).is_empty
    return plan


def _grid(client, plan: Plan, query: str = "") -> tuple[list[list[str]], str]:
    page = reverse("budgets:edit", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    html = client.get(page + query).content.decode()
    return table(html, "Treårsbudget"), html


def test_the_editor_keeps_an_empty_groups_heading_and_a_way_to_add_to_it_but_no_sum(client, falun):
    client.force_login(make_user(falun.association, Role.DIRECTOR))
    rows, html = _grid(client, falun)
    labels = [r[0] for r in rows]
    at = labels.index("Ianspråktaget eget kapital")
    assert labels[at + 1] == "Inga rader än. Lägg till en rad i ianspråktaget eget kapital"
    assert EQUITY_USE_SUM not in labels
    # A group with lines keeps its total.
    assert "Summa externa intäkter" in labels
    assert 'href="?grupp=equity_use#budget-new-line"' in html
    # The link opens the page with that group chosen in the "add a line" form.
    _rows, html = _grid(client, falun, "?grupp=equity_use")
    assert '<option value="equity_use" selected>' in html


def test_a_reader_sees_the_groups_the_pdf_shows(client, falun):
    association: Association = falun.association
    client.force_login(make_user(association, Role.BOARD))
    rows, html = _grid(client, falun)
    labels = [r[0] for r in rows]
    summary = budget_summary_for_plan(falun)
    shown = [g.label for g in summary.groups if not g.is_empty]
    assert [label for label in labels if label in {g.label for g in summary.groups}] == shown
    assert "Ianspråktaget eget kapital" not in labels and EQUITY_USE_SUM not in labels
    assert "Inga rader än." not in html


# ------------------------------------------------------------------------------------- Excel
def _budget_sheet_labels(plan: Plan) -> tuple[list[str], set[str]]:
    ws = load(export_bytes(plan))["Budget"]
    labels = [str(ws.cell(row=r, column=1).value or "").strip() for r in range(1, ws.max_row + 1)]
    keys = {str(ws.cell(row=r, column=KEY_COL).value) for r in range(1, ws.max_row + 1)}
    return labels, keys


def test_the_excel_file_leaves_an_empty_group_out_and_its_formulas_still_add_up(falun, tmp_path):
    labels, keys = _budget_sheet_labels(falun)
    assert "Ianspråktaget eget kapital" not in labels and EQUITY_USE_SUM not in labels
    assert not {"head:equity_use", "sum:equity_use"} & keys
    assert "Summa externa intäkter" in labels and "sum:external" in keys
    # Every total, the result, equity and the ratios still evaluate to the engine's figures.
    _assert_sheet_matches_engine(falun, export_bytes(falun), tmp_path)


def test_a_new_associations_budget_with_only_contributions_exports_and_imports(tmp_path):
    """Södra Hälsingland's first plan: members, no budget lines, so every group but the
    contributions is empty. The file has no 'Summa … 0' row, its formulas agree with the
    engine, and it reads back without a problem or a change."""
    association, director = new_association()
    plan = first_plan(association, director)
    summary = budget_summary_for_plan(plan)
    assert [g.key for g in summary.groups if not g.is_empty] == [Group.CONTRIBUTIONS]
    data = export_bytes(plan)
    labels, keys = _budget_sheet_labels(plan)
    assert not [
        label
        for label in labels
        if label.startswith("Summa ")
        and label
        not in (
            "Summa medlemsbidrag",
            "Summa intäkter",
            "Summa kostnader",
        )
    ]
    assert {"sum:contributions", "income", "costs", "result", "admin_share"} <= keys
    _assert_sheet_matches_engine(plan, data, tmp_path)
    preview = read_import(plan, data, "budget.xlsx")
    assert preview.problems == [] and preview.changes == []


def test_a_line_added_to_a_group_left_out_of_the_file_does_not_upset_its_import(falun):
    """The file was exported while no line used equity; then one is added in Finsam Plan. The
    file's totals are checked against the lines it holds, and an edit in it still imports."""
    data = export_bytes(falun)
    budget_line_create(
        user=None, plan=falun, group=Group.EQUITY_USE, name="Eget kapital", amounts=(200_000,) * 3
    )
    line = BudgetLine.objects.filter(budget__plan=falun, group=Group.EXTERNAL).first()
    ws = load(data)["Budget"]
    coord = f"B{row_of(ws, f'line:{line.pk}:{line.version}')}"
    preview = read_import(falun, edit(data, {("Budget", coord): 400}), "budget.xlsx")
    assert preview.problems == []
    [change] = preview.changes
    assert (change.line_id, change.year_index, change.new) == (line.pk, 0, 400_000)
