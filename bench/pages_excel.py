"""Excel export and import preview of a large budget (60 lines × 3 years).

Target: the export under 0.5 s server time. The import preview (upload, safety checks, reading
the workbook twice, the engine over the file's figures) is printed alongside.
"""

from __future__ import annotations

from bench.harness import Page

_state: dict = {}


def _large_plan():
    """A draft VVND plan with 60 typed lines (rolled forward from the approved seed plan)."""
    if "plan" in _state:
        return _state["plan"]
    from budgets.models import BudgetLine, Group
    from budgets.services import budget_line_create
    from plans.models import Plan
    from plans.services import plan_roll_forward

    seed = Plan.objects.filter(association__slug="vvnd").order_by("year").first()
    plan = (
        Plan.objects.filter(association=seed.association, status=Plan.Status.DRAFT)
        .order_by("-year")
        .first()
    ) or plan_roll_forward(user=None, plan=seed)
    groups = [Group.ADMINISTRATION, Group.INDIVIDUAL, Group.STRUCTURAL, Group.EXTERNAL]
    have = BudgetLine.objects.filter(budget__plan=plan).count()
    for i in range(have, 60):
        budget_line_create(
            user=None,
            plan=plan,
            group=groups[i % len(groups)],
            name=f"Bänkrad {i}",
            amounts=(10_000 + i * 1_000, 11_000 + i * 900, 12_000 + i * 800),
        )
    _state["plan"] = plan
    return plan


def _export_url() -> str:
    plan = _large_plan()
    return f"/f/vvnd/plan/{plan.pk}/budget/excel/"


def _import_url() -> str:
    plan = _large_plan()
    return f"/f/vvnd/plan/{plan.pk}/budget/excel/import/"


def _upload() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgets.excel_export import export_input_for_plan, workbook_bytes

    if "file" not in _state:
        _state["file"] = workbook_bytes(export_input_for_plan(_large_plan()))
    return {"file": SimpleUploadedFile("budget.xlsx", _state["file"])}


PAGES = [
    Page("Excel export, 60 lines × 3 years", "ekonom", _export_url),
    Page(
        "Excel import preview, 60 lines × 3 years",
        "ekonom",
        _import_url,
        method="post",
        data=_upload,
    ),
]
