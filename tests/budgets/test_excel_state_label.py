"""The Medlemsbidrag sheet's Typ column names the combined state line by who is in it, with the
label the contributions page, the budget and the PDF give the line (calc.state_line_label via
ContributionRow). It said "Staten (FK/AF)" also where Försäkringskassan is the only state
member, naming a member that pays nothing."""

from __future__ import annotations

from datetime import date

import pytest

from budgets.excel_export import CONTRIB_KEY_COL, KEY_COL
from budgets.excel_import import read_import
from members.contributions import contribution_table
from members.models import ContributionSettings, Member
from plans.models import Plan

from .excel_fixtures import export_bytes, load, row_of, vvnd_plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _state_row(plan: Plan) -> tuple[str, str]:
    ws = load(export_bytes(plan))["Medlemsbidrag"]
    r = row_of(ws, "member:state", key_col=CONTRIB_KEY_COL)
    return ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value


def _combined(plan: Plan) -> Plan:
    ContributionSettings.objects.filter(plan=plan).update(combine_state=True)
    return Plan.objects.select_related("association").get(pk=plan.pk)


def _page_label(plan: Plan) -> str:
    """The combined line's label as the contributions page and the PDF show it."""
    year = contribution_table(plan).years[0]
    (row,) = [r for r in year.rows if r.kind == "state"]
    return row.label


def test_the_state_line_with_fk_and_af_is_staten_fk_af(vvnd_plan):
    plan = _combined(vvnd_plan)
    assert _page_label(plan) == "FK/AF"
    assert _state_row(plan) == ("FK/AF", "Staten (FK/AF)")


def test_the_state_line_with_only_forsakringskassan_names_it(vvnd_plan):
    Member.objects.filter(association=vvnd_plan.association, kind="af").update(
        valid_to=date(vvnd_plan.year - 1, 12, 31)
    )
    plan = _combined(vvnd_plan)
    assert _page_label(plan) == "Försäkringskassan"
    assert _state_row(plan) == ("Försäkringskassan", "Staten (Försäkringskassan)")
    # the file still imports without a label edit
    wb_data = export_bytes(plan)
    preview = read_import(plan, wb_data, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.labels_edited == [] and preview.changes == []


def test_members_on_their_own_lines_keep_their_kind(vvnd_plan):
    ws = load(export_bytes(vvnd_plan))["Medlemsbidrag"]
    kinds = {}
    for member in Member.objects.filter(association=vvnd_plan.association, valid_to=None):
        r = row_of(ws, f"member:{member.pk}", key_col=CONTRIB_KEY_COL)
        kinds[member.kind] = ws.cell(row=r, column=2).value
    assert kinds == {
        "fk": "Försäkringskassan",
        "af": "Arbetsförmedlingen",
        "region": "Region",
        "municipality": "Kommun",
    }


# --- AF leaves after year 1: one state row over the three years, the same in Excel and PDF --


def _af_leaves_after_year_1(plan: Plan) -> Plan:
    Member.objects.filter(association=plan.association, kind="af").update(
        valid_to=date(plan.year, 12, 31)
    )
    return _combined(plan)


def test_a_state_line_af_leaves_after_year_1_is_one_row_named_by_all_in_it(vvnd_plan, tmp_path):
    """The Excel row kept year 1's "Staten (FK/AF)" with no word that FK is alone in years 2–3,
    while the PDF split the line into "FK/AF" (year 1) and "Försäkringskassan" (years 2–3)."""
    from plans.models import Section
    from plans.pdf.document import plan_document

    plan = _af_leaves_after_year_1(vvnd_plan)
    table = contribution_table(plan)
    state = [next(r for r in y.rows if r.kind == "state") for y in table.years]
    assert [r.label for r in state] == ["FK/AF", "Försäkringskassan", "Försäkringskassan"]
    note = f"FK/AF {plan.year + 1}–{plan.year + 2}: bara Försäkringskassan är medlem."

    data = export_bytes(plan)
    ws = load(data)["Medlemsbidrag"]
    r = row_of(ws, "member:state", key_col=CONTRIB_KEY_COL)
    assert (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) == (
        "FK/AF",
        "Staten (FK/AF)",
    )
    assert [ws.cell(row=r, column=3 + i).value for i in range(3)] == [s.amount for s in state]
    texts = [ws.cell(row=i, column=1).value for i in range(r + 1, ws.max_row + 1)]
    assert note in texts

    doc = plan_document(plan)
    part = next(s.part for s in doc.sections if s.kind == Section.Kind.CONTRIBUTIONS)
    state_lines = [
        line for line in part.lines if "Försäkringskassan" in line.label or "FK" in line.label
    ]
    assert [(line.label, line.amounts) for line in state_lines] == [
        ("FK/AF", tuple(s.amount for s in state))
    ]
    assert note in part.warnings

    # The budget sheet counts the state's contribution once a year, as the engine does.
    from .excel_fixtures import evaluator

    xl = evaluator(data, tmp_path)
    budget = load(data)["Budget"]
    total = row_of(budget, "sum:contributions", key_col=KEY_COL)
    assert [xl.evaluate(f"'Budget'!{chr(ord('B') + i)}{total}") for i in range(3)] == [
        y.total for y in table.years
    ]
