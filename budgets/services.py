"""Reading and writing a plan's budget. Every write goes through a function here.

Reads: `budget_summary_for_plan(plan)` (a constant number of queries whatever the number of
lines) feeds the budget page, the PDF and the Excel export. Writes: full_clean(), a transaction,
Model.save()/delete() via plans.locking.save_versioned, so the audit trail and the freeze of
approved plans see every change.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from finsam.access import require_plan_write, require_role
from finsam.checks import Check
from finsam.money import parse_money, typed_with_plus
from members.roles import Cap
from plans.locking import save_versioned

from . import calc
from .models import COST_GROUPS, INCOME_GROUPS, YEARS, Budget, BudgetLine, EquityStep, Group

if TYPE_CHECKING:
    from members.contributions import ContributionTable
    from members.models import Association, User
    from plans.models import Intervention, Plan


# ---------------------------------------------------------------- access and helpers
def _require(
    user: User | None,
    association: Association,
    cap: Cap = Cap.EDIT_BUDGET,
    role: str | None = None,
) -> None:
    require_role(user, association.pk, cap, role=role, message=_no_right())


def _no_right() -> str:
    return _("Din roll i förbundet ger inte behörighet att ändra budgeten.")


def _require_editable(user: User | None, plan: Plan, role: str | None = None) -> None:
    require_plan_write(user, plan, Cap.EDIT_BUDGET, role=role, message=_no_right())


@contextlib.contextmanager
def _acting(user: User | None) -> Iterator[None]:
    """Attribute the writes to `user` in the audit trail (when the review app provides it)."""
    try:
        from plans.review.audit import acting_as
    except ImportError:  # pragma: no cover - the audit app is optional for the engine
        yield
        return
    with acting_as(user):
        yield


def _save(obj, expected_version: int | None = None, update_fields: Sequence[str] | None = None):
    obj.full_clean()
    save_versioned(obj, expected_version, update_fields)


# ---------------------------------------------------------------- reading
def budget_for_plan(plan: Plan) -> Budget:
    """The plan's budget, created on first use (an unsaved one for a decided plan)."""
    try:
        return Budget.objects.get(plan=plan)
    except Budget.DoesNotExist:
        if plan.is_frozen:
            return Budget(plan=plan)
        budget = Budget(plan=plan)
        try:
            with transaction.atomic():
                _save(budget)
        except IntegrityError:  # two first visits at once: the other one created it
            return Budget.objects.get(plan=plan)
        return budget


def contribution_inputs(plan: Plan) -> list[calc.ContributionInput]:
    """The contribution engine's rows (members.contributions), one per member over three years."""
    from members.contributions import contribution_table

    return contribution_inputs_from(contribution_table(plan))


def editor_inputs(plan: Plan) -> tuple[list[calc.ContributionInput], list[calc.StepInput]]:
    """The contributions and the equity step table the budget page draws with, reused until
    the association's data changes (finsam.freshness: any write to members, plans or budgets
    gives a new stamp). The contribution engine's four queries and its allocation were a sixth
    of the page; on a hit this is one query."""
    from finsam import freshness

    return freshness.cached(
        plan.association_id,
        f"budget-editor-inputs:{plan.pk}",
        lambda: (contribution_inputs(plan), equity_steps(plan.association)),
    )


def contribution_inputs_from(table: ContributionTable) -> list[calc.ContributionInput]:
    """contribution_inputs of a contribution table the caller already has.

    One line per member over the years (ContributionTable.spans, the PDF's and the Excel
    file's rows): the combined state line stays one line when AF leaves after year 1. Split
    by its yearly label, it became two lines that the Excel budget sheet both pointed at the
    one state row of the Medlemsbidrag sheet, counting the state twice.
    """
    return [
        calc.ContributionInput(
            label=span.label,
            member_id=span.member_id,
            amounts=tuple(r.amount if r else None for r in span.rows[: calc.N_YEARS]),  # type: ignore[arg-type]
        )
        for span in table.spans()
    ]


def line_inputs(lines: Sequence[BudgetLine]) -> list[calc.LineInput]:
    return [
        calc.LineInput(
            id=line.pk,
            group=line.group,
            name=line.display_name,
            amounts=line.amounts,
            is_balancing=line.is_balancing,
            split_group=line.split_group,
            split_percent=line.split_percent,
            intervention_id=line.intervention_id,
            member_id=line.member_id,
            order=line.order,
            version=line.version,
            note=line.note,
        )
        for line in lines
    ]


def equity_steps(association: Association) -> list[calc.StepInput]:
    return [
        calc.StepInput(up_to=s.up_to, max_percent=s.max_percent)
        for s in EquityStep.objects.filter(association=association)
    ]


def equity_rules_record(plan: Plan) -> dict:
    """The association's step table and equity base now, as Budget.decided_equity keeps them."""
    return {
        "base": plan.association.equity_base,
        "steps": [[s.up_to, str(s.max_percent)] for s in equity_steps(plan.association)],
    }


def decided_equity_rules(budget: Budget, plan: Plan) -> tuple[list[calc.StepInput], str] | None:
    """The step table and base a decided plan was approved with, or None (not decided, or
    decided before they were recorded: the association's current ones apply)."""
    recorded = budget.decided_equity
    if not recorded or not plan.is_frozen:
        return None
    steps = [
        calc.StepInput(up_to=up_to, max_percent=Decimal(pct)) for up_to, pct in recorded["steps"]
    ]
    return steps, recorded["base"]


def budget_lines(budget: Budget) -> list[BudgetLine]:
    """The budget's lines (sharing `budget`), a linked intervention read with its name only."""
    if budget.pk is None:
        return []
    _plan, _budget, lines = lines_with_budget(budget=budget)
    for line in lines:
        line.budget = budget
    return lines


_LINE_COLUMNS = tuple(f.attname for f in BudgetLine._meta.concrete_fields)
_BUDGET_COLUMNS = tuple(f.attname for f in Budget._meta.concrete_fields)


@functools.cache
def _plan_columns() -> tuple[str, ...]:
    from plans.models import Plan

    return tuple(f.attname for f in Plan._meta.concrete_fields)


@functools.cache
def _lines_query(with_plan: bool) -> QuerySet:
    """The column list of lines_with_budget, resolved once: resolving ~50 related column names
    cost more than running the query. Never evaluated itself; callers filter a copy."""
    columns = (
        *_LINE_COLUMNS,
        *(f"budget__{c}" for c in _BUDGET_COLUMNS),
        *(f"budget__plan__{c}" for c in (_plan_columns() if with_plan else ())),
        "intervention__name",
    )
    return BudgetLine.objects.values_list(*columns)


def lines_with_budget(
    *, with_plan: bool = False, **filters
) -> tuple[Plan | None, Budget | None, list[BudgetLine]]:
    """The budget lines matching `filters` (of one budget), their budget and optionally its
    plan, in one query; (None, None, []) when no line matches.

    Rows are read as plain values and made into model instances once: select_related would
    build a Budget, a Plan and a whole Intervention for every line, which cost more than the
    rest of a cell save. Every instance is complete except a linked intervention, loaded with
    its name only (what the budget shows; its other fields load on access like any deferred
    field). The lines share one Budget instance, so line.budget.plan never queries.
    """
    from plans.models import Intervention, Plan

    rows = _lines_query(with_plan).filter(**filters)
    db = rows.db
    n_line, n_budget = len(_LINE_COLUMNS), len(_BUDGET_COLUMNS)
    # What select_related does to attach a loaded object (no descriptor checks per line).
    set_budget = BudgetLine._meta.get_field("budget").set_cached_value
    set_intervention = BudgetLine._meta.get_field("intervention").set_cached_value
    plan: Plan | None = None
    budget: Budget | None = None
    lines: list[BudgetLine] = []
    for row in rows:
        if budget is None:
            budget = Budget.from_db(db, _BUDGET_COLUMNS, row[n_line : n_line + n_budget])
            if with_plan:
                plan = Plan.from_db(db, _plan_columns(), row[n_line + n_budget : -1])
                budget.plan = plan
        line = BudgetLine.from_db(db, _LINE_COLUMNS, row[:n_line])
        if line.budget_id != budget.pk:
            raise ValueError("lines_with_budget: the filter matched lines of several budgets")
        set_budget(line, budget)
        if line.intervention_id is not None:
            intervention = Intervention.from_db(db, ("id", "name"), (line.intervention_id, row[-1]))
            set_intervention(line, intervention)
        lines.append(line)
    return plan, budget, lines


def budget_and_lines(plan: Plan) -> tuple[Budget, list[BudgetLine]]:
    """The plan's budget and its lines in one query (two for a budget without lines)."""
    _plan, budget, lines = lines_with_budget(budget__plan=plan)
    if budget is None:
        budget = budget_for_plan(plan)
    budget.plan = plan
    return budget, lines


def summary_for(
    budget: Budget,
    lines: Sequence[BudgetLine],
    plan: Plan | None = None,
    *,
    contributions: Sequence[calc.ContributionInput] | None = None,
    steps: Sequence[calc.StepInput] | None = None,
) -> calc.BudgetSummary:
    """The engine over loaded rows; contributions and steps are read unless given.

    A decided plan is measured against the step table and base it was approved with.
    """
    plan = plan or budget.plan
    base = plan.association.equity_base
    decided = decided_equity_rules(budget, plan)
    if decided is not None:
        steps, base = decided
    elif steps is None:
        steps = equity_steps(plan.association)
    return calc.budget_summary(
        lines=line_inputs(lines),
        contributions=contribution_inputs(plan) if contributions is None else contributions,
        opening_equity=budget.opening_equity,
        equity_steps=steps,
        equity_base=base,
        deficit_reasons=budget.deficit_reasons,
        balance_targets=budget.balance_targets,
        unit=plan.unit,
        years=plan.years,
        labels=budget.labels,
    )


def budget_summary_for_plan(plan: Plan) -> calc.BudgetSummary:
    """Everything the budget page, the PDF and Excel show, in a constant number of queries."""
    budget, lines = budget_and_lines(plan)
    return summary_for(budget, lines, plan)


# Where each check is fixed (the budget page unless the settings page is the place).
_CHECK_PAGES = {
    "deficit_without_reason": "budgets:settings",
    "opening_equity_missing": "budgets:settings",
    "balancing_negative": "budgets:settings",
    "no_equity_step": "budgets:equity_steps",
    "contribution_mismatch": "members:contributions",
}


def budget_checks(plan: Plan, summary: calc.BudgetSummary | None = None) -> list[Check]:
    """The budget's checks with a link to where each is fixed (for the plan overview).

    `summary` saves computing the budget again when the caller has it.
    """
    kwargs = {"assoc": plan.association.slug, "plan_id": plan.pk}
    checks = []
    summary = summary or budget_summary_for_plan(plan)
    for check in summary.checks:
        url = reverse(_CHECK_PAGES.get(check.code, "budgets:edit"), kwargs=kwargs)
        checks.append(replace(check, url=url))
    return checks


def intervention_amounts(plan: Plan) -> dict[int, tuple[int | None, int | None, int | None]]:
    """Each budgeted intervention's amounts per year (intervention id → three amounts)."""
    lines = BudgetLine.objects.filter(budget__plan=plan, intervention__isnull=False)
    return {line.intervention_id: line.amounts for line in lines}  # type: ignore[misc]


# ---------------------------------------------------------------- writing
def is_income(group: str) -> bool:
    return group in INCOME_GROUPS


def cell_editable(line: BudgetLine, year_index: int) -> bool:
    """A contribution row comes from the engine and a balanced year is solved, not typed."""
    if line.group == Group.CONTRIBUTIONS:
        return False
    return not (line.is_balancing and line.budget.balance_targets[year_index] is not None)


def budget_cell_set(
    *,
    user: User | None,
    line: BudgetLine,
    year_index: int,
    text: str,
    expected_version: int | None,
    role: str | None = None,
) -> BudgetLine:
    """Set one amount from what the user typed, in the plan's unit and the association's sign.

    Empty text clears the cell. Raises finsam.money.MoneyParseError (bad input, nothing saved;
    calc.CostSignError, one of them, for a cost typed without the minus sign where costs are
    shown negative; "+2 450" there is a cost reduction, stored −2 450),
    ValidationError (a cell that is computed, not typed) and plans.locking.EditConflict.
    One write, so save_versioned's own transaction is the whole transaction.
    """
    plan = line.budget.plan
    _require_editable(user, plan, role)
    if year_index not in range(calc.N_YEARS):
        raise ValidationError(_("Okänt år."))
    if not cell_editable(line, year_index):
        raise ValidationError(_("Beloppet räknas fram och kan inte skrivas in här."))
    text = (text or "").strip()
    if text:
        typed = parse_money(text, unit=plan.unit)
        # Refuses a cost typed without the minus where costs are shown negative (CostSignError);
        # one typed with an explicit plus is a cost reduction there.
        value: int | None = calc.stored_amount(
            typed,
            is_income=is_income(line.group),
            cost_sign=plan.association.cost_sign,
            unit=plan.unit,
            plus=typed_with_plus(text),
        )
    else:
        value = None
    line.set_amount(year_index, value)
    field = f"amount_{year_index + 1}"
    # Only the amount changed: validate that field (the line's other fields and constraints
    # were validated when they were saved), which keeps a cell save to a few queries.
    others = [f.name for f in BudgetLine._meta.fields if f.name != field]
    line.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    with _acting(user):
        save_versioned(line, expected_version, [field])
    return line


def _refuse_unsigned_costs(
    plan: Plan, group: str, amounts: Sequence[int | None], *, reductions_typed: bool = False
) -> None:
    """calc.cost_sign_error for amounts given as stored kronor: where costs are shown negative,
    a cost below zero is what a cost typed without the minus sign becomes, so it is refused
    here as in the grid (no caller of these services can store one unnoticed).

    `reductions_typed`: the amounts were read by the grid's rule (calc.stored_amount, as the
    intervention form's CostAmountField does), so a cost below zero is a reduction typed with
    a plus sign, meant, and taken as the grid takes it."""
    if reductions_typed or is_income(group) or all(a is None for a in amounts):
        return
    cost_sign = plan.association.cost_sign
    for amount in amounts:
        shown = calc.display_amount(amount, is_income=False, cost_sign=cost_sign)
        if shown is None:
            continue
        message = calc.cost_sign_error(shown, is_income=False, cost_sign=cost_sign, unit=plan.unit)
        if message:
            raise ValidationError(message)


def _next_order(budget: Budget) -> int:
    return (budget.lines.aggregate(m=Max("order"))["m"] or 0) + 10


@transaction.atomic
def budget_line_create(
    *,
    user: User | None,
    plan: Plan,
    group: str,
    name: str,
    amounts: Sequence[int | None] = (None, None, None),
    intervention: Intervention | None = None,
    member_id: int | None = None,
    is_balancing: bool = False,
    split_group: str = "",
    split_percent: Decimal | None = None,
    note: str = "",
    reductions_typed: bool = False,  # see _refuse_unsigned_costs
) -> BudgetLine:
    _require_editable(user, plan)
    if group == Group.CONTRIBUTIONS and user is not None:
        raise ValidationError(
            _("Medlemsbidragen hämtas från fördelningen. Ändra dem under fliken Medlemsbidrag.")
        )
    budget = budget_for_plan(plan)
    line = BudgetLine(
        budget=budget,
        group=group,
        name=name.strip() or (intervention.name if intervention else ""),
        order=_next_order(budget),
        intervention=intervention,
        member_id=member_id,
        amount_1=amounts[0],
        amount_2=amounts[1],
        amount_3=amounts[2],
        is_balancing=is_balancing,
        split_group=split_group,
        split_percent=split_percent,
        note=note,
    )
    _refuse_unsigned_costs(plan, group, amounts, reductions_typed=reductions_typed)
    if is_balancing and budget.lines.filter(is_balancing=True).exists():
        raise ValidationError(_("Budgeten har redan en utjämnande rad."))
    with _acting(user):
        _save(line)
    return line


@transaction.atomic
def budget_line_update(
    *,
    user: User | None,
    line: BudgetLine,
    expected_version: int | None,
    **fields,
) -> BudgetLine:
    """Rename, regroup, split or mark as balancing (amounts go through budget_cell_set)."""
    allowed = {
        "name",
        "group",
        "is_balancing",
        "split_group",
        "split_percent",
        "note",
        "member_id",
        "intervention_id",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"budget_line_update: unknown fields {sorted(unknown)}")
    _require_editable(user, line.budget.plan)
    if fields.get("is_balancing"):
        others = line.budget.lines.filter(is_balancing=True).exclude(pk=line.pk)
        if others.exists():
            raise ValidationError(_("Budgeten har redan en utjämnande rad."))
    if fields.get("group") == Group.CONTRIBUTIONS and line.group != Group.CONTRIBUTIONS:
        raise ValidationError(_("Medlemsbidragen hämtas från fördelningen."))
    new_intervention = fields.get("intervention_id")
    if new_intervention is not None and new_intervention != line.intervention_id:
        from plans.models import Intervention

        plan = line.budget.plan
        if not Intervention.objects.filter(pk=new_intervention, plan=plan).exists():
            raise ValidationError({"intervention": _("Insatsen hör inte till den här planen.")})
        if BudgetLine.objects.filter(intervention_id=new_intervention).exclude(pk=line.pk).exists():
            raise ValidationError({"intervention": _("Insatsen har redan en budgetrad.")})
    for key, value in fields.items():
        setattr(line, key, value)
    if not line.split_group:
        line.split_percent = None
    with _acting(user):
        _save(line, expected_version)
    return line


@transaction.atomic
def budget_line_delete(*, user: User | None, line: BudgetLine) -> None:
    _require_editable(user, line.budget.plan)
    with _acting(user):
        line.delete()


@transaction.atomic
def budget_line_move(*, user: User | None, line: BudgetLine, direction: str) -> None:
    """Swap the line with its neighbour in the same group ("up" or "down")."""
    _require_editable(user, line.budget.plan)
    siblings = list(line.budget.lines.filter(group=line.group).order_by("order", "pk"))
    idx = next(i for i, s in enumerate(siblings) if s.pk == line.pk)
    other = idx - 1 if direction == "up" else idx + 1
    if other < 0 or other >= len(siblings):
        return
    siblings[idx], siblings[other] = siblings[other], siblings[idx]
    with _acting(user):
        for order, row in enumerate(siblings):
            if row.order != (order + 1) * 10:
                row.order = (order + 1) * 10
                _save(row, None, ["order"])


@transaction.atomic
def budget_settings_set(
    *, user: User | None, budget: Budget, expected_version: int | None, **fields
) -> Budget:
    """Opening equity, year labels, deficit reasons and balancing targets."""
    allowed = {
        "opening_equity",
        *(f"label_{y}" for y in YEARS),
        *(f"deficit_reason_{y}" for y in YEARS),
        *(f"balance_target_{y}" for y in YEARS),
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"budget_settings_set: unknown fields {sorted(unknown)}")
    _require_editable(user, budget.plan)
    for key, value in fields.items():
        setattr(budget, key, value)
    with _acting(user):
        _save(budget, expected_version)
    return budget


@transaction.atomic
def budget_display_set(*, user: User | None, plan: Plan, unit: str, cost_sign: str) -> None:
    """Show the plan's tables in kr or tkr, and the association's costs positive or negative."""
    from members.models import Association

    _require_editable(user, plan)
    if unit != plan.unit:
        plan.unit = unit
        plan.full_clean()
        save_versioned(plan, None, ["unit", "updated_at"])
    association = plan.association
    if cost_sign != association.cost_sign:
        if cost_sign not in Association.CostSign.values:
            raise ValidationError(_("Okänt val för kostnadernas tecken."))
        association.cost_sign = cost_sign
        association.save(update_fields=["cost_sign"])


@transaction.atomic
def equity_steps_set(
    *,
    user: User | None,
    association: Association,
    steps: Sequence[tuple[int | None, Decimal]],
    base: str | None = None,
) -> list[EquityStep]:
    """Replace the association's step table (a whole table is edited at once), and its equity
    base (`Association.EquityBase`) when `base` is given.

    The finance officer may, as the director may: the step table is what their equity check
    measures against, and the check tells them to add a step when none covers the year.
    """
    _require(user, association, Cap.EDIT_BUDGET)
    if base and base != association.equity_base:
        association.equity_base = base
        association.full_clean()
        association.save(update_fields=["equity_base"])
    limits = [up_to for up_to, _pct in steps]
    if len(set(limits)) != len(limits):
        raise ValidationError(_("Två steg har samma gräns."))
    existing = list(EquityStep.objects.filter(association=association))
    for step in existing:
        step.delete()
    created = []
    for up_to, pct in steps:
        step = EquityStep(association=association, up_to=up_to, max_percent=pct)
        step.full_clean()
        step.save()
        created.append(step)
    return created


def intervention_group(intervention: Intervention) -> str:
    return Group.STRUCTURAL if intervention.kind == "structural" else Group.INDIVIDUAL


def _follow_kind(line: BudgetLine, group: str) -> None:
    """An intervention's line in the other intervention group moves with the intervention's
    kind, so the budget's individual/structural split says what the plan says. A line the
    user put in another group (reserved funds, administration) stays where it is."""
    if line.group not in (Group.INDIVIDUAL, Group.STRUCTURAL) or line.group == group:
        return
    old, line.group = line.group, group
    if line.split_group == group:  # a share kept in the other group keeps its group
        line.split_group = old


@transaction.atomic
def intervention_amounts_set(
    *,
    user: User | None,
    intervention: Intervention,
    amounts: Sequence[int | None],
    expected_version: int | None = None,
    reductions_typed: bool = False,
) -> BudgetLine | None:
    """Set an intervention's budget amounts (its line is created in the group of its kind,
    and moves when the kind changes).

    Used by the intervention form; `expected_version` is the line's version the form loaded.
    All three amounts None and no line yet: nothing is created. `reductions_typed`: the form
    read the amounts by the grid's sign rule, so a cost below zero is a meant reduction
    (_refuse_unsigned_costs).
    """
    plan = intervention.plan
    _require_editable(user, plan)
    amounts = tuple(amounts)
    if len(amounts) != calc.N_YEARS:
        raise ValueError("intervention_amounts_set needs three amounts")
    try:
        line = BudgetLine.objects.select_related("budget__plan").get(intervention=intervention)
    except BudgetLine.DoesNotExist:
        if all(a is None for a in amounts):
            return None
        return budget_line_create(
            user=user,
            plan=plan,
            group=intervention_group(intervention),
            name=intervention.name,
            amounts=amounts,
            intervention=intervention,
            reductions_typed=reductions_typed,
        )
    line.amount_1, line.amount_2, line.amount_3 = amounts
    line.name = intervention.name
    _follow_kind(line, intervention_group(intervention))
    _refuse_unsigned_costs(plan, line.group, amounts, reductions_typed=reductions_typed)
    with _acting(user):
        _save(line, expected_version)
    return line


@transaction.atomic
def budget_roll_forward(
    *, old_plan: Plan, new_plan: Plan, intervention_map: dict[int, int]
) -> Budget:
    """Next year's budget: year 2 becomes year 1, year 3 becomes year 2, year 3 starts from it.

    Opening equity is the old budget's closing equity after year 1. Lines of interventions that
    did not continue are dropped; the others follow their copy in the new plan.
    """
    from plans.models import Intervention

    new_budget = budget_for_plan(new_plan)
    try:
        old = Budget.objects.get(plan=old_plan)
    except Budget.DoesNotExist:
        return new_budget
    lines = budget_lines(old)
    summary = summary_for(old, lines, old_plan)
    new_budget.opening_equity = summary.years[0].closing_equity
    new_budget.label_1, new_budget.label_2, new_budget.label_3 = (
        old.label_1,
        old.label_2,
        old.label_3,
    )
    new_budget.balance_target_1 = old.balance_target_2
    new_budget.balance_target_2 = old.balance_target_3
    new_budget.balance_target_3 = old.balance_target_3
    _save(new_budget)
    interventions = Intervention.objects.in_bulk(intervention_map.values())
    for line in lines:
        intervention = None
        if line.intervention_id is not None:
            new_id = intervention_map.get(line.intervention_id)
            if new_id is None:
                continue  # the intervention ended
            intervention = interventions.get(new_id)
        if line.group == Group.CONTRIBUTIONS:
            continue  # the engine gives next year's contributions
        copy = BudgetLine(
            budget=new_budget,
            group=line.group,
            name=line.name,
            order=line.order,
            intervention=intervention,
            member_id=line.member_id,
            amount_1=line.amount_2,
            amount_2=line.amount_3,
            amount_3=line.amount_3,
            is_balancing=line.is_balancing,
            split_group=line.split_group,
            split_percent=line.split_percent,
            note=line.note,
        )
        _save(copy)
    return new_budget


__all__ = [
    "COST_GROUPS",
    "INCOME_GROUPS",
    "budget_cell_set",
    "budget_checks",
    "budget_display_set",
    "budget_for_plan",
    "budget_line_create",
    "budget_line_delete",
    "budget_line_move",
    "budget_line_update",
    "budget_roll_forward",
    "budget_settings_set",
    "budget_summary_for_plan",
    "equity_steps_set",
    "intervention_amounts",
    "intervention_amounts_set",
]
