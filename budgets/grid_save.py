"""Saving the budget grid: the cells a user changed, one (htmx, on change) or all (no JavaScript).

Each changed cell goes through `services.budget_cell_set` with the version of its line as the
page had it. A line someone else saved in the meantime is not written at all, not even its
other cells: the stale values of the rest of the row ("Spara ändringarna") would undo that
other person's change. Cells whose text is what the cell already shows are left alone, so an
untouched cell neither saves nor moves its line's version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from finsam.money import MoneyParseError
from plans.locking import EditConflict

from . import calc, services
from .models import Budget, BudgetLine

if TYPE_CHECKING:
    from members.models import User
    from plans.models import Plan


@dataclass(frozen=True)
class TypedCell:
    key: str  # the input's name, e.g. "c-12-0", so answers go back to the same cell
    line_id: int
    year_index: int
    text: str


@dataclass
class GridOutcome:
    lines: dict[int, BudgetLine]  # as stored now (a conflicting line: the other person's)
    versions: dict[int, int | None]  # of the lines the post named, for the page's next save
    saved: list[str] = field(default_factory=list)
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)  # key: (message, typed)
    conflicts: dict[str, str] = field(default_factory=dict)  # key: message

    @property
    def touched(self) -> list[str]:
        return [*self.saved, *self.errors, *self.conflicts]

    def status_message(self) -> str:
        """One line for the live region under the grid."""
        if self.errors:
            return _("Beloppet kunde inte sparas: %(message)s") % {
                "message": next(iter(self.errors.values()))[0]
            }
        if self.conflicts:
            return _("Beloppet sparades inte: någon annan har ändrat raden.")
        if self.saved:
            return _("Sparat. Summorna är uppdaterade.")
        return ""


def cell_text(line: BudgetLine, year_index: int, plan: Plan) -> str:
    """The cell's stored amount as its input shows it (plan unit, association's sign)."""
    return calc.input_text(
        line.amounts[year_index],
        is_income=services.is_income(line.group),
        cost_sign=plan.association.cost_sign,
        unit=plan.unit,
    )


def _same(typed: str, shown: str) -> bool:
    def bare(text: str) -> str:
        return re.sub(r"[\s\u00a0\u202f]+", "", text or "").replace("\u2212", "-")

    return bare(typed) == bare(shown)


def conflict_message(current: BudgetLine, year_index: int, plan: Plan, typed: str) -> str:
    other = cell_text(current, year_index, plan) or _("tomt")
    return _(
        "Någon annan har ändrat raden sedan du öppnade sidan. Det sparade värdet är nu "
        "%(value)s; ditt värde ”%(typed)s” är inte sparat. Skriv in det igen om det ska gälla."
    ) % {"value": other, "typed": typed}


def save_cells(
    *,
    user: User,
    role: str | None,
    plan: Plan,
    budget: Budget,
    lines: Iterable[BudgetLine],
    cells: Iterable[TypedCell],
    page_versions: Mapping[int, int | None],
) -> GridOutcome:
    """Save the changed cells; bad input and conflicts are reported per cell, never raised.

    `page_versions`: each line's version as the page had it (None: unknown, no check).
    """
    out = GridOutcome(lines={line.pk: line for line in lines}, versions={})
    conflicted: set[int] = set()
    for cell in cells:
        line = out.lines.get(cell.line_id)
        if line is None:
            out.errors[cell.key] = (_("Raden finns inte längre. Ladda om sidan."), cell.text)
            continue
        out.versions.setdefault(cell.line_id, page_versions.get(cell.line_id))
        if _same(cell.text, cell_text(line, cell.year_index, plan)):
            continue
        if cell.line_id in conflicted:
            out.conflicts[cell.key] = conflict_message(line, cell.year_index, plan, cell.text)
            continue
        try:
            services.budget_cell_set(
                user=user,
                line=line,
                year_index=cell.year_index,
                text=cell.text,
                expected_version=out.versions.get(cell.line_id),
                role=role,
            )
        except MoneyParseError as exc:
            out.errors[cell.key] = (str(exc), cell.text)
        except ValidationError as exc:
            out.errors[cell.key] = (exc.messages[0], cell.text)
        except EditConflict as exc:
            current = exc.current
            current.budget = budget
            out.conflicts[cell.key] = conflict_message(current, cell.year_index, plan, cell.text)
            out.lines[cell.line_id] = current
            out.versions[cell.line_id] = current.version
            conflicted.add(cell.line_id)
        else:
            out.versions[cell.line_id] = line.version
            out.saved.append(cell.key)
    return out
