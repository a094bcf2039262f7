"""The import compares the file's labels with the labels as exported, kept in the hidden sheet
(template version 2). It compared them with today's export, so renaming an intervention or a
split line in Finsam Plan, or switching the plan between kr and tkr, after the export was
reported as an edit in the file. A file exported by version 1 (no labels kept) still imports."""

from __future__ import annotations

import pytest

from budgets.excel_cells import SHEET_META, TEMPLATE_VERSION
from budgets.excel_export import IV_KEY_COL
from budgets.excel_import import LabelEdit, NameEdit, read_import
from budgets.models import BudgetLine
from budgets.services import (
    budget_display_set,
    budget_line_update,
    intervention_amounts_set,
)
from plans.models import Intervention, Plan

from .excel_fixtures import edit, export_bytes, load, row_of, save, split_line, vvnd_plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(vvnd_plan) -> tuple[Plan, bytes, Intervention, BudgetLine]:
    """VVND's draft with an intervention (its budget line) and a split line, exported in kr."""
    iv = Intervention.objects.create(plan=vvnd_plan, name="Steget vidare", kind="individual")
    intervention_amounts_set(user=None, intervention=iv, amounts=(450_000, 400_000, None))
    line = split_line(vvnd_plan, amounts=(900_000,) * 3)
    assert vvnd_plan.unit == "kr"
    return vvnd_plan, export_bytes(vvnd_plan), iv, line


def _rename_in_the_app(plan: Plan, iv: Intervention, line: BudgetLine) -> Plan:
    iv.name = "Steget vidare – Åmål"
    iv.save()
    budget_line_update(user=None, line=line, expected_version=line.version, name="Förbundschef")
    budget_display_set(user=None, plan=plan, unit="tkr", cost_sign=plan.association.cost_sign)
    return Plan.objects.select_related("association").get(pk=plan.pk)


def test_renames_and_a_unit_switch_in_the_app_after_the_export_are_no_edit_in_the_file(exported):
    plan, data, iv, line = exported
    plan = _rename_in_the_app(plan, iv, line)
    preview = read_import(plan, data, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.unit == "kr"  # read in the unit it was written in
    assert preview.changes == []
    assert preview.renamed == []
    assert [str(e) for e in preview.labels_edited] == []


def test_a_rename_in_the_file_is_named_against_the_text_as_exported(exported):
    plan, data, iv, line = exported
    wb = load(data)
    budget, insatser = wb["Budget"], wb["Insatser"]
    iv_cell = f"A{row_of(insatser, f'intervention:{iv.pk}', key_col=IV_KEY_COL)}"
    split_cell = f"A{row_of(budget, f'splitin:{line.pk}')}"
    line_row = row_of(budget, f"line:{line.pk}:{line.version}")
    edited = edit(
        data,
        {
            ("Insatser", iv_cell): "Steget",
            ("Budget", split_cell): "Chefens andel",
            ("Budget", f"A{line_row}"): "Chef och kansli",
        },
    )
    plan = _rename_in_the_app(plan, iv, line)
    preview = read_import(plan, edited, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.renamed == [
        NameEdit(row=line_row, in_file="Chef och kansli", in_plan="Förbundschef")
    ]
    assert preview.labels_edited == [
        LabelEdit(
            "Budget", split_cell, "Chefens andel", "Chef (andel från administration och kansli)"
        ),
        LabelEdit("Insatser", iv_cell, "Steget", "Steget vidare"),
    ]
    assert str(preview.labels_edited[1]) == (
        f"Blad Insatser, cell {iv_cell}: ”Steget” i filen, ”Steget vidare” när den exporterades."
    )


def _as_version_1(data: bytes) -> bytes:
    """The file as the previous version exported it: version 1, no "label" rows."""
    wb = load(data)
    ws = wb[SHEET_META]
    labels = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "label"]
    assert labels and labels == list(range(labels[0], labels[-1] + 1))
    ws.delete_rows(labels[0], len(labels))
    version_row = row_of(ws, "template_version", key_col=1)
    assert ws.cell(row=version_row, column=2).value == TEMPLATE_VERSION == 2
    ws.cell(row=version_row, column=2, value=1)
    return save(wb)


def test_a_file_of_the_previous_version_still_imports(exported):
    plan, data, iv, line = exported
    old = _as_version_1(data)
    preview = read_import(plan, old, "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.changes == [] and preview.labels_edited == [] and preview.renamed == []
    budget = load(old)["Budget"]
    heading = f"A{row_of(budget, 'head:administration')}"
    line_row = row_of(budget, f"line:{line.pk}:{line.version}")
    preview = read_import(
        plan,
        edit(old, {("Budget", heading): "Kansli", ("Budget", f"B{line_row}"): 950_000}),
        "budget.xlsx",
    )
    assert [str(p) for p in preview.problems] == []
    assert [(c.line_id, c.new) for c in preview.changes] == [(line.pk, 950_000)]
    # compared with today's export, as before
    assert preview.labels_edited == [
        LabelEdit("Budget", heading, "Kansli", "Administration och kansli")
    ]


def test_a_file_of_an_unknown_version_is_refused(exported):
    """(Version 99 was called "an older version"; test_excel_template_version.py has the
    cases.)"""
    plan, data, _iv, _line = exported
    wb = load(data)
    ws = wb[SHEET_META]
    ws.cell(row=row_of(ws, "template_version", key_col=1), column=2, value=99)
    problems = [str(p) for p in read_import(plan, save(wb), "budget.xlsx").problems]
    assert len(problems) == 1 and problems[0].startswith(
        "Filen är gjord av en nyare version av Finsam Plan än den här (filformat 99"
    )
