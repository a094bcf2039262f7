"""The plan's budget as an Excel workbook for finance staff.

Sheets: "Budget" (three years, groups, totals, result, equity, ratios), "Medlemsbidrag"
(contributions per member and year), "Insatser" (interventions with their amounts), "Om filen"
(how to use and re-import the file) and a very hidden "finsam_id" sheet that identifies the file
for the import.

Every figure comes from the same objects the budget page and the PDF use
(`budget_summary_for_plan`, `contribution_table`); every total, subtotal, result, equity and
ratio is written as an Excel formula over the cells above it, and tests evaluate those formulas
independently (pycel) against the engine. See budgets/excel_cells.py for how kr and tkr are
written.

Layout of the Budget sheet, which the import relies on: column A the line name, columns B–D
the three years, column E (hidden) a key per row saying what the row is:

    line:<id>:<version>     a typed line (editable amounts)
    bal:<id>:<version>      the balancing line (a formula in years with a result target)
    splitout:<id> / splitin:<id>   the part of a split line moved to another group (formulas)
    contrib:<member id|state>      a member contribution (formula into the Medlemsbidrag sheet)
    sum:<group>, income, costs, result, annual, equity_open, equity_close, ...  formulas

A group without lines (head:<group> and sum:<group>) is left out, as the PDF leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.worksheet.worksheet import Worksheet

from finsam.money import TKR

from .excel_cells import (
    BOLD,
    DOUBLE_TOP,
    HEADER_FILL,
    SHEET_ABOUT,
    SHEET_BUDGET,
    SHEET_CONTRIBUTIONS,
    SHEET_INTERVENTIONS,
    SHEET_META,
    SUBTOTAL_FILL,
    TEMPLATE_MARKER,
    TEMPLATE_VERSION,
    TITLE_FONT,
    TOP_BORDER,
    WRAP,
    amount_to_cell,
    col,
    set_amount,
    set_formula,
    set_text,
    sheet_ref,
    unit_label,
    unit_note,
)
from .excel_values import with_cached_values

if TYPE_CHECKING:
    from members.contributions import ContributionTable
    from plans.models import Intervention, Plan

    from .calc import BudgetSummary, LineRow

N_YEARS = 3
FIRST_YEAR_COL = 2  # B
KEY_COL = FIRST_YEAR_COL + N_YEARS  # E, hidden
HEADER_ROW = 4
# The Insatser sheet: name, kind, owner and status, then the years, then the key.
IV_FIRST_YEAR_COL = 5  # E
IV_KEY_COL = IV_FIRST_YEAR_COL + N_YEARS
CONTRIB_FIRST_YEAR_COL = 3  # C, in the Medlemsbidrag sheet
CONTRIB_KEY_COL = CONTRIB_FIRST_YEAR_COL + N_YEARS
PERCENT_FORMAT = "0.0%"

# Meta sheet: one "name | value" pair per row, read by the import.
META_FIELDS = (
    "marker",
    "template_version",
    "plan_id",
    "association",
    "plan_year",
    "unit",
    "budget_id",
    "budget_version",
    "exported_at",
    "exported_by",
    "opening_equity",
    "balance_target_1",
    "balance_target_2",
    "balance_target_3",
)
# From row 20: "line" | id | version | amount 1–3 | name as exported, then "contrib" | member id
# or "state" | label | amount 1–3 (kronor, as exported), then (since template version 2)
# "label" | sheet | row key | column | text: every other text the export wrote in a keyed row
# (see label_cells). The import compares the file's names and labels with these, so a line or
# an intervention renamed in Finsam Plan since the export, or a switch between kr and tkr, is
# not taken for an edit in the file.
META_LINES_ROW = 20
META_NAME_COL = 7  # a "line" row's name as exported
META_LABEL_TEXT_COL = 5  # a "label" row's text

# The sheets whose texts the export writes: (sheet, its hidden key column, its first figure
# column). A keyed row's texts stand before its figures; the heading row (key "finsam-id") is
# all text.
LABEL_SHEETS = (
    (SHEET_BUDGET, KEY_COL, FIRST_YEAR_COL),
    (SHEET_CONTRIBUTIONS, CONTRIB_KEY_COL, CONTRIB_FIRST_YEAR_COL),
    (SHEET_INTERVENTIONS, IV_KEY_COL, IV_FIRST_YEAR_COL),
)


@dataclass
class BudgetSheetMap:
    """Where the export put things, for the Insatser sheet's formulas and for tests."""

    line_rows: dict[int, int] = field(default_factory=dict)  # line id → row of its full amount
    key_rows: dict[str, int] = field(default_factory=dict)  # hidden key → row


@dataclass(frozen=True)
class ExportInput:
    """Everything the workbook shows, gathered once (the view and the tests build this)."""

    plan: Plan
    summary: BudgetSummary
    contributions: ContributionTable
    interventions: Sequence[Intervention]
    budget_id: int | None
    budget_version: int
    exported_by: str = ""
    year_labels: tuple[str, str, str] = ("Budget", "Plan", "Plan")


def label_cells(wb: Any, *, max_row: int | None = None) -> Iterator[tuple[str, str, int, Any]]:
    """(sheet, row key, column, cell) of every text cell the export writes in a keyed row of
    LABEL_SHEETS (a missing sheet is skipped: the import reports it where it matters)."""
    for sheet, key_col, first_figure_col in LABEL_SHEETS:
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        last_row = ws.max_row if max_row is None else min(ws.max_row, max_row)
        for r in range(HEADER_ROW, last_row + 1):
            key = ws.cell(row=r, column=key_col).value
            if key is None or key == "":
                continue
            last = key_col if key == "finsam-id" else first_figure_col
            for c in range(1, last):
                yield sheet, str(key), c, ws.cell(row=r, column=c)


def is_line_name(sheet: str, key: str) -> bool:
    """A budget line's name (kept in the line's own meta row and compared by the import apart
    from the other labels)."""
    return sheet == SHEET_BUDGET and key.partition(":")[0] in ("line", "bal")


def cell_text(value: object) -> str:
    """What a cell shows as typed: text as is, a formula as its text (an array formula is an
    object in openpyxl), a number or date as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)  # ArrayFormula
    if isinstance(text, str):
        return text
    return str(value)


# ------------------------------------------------------------------------------------ entry point
def export_input_for_plan(plan: Plan, *, exported_by: str = "") -> ExportInput:
    """Read the plan's budget, contributions and interventions (a fixed number of queries)."""
    from members.contributions import contribution_table

    from .services import budget_and_lines, contribution_inputs_from, summary_for

    # Unsaved (and empty) for a decided plan without a budget. The contribution table is
    # computed once, for its sheet and for the engine.
    budget, lines = budget_and_lines(plan)
    contributions = contribution_table(plan)
    summary = summary_for(
        budget, lines, plan, contributions=contribution_inputs_from(contributions)
    )
    interventions = list(
        plan.interventions.select_related("owner", "budget_line").order_by("kind", "order", "name")
    )
    labels = tuple(y.label for y in summary.years)
    return ExportInput(
        plan=plan,
        summary=summary,
        contributions=contributions,
        interventions=interventions,
        budget_id=budget.pk,
        budget_version=budget.version if budget.pk else 0,
        exported_by=exported_by,
        year_labels=labels,  # type: ignore[arg-type]
    )


def export_filename(plan: Plan) -> str:
    assoc = slugify(plan.association.short_name or plan.association.name) or "forbund"
    return f"budget-{assoc}-{plan.year}-rev{plan.revision}.xlsx"


def workbook_bytes(data: ExportInput) -> bytes:
    """The .xlsx file, with each formula's value cached for programs that do not calculate."""
    wb = build_workbook(data)
    buffer = BytesIO()
    wb.save(buffer)
    return with_cached_values(buffer.getvalue(), wb)


def build_workbook(data: ExportInput) -> Workbook:
    wb = Workbook()
    budget_ws = wb.active
    budget_ws.title = SHEET_BUDGET
    contrib_ws = wb.create_sheet(SHEET_CONTRIBUTIONS)
    contrib_rows = _write_contributions(contrib_ws, data)
    sheet_map = _write_budget(budget_ws, data, contrib_rows)
    _write_interventions(wb.create_sheet(SHEET_INTERVENTIONS), data, sheet_map)
    _write_about(wb.create_sheet(SHEET_ABOUT), data)
    labels = [
        (sheet, key, column, cell_text(cell.value).strip())
        for sheet, key, column, cell in label_cells(wb)
        if not is_line_name(sheet, key)
    ]
    _write_meta(wb.create_sheet(SHEET_META), data, labels)
    _set_properties(wb, data)
    wb.active = 0
    return wb


# ----------------------------------------------------------------------------------------- shared
def _years(data: ExportInput) -> list[int]:
    return list(data.plan.years)


def _heading(ws: Worksheet, data: ExportInput, title: str, columns: Sequence[str]) -> None:
    set_text(ws.cell(row=1, column=1), title).font = TITLE_FONT
    assoc = data.plan.association.name
    set_text(ws.cell(row=2, column=1), f"{assoc} · {data.plan.display_title}")
    ws.cell(row=3, column=1, value=unit_note(data.plan.unit))
    for i, label in enumerate(columns, start=1):
        cell = set_text(ws.cell(row=HEADER_ROW, column=i), label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def _year_headers(data: ExportInput) -> list[str]:
    unit = unit_label(data.plan.unit)
    return [
        f"{year} {label} ({unit})"
        for year, label in zip(_years(data), data.year_labels, strict=True)
    ]


def _print_setup(ws: Worksheet, data: ExportInput, last_col: int) -> None:
    """A4 landscape, fit to one page wide, heading row repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    # & starts a code in Excel's header text, so a user's "&" is doubled.
    title = f"{data.plan.association.name} – {data.plan.display_title}".replace("&", "&&")
    ws.oddHeader.left.text = title[:200]
    ws.oddFooter.right.text = "Sida &P av &N"
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    ws.print_area = f"A1:{col(last_col)}{max(ws.max_row, HEADER_ROW)}"


def _line_label(row: LineRow) -> str:
    return row.name


# ------------------------------------------------------------------------------- Medlemsbidrag
def _write_contributions(ws: Worksheet, data: ExportInput) -> dict[str, int]:
    """Members × years. Returns the row of each member key ("member:<id>" or "member:state")."""
    table = data.contributions
    years = _years(data)
    _heading(
        ws,
        data,
        f"Medlemsbidrag {years[0]}–{years[-1]}",
        ["Medlem", "Typ", *_year_headers(data)],
    )
    first_year_col, key_col = CONTRIB_FIRST_YEAR_COL, CONTRIB_KEY_COL
    set_text(ws.cell(row=HEADER_ROW, column=key_col), "finsam-id")
    # One row per member over the three years, in the engine's order; the combined state line
    # is named by everyone in it in any year, as in the PDF (ContributionTable.spans).
    rows: dict[str, int] = {}
    row = HEADER_ROW + 1
    spans = table.spans()
    for span in spans:
        key = f"member:{span.member_id if span.member_id is not None else 'state'}"
        set_text(ws.cell(row=row, column=1), span.label)
        set_text(ws.cell(row=row, column=2), span.kind_label)
        for i, r in enumerate(span.rows[:N_YEARS]):
            if r is not None:
                set_amount(ws.cell(row=row, column=first_year_col + i), r.amount, data.plan.unit)
        ws.cell(row=row, column=key_col, value=key)
        rows[key] = row
        row += 1
    total_row = row
    set_text(ws.cell(row=total_row, column=1), "Summa medlemsbidrag").font = BOLD
    for i in range(N_YEARS):
        letter = col(first_year_col + i)
        formula = f"=SUM({letter}{HEADER_ROW + 1}:{letter}{total_row - 1})" if spans else "=0"
        cell = set_formula(ws.cell(row=total_row, column=first_year_col + i), formula)
        cell.font = BOLD
        cell.border = DOUBLE_TOP
    ws.cell(row=total_row, column=key_col, value="total")
    rows["total"] = total_row
    # Members who join or leave during a year: the date and the months counted (no key in the
    # hidden column, so the import reads past them).
    for i, note in enumerate(table.membership_notes):
        set_text(ws.cell(row=total_row + 2 + i, column=1), note)
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 20
    for i in range(N_YEARS):
        ws.column_dimensions[col(first_year_col + i)].width = 18
    ws.column_dimensions[col(key_col)].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 30
    _print_setup(ws, data, first_year_col + N_YEARS - 1)
    return rows


# ------------------------------------------------------------------------------------- Budget
class _BudgetWriter:
    def __init__(
        self,
        ws: Worksheet,
        data: ExportInput,
        contrib_rows: dict[str, int],
        known: BudgetSheetMap | None = None,
    ):
        self.ws = ws
        self.known = known or BudgetSheetMap()  # rows from a first pass, for forward references
        self.data = data
        self.unit = data.plan.unit
        self.contrib_rows = contrib_rows
        self.row = HEADER_ROW + 1
        self.map = BudgetSheetMap()

    # Small writers -------------------------------------------------------------------------
    def letter(self, i: int) -> str:
        return col(FIRST_YEAR_COL + i)

    def cell(self, i: int, row: int | None = None):
        return self.ws.cell(row=row or self.row, column=FIRST_YEAR_COL + i)

    def key(self, key: str) -> None:
        self.ws.cell(row=self.row, column=KEY_COL, value=key)
        self.map.key_rows[key] = self.row

    def label(self, text: str, *, bold: bool = False, indent: int = 0) -> None:
        cell = set_text(self.ws.cell(row=self.row, column=1), ("    " * indent) + text)
        if bold:
            cell.font = BOLD

    def style_total(self, *, double: bool = False) -> None:
        for c in range(1, KEY_COL):
            cell = self.ws.cell(row=self.row, column=c)
            cell.font = BOLD
            cell.fill = SUBTOTAL_FILL
            cell.border = DOUBLE_TOP if double else TOP_BORDER

    def amounts(self, values: Sequence[int | None]) -> None:
        for i, v in enumerate(values):
            if v is not None:
                set_amount(self.cell(i), v, self.unit)

    def formulas(self, make) -> None:
        for i in range(N_YEARS):
            set_formula(self.cell(i), make(i, self.letter(i)))

    def next(self, n: int = 1) -> None:
        self.row += n

    def constant(self, amount: int) -> str:
        value = amount_to_cell(amount, self.unit)
        return str(value)

    # Sheet ---------------------------------------------------------------------------------
    def write(self) -> BudgetSheetMap:
        data, ws = self.data, self.ws
        years = _years(data)
        _heading(ws, data, f"Budget {years[0]}–{years[-1]}", ["Post", *_year_headers(data)])
        set_text(ws.cell(row=HEADER_ROW, column=KEY_COL), "finsam-id")
        summary = data.summary
        subtotal_rows: dict[str, int] = {}
        balancing: list[tuple[int, LineRow, str, list[int]]] = []

        for side_income, side_label in ((True, "Intäkter"), (False, "Kostnader")):
            self.label(side_label.upper(), bold=True)
            self.key("side:" + ("income" if side_income else "costs"))
            self.next()
            # A group without lines is left out, as the PDF and the budget page leave it: no
            # "Summa … 0" row. The formulas below refer only to the groups written; the import
            # reads rows by their hidden key, so a missing group changes nothing for it.
            for group in (g for g in summary.groups if g.is_income == side_income):
                if not group.is_empty:
                    subtotal_rows[group.key] = self.write_group(group, balancing)
            if side_income:
                self.label("Summa intäkter", bold=True)
                self.key("income")
                refs = _rows_of(subtotal_rows, summary.income_groups)
                self.formulas(lambda i, L, refs=refs: "=" + _sum_of(L, refs))
                self.style_total(double=True)
                income_row = self.row
                self.next(2)
            else:
                self.label("Summa kostnader", bold=True)
                self.key("costs")
                refs = _rows_of(subtotal_rows, summary.cost_groups)
                self.formulas(lambda i, L, refs=refs: "=" + _sum_of(L, refs))
                self.style_total(double=True)
                costs_row = self.row
                self.next(2)

        # The balancing line, now that every subtotal row is known (see calc.budget_summary).
        for row, line, group_key, other_rows in balancing:
            self.write_balancing(row, line, group_key, other_rows, subtotal_rows)

        self.label("Resultat", bold=True)
        self.key("result")
        self.formulas(lambda i, L: f"={L}{income_row}-{L}{costs_row}")
        self.style_total(double=True)
        result_row = self.row
        self.next(2)
        self.write_equity(subtotal_rows, income_row, costs_row, result_row)
        self.write_ratios(subtotal_rows, costs_row)

        ws.column_dimensions["A"].width = 58
        for i in range(N_YEARS):
            ws.column_dimensions[self.letter(i)].width = 20
        ws.column_dimensions[col(KEY_COL)].hidden = True
        ws.row_dimensions[HEADER_ROW].height = 30
        _print_setup(ws, data, KEY_COL - 1)
        return self.map

    def write_group(self, group, balancing: list) -> int:
        self.label(group.label, bold=True)
        self.key(f"head:{group.key}")
        self.next()
        first = self.row
        for line in group.lines:
            if line.source == "engine":
                self.write_contribution(line)
            elif line.source == "split":
                self.write_split_in(line)
            elif line.source == "balancing":
                # Placeholder row; its formula needs every subtotal, written afterwards.
                other_rows = list(range(first, self.row))
                balancing.append((self.row, line, group.key, other_rows))
                self.label(_line_label(line), indent=1)
                self.key(f"bal:{line.id}:{line.version}")
                self.map.line_rows[line.id] = self.row
                self.next()
            else:
                self.write_typed(line)
        last = self.row - 1
        self.label(f"Summa {group.label.lower()}", bold=True)
        self.key(f"sum:{group.key}")
        if last >= first:
            self.formulas(lambda i, L: f"=SUM({L}{first}:{L}{last})")
        else:
            self.formulas(lambda i, L: "=0")
        self.style_total()
        row = self.row
        self.next(2)
        return row

    def write_contribution(self, line: LineRow) -> None:
        key = f"member:{line.member_id if line.member_id is not None else 'state'}"
        self.label(_line_label(line), indent=1)
        self.key(f"contrib:{key.split(':', 1)[1]}")
        source_row = self.contrib_rows.get(key)
        if source_row is None:  # the engine row has no counterpart: write its figures
            self.amounts(line.amounts)
        else:
            for i in range(N_YEARS):
                letter = col(3 + i)  # the Medlemsbidrag sheet's year columns start at C
                set_formula(
                    self.cell(i), "=" + sheet_ref(SHEET_CONTRIBUTIONS, f"{letter}{source_row}")
                )
        self.next()

    def write_typed(self, line: LineRow) -> None:
        """A stored line: its full typed amount, then the part moved to another group if split."""
        self.label(_line_label(line), indent=1)
        self.key(f"line:{line.id}:{line.version}")
        self.map.line_rows[line.id] = self.row
        self.amounts(line.typed)
        full_row = self.row
        self.next()
        if line.split_group and line.split_percent is not None:
            pct = _pct_text(line.split_percent)
            target = _group_label(self.data.summary, line.split_group)
            self.label(f"varav {target.lower()} ({pct} %)", indent=2)
            self.key(f"splitout:{line.id}")

            # A year without an amount stays blank, as the line and the Insatser sheet show
            # it (it read 0). SUM skips the blank text; the import reads it as no amount.
            def share(i: int, L: str) -> str:
                if self.unit == TKR:
                    return f'=IF({L}{full_row}="","",-ROUND({L}{full_row}*1000*{pct}/100,0)/1000)'
                return f'=IF({L}{full_row}="","",-ROUND({L}{full_row}*{pct}/100,0))'

            self.formulas(share)
            self.next()

    def write_split_in(self, line: LineRow) -> None:
        """The moved part: minus the home group's "varav" row (known from the first pass even
        when the home group comes later in the sheet)."""
        key = f"splitout:{line.id}"
        out_row = self.map.key_rows.get(key) or self.known.key_rows.get(key)
        home = _group_label(self.data.summary, line.group)
        self.label(f"{_line_label(line)} (andel från {home.lower()})", indent=1)
        self.key(f"splitin:{line.id}")
        if out_row is None:  # first pass: the row is not placed yet
            self.amounts(line.amounts)
        else:
            self.formulas(lambda i, L: f'=IF({L}{out_row}="","",-{L}{out_row})')
        self.next()

    def write_balancing(self, row, line, group_key, other_rows, subtotal_rows) -> None:
        """result = income − costs = target, solved for this line, as calc.budget_summary does."""
        summary = self.data.summary
        from .models import INCOME_GROUPS

        income_side = group_key in INCOME_GROUPS
        for i in range(N_YEARS):
            target = summary.years[i].balancing_amount
            L = self.letter(i)
            cell = self.ws.cell(row=row, column=FIRST_YEAR_COL + i)
            if target is None:
                if line.typed[i] is not None:
                    set_amount(cell, line.typed[i], self.unit)
                continue
            result_target = self._target(i)
            own_others = f"SUM({L}{other_rows[0]}:{L}{other_rows[-1]})" if other_rows else "0"
            others = {k: r for k, r in subtotal_rows.items() if k != group_key}
            income = _sum_of(L, _rows_of(others, summary.income_groups))
            costs = _sum_of(L, _rows_of(others, summary.cost_groups))
            if income_side:
                formula = f"=({result_target})+({costs})-({income})-({own_others})"
            else:
                formula = f"=({income})-({costs})-({own_others})-({result_target})"
            set_formula(cell, formula)

    def _target(self, i: int) -> str:
        """The result target of year i, in the sheet's unit. In a balanced year the engine's
        result equals the target by construction."""
        y = self.data.summary.years[i]
        return self.constant(y.result)

    def write_equity(self, subtotal_rows, income_row, costs_row, result_row) -> None:
        years = self.data.summary.years
        self.label("Eget kapital", bold=True)
        self.key("head:equity")
        self.next()
        use_row = subtotal_rows.get("equity_use")
        self.label("Årets förändring av eget kapital (resultat − ianspråktaget eget kapital)")
        self.key("annual")
        if use_row:
            self.formulas(lambda i, L: f"={L}{result_row}-{L}{use_row}")
        else:
            self.formulas(lambda i, L: f"={L}{result_row}")
        annual_row = self.row
        self.next()
        open_row, close_row = self.row, self.row + 1
        self.label("Eget kapital vid årets början")
        self.key("equity_open")
        opening = years[0].opening_equity
        if opening is not None:
            set_amount(self.cell(0), opening, self.unit)
        for i in range(1, N_YEARS):
            prev = self.letter(i - 1)
            set_formula(self.cell(i), f"={prev}{close_row}")
        self.next()
        self.label("Eget kapital vid årets slut", bold=True)
        self.key("equity_close")
        self.formulas(lambda i, L: f'=IF({L}{open_row}="","",{L}{open_row}+{L}{annual_row})')
        self.style_total()
        self.next()
        # The bound: the step's percent of the chosen base, rounded to the krona like calc.
        base_kind = self.data.summary.equity_base_kind
        contributions_row = subtotal_rows.get("contributions")
        self.label(
            "Bas för gränsen: "
            + ("medlemsbidrag" if base_kind == "contributions" else "intäkter utom eget kapital")
        )
        self.key("equity_base")
        if base_kind == "contributions":
            # No contribution row: no members yet, so the base is 0 (not the income).
            self.formulas(lambda i, L: f"={L}{contributions_row}" if contributions_row else "=0")
        elif use_row:
            self.formulas(lambda i, L: f"={L}{income_row}-{L}{use_row}")
        else:
            self.formulas(lambda i, L: f"={L}{income_row}")
        base_row = self.row
        self.next()
        self.label("Högsta eget kapital enligt stegmodellen")
        self.key("equity_bound")
        for i, y in enumerate(years):
            if y.equity_max_percent is None:
                continue
            L, pct = self.letter(i), _pct_text(y.equity_max_percent)
            if self.unit == TKR:
                formula = f"=ROUND({L}{base_row}*1000*{pct}/100,0)/1000"
            else:
                formula = f"=ROUND({L}{base_row}*{pct}/100,0)"
            set_formula(self.cell(i), formula)
        self.next()
        self.label("Eget kapital i procent av basen")
        self.key("equity_ratio")
        for i in range(N_YEARS):
            L = self.letter(i)
            cell = set_formula(
                self.cell(i),
                f'=IF(OR({L}{close_row}="",{L}{base_row}=0),"",{L}{close_row}/{L}{base_row})',
            )
            cell.number_format = PERCENT_FORMAT
        self.next(2)
        del costs_row

    def write_ratios(self, subtotal_rows, costs_row) -> None:
        self.label("Nyckeltal", bold=True)
        self.key("head:ratios")
        self.next()
        adm, ind, struct, res = (
            subtotal_rows.get(k) for k in ("administration", "individual", "structural", "reserve")
        )

        def ref(L: str, row: int | None) -> str:
            return f"{L}{row}" if row else "0"  # a group left out (no lines) counts as 0

        def ratio(label: str, key: str, part: int | None, whole) -> None:
            self.label(label)
            self.key(key)
            for i in range(N_YEARS):
                L = self.letter(i)
                w = whole(L)
                cell = set_formula(self.cell(i), f'=IF(({w})=0,"",{ref(L, part)}/({w}))')
                cell.number_format = PERCENT_FORMAT
            self.next()

        ratio(
            "Administrationens andel av kostnaderna",
            "admin_share",
            adm,
            lambda L: f"{L}{costs_row}",
        )
        ratio(
            "Individinriktade insatser av alla insatser",
            "individual_share",
            ind,
            lambda L: f"{ref(L, ind)}+{ref(L, struct)}",
        )
        ratio(
            "Strukturinriktade insatser av alla insatser",
            "structural_share",
            struct,
            lambda L: f"{ref(L, ind)}+{ref(L, struct)}",
        )
        ratio(
            "Ej fördelade (reserverade) medel av kostnaderna",
            "reserve_share",
            res,
            lambda L: f"{L}{costs_row}",
        )


def _rows_of(subtotal_rows: dict[str, int], groups: Sequence) -> list[int]:
    """The subtotal rows of those groups that were written, in the groups' order."""
    return [subtotal_rows[g.key] for g in groups if g.key in subtotal_rows]


def _sum_of(letter: str, rows: Sequence[int]) -> str:
    """Those rows of the column added up, as a formula's expression ("0" for none)."""
    return "+".join(f"{letter}{r}" for r in rows) or "0"


def _pct_text(value: Decimal) -> str:
    """A percent as a formula constant: Decimal('30.00') → '30', Decimal('12.50') → '12.5'."""
    text = format(Decimal(value).normalize(), "f")
    return text


def _group_label(summary: BudgetSummary, key: str) -> str:
    for g in summary.groups:
        if g.key == key:
            return g.label
    return key


def _write_budget(ws: Worksheet, data: ExportInput, contrib_rows: dict[str, int]) -> BudgetSheetMap:
    # Two passes: the first places every row on a scratch sheet, so the second can write
    # formulas that point forward (a split share placed before its home group).
    scratch = Workbook().active
    first = _BudgetWriter(scratch, data, contrib_rows).write()
    return _BudgetWriter(ws, data, contrib_rows, known=first).write()


# ------------------------------------------------------------------------------------ Insatser
def _write_interventions(ws: Worksheet, data: ExportInput, sheet_map: BudgetSheetMap) -> None:
    """Interventions with their granted amounts: formulas into the Budget sheet's line cells."""
    years = _years(data)
    headers = ["Insats", "Typ", "Insatsägare", "Status", *_year_headers(data)]
    _heading(ws, data, f"Insatser och belopp {years[0]}–{years[-1]}", headers)
    first_year_col, key_col = IV_FIRST_YEAR_COL, IV_KEY_COL
    set_text(ws.cell(row=HEADER_ROW, column=key_col), "finsam-id")
    row = HEADER_ROW + 1
    for iv in data.interventions:
        set_text(ws.cell(row=row, column=1), iv.name).alignment = WRAP
        set_text(ws.cell(row=row, column=2), iv.get_kind_display())
        set_text(ws.cell(row=row, column=3), iv.owner.name if iv.owner_id and iv.owner else "")
        set_text(ws.cell(row=row, column=4), iv.get_status_display())
        line_row = _intervention_line_row(iv, sheet_map)
        # A year without an amount stays blank, as in the Budget sheet and the PDF (it read 0).
        # SUM skips the blank text, and the import reads a blank as no amount, as before.
        # Without a budget line the intervention has no amounts: its cells are left empty.
        if line_row is not None:
            for i in range(N_YEARS):
                cell = ws.cell(row=row, column=first_year_col + i)
                ref = sheet_ref(SHEET_BUDGET, f"{col(FIRST_YEAR_COL + i)}{line_row}")
                set_formula(cell, f'=IF({ref}="","",{ref})')
        ws.cell(row=row, column=key_col, value=f"intervention:{iv.pk}")
        row += 1
    set_text(ws.cell(row=row, column=1), "Summa insatser").font = BOLD
    for i in range(N_YEARS):
        letter = col(first_year_col + i)
        formula = (
            f"=SUM({letter}{HEADER_ROW + 1}:{letter}{row - 1})" if data.interventions else "=0"
        )
        cell = set_formula(ws.cell(row=row, column=first_year_col + i), formula)
        cell.font = BOLD
        cell.border = DOUBLE_TOP
    ws.cell(row=row, column=key_col, value="total")
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 28
    ws.column_dimensions["D"].width = 14
    for i in range(N_YEARS):
        ws.column_dimensions[col(first_year_col + i)].width = 18
    ws.column_dimensions[col(key_col)].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 30
    _print_setup(ws, data, key_col - 1)


def _intervention_line_row(iv: Intervention, sheet_map: BudgetSheetMap) -> int | None:
    try:
        line = iv.budget_line  # OneToOne reverse, selected with the intervention
    except ObjectDoesNotExist:
        return None
    return sheet_map.line_rows.get(line.pk) if line is not None else None


# ------------------------------------------------------------------------------ Om filen, meta
def _write_about(ws: Worksheet, data: ExportInput) -> None:
    lines = [
        ("Om filen", True),
        (f"Exporterad från Finsam Plan {timezone.localtime():%Y-%m-%d %H:%M}.", False),
        (unit_note(data.plan.unit), False),
        ("Kostnader visas som positiva tal; resultat = intäkter − kostnader.", False),
        (
            "Summor, delsummor, resultat, eget kapital och nyckeltal är formler. Medlemsbidragen "
            "räknas fram i Finsam Plan och hämtas från bladet Medlemsbidrag.",
            False,
        ),
        ("Importera ändringar", True),
        (
            "Ändra beloppen på budgetraderna i bladet Budget, spara som .xlsx och importera filen "
            "under Export i Finsam Plan. Du får se alla ändringar innan något sparas.",
            False,
        ),
        (
            "Lägg inte till, ta bort, flytta eller sortera rader: nya rader läggs till i Finsam "
            "Plan. Den dolda kolumnen E och det dolda bladet identifierar raderna och får inte "
            "ändras.",
            False,
        ),
        (
            "Byt inte namn på bladen och ta inte bort dem. Skriv belopp som tal, utan mellanslag "
            "och utan ”kr”. Spara som Excel-arbetsbok (.xlsx), inte som .xls, .ods eller .csv.",
            False,
        ),
    ]
    for r, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = WRAP
        if bold:
            cell.font = BOLD
    ws.column_dimensions["A"].width = 100


def _write_meta(
    ws: Worksheet, data: ExportInput, labels: Sequence[tuple[str, str, int, str]]
) -> None:
    plan = data.plan
    values = {
        "marker": TEMPLATE_MARKER,
        "template_version": TEMPLATE_VERSION,
        "plan_id": plan.pk,
        "association": plan.association.slug,
        "plan_year": plan.year,
        "unit": plan.unit,
        "budget_id": data.budget_id or 0,
        "budget_version": data.budget_version,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "exported_by": data.exported_by,
        "opening_equity": data.summary.years[0].opening_equity,
        # In a balanced year the engine's result is the target (see calc.budget_summary).
        **{
            f"balance_target_{y.index + 1}": (y.result if y.balancing_amount is not None else None)
            for y in data.summary.years
        },
    }
    for r, name in enumerate(META_FIELDS, start=1):
        ws.cell(row=r, column=1, value=name)
        value = values[name]
        if isinstance(value, str):
            set_text(ws.cell(row=r, column=2), value)
        else:
            ws.cell(row=r, column=2, value=value)
    # The amounts as exported (kronor), so the import changes only what was edited in the file
    # and keeps what others changed in Finsam Plan meanwhile (a three-way comparison).
    row = META_LINES_ROW
    seen: set[int] = set()
    for group in data.summary.groups:
        for line in group.lines:
            if line.id is None or line.source not in ("typed", "balancing") or line.id in seen:
                continue
            seen.add(line.id)
            ws.cell(row=row, column=1, value="line")
            ws.cell(row=row, column=2, value=line.id)
            ws.cell(row=row, column=3, value=line.version)
            for i, amount in enumerate(line.typed):
                ws.cell(row=row, column=4 + i, value=amount)
            set_text(ws.cell(row=row, column=META_NAME_COL), _line_label(line))
            row += 1
    for line in data.summary.group("contributions").lines:
        if line.source != "engine":
            continue
        ws.cell(row=row, column=1, value="contrib")
        key = "state" if line.member_id is None else str(line.member_id)
        set_text(ws.cell(row=row, column=2), key)
        set_text(ws.cell(row=row, column=3), line.name)
        for i, amount in enumerate(line.amounts):
            ws.cell(row=row, column=4 + i, value=amount)
        row += 1
    for sheet, key, column, text in labels:
        ws.cell(row=row, column=1, value="label")
        set_text(ws.cell(row=row, column=2), sheet)
        set_text(ws.cell(row=row, column=3), key)
        ws.cell(row=row, column=4, value=column)
        set_text(ws.cell(row=row, column=META_LABEL_TEXT_COL), text)
        row += 1
    ws.sheet_state = "veryHidden"


def _set_properties(wb: Workbook, data: ExportInput) -> None:
    plan = data.plan
    props = wb.properties
    props.title = f"Budget {plan.year}–{plan.year + 2} – {plan.association.name}"[:250]
    props.subject = plan.display_title[:250]
    props.creator = "Finsam Plan"
    props.lastModifiedBy = (data.exported_by or "Finsam Plan")[:250]
    props.description = (
        f"Treårsbudget, medlemsbidrag och insatser för {plan.association.name}. "
        "Exporterad från Finsam Plan."
    )[:250]
    props.keywords = "Finsam, samordningsförbund, budget, medlemsbidrag"
    props.category = "Verksamhetsplan och budget"
    props.language = "sv-SE"
    props.created = props.modified = timezone.now().replace(tzinfo=None, microsecond=0)
    custom = wb.custom_doc_props
    custom.append(StringProperty(name="Samordningsförbund", value=plan.association.name[:250]))
    custom.append(
        StringProperty(name="FinsamPlanMall", value=f"{TEMPLATE_MARKER}-{TEMPLATE_VERSION}")
    )
    custom.append(IntProperty(name="FinsamPlanId", value=plan.pk))
    custom.append(StringProperty(name="Enhet", value=unit_label(plan.unit)))
