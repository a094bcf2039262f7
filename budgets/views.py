"""The budget editor: a grid of lines × three years that saves each cell as it is typed.

With JavaScript, each input posts itself with htmx on change and the response swaps in every
computed cell (subtotals, totals, result, equity, ratios), the checks, key figures and charts
out of band. Without JavaScript the same grid is one form posted to the same URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from finsam.access import association_view, check_plan, get_plan, require
from finsam.money import TKR
from finsam.request import FinsamRequest
from members.roles import Cap, role_can
from plans.locking import EditConflict
from plans.models import Plan
from plans.nav import plan_context

from . import calc, services, snapshot
from .charts import budget_charts
from .forms import (
    BudgetSettingsForm,
    DisplayForm,
    EquityBaseForm,
    EquityStepFormSet,
    LineForm,
    NewLineForm,
)
from .grid_save import TypedCell, save_cells
from .models import BudgetLine, EquityStep
from .table import build_grid, cell_name, cells_html, rows_after_save

CELL = re.compile(r"^c-(\d+)-([0-2])$")


def edit_url(plan: Plan, name: str = "budgets:edit") -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})


def _can_edit(request: FinsamRequest, plan: Plan) -> bool:
    return role_can(request.role, Cap.EDIT_BUDGET) and not plan.is_frozen


def _line_urls(plan: Plan) -> Callable[[int], str]:
    """budgets:line_edit for any line of the plan, reversed once (a {% url %} per row cost a
    tenth of the page)."""
    sample = reverse(
        "budgets:line_edit",
        kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, "line_id": 0},
    )
    head = sample.removesuffix("0/")
    return lambda line_id: f"{head}{line_id}/"


def _summary_and_grid(
    request: FinsamRequest,
    plan: Plan,
    budget,
    lines,
    inputs: tuple,
    *,
    cell_errors: dict[str, tuple[str, str]] | None = None,
    conflicts: dict[str, str] | None = None,
    keep_row: Callable[[str, int | None], bool] | None = None,
    line_url: Callable[[int], str] | None = None,
):
    """The engine's summary as printed (calc.shown_summary: in tkr, sums that add up) and the
    grid drawn from it, with errors and conflicts marked."""
    contributions, steps = inputs
    summary = calc.shown_summary(
        services.summary_for(budget, lines, plan, contributions=contributions, steps=steps)
    )
    can_edit = _can_edit(request, plan)
    grid = build_grid(
        summary,
        cost_sign=plan.association.cost_sign,
        can_edit=can_edit,
        balance_targets=budget.balance_targets,
        save_url=edit_url(plan, "budgets:save"),
        keep_row=keep_row,
        line_url=line_url,
    )
    for name, (message, typed) in (cell_errors or {}).items():
        cell = grid.input_named(name)
        if cell:
            cell.error = message
            cell.text = typed  # keep what was typed so it can be corrected
    for name, message in (conflicts or {}).items():
        cell = grid.input_named(name)
        if cell:
            cell.conflict = message
    return summary, grid, can_edit


def _page_context(
    request: FinsamRequest,
    plan: Plan,
    budget,
    lines,
    *,
    cell_errors: dict[str, tuple[str, str]] | None = None,
    conflicts: dict[str, str] | None = None,
    inputs: tuple | None = None,
    **extra,
) -> dict:
    """Everything the whole page shows (GET, and a form post without JavaScript)."""
    if inputs is None:
        inputs = services.editor_inputs(plan)
    summary, grid, can_edit = _summary_and_grid(
        request,
        plan,
        budget,
        lines,
        inputs,
        cell_errors=cell_errors,
        conflicts=conflicts,
        line_url=_line_urls(plan),
    )
    return plan_context(
        request,
        plan,
        budget=budget,
        summary=summary,
        grid=grid,
        charts=budget_charts(summary),
        can_edit=can_edit,
        save_url=edit_url(plan, "budgets:save"),
        inputs_token=snapshot.pack(plan.pk, *inputs) if can_edit else "",
        # An empty group's "add a line" link (?grupp=) preselects it in the form, without JS.
        new_line_form=NewLineForm(initial={"group": request.GET.get("grupp")})
        if can_edit
        else None,
        display_form=DisplayForm(
            initial={"unit": plan.unit, "cost_sign": plan.association.cost_sign}
        )
        if can_edit
        else None,
        **extra,
    )


def _cell_response(
    request: FinsamRequest,
    plan: Plan,
    budget,
    lines,
    *,
    inputs: tuple | None,
    cell_errors: dict[str, tuple[str, str]],
    conflicts: dict[str, str],
    touched: list[str],
    versions: dict[int, int | None],
    status_message: str,
) -> HttpResponse:
    """The htmx answer to a cell save: only what the save can change, out of band.

    The touched inputs, the computed cells a typed amount moves (Grid.cells_after_save), the
    lines' new versions, the status line, key figures, checks and charts. No tabs, forms or
    untouched lines: on a large budget those were most of the response's time.
    """
    fresh = inputs is None  # no valid signed inputs: read them, and give the page new ones
    if fresh:
        inputs = services.editor_inputs(plan)
    # In tkr the contribution rows are rounded to add up to their group, which another income
    # line moves: send them again too (a few cells).
    engine_rows = fresh or plan.unit == TKR
    touched_lines = {int(m[1]) for m in map(CELL.match, touched) if m}
    summary, grid, _can = _summary_and_grid(
        request,
        plan,
        budget,
        lines,
        inputs,
        cell_errors=cell_errors,
        conflicts=conflicts,
        keep_row=rows_after_save(touched_lines=touched_lines, with_engine_rows=engine_rows),
    )
    context = {
        "plan": plan,
        "summary": summary,
        "charts": budget_charts(summary),
        "oob_cells": cells_html(
            grid.cells_after_save(touched, with_engine_rows=engine_rows), oob=True
        ),
        "versions": versions,
        "status_message": status_message,
        "inputs_token": snapshot.pack(plan.pk, *inputs) if fresh else "",
    }
    return render(request, "budgets/edit.html#cell_response", context)


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def edit(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    budget, lines = services.budget_and_lines(plan)
    context = _page_context(request, plan, budget, lines)
    return render(request, "budgets/edit.html", context)


def _plan_budget_and_lines(request: FinsamRequest, plan_id: int):
    """get_plan(…, EDIT_BUDGET) and the budget's lines, with the plan read in the lines' query.

    A cell save is the editor's hot path: reading the plan with the lines saves a query. The
    checks are get_plan's (capability, this association only, no writes to a decided plan);
    a budget without lines goes through get_plan itself.
    """
    require(request, Cap.EDIT_BUDGET)
    plan, budget, loaded = services.lines_with_budget(
        with_plan=True, budget__plan_id=plan_id, budget__plan__association=request.association
    )
    if plan is None or budget is None:
        plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
        budget, lines = services.budget_and_lines(plan)
        return plan, budget, lines
    plan.association = request.association  # the filter above made sure it is this one
    check_plan(request, plan, Cap.EDIT_BUDGET)
    return plan, budget, loaded


@require_POST
@association_view(Cap.EDIT_BUDGET)
def save(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """Save the cells that changed: one (htmx, on change) or the whole grid (no JavaScript)."""
    plan, budget, loaded = _plan_budget_and_lines(request, plan_id)
    cells = [
        TypedCell(key, int(match[1]), int(match[2]), text)
        for key, text in request.POST.items()
        if (match := CELL.match(key))
    ]
    page_versions = {
        cell.line_id: int(raw)
        if (raw := request.POST.get(f"v-{cell.line_id}", "")).isdigit()
        else None
        for cell in cells
    }
    out = save_cells(
        user=request.user,
        role=request.role,
        plan=plan,
        budget=budget,
        lines=loaded,
        cells=cells,
        page_versions=page_versions,
    )
    inputs = snapshot.unpack(request.POST.get("ctx", ""), plan.pk)
    if request.htmx:
        return _cell_response(
            request,
            plan,
            budget,
            list(out.lines.values()),
            inputs=inputs,
            cell_errors=out.errors,
            conflicts=out.conflicts,
            touched=out.touched,
            versions=out.versions,
            status_message=out.status_message(),
        )
    if out.errors or out.conflicts:
        context = _page_context(
            request,
            plan,
            budget,
            list(out.lines.values()),
            cell_errors=out.errors,
            conflicts=out.conflicts,
            inputs=inputs,
            form_errors=True,
        )
        return render(request, "budgets/edit.html", context, status=422 if out.errors else 409)
    if out.saved:
        messages.success(request, _("Budgeten är sparad."))
    return redirect(edit_url(plan))


def _line(plan: Plan, line_id: int) -> BudgetLine:
    try:
        return BudgetLine.objects.select_related("budget__plan__association", "intervention").get(
            pk=line_id, budget__plan=plan
        )
    except BudgetLine.DoesNotExist as exc:
        raise Http404(_("Ingen sådan budgetrad.")) from exc


@require_POST
@association_view(Cap.EDIT_BUDGET)
def line_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    form = NewLineForm(request.POST)
    if form.is_valid():
        try:
            line = services.budget_line_create(
                user=request.user,
                plan=plan,
                group=form.cleaned_data["group"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Raden ”%(name)s” är tillagd.") % {"name": line.name})
            return redirect(f"{edit_url(plan)}#line-{line.pk}")
    else:
        messages.error(request, _("Ange grupp och benämning för den nya raden."))
    return redirect(edit_url(plan))


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_BUDGET)
def line_edit(request: FinsamRequest, assoc: str, plan_id: int, line_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    line = _line(plan, line_id)
    # Interventions of this plan that have no budget line yet, and this line's own.
    free = plan.interventions.filter(Q(budget_line__isnull=True) | Q(budget_line=line))
    form = LineForm.for_line(
        line, request.POST if request.method == "POST" else None, interventions=free
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raw = request.POST.get("version", "")
        try:
            services.budget_line_update(
                user=request.user,
                line=line,
                expected_version=int(raw) if raw.isdigit() else None,
                name=data["name"],
                group=data["group"],
                split_group=data["split_group"] or "",
                split_percent=data["split_percent"] if data["split_group"] else None,
                is_balancing=data["is_balancing"],
                note=data["note"],
                intervention_id=data["intervention"],
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat raden under tiden (nu ”%(name)s”). "
                    "Kontrollera och spara igen."
                )
                % {"name": conflict.name},
            )
            line = conflict
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Raden är sparad."))
            return redirect(f"{edit_url(plan)}#line-{line.pk}")
    return render(
        request,
        "budgets/line_edit.html",
        plan_context(request, plan, line=line, form=form, back=edit_url(plan)),
        status=422 if form.errors else 200,
    )


@require_POST
@association_view(Cap.EDIT_BUDGET)
def line_delete(request: FinsamRequest, assoc: str, plan_id: int, line_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    line = _line(plan, line_id)
    name = line.display_name
    services.budget_line_delete(user=request.user, line=line)
    messages.success(request, _("Raden ”%(name)s” är borttagen.") % {"name": name})
    return redirect(edit_url(plan))


@require_POST
@association_view(Cap.EDIT_BUDGET)
def line_move(request: FinsamRequest, assoc: str, plan_id: int, line_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    line = _line(plan, line_id)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        services.budget_line_move(user=request.user, line=line, direction=direction)
    return redirect(f"{edit_url(plan)}#line-{line.pk}")


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_BUDGET)
def settings(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    budget = services.budget_for_plan(plan)
    form = BudgetSettingsForm(
        request.POST if request.method == "POST" else None,
        budget=budget,
        unit=plan.unit,
        years=plan.years,
    )
    if request.method == "POST" and form.is_valid():
        raw = request.POST.get("version", "")
        try:
            services.budget_settings_set(
                user=request.user,
                budget=budget,
                expected_version=int(raw) if raw.isdigit() else None,
                **form.cleaned_data,
            )
        except EditConflict:
            form.add_error(
                None,
                _("Någon annan har ändrat budgetens uppgifter under tiden. Ladda om sidan."),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Budgetens uppgifter är sparade."))
            return redirect(edit_url(plan))
    return render(
        request,
        "budgets/settings.html",
        plan_context(request, plan, budget=budget, form=form, back=edit_url(plan)),
        status=422 if form.errors else 200,
    )


@require_POST
@association_view(Cap.EDIT_BUDGET)
def display(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    form = DisplayForm(request.POST)
    if form.is_valid():
        services.budget_display_set(
            user=request.user,
            plan=plan,
            unit=form.cleaned_data["unit"],
            cost_sign=form.cleaned_data["cost_sign"],
        )
        messages.success(request, _("Visningen är ändrad."))
    else:
        messages.error(request, _("Välj enhet och hur kostnader ska visas."))
    return redirect(edit_url(plan))


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_BUDGET)
def equity_steps(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    association = plan.association
    steps = EquityStep.objects.filter(association=association)
    initial = [{"up_to": s.up_to, "max_percent": s.max_percent} for s in steps]
    data = request.POST if request.method == "POST" else None
    formset = EquityStepFormSet(data, initial=initial, prefix="steps")
    base_form = EquityBaseForm(data, initial={"base": association.equity_base})
    if request.method == "POST" and formset.is_valid() and base_form.is_valid():
        rows = [
            (f.cleaned_data.get("up_to"), f.cleaned_data["max_percent"])
            for f in formset.forms
            if f.cleaned_data
            and not f.cleaned_data.get("delete")
            and f.cleaned_data.get("max_percent") is not None
        ]
        try:
            services.equity_steps_set(
                user=request.user,
                association=association,
                steps=rows,
                base=base_form.cleaned_data["base"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Stegtabellen är sparad."))
            return redirect(edit_url(plan))
    return render(
        request,
        "budgets/equity_steps.html",
        plan_context(request, plan, formset=formset, base_form=base_form, back=edit_url(plan)),
        status=422 if request.method == "POST" else 200,
    )


__all__ = ["cell_name"]
