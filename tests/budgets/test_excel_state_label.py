"""The Medlemsbidrag sheet's Typ column names the combined state line by who is in it, with the
label the contributions page, the budget and the PDF give the line (calc.state_line_label via
ContributionRow). It said "Staten (FK/AF)" also where Försäkringskassan is the only state
member, naming a member that pays nothing."""

from __future__ import annotations

from datetime import date

import pytest

from budgets.excel_export import CONTRIB_KEY_COL
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
