"""Helpers for the Excel tests: draft seed plans, exporting, editing and evaluating workbooks."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from budgets.models import BudgetLine, Group
from plans.models import Plan

SEED_SLUGS = ("vvnd", "falun-borlange", "varna")


def seed_plan(slug: str) -> Plan:
    """The seed plan of an association as the demo left it (approved or in review)."""
    plan = (
        Plan.objects.filter(association__slug=slug)
        .select_related("association")
        .order_by("year", "revision")
        .first()
    )
    assert plan is not None, slug
    return plan


def split_line(
    plan: Plan, *, name: str = "Chef", amounts: tuple, percent: str = "40"
) -> BudgetLine:
    """An administration line of which `percent` is shown as structural work (a split line)."""
    from budgets.services import budget_line_create, budget_line_update

    line = budget_line_create(
        user=None, plan=plan, group=Group.ADMINISTRATION, name=name, amounts=amounts
    )
    return budget_line_update(
        user=None,
        line=line,
        expected_version=line.version,
        split_group=Group.STRUCTURAL,
        split_percent=Decimal(percent),
    )


def draft_plan(slug: str) -> Plan:
    """A draft plan with a budget to edit: the seed plan if it is still a draft, otherwise next
    year's plan rolled forward from it (approved plans are frozen, also in tests)."""
    from plans.services import plan_roll_forward

    plan = seed_plan(slug)
    if not plan.is_frozen:
        return plan
    existing = Plan.objects.filter(
        association=plan.association, year=plan.year + 1, status=Plan.Status.DRAFT
    ).first()
    return existing or plan_roll_forward(user=None, plan=plan)


@pytest.fixture(name="vvnd_plan")
def vvnd_plan_fixture(db) -> Plan:
    return draft_plan("vvnd")


@pytest.fixture(name="falun_plan")
def falun_plan_fixture(db) -> Plan:
    return draft_plan("falun-borlange")


def export_bytes(plan: Plan) -> bytes:
    from budgets.excel_export import export_input_for_plan, workbook_bytes

    return workbook_bytes(export_input_for_plan(plan, exported_by="Test"))


def load(data: bytes):
    return load_workbook(BytesIO(data))


def save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, key: str, key_col: int = 5) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=key_col).value == key:
            return r
    raise KeyError(key)


def evaluator(data: bytes, tmp_path: Path):
    """pycel over the written file: evaluates our formulas independently of Excel and of us."""
    from pycel import ExcelCompiler

    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    return ExcelCompiler(filename=str(path))


def edit(data: bytes, changes: dict[tuple[str, str], object]) -> bytes:
    """Set cells like Excel would: {("Budget", "B21"): 250000}."""
    wb = load(data)
    for (sheet, coord), value in changes.items():
        wb[sheet][coord] = value
    return save(wb)
