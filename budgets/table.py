"""The budget grid as rows and cells ready for a template (formatting and sign only, no sums).

The engine (calc.py) makes every figure; this module decides how each figure is shown: unit,
the association's cost sign, which cells are inputs, and the DOM ids the htmx responses use to
update exactly the computed cells after a save.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from finsam.money import format_money, format_percent

from . import calc
from .models import Group


@dataclass
class Cell:
    dom_id: str
    text: str  # formatted figure in the display unit and sign ("" when blank)
    editable: bool = False
    name: str = ""  # input name "c-<line>-<year index>"
    line_id: int | None = None
    label: str = ""  # accessible name of the input: line and year
    negative: bool = False
    error: str = ""
    conflict: str = ""  # the other person's value, when a save lost the race

    save_url: str = ""  # where an input posts itself (htmx)

    @property
    def invalid(self) -> bool:
        return bool(self.error or self.conflict)

    # The <td> is built here rather than in a template partial: a grid has hundreds of cells
    # and a cell save re-sends the computed ones, so this is the editor's hottest markup.
    @property
    def td(self) -> SafeString:
        return self._td(oob=False)

    @property
    def td_oob(self) -> SafeString:
        return self._td(oob=True)

    def _td(self, *, oob: bool) -> SafeString:
        # f-strings with html.escape on every value: the same markup format_html gives, at a
        # fraction of its cost (format_html's lazy-string handling ran per argument).
        css = "num"
        if self.editable:
            css += " cell"
        elif self.negative:
            css += " negative"
        if self.invalid:
            css += " cell--invalid"
        swap = ' hx-swap-oob="true"' if oob else ""
        dom_id = _e(self.dom_id)
        if not self.editable:
            return SafeString(f'<td class="{css}" id="{dom_id}"{swap}>{_e(self.text)}</td>')
        message = self.error or self.conflict
        described = f' aria-invalid="true" aria-describedby="err-{dom_id}"' if self.invalid else ""
        note = (
            f'<span class="cell-message" id="err-{dom_id}">{_e(message)}</span>' if message else ""
        )
        name = _e(self.name)
        return SafeString(
            f'<td class="{css}" id="{dom_id}"{swap}><input type="text" class="cell-input" '
            f'name="{name}" id="in-{dom_id}" value="{_e(self.text)}" aria-label="{_e(self.label)}" '
            'inputmode="decimal" autocomplete="off" spellcheck="false" size="11" '
            f'hx-post="{_e(self.save_url)}" hx-trigger="change" hx-swap="none" '
            f'hx-params="{name},v-{_e(self.line_id)},ctx"{described}>{note}</td>'
        )


def _e(value: object) -> str:
    """HTML-escape a value for text or a double-quoted attribute (as django's escape())."""
    text = str(value)
    # Most values are figures and ids: skip the five replace() passes when nothing needs it.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def cells_html(cells: Iterable[Cell], *, oob: bool = False) -> SafeString:
    """The <td>s of `cells`, one string (out of band for an htmx response)."""
    return SafeString("".join(c.td_oob if oob else c.td for c in cells))


@dataclass
class Row:
    key: str  # DOM id of the <tr>
    label: str
    kind: str  # line, engine, split, balancing, subtotal, total, result, equity, ratio
    cells: list[Cell]
    line_id: int | None = None
    version: int | None = None
    note: str = ""
    css: str = ""
    detail: str = ""  # a short explanation shown under the name (split share, balancing)
    edit_url: str = ""  # the line's own page (editors only)
    version_input: bool = False  # carries the line's version for optimistic locking (editors)

    @property
    def tds(self) -> SafeString:
        return cells_html(self.cells)

    @property
    def tr(self) -> SafeString:
        """The <tr> of a line, contribution, split share or balancing line (built here for the
        same reason as Cell.td: one template render per row was most of a large page)."""
        label = _e(self.label)
        name = f'<a href="{_e(self.edit_url)}">{label}</a>' if self.edit_url else label
        detail = f' <span class="row-detail">{_e(self.detail)}</span>' if self.detail else ""
        version = (
            f'<input type="hidden" name="v-{self.line_id}" id="v-{self.line_id}" '
            f'value="{_e(self.version)}">'
            if self.version_input
            else ""
        )
        return SafeString(
            f'<tr id="{_e(self.key)}" class="row--{_e(self.kind)}"><th scope="row">{name}{detail}'
            f"{version}</th>{self.tds}</tr>"
        )


@dataclass
class Section:
    key: str
    label: str
    is_income: bool
    rows: list[Row]
    subtotal: Row | None  # None: the group has no rows, so no "Summa … 0" (as in the PDF)
    group: str = ""

    @property
    def takes_lines(self) -> bool:
        """Whether a line can be typed into the group (contributions are the engine's)."""
        return self.group != Group.CONTRIBUTIONS


@dataclass
class Grid:
    unit: str
    cost_sign: str
    headings: list[tuple[str, str]]  # (label, year) per column
    sections: list[Section]
    totals: list[Row] = field(default_factory=list)  # income/costs/result/equity rows
    ratios: list[Row] = field(default_factory=list)

    @property
    def income_sections(self) -> list[Section]:
        return [s for s in self.sections if s.is_income]

    @property
    def cost_sections(self) -> list[Section]:
        return [s for s in self.sections if not s.is_income]

    def cells_after_save(
        self, touched: Collection[str], *, with_engine_rows: bool = False
    ) -> list[Cell]:
        """What a cell save sends back: the inputs it touched (formatted, or marked with an
        error or a conflict) and the computed cells of the rows rows_after_save keeps, with
        every subtotal, total, equity and ratio cell. Other inputs are left alone: the user
        may be typing in one."""
        keep = rows_after_save(touched_lines=(), with_engine_rows=with_engine_rows)
        cells: list[Cell] = []
        for section in self.sections:
            for row in section.rows:
                computed = keep(row.kind, None)
                cells += [
                    c for c in row.cells if (computed and not c.editable) or c.name in touched
                ]
            if section.subtotal is not None:
                cells += section.subtotal.cells
        for row in [*self.totals, *self.ratios]:
            cells += row.cells
        return cells

    def input_named(self, name: str) -> Cell | None:
        """The input cell posted as `name` ("c-<line id>-<year index>")."""
        for section in self.sections:
            for row in section.rows:
                for c in row.cells:
                    if c.editable and c.name == name:
                        return c
        return None


def rows_after_save(
    *, touched_lines: Collection[int], with_engine_rows: bool = False
) -> Callable[[str, int | None], bool]:
    """Which rows a cell save can change: the lines it touched, every split share and the
    balancing line (solved from all the others). Contribution rows come from the members'
    split, which a budget cell does not change: only when the save had to read them again
    (`with_engine_rows`, no valid signed inputs) are they sent, so the page matches its totals.
    """
    moving = {"split", "balancing"} | ({"engine"} if with_engine_rows else set())
    touched = set(touched_lines)

    def keep(kind: str, line_id: int | None) -> bool:
        return kind in moving or (line_id is not None and line_id in touched)

    return keep


def cell_name(line_id: int, index: int) -> str:
    return f"c-{line_id}-{index}"


def shown(amount: int | None, *, is_income: bool, cost_sign: str) -> int | None:
    return calc.display_amount(amount, is_income=is_income, cost_sign=cost_sign)


def money_cell(dom_id: str, amount: int | None, unit: str) -> Cell:
    return Cell(
        dom_id=dom_id,
        text=format_money(amount, unit),
        negative=amount is not None and amount < 0,
    )


def build_grid(
    summary: calc.BudgetSummary,
    *,
    cost_sign: str,
    can_edit: bool,
    balance_targets: Sequence[int | None] = (None, None, None),
    save_url: str = "",
    keep_row: Callable[[str, int | None], bool] | None = None,
    line_url: Callable[[int], str] | None = None,
) -> Grid:
    """The grid of `summary`. `keep_row(kind, line id)` (None: every row) leaves out the rows
    of lines a caller does not show, e.g. a cell save's answer (see rows_after_save); group
    subtotals, totals and ratios are always there. `line_url(line id)`: the page of a line,
    linked from its name for editors.

    A group without rows has no subtotal row (a "Summa … 0" says nothing; the PDF and the Excel
    file leave the group out). Editors still get its heading, where a line is added to it;
    readers see the groups the PDF shows."""
    unit = summary.unit
    headings = [(y.label, str(y.year or "")) for y in summary.years]
    balancing_detail = _("Utjämnande rad: räknas fram så att resultatet når målet.")
    engine_detail = _("Från fördelningen av medlemsbidrag")
    sections: list[Section] = []
    for g in summary.groups:
        if g.is_empty and not can_edit:
            continue
        rows: list[Row] = []
        for n, r in enumerate(g.lines):
            kind = {"typed": "line", "engine": "engine", "split": "split"}.get(r.source, r.source)
            if keep_row is not None and not keep_row(kind, r.id):
                continue
            key = f"{kind}-{r.id}" if r.id is not None else f"{g.key}-{n}"
            cells = []
            for i in range(calc.N_YEARS):
                value = shown(r.amounts[i], is_income=g.is_income, cost_sign=cost_sign)
                editable = can_edit and (
                    kind == "line" or (kind == "balancing" and balance_targets[i] is None)
                )
                if editable:
                    # An input shows what is stored (the split share is shown on its own row).
                    value = shown(r.typed[i], is_income=g.is_income, cost_sign=cost_sign)
                cell = money_cell(f"{key}-{i}", value, unit)
                if editable:
                    # An input never rounds (a tkr table shows 80 499 kr as "80,499"): what
                    # is posted back unchanged is the stored amount, and nothing is hidden
                    # (a cost reduction where costs are shown negative: "+2 450").
                    cell.text = calc.input_text(
                        r.typed[i], is_income=g.is_income, cost_sign=cost_sign, unit=unit
                    )
                    cell.editable = True
                    cell.name = cell_name(r.id, i)  # type: ignore[arg-type]
                    cell.line_id = r.id
                    cell.save_url = save_url
                    cell.label = f"{r.name}, {headings[i][0]} {headings[i][1]}".strip()
                cells.append(cell)
            detail = ""
            if kind == "split":
                detail = _("%(pct)s %% från %(group)s") % {
                    "pct": format_percent(r.split_percent, 0).replace("\u00a0%", ""),
                    "group": calc.GROUP_LABELS.get(r.group, ""),
                }
            elif kind == "line" and r.split_group:
                detail = _("%(pct)s %% redovisas under %(group)s") % {
                    "pct": format_percent(r.split_percent, 0).replace("\u00a0%", ""),
                    "group": calc.GROUP_LABELS.get(r.split_group, ""),
                }
            elif kind == "balancing":
                detail = balancing_detail
            elif kind == "engine":
                detail = engine_detail
            line_id = r.id if kind in ("line", "balancing") else None
            rows.append(
                Row(
                    key=key,
                    label=r.name,
                    kind=kind,
                    cells=cells,
                    line_id=line_id,
                    version=r.version,
                    note=r.note,
                    detail=detail,
                    edit_url=line_url(line_id) if can_edit and line_url and line_id else "",
                    version_input=can_edit and line_id is not None,
                )
            )
        # Decided on the group, not on `rows`: keep_row may leave out every row of a group.
        subtotal = (
            None
            if g.is_empty
            else Row(
                key=f"total-{g.key}",
                label=g.sum_label,
                kind="subtotal",
                css="subtotal",
                cells=[
                    money_cell(
                        f"total-{g.key}-{i}",
                        shown(g.totals[i], is_income=g.is_income, cost_sign=cost_sign),
                        unit,
                    )
                    for i in range(calc.N_YEARS)
                ],
            )
        )
        sections.append(Section(g.key, g.label, g.is_income, rows, subtotal, group=g.key))

    def row(key: str, label: str, values, css: str = "", kind: str = "total") -> Row:
        return Row(
            key=key,
            label=label,
            kind=kind,
            css=css,
            cells=[money_cell(f"{key}-{i}", v, unit) for i, v in enumerate(values)],
        )

    def pct_row(key: str, label: str, values) -> Row:
        return Row(
            key=key,
            label=label,
            kind="ratio",
            cells=[
                Cell(dom_id=f"{key}-{i}", text=format_percent(v) if v is not None else "–")
                for i, v in enumerate(values)
            ],
        )

    ys = summary.years
    costs_shown = [shown(y.total_costs, is_income=False, cost_sign=cost_sign) for y in ys]
    totals = [
        row("sum-income", _("Summa intäkter"), [y.total_income for y in ys], "subtotal"),
        row("sum-costs", _("Summa kostnader"), costs_shown, "subtotal"),
        row("result", _("Resultat"), [y.result for y in ys], "total", "result"),
        row(
            "annual-result",
            _("Årets förändring av eget kapital"),
            [y.annual_result for y in ys],
            kind="equity",
        ),
        row(
            "opening-equity",
            _("Eget kapital vid årets början"),
            [y.opening_equity for y in ys],
            kind="equity",
        ),
        row(
            "closing-equity",
            _("Eget kapital vid årets slut"),
            [y.closing_equity for y in ys],
            "subtotal",
            "equity",
        ),
        row(
            "equity-bound",
            _("Rekommenderad högsta nivå för eget kapital"),
            [y.equity_bound for y in ys],
            kind="equity",
        ),
    ]
    ratios = [
        pct_row("ratio-equity", _("Eget kapital i procent av basen"), [y.equity_ratio for y in ys]),
        pct_row(
            "ratio-admin",
            _("Administrationens andel av kostnaderna"),
            [y.administration_share for y in ys],
        ),
        pct_row(
            "ratio-individual",
            _("Individinriktat av insatserna"),
            [y.individual_share for y in ys],
        ),
        pct_row(
            "ratio-structural",
            _("Strukturinriktat av insatserna"),
            [y.structural_share for y in ys],
        ),
        pct_row(
            "ratio-reserve", _("Ej fördelade medel av kostnaderna"), [y.reserve_share for y in ys]
        ),
    ]
    return Grid(unit, cost_sign, headings, sections, totals, ratios)
