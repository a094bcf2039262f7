"""The budget engine: the only place where budget sums, result, equity and ratios are made.

Pure functions over plain data (no ORM), so the web page, the PDF and the Excel export all show
the same figures and the engine is testable without a database. Amounts are whole kronor (int);
costs are positive numbers here, the display sign is applied by `display_amount`.

Result and equity: `result` is total income (including equity put to use, as Swedish plans show
it) minus total costs. Equity put to use is not income in the accounts, so the change in equity
for the year is `annual_result = result − equity_use`, and closing = opening + annual_result.
A budget without an equity-use line gives annual_result == result.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from finsam.checks import Check
from finsam.money import (
    KR,
    TKR,
    MoneyParseError,
    format_money,
    format_money_input,
    format_percent,
    legible_unit,
    round_parts,
    round_to_unit,
)

from .models import COST_GROUPS, INCOME_GROUPS, Group

N_YEARS = 3
Amounts = tuple[int | None, int | None, int | None]
Totals = tuple[int, int, int]

# Lazy labels: resolved in the language of the page, PDF or workbook that shows them.
GROUP_LABELS: dict[str, str] = {g.value: g.label for g in Group}


# ---------------------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class LineInput:
    """A stored budget line as the engine sees it (costs positive)."""

    id: int | None
    group: str
    name: str
    amounts: Amounts
    is_balancing: bool = False
    split_group: str = ""
    split_percent: Decimal | None = None
    intervention_id: int | None = None
    member_id: int | None = None
    order: int = 0
    version: int = 1
    note: str = ""


@dataclass(frozen=True)
class ContributionInput:
    """One member's contribution per year, as the contribution engine computed it."""

    label: str
    member_id: int | None
    amounts: Amounts


@dataclass(frozen=True)
class StepInput:
    up_to: int | None  # None: no upper limit
    max_percent: Decimal


# --------------------------------------------------------------------------------------- outputs
@dataclass(frozen=True)
class LineRow:
    """A row of a group. `amounts` are what the row adds to its group (None = blank)."""

    id: int | None
    group: str
    name: str
    amounts: Amounts
    # "typed", "engine" (contributions), "balancing", "split" (share from another group)
    source: str
    typed: Amounts = (None, None, None)  # what is stored on the line (None for engine rows)
    is_balancing: bool = False
    split_group: str = ""
    split_percent: Decimal | None = None
    intervention_id: int | None = None
    member_id: int | None = None
    version: int = 1
    note: str = ""

    @property
    def editable(self) -> bool:
        return self.source == "typed" and self.id is not None


@dataclass(frozen=True)
class GroupSummary:
    key: str
    label: str
    is_income: bool
    lines: tuple[LineRow, ...]
    totals: Totals

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def sum_label(self) -> str:
        """ "Summa medlemsbidrag": one spelling on the page, in the document and the comparison."""
        return _("Summa %(group)s") % {"group": self.label.lower()}


@dataclass(frozen=True)
class YearFigures:
    index: int  # 0, 1, 2
    year: int | None
    label: str
    contributions: int
    total_income: int
    total_costs: int
    result: int  # income (incl. equity use) − costs, as the plan shows it
    equity_use: int
    annual_result: int  # result − equity use: the change in equity
    opening_equity: int | None
    closing_equity: int | None
    equity_base: int  # the amount the bound is measured against
    equity_max_percent: Decimal | None  # the step that applies, None: no step covers the year
    equity_bound: int | None
    equity_ratio: Decimal | None  # closing equity as % of the base
    administration_share: Decimal | None  # % of total costs
    individual_share: Decimal | None  # % of individual + structural
    structural_share: Decimal | None
    reserve_share: Decimal | None  # unallocated: reserved funds as % of total costs
    balancing_amount: int | None  # the solved balancing line, None when not balanced
    deficit_reason: str

    @property
    def is_deficit(self) -> bool:
        return self.annual_result < 0

    @property
    def result_is_negative(self) -> bool:
        """The result as the plan shows it (after any use of equity) is below zero."""
        return self.result < 0

    @property
    def above_bound(self) -> bool:
        return (
            self.equity_bound is not None
            and self.closing_equity is not None
            and self.closing_equity > self.equity_bound
        )


@dataclass(frozen=True)
class BudgetSummary:
    unit: str
    groups: tuple[GroupSummary, ...]
    years: tuple[YearFigures, YearFigures, YearFigures]
    checks: tuple[Check, ...] = field(default_factory=tuple)
    equity_base_kind: str = "contributions"

    @property
    def income_groups(self) -> tuple[GroupSummary, ...]:
        return tuple(g for g in self.groups if g.is_income)

    @property
    def cost_groups(self) -> tuple[GroupSummary, ...]:
        return tuple(g for g in self.groups if not g.is_income)

    def group(self, key: str) -> GroupSummary:
        return next(g for g in self.groups if g.key == key)

    def line(self, line_id: int) -> LineRow | None:
        """The typed row of a stored line (not its split share)."""
        for g in self.groups:
            for row in g.lines:
                if row.id == line_id and row.source in ("typed", "balancing"):
                    return row
        return None

    @property
    def total_income(self) -> Totals:
        return tuple(y.total_income for y in self.years)  # type: ignore[return-value]

    @property
    def total_costs(self) -> Totals:
        return tuple(y.total_costs for y in self.years)  # type: ignore[return-value]

    @property
    def result(self) -> Totals:
        return tuple(y.result for y in self.years)  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------- engine
def percent(part: int, whole: int) -> Decimal | None:
    """part as a percentage of whole, rounded once to the one decimal every table (page, PDF,
    the Excel file's 0.0 %) shows; None when whole is zero. Two decimals rounded again for
    display printed 74,646 % as 74,7 %, beside 25,4 %."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def share_of(amount: int, pct: Decimal) -> int:
    """pct % of amount in whole kronor, rounded half away from zero."""
    return int((Decimal(amount) * pct / 100).quantize(Decimal(1), ROUND_HALF_UP))


def _sum(values: Sequence[int | None]) -> int:
    return sum(v for v in values if v is not None)


def amount_change(*, old: int | None, new: int | None) -> int:
    """How much an amount moves (a blank amount counts as zero)."""
    return (new or 0) - (old or 0)


def amount_totals(rows: Sequence[Sequence[int | None]]) -> list[int]:
    """Rows of amounts summed per year (a blank amount adds nothing)."""
    return [_sum([row[i] for row in rows]) for i in range(N_YEARS)]


# A column sorted on its own: this many lines (or more) with another line's figure. Two lines
# that swap figures may be a correction typed on purpose, so they are not taken for a sort.
SORTED_APART_MIN_LINES = 3


@dataclass(frozen=True)
class SortedRun:
    """Cells of one year column that hold the figures exported on other lines of the run:
    `first`..`last` index the column's cells (in the sheet's order), `lines` counts the cells
    that hold another line's figure."""

    first: int
    last: int
    lines: int


def amounts_sorted_apart(
    *,
    exported: Sequence[int | None],
    in_file: Sequence[int | None],
    min_lines: int = SORTED_APART_MIN_LINES,
) -> SortedRun | None:
    """Whether a year column of lines looks sorted apart from its lines (Excel's "continue with
    the current selection"): a run of consecutive lines, in the sheet's order, in which at least
    `min_lines` figures changed and the changed cells hold, as a multiset, exactly the figures
    exported in them, reordered. A blank counts as a value (a sort moves blanks to the end), but
    at least `min_lines` of the moved values must be figures. Equal figures swapped change
    nothing, and a genuine edit brings a figure that was not there, so neither is a sort.
    Returns the longest such run (None if there is none).

    `exported` and `in_file` are the column's amounts as exported and as the file holds them,
    one per line, in the order the lines stand in the sheet."""
    if len(exported) != len(in_file):
        raise ValueError("one exported and one file amount per line")
    changed = [k for k, (old, new) in enumerate(zip(exported, in_file, strict=True)) if old != new]
    # A run of changed cells is balanced when the running surplus (how many more times each value
    # is in the file than was exported) is the same at both its ends. A hash of the surplus, a
    # sum of one random-looking weight per value, finds the longest such run in one pass; the
    # run found is then compared value by value.
    state, figures = 0, 0
    first_seen: dict[int, tuple[int, int]] = {0: (0, 0)}  # state → (cells before, figures)
    best: tuple[int, int] | None = None  # (start, end) in `changed`, end exclusive
    for end, k in enumerate(changed, start=1):
        state = (state + _weight(in_file[k]) - _weight(exported[k])) % 2**64
        figures += in_file[k] is not None
        start, figures_before = first_seen.setdefault(state, (end, figures))
        if figures - figures_before >= min_lines and (
            best is None or end - start > best[1] - best[0]
        ):
            best = (start, end)
    if best is None:
        return None
    cells = changed[best[0] : best[1]]
    if Counter(in_file[k] for k in cells) != Counter(exported[k] for k in cells):
        return None  # a hash collision, not a sort
    return SortedRun(first=cells[0], last=cells[-1], lines=len(cells))


def _weight(value: int | None) -> int:
    digest = hashlib.blake2b(repr(value).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def contribution_totals(contributions: Sequence[ContributionInput]) -> Totals:
    """The members' contributions summed per year (a blank amount adds nothing)."""
    return tuple(amount_totals([c.amounts for c in contributions]))  # type: ignore[return-value]


def step_for(contributions: int, steps: Sequence[StepInput]) -> StepInput | None:
    """The step whose limit is the smallest at or above the year's contributions."""
    ordered = sorted(steps, key=lambda s: (s.up_to is None, s.up_to or 0))
    for step in ordered:
        if step.up_to is None or contributions <= step.up_to:
            return step
    return None


def display_amount(amount: int | None, *, is_income: bool, cost_sign: str) -> int | None:
    """A stored amount as the table shows it: costs negative when the association wants that."""
    if amount is None:
        return None
    return -amount if (not is_income and cost_sign == "negative") else amount


class CostSignError(MoneyParseError):
    """A cost typed without the minus sign the budget shows costs with (nothing is saved).

    A MoneyParseError, so every caller that reports unreadable input reports this too."""


def cost_sign_error(
    typed: int, *, is_income: bool, cost_sign: str, unit: str = KR, plus: bool = False
) -> str:
    """Why a typed figure cannot be taken as it stands, or "" when it can.

    When costs are shown negative, a cost is typed as it is shown: "−2 450". A cost typed
    without the minus ("2 450", as most people type amounts) would be a negative cost, and the
    result, equity and ratios would move the wrong way without a word; it is refused with what
    to type instead. A cost reduction (a refund, a reversed accrual: a negative cost) is typed
    with an explicit plus sign, "+2 450" (`plus`, finsam.money.typed_with_plus), as the grid
    shows it. 0 is fine, and income lines are typed as they are in any mode.
    """
    if is_income or cost_sign != "negative" or typed <= 0 or plus:
        return ""
    return _(
        "Kostnader skrivs med minustecken i den här budgeten: skriv %(amount)s, eller "
        "%(reduction)s för en kostnadsminskning."
    ) % {
        "amount": format_money_input(-typed, unit),
        "reduction": "+" + format_money_input(typed, unit),
    }


def stored_amount(
    typed: int, *, is_income: bool, cost_sign: str, unit: str = KR, plus: bool = False
) -> int:
    """What a typed figure means in storage (the inverse of display_amount).

    Raises CostSignError for a cost typed without the minus sign where costs are shown
    negative (cost_sign_error); `plus`: typed with an explicit plus sign, which there is a
    cost reduction ("+2 450" stores −2 450). `unit` only words the message."""
    if message := cost_sign_error(
        typed, is_income=is_income, cost_sign=cost_sign, unit=unit, plus=plus
    ):
        raise CostSignError(message)
    return -typed if (not is_income and cost_sign == "negative") else typed


def input_text(amount: int | None, *, is_income: bool, cost_sign: str, unit: str = KR) -> str:
    """A stored amount as a cell input shows it: the display sign, exactly in the unit.

    Typed back unchanged it is the same amount (stored_amount). Where costs are shown negative
    a cost reduction (stored below zero) shows "+2 450": "2 450" would be refused there as a
    cost typed without its minus sign."""
    shown = display_amount(amount, is_income=is_income, cost_sign=cost_sign)
    text = format_money_input(shown, unit)
    if shown is not None and shown > 0 and not is_income and cost_sign == "negative":
        return "+" + text
    return text


def budget_summary(
    *,
    lines: Sequence[LineInput],
    contributions: Sequence[ContributionInput],
    opening_equity: int | None,
    equity_steps: Sequence[StepInput],
    equity_base: str = "contributions",
    deficit_reasons: Sequence[str] = ("", "", ""),
    balance_targets: Sequence[int | None] = (None, None, None),
    unit: str = KR,
    years: Sequence[int | None] = (None, None, None),
    labels: Sequence[str] = ("Budget", "Plan", "Plan"),
) -> BudgetSummary:
    """Group totals, result, equity, ratios and checks for a three-year budget."""
    rows: dict[str, list[LineRow]] = {g.value: [] for g in Group}
    stated_contributions: list[LineInput] = []
    balancing: LineInput | None = None

    for c in contributions:
        rows[Group.CONTRIBUTIONS].append(
            LineRow(
                id=None,
                group=Group.CONTRIBUTIONS,
                name=c.label,
                amounts=c.amounts,
                source="engine",
                member_id=c.member_id,
            )
        )
    for line in sorted(lines, key=lambda x: (x.order, x.id or 0)):
        if line.group == Group.CONTRIBUTIONS:
            # Never summed: the engine's figure is the contribution; a stated one is compared.
            stated_contributions.append(line)
            continue
        if line.is_balancing:
            balancing = line
            continue
        own, moved = line.amounts, (None, None, None)
        if line.split_group and line.split_percent is not None:
            moved = tuple(None if a is None else share_of(a, line.split_percent) for a in own)
            own = tuple(
                None if a is None else a - m for a, m in zip(own, moved, strict=True)
            )  # the remainder stays in the line's own group, so the parts add up exactly
        rows[line.group].append(_row(line, own, "typed"))
        if line.split_group and line.split_percent is not None:
            rows[line.split_group].append(_row(line, moved, "split"))  # type: ignore[arg-type]

    # Totals before balancing, then solve the balancing line per year.
    def totals(group: str) -> list[int]:
        return [_sum([r.amounts[i] for r in rows[group]]) for i in range(N_YEARS)]

    pre = {g.value: totals(g.value) for g in Group}
    solved: list[int | None] = [None, None, None]
    if balancing is not None:
        contributed = contribution_totals(contributions)
        income_side = balancing.group in INCOME_GROUPS
        amounts = list(balancing.amounts)
        for i in range(N_YEARS):
            target = balance_targets[i] if i < len(balance_targets) else None
            if target is None:
                continue
            inc = sum(pre[g][i] for g in INCOME_GROUPS if g != Group.CONTRIBUTIONS)
            inc += contributed[i]
            cost = sum(pre[g][i] for g in COST_GROUPS)
            # result = income − costs = target, solved for the balancing line's amount
            amounts[i] = target + cost - inc if income_side else inc - cost - target
            solved[i] = amounts[i]
        row = _row(balancing, tuple(amounts), "balancing")  # type: ignore[arg-type]
        rows[balancing.group].append(row)

    groups = tuple(
        GroupSummary(
            key=g.value,
            label=GROUP_LABELS[g.value],
            is_income=g in INCOME_GROUPS,
            lines=tuple(rows[g.value]),
            totals=tuple(totals(g.value)),  # type: ignore[arg-type]
        )
        for g in Group
    )
    gt = {g.key: g.totals for g in groups}

    year_figures = []
    opening = opening_equity
    for i in range(N_YEARS):
        contrib = gt[Group.CONTRIBUTIONS][i]
        income = sum(gt[g][i] for g in INCOME_GROUPS)
        costs = sum(gt[g][i] for g in COST_GROUPS)
        equity_use = gt[Group.EQUITY_USE][i]
        result = income - costs
        annual = result - equity_use
        closing = None if opening is None else opening + annual
        base = contrib if equity_base == "contributions" else income - equity_use
        step = step_for(contrib, equity_steps)
        bound = None if step is None else share_of(base, step.max_percent)
        individual, structural = gt[Group.INDIVIDUAL][i], gt[Group.STRUCTURAL][i]
        year_figures.append(
            YearFigures(
                index=i,
                year=years[i] if i < len(years) else None,
                label=labels[i] if i < len(labels) else "",
                contributions=contrib,
                total_income=income,
                total_costs=costs,
                result=result,
                equity_use=equity_use,
                annual_result=annual,
                opening_equity=opening,
                closing_equity=closing,
                equity_base=base,
                equity_max_percent=None if step is None else step.max_percent,
                equity_bound=bound,
                equity_ratio=None if closing is None else percent(closing, base),
                administration_share=percent(gt[Group.ADMINISTRATION][i], costs),
                individual_share=percent(individual, individual + structural),
                structural_share=percent(structural, individual + structural),
                reserve_share=percent(gt[Group.RESERVE][i], costs),
                balancing_amount=solved[i],
                deficit_reason=(deficit_reasons[i] if i < len(deficit_reasons) else "").strip(),
            )
        )
        opening = closing

    summary = BudgetSummary(
        unit=unit,
        groups=groups,
        years=tuple(year_figures),  # type: ignore[arg-type]
        equity_base_kind=equity_base,
    )
    checks = budget_checks_for(
        summary=summary,
        lines=lines,
        stated_contributions=stated_contributions,
        contributions=contributions,
        has_steps=bool(equity_steps),
    )
    return BudgetSummary(
        unit=unit,
        groups=groups,
        years=summary.years,
        checks=tuple(checks),
        equity_base_kind=equity_base,
    )


def _row(line: LineInput, amounts: Amounts, source: str) -> LineRow:
    return LineRow(
        id=line.id,
        group=line.group,
        name=line.name,
        amounts=amounts,
        source=source,
        typed=line.amounts,
        is_balancing=line.is_balancing,
        split_group=line.split_group,
        split_percent=line.split_percent,
        intervention_id=line.intervention_id,
        member_id=line.member_id,
        version=line.version,
        note=line.note,
    )


# --------------------------------------------------------------------------------------- display
def _round_groups(
    groups: list[tuple[str, int | None]], unit: str, *, total: int
) -> list[int | None]:
    """Group sums adding up to `total` (largest remainder), the member contributions pinned to
    their own sum rounded: the contributions table (page and PDF) prints that as its "Summa",
    and "Summa medlemsbidrag" in the budget must be the same figure. The other groups share
    what is left, each still its exact value rounded down or up."""
    keys = [key for key, _amount in groups]
    if Group.CONTRIBUTIONS not in keys or len(keys) == 1:
        return round_parts([amount for _key, amount in groups], unit, total=total)
    k = keys.index(Group.CONTRIBUTIONS)
    pinned = groups[k][1]
    fixed = None if pinned is None else round_to_unit(pinned, unit)
    others = [amount for j, (_key, amount) in enumerate(groups) if j != k]
    rest = round_parts(others, unit, total=total - (fixed or 0))
    rest.insert(k, fixed)
    return rest


def shown_summary(summary: BudgetSummary) -> BudgetSummary:
    """The summary with its kronor as a table in the summary's unit prints them.

    The budget page, the plan document (PDF and reading view) and the overview show this, so
    they print the same figures. In kr it is the summary itself. In tkr, rounding each figure on
    its own printed rows that did not add up to their sum ("Summa administration och kansli"
    1 538 under rows of 1 539), and DESIGN §3.6 wants every sum shown to add up. The rule, top
    down, per year:

    * "Summa intäkter" and "Summa kostnader" are their exact sums rounded to whole tkr;
    * the groups under each are rounded by largest remainder (finsam.money.round_parts) so that
      they add up to it, except the member contributions, which print their own sum rounded
      as the contributions table does (`_round_groups`); each group's rows are rounded so that
      they add up to the group. Every printed
      figure is then its exact value rounded down or up: never a whole tkr off;
    * the rows below are computed from the printed figures, so they add up too: result =
      income − costs (a balanced budget prints exactly 0), change in equity = result − equity
      used, closing = opening + change, and next year's opening is this year's closing. These
      can drift a little further from their exact values (a few tkr over three years at worst).

    Percentages keep the exact figures, and so does what a line stores (`typed`, which the
    editor's inputs show exactly). Checks decide on the exact figures and quote these
    (`budget_checks_for`).
    """
    unit = summary.unit
    if unit != TKR:
        return summary
    n = len(summary.years)
    totals: dict[str, list[int]] = {g.key: [0] * n for g in summary.groups}
    lines: dict[str, list[list[int | None]]] = {
        g.key: [list(r.amounts) for r in g.lines] for g in summary.groups
    }
    income: list[int] = []
    costs: list[int] = []
    for i, y in enumerate(summary.years):
        for groups, exact, shown in (
            (summary.income_groups, y.total_income, income),
            (summary.cost_groups, y.total_costs, costs),
        ):
            top = round_to_unit(exact, unit)
            shown.append(top)
            subtotals = _round_groups([(g.key, g.totals[i]) for g in groups], unit, total=top)
            for g, subtotal in zip(groups, subtotals, strict=True):
                totals[g.key][i] = subtotal or 0
                rows = round_parts([r.amounts[i] for r in g.lines], unit, total=subtotal or 0)
                for row, amount in zip(lines[g.key], rows, strict=True):
                    row[i] = amount

    def rounded(amount: int | None) -> int | None:
        return None if amount is None else round_to_unit(amount, unit)

    years: list[YearFigures] = []
    opening = rounded(summary.years[0].opening_equity)
    for i, y in enumerate(summary.years):
        result = income[i] - costs[i]
        equity_use = totals[Group.EQUITY_USE][i]
        closing = None if opening is None else opening + result - equity_use
        years.append(
            replace(
                y,
                contributions=totals[Group.CONTRIBUTIONS][i],
                total_income=income[i],
                total_costs=costs[i],
                result=result,
                equity_use=equity_use,
                annual_result=result - equity_use,
                opening_equity=opening,
                closing_equity=closing,
                equity_base=round_to_unit(y.equity_base, unit),
                equity_bound=rounded(y.equity_bound),
                balancing_amount=rounded(y.balancing_amount),
            )
        )
        opening = closing
    groups = tuple(
        replace(
            g,
            lines=tuple(
                replace(r, amounts=tuple(amounts))  # type: ignore[arg-type]
                for r, amounts in zip(g.lines, lines[g.key], strict=True)
            ),
            totals=tuple(totals[g.key]),  # type: ignore[arg-type]
        )
        for g in summary.groups
    )
    return replace(summary, groups=groups, years=tuple(years))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------- checks
def _year_name(y: YearFigures) -> str:
    return str(y.year) if y.year else _("år %(n)s") % {"n": y.index + 1}


def _money(amount: int, unit: str) -> str:
    return format_money(amount, unit, suffix=True)


def _quoted(
    unit: str, exact: Sequence[int], printed: Sequence[int], *, keeps: bool
) -> tuple[str, Sequence[int]]:
    """The unit and figures a check's text gives: as the table prints them (in tkr the printed
    rows add up, so closing equity can be a tkr off its exact value, and the text said 1 942 tkr
    under a table showing 1 941), unless `keeps` is false (the printed figures no longer say
    what the check says) or tkr hides a difference; then the exact figures, in kronor."""
    legible = legible_unit(unit, *exact)
    if legible == TKR and keeps:
        return legible, printed
    return (KR if legible == TKR else legible), exact


def budget_checks_for(
    *,
    summary: BudgetSummary,
    lines: Sequence[LineInput],
    stated_contributions: Sequence[LineInput],
    contributions: Sequence[ContributionInput],
    has_steps: bool,
) -> list[Check]:
    """Everything a finance officer or board member should look at before approving.

    Whether a check applies is decided on the exact figures; the figures its text quotes are the
    ones the table above it prints (`shown_summary`), unless rounding would hide what it says."""
    unit = summary.unit
    checks: list[Check] = []
    printed_years = shown_summary(summary).years
    for y, p in zip(summary.years, printed_years, strict=True):
        name = _year_name(y)
        if y.total_income and not y.total_costs:
            # seen in real plans: years 2-3 left without costs show the whole income as surplus
            checks.append(
                Check(
                    "warning",
                    _(
                        "%(year)s: budgeten har intäkter på %(amount)s men inga kostnader, så "
                        "hela beloppet visas som överskott. Fyll i årets kostnader."
                    )
                    % {"year": name, "amount": _money(y.total_income, unit)},
                    code="year_without_costs",
                )
            )
        if y.deficit_reason and not y.is_deficit:
            checks.append(
                Check(
                    "warning",
                    _(
                        "%(year)s: ett skäl till underskott är angivet, men året har inget "
                        "underskott. Skälet skrivs inte ut i planen; ta bort det under "
                        "budgetens uppgifter eller ändra budgeten."
                    )
                    % {"year": name},
                    code="deficit_reason_without_deficit",
                )
            )
        if y.is_deficit and not y.deficit_reason:
            legible, (used, fall) = _quoted(
                unit,
                (y.equity_use or 0, -y.annual_result),
                (p.equity_use or 0, -p.annual_result),
                keeps=p.annual_result < 0,
            )
            if y.equity_use:
                # The result row can read 0 here (equity put to use is shown as income), so the
                # message names the fall in equity, which is the deficit in the accounts.
                message = _(
                    "%(year)s: budgeten tar %(used)s av eget kapital i anspråk, så eget kapital "
                    "minskar med %(amount)s, men inget skäl är angivet. Lagen kräver särskilda "
                    "skäl för ett underskott; skriv skälet under budgetens uppgifter."
                ) % {
                    "year": name,
                    "used": _money(used, legible),
                    "amount": _money(fall, legible),
                }
            else:
                message = _(
                    "%(year)s: budgeten visar ett underskott på %(amount)s men inget skäl är "
                    "angivet. Lagen kräver särskilda skäl, till exempel att eget kapital "
                    "förbrukas."
                ) % {"year": name, "amount": _money(fall, legible)}
            checks.append(Check("warning", message, code="deficit_without_reason"))
        if y.closing_equity is not None and y.closing_equity < 0:
            legible, (closing,) = _quoted(
                unit,
                (y.closing_equity,),
                (p.closing_equity or 0,),
                keeps=(p.closing_equity or 0) < 0,
            )
            checks.append(
                Check(
                    "error",
                    _(
                        "%(year)s: det egna kapitalet blir negativt (%(amount)s). Förbundet får "
                        "inte sätta sig i skuld."
                    )
                    % {"year": name, "amount": _money(closing, legible)},
                    code="negative_equity",
                )
            )
        elif y.above_bound:
            legible, (closing, bound) = _quoted(
                unit,
                (y.closing_equity or 0, y.equity_bound or 0),
                (p.closing_equity or 0, p.equity_bound or 0),
                keeps=(p.closing_equity or 0) > (p.equity_bound or 0),
            )
            checks.append(
                Check(
                    "warning",
                    _(
                        "%(year)s: det egna kapitalet (%(equity)s) är över rekommenderad nivå "
                        "(%(bound)s, %(percent)s av basen)."
                    )
                    % {
                        "year": name,
                        "equity": _money(closing, legible),
                        "bound": _money(bound, legible),
                        "percent": _pct(y.equity_max_percent),
                    },
                    code="equity_above_bound",
                )
            )
        if y.balancing_amount is not None and y.balancing_amount < 0:
            checks.append(
                Check(
                    "warning",
                    _(
                        "%(year)s: den utjämnande raden blir negativ (%(amount)s). Kostnaderna är "
                        "större än intäkterna även utan reserverade medel."
                    )
                    % {"year": name, "amount": _money(y.balancing_amount, unit)},
                    code="balancing_negative",
                )
            )
    uncovered = [y for y in summary.years if y.contributions and y.equity_max_percent is None]
    if has_steps and uncovered:
        which = ", ".join(f"{_money(y.contributions, unit)} ({_year_name(y)})" for y in uncovered)
        checks.append(
            Check(
                "info",
                _(
                    "Stegtabellen för eget kapital har inget steg för medlemsbidrag på %(which)s, "
                    "så ingen övre gräns kan visas. Lägg till ett steg i stegtabellen."
                )
                % {"which": which},
                code="no_equity_step",
            )
        )
    if summary.years[0].opening_equity is None:
        checks.append(
            Check(
                "info",
                _(
                    "Ingående eget kapital är inte angivet, så eget kapital och gränsen kan inte "
                    "beräknas."
                ),
                code="opening_equity_missing",
            )
        )

    # A stated contribution must match the engine (matched by member, else by name).
    engine_by_member = {c.member_id: c for c in contributions if c.member_id is not None}
    engine_by_label = {c.label.strip().lower(): c for c in contributions}
    for line in stated_contributions:
        engine = engine_by_member.get(line.member_id) if line.member_id else None
        engine = engine or engine_by_label.get(line.name.strip().lower())
        if engine is None:
            checks.append(
                Check(
                    "warning",
                    _(
                        "Raden ”%(name)s” ligger bland medlemsbidragen men motsvarar ingen medlem "
                        "i fördelningen och räknas inte med."
                    )
                    % {"name": line.name},
                    code="contribution_mismatch",
                )
            )
            continue
        for i, (stated, computed) in enumerate(zip(line.amounts, engine.amounts, strict=True)):
            if stated is not None and stated != (computed or 0):
                checks.append(
                    Check(
                        "warning",
                        _(
                            "%(year)s: medlemsbidraget för ”%(name)s” är angivet till %(stated)s "
                            "men fördelningen ger %(computed)s. Budgeten räknar med fördelningens "
                            "belopp."
                        )
                        % {
                            "year": _year_name(summary.years[i]),
                            "name": line.name,
                            "stated": _money(stated, unit),
                            "computed": _money(computed or 0, unit),
                        },
                        code="contribution_mismatch",
                    )
                )

    checks.extend(_wrong_unit_checks(summary, lines))
    checks.extend(_below_zero_checks(summary, lines))

    required = (Group.CONTRIBUTIONS, Group.ADMINISTRATION, Group.INDIVIDUAL, Group.STRUCTURAL)
    for g in summary.groups:
        if g.key in required and g.is_empty:
            checks.append(
                Check(
                    "warning" if g.key == Group.CONTRIBUTIONS else "info",
                    _("Gruppen ”%(group)s” har inga rader.") % {"group": g.label},
                    code="empty_group",
                )
            )
    return checks


def _below_zero_checks(summary: BudgetSummary, lines: Sequence[LineInput]) -> list[Check]:
    """Name a typed line below zero: it lowers its group's sum instead of adding to it.

    Found with a new association: a minus sign typed for a cost (as plans that show costs
    negative do) turned the cost into income without a word. It may be meant (a repayment),
    so it is a warning, not an error. The balancing line has its own check.
    """
    out: list[Check] = []
    labels = {g.key: g.label for g in summary.groups}
    for line in lines:
        if line.is_balancing or line.group == Group.CONTRIBUTIONS:
            continue
        years = [
            _year_name(summary.years[i])
            for i, amount in enumerate(line.amounts)
            if amount is not None and amount < 0
        ]
        if years:
            out.append(
                Check(
                    "warning",
                    _(
                        "Raden ”%(name)s” har ett belopp under noll (%(years)s), som minskar "
                        "summan för ”%(group)s”. Kontrollera tecknet."
                    )
                    % {
                        "name": line.name,
                        "years": ", ".join(years),
                        "group": labels.get(line.group, line.group),
                    },
                    code="line_below_zero",
                )
            )
    return out


def _pct(value: Decimal | None) -> str:
    return format_percent(value, 0 if value is None or value == value.to_integral() else 1)


def _wrong_unit_checks(summary: BudgetSummary, lines: Sequence[LineInput]) -> list[Check]:
    """Flag typed figures whose size suggests the wrong unit.

    In a tkr table, "-50 000" means 50 MSEK: a single line larger than all the year's other income
    whose thousandth would be an ordinary figure is almost certainly kronor typed as tkr (seed 001).
    In a kr table, a figure below 1 000 kr in a budget of millions is likely tkr typed as kronor.
    """
    unit = summary.unit
    checks: list[Check] = []
    for line in lines:
        if line.is_balancing or line.group == Group.CONTRIBUTIONS:
            continue
        for i, amount in enumerate(line.amounts):
            if not amount:
                continue
            y = summary.years[i]
            other_income = y.total_income - (amount if line.group in INCOME_GROUPS else 0)
            size = abs(amount)
            if other_income <= 0:
                continue
            if size > other_income and size // 1000 <= other_income:
                if unit == TKR:
                    hint = _(
                        "Det ser ut som kronor inskrivna i en tabell i tkr – menade du "
                        "%(amount)s tkr?"
                    ) % {"amount": format_money(size // 1000, TKR)}
                else:
                    hint = _("Kontrollera att beloppet är skrivet i rätt enhet.")
                checks.append(
                    Check(
                        "warning",
                        _(
                            "%(year)s: ”%(name)s” är %(amount)s, mer än årets övriga intäkter "
                            "(%(other)s). %(hint)s"
                        )
                        % {
                            "year": _year_name(y),
                            "name": line.name,
                            "amount": _money(size, unit),
                            "other": _money(other_income, unit),
                            "hint": hint,
                        },
                        code="wrong_unit",
                    )
                )
            elif unit == KR and size < 1000 and other_income >= 1_000_000:
                checks.append(
                    Check(
                        "warning",
                        _(
                            "%(year)s: ”%(name)s” är bara %(amount)s i en budget på miljoner. "
                            "Menade du %(meant)s (tkr)?"
                        )
                        % {
                            "year": _year_name(y),
                            "name": line.name,
                            "amount": _money(size, unit),
                            "meant": _money(size * 1000, unit),
                        },
                        code="wrong_unit",
                    )
                )
    return checks
