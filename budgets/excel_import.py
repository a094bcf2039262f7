"""Reading an exported budget workbook back after it was edited in Excel.

Three steps, so nothing is saved before the user has seen what will change:

1. `check_xlsx` (excel_safety) refuses zip bombs, non-zip files and XML with DTDs before
   openpyxl sees the file.
2. `read_import(plan, data)` reads the workbook and returns an `ImportPreview`: the changes
   (line, year, old → new) and every problem, each naming its sheet and cell. It compares
   three values per cell: what was exported (kept in the hidden sheet), what the file holds now
   and what Finsam Plan holds now. Only cells edited in the file become changes; a cell edited
   both in the file and in Finsam Plan since the export is a conflict and refused. Every total,
   contribution, split share and balanced figure in the file is checked against the budget
   engine run on the file's own figures: a typed number where our formula was must agree.
   Every problem is collected in one pass (a list), so the file is fixed once. Line names
   edited in the file are never imported (nor evaluated) but listed (`renamed`), and so are
   the other texts the export writes (group headings, totals' labels, members' and
   interventions' names, column headings: `labels_edited`); neither refuses the file. What is
   never imported is said in the notices too: lines sorted together with their identifiers
   (column E) import onto the right lines, but not in their new order; a sheet the export does
   not write is named as not read (the Insatser sheet under another name is still checked).
   Rows sorted without column E are refused (a line's name beside another line's identifier),
   and so is an amount column sorted on its own (its figures are the exported ones reordered).
3. `apply_import(...)` saves the changes through the budget services in one transaction, with
   the versions seen at preview time (optimistic locking).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from finsam.access import refuse_decided
from finsam.money import TKR, UNITS, MoneyParseError, to_unit
from plans.locking import EditConflict

from . import calc
from .excel_cells import (
    READABLE_VERSIONS,
    SHEET_ABOUT,
    SHEET_BUDGET,
    SHEET_CONTRIBUTIONS,
    SHEET_INTERVENTIONS,
    SHEET_META,
    TEMPLATE_MARKER,
    TEMPLATE_VERSION,
    CellValueError,
    cell_to_amount,
    kr_text,
    template_version_of,
    total_to_amount,
)
from .excel_export import (
    CONTRIB_KEY_COL,
    FIRST_YEAR_COL,
    HEADER_ROW,
    IV_FIRST_YEAR_COL,
    IV_KEY_COL,
    KEY_COL,
    META_FIELDS,
    META_LABEL_TEXT_COL,
    META_LINES_ROW,
    META_NAME_COL,
    N_YEARS,
    cell_text,
    is_line_name,
    label_cells,
)
from .excel_safety import UnsafeFileError, check_xlsx

if TYPE_CHECKING:
    from members.models import User
    from plans.models import Plan

    from .models import Budget, BudgetLine

MAX_ROWS = 2000  # far above any real budget; a larger sheet is not our export
MAX_META_ROWS = 5 * MAX_ROWS  # lines, contributions and every label of a large export
MAX_NAME_SHOWN = 80  # a renamed cell's text is cut here in the preview
MAX_ERRORS_NAMED = 5  # Excel errors named cell by cell; more are counted in one message
OUR_SHEETS = (SHEET_BUDGET, SHEET_CONTRIBUTIONS, SHEET_INTERVENTIONS, SHEET_ABOUT, SHEET_META)


# --------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Problem:
    """Something in the file that stops the import, with where it is."""

    message: str
    sheet: str = ""
    cell: str = ""  # "C14", or "" for the whole sheet/file
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return _("Blad %(sheet)s, cell %(cell)s: %(msg)s") % {
                "sheet": self.sheet,
                "cell": self.cell,
                "msg": self.message,
            }
        if self.sheet and self.row:
            return _("Blad %(sheet)s, rad %(row)s: %(msg)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "msg": self.message,
            }
        if self.sheet:
            return _("Blad %(sheet)s: %(msg)s") % {"sheet": self.sheet, "msg": self.message}
        return self.message


@dataclass(frozen=True)
class Change:
    """One amount the import will set. kind "line" (a budget line) or "opening_equity"."""

    kind: str
    label: str
    group: str  # the group's label, for the preview
    year_index: int
    year: int
    cell: str
    old: int | None
    new: int | None
    version: int  # the line's (or budget's) version when the preview was made
    line_id: int | None = None

    @property
    def difference(self) -> int:
        return calc.amount_change(old=self.old, new=self.new)


@dataclass(frozen=True)
class NameEdit:
    """A line whose name was changed in the file. Names are not imported; the preview says so."""

    row: int
    in_file: str  # the cell's text as typed (a formula is shown, never evaluated)
    in_plan: str

    def __str__(self) -> str:
        return _("rad %(row)s (”%(file)s”, i Finsam Plan ”%(name)s”)") % {
            "row": self.row,
            "file": self.in_file,
            "name": self.in_plan,
        }


@dataclass(frozen=True)
class LabelEdit:
    """A heading or other text the export wrote (a group heading, a total's label, a member's or
    an intervention's name, a column heading) changed in the file. Never imported; listed."""

    sheet: str
    cell: str
    in_file: str  # as typed (a formula is shown, never evaluated); "" when emptied
    in_plan: str  # what the export wrote there (today's export for a version 1 file)

    def __str__(self) -> str:
        return _(
            "Blad %(sheet)s, cell %(cell)s: %(file)s i filen, %(plan)s när den exporterades."
        ) % {
            "sheet": self.sheet,
            "cell": self.cell,
            "file": _quoted(self.in_file),
            "plan": _quoted(self.in_plan),
        }


def _quoted(text: str) -> str:
    return f"”{text}”" if text else _("tomt")


@dataclass(frozen=True)
class Effect:
    """A total the changes move: income, costs, result or closing equity of one year."""

    label: str
    year: int
    old: int | None
    new: int | None


@dataclass
class ImportPreview:
    plan_id: int
    unit: str  # the unit the file was written in
    filename: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    budget_version: int = 0
    effects: list[Effect] = field(default_factory=list)
    renamed: list[NameEdit] = field(default_factory=list)
    labels_edited: list[LabelEdit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_session(self) -> dict[str, Any]:
        """Plain JSON for the session: the pending import stays on the server."""
        return {
            "plan_id": self.plan_id,
            "unit": self.unit,
            "filename": self.filename,
            "budget_version": self.budget_version,
            "changes": [asdict(c) for c in self.changes],
            "notices": list(self.notices),
            "effects": [asdict(e) for e in self.effects],
            "renamed": [asdict(n) for n in self.renamed],
            "labels_edited": [asdict(e) for e in self.labels_edited],
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> ImportPreview:
        return cls(
            plan_id=int(data["plan_id"]),
            unit=data["unit"],
            filename=data.get("filename", ""),
            budget_version=int(data.get("budget_version", 0)),
            changes=[Change(**c) for c in data.get("changes", [])],
            notices=list(data.get("notices", [])),
            effects=[Effect(**e) for e in data.get("effects", [])],
            renamed=[NameEdit(**n) for n in data.get("renamed", [])],
            labels_edited=[LabelEdit(**e) for e in data.get("labels_edited", [])],
        )


class ImportRefused(Exception):
    """The file cannot be read at all (not ours, damaged, another plan)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# ---------------------------------------------------------------------------------- reading
def read_import(plan: Plan, data: bytes, filename: str = "") -> ImportPreview:
    """The preview of importing `data` into `plan`'s budget. Never writes."""
    from .services import budget_for_plan, budget_lines

    preview = ImportPreview(plan_id=plan.pk, unit=plan.unit, filename=filename)
    try:
        check_xlsx(data, filename)
        wb_f, wb_v = _load(data)
        meta = _read_meta(wb_f, plan)
        preview.unit = meta["unit"]
        budget = budget_for_plan(plan)
        lines = budget_lines(budget)
        _Reader(plan, budget, lines, wb_f, wb_v, meta, preview).read()
    except ImportRefused as exc:
        preview.problems = [exc.problem]
        preview.changes = []
    except UnsafeFileError as exc:
        preview.problems = [Problem(str(exc))]
        preview.changes = []
    if preview.problems:
        preview.changes = []  # nothing is applied from a file with problems
    return preview


def _load(data: bytes):
    """Formulas as written, and the values Excel cached for them (None if never calculated)."""
    try:
        wb_f = load_workbook(BytesIO(data), data_only=False, keep_links=False)
        wb_v = load_workbook(BytesIO(data), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed package
        raise ImportRefused(
            Problem(_("Filen kunde inte läsas som en Excelarbetsbok. Är den skadad?"))
        ) from exc
    return wb_f, wb_v


def _not_ours() -> ImportRefused:
    return ImportRefused(
        Problem(
            _(
                "Filen är inte en budgetexport från Finsam Plan (det dolda bladet som "
                "identifierar raderna saknas eller har ändrats). Exportera budgeten, ändra i den "
                "filen och importera den."
            )
        )
    )


def _read_meta(wb, plan: Plan) -> dict[str, Any]:
    if SHEET_META not in wb.sheetnames:
        raise _not_ours()
    ws = wb[SHEET_META]
    marker = (ws.cell(row=1, column=1).value, ws.cell(row=1, column=2).value)
    if marker != ("marker", TEMPLATE_MARKER):
        raise _not_ours()
    # The version before the other fields: a newer version may lay them out otherwise.
    version = None
    if ws.cell(row=2, column=1).value == "template_version":
        version = template_version_of(ws.cell(row=2, column=2).value)
    if problem := _version_problem(version):
        raise ImportRefused(problem)
    meta: dict[str, Any] = {}
    for r, name in enumerate(META_FIELDS, start=1):
        if ws.cell(row=r, column=1).value != name:
            raise _not_ours()
        meta[name] = ws.cell(row=r, column=2).value
    meta["template_version"] = version
    if meta["plan_id"] != plan.pk or meta["association"] != plan.association.slug:
        raise _other_plan(meta, plan)
    if meta["unit"] not in UNITS:
        raise _not_ours()
    base: dict[int, tuple[int, tuple[int | None, ...]]] = {}
    names: dict[int, str] = {}
    contribs: list[calc.ContributionInput] = []
    # The labels as exported; None for a version 1 file, which did not keep them.
    labels: dict[tuple[str, str, int], str] | None = None if meta["template_version"] == 1 else {}
    for r in range(META_LINES_ROW, META_LINES_ROW + MAX_META_ROWS):
        kind = ws.cell(row=r, column=1).value
        if kind == "label" and labels is not None:
            sheet, key, column = (ws.cell(row=r, column=c).value for c in (2, 3, 4))
            text = ws.cell(row=r, column=META_LABEL_TEXT_COL).value
            if not (isinstance(sheet, str) and isinstance(key, str) and isinstance(column, int)):
                raise _not_ours()
            labels[(sheet, key, column)] = cell_text(text).strip()
            continue
        if kind not in ("line", "contrib"):
            break
        amounts = tuple(ws.cell(row=r, column=4 + i).value for i in range(N_YEARS))
        if any(a is not None and not isinstance(a, int) for a in amounts):
            raise _not_ours()
        if kind == "contrib":
            key, label = ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value
            member_id = None if key == "state" else _int(key)
            if (key != "state" and member_id is None) or not isinstance(label, str):
                raise _not_ours()
            contribs.append(calc.ContributionInput(label, member_id, amounts))  # type: ignore[arg-type]
            continue
        line_id, version = ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value
        if not isinstance(line_id, int) or not isinstance(version, int):
            raise _not_ours()
        base[line_id] = (version, amounts)
        name = ws.cell(row=r, column=META_NAME_COL).value
        if isinstance(name, str):  # (files exported before the name was recorded have none)
            names[line_id] = name
    for i in range(1, N_YEARS + 1):
        target = meta.get(f"balance_target_{i}")
        if target is not None and not isinstance(target, int):
            raise _not_ours()
    if meta["opening_equity"] is not None and not isinstance(meta["opening_equity"], int):
        raise _not_ours()
    meta["lines"] = base
    meta["line_names"] = names
    meta["labels"] = labels
    meta["contributions"] = contribs
    return meta


def _version_problem(version: int | None) -> Problem | None:
    """Why a file of this template version cannot be read here (None when it can): made by an
    older Finsam Plan, by a newer one (a file exported from an upgraded server and imported
    into one not yet upgraded), or with its version cell emptied or garbled."""
    if version in READABLE_VERSIONS:
        return None
    if version is None:
        return Problem(
            _(
                "Filen saknar uppgiften om vilken version av Finsam Plan den kommer från (det "
                "dolda bladet som identifierar raderna har ändrats). Exportera en ny fil från "
                "Finsam Plan och gör ändringarna i den."
            )
        )
    if version > TEMPLATE_VERSION:
        return Problem(
            _(
                "Filen är gjord av en nyare version av Finsam Plan än den här (filformat "
                "%(file)s, här läses högst %(ours)s) och kan inte läsas här. Importera filen i "
                "samma Finsam Plan som den exporterades från, eller exportera en ny fil här. "
                "Fråga administratören om Finsam Plan håller på att uppdateras."
            )
            % {"file": version, "ours": TEMPLATE_VERSION}
        )
    return Problem(_("Filen kommer från en äldre version av Finsam Plan. Exportera på nytt."))


def _other_plan(meta: dict[str, Any], plan: Plan) -> ImportRefused:
    """The file names another plan. Only a plan of this association is named (by its year, read
    from the database, not the file); anything else is "another association", with nothing
    about it: the file's identifiers may point anywhere, and another association's plans are
    none of this user's business."""
    from plans.models import Plan

    year = None
    plan_id = meta["plan_id"]
    if meta["association"] == plan.association.slug and isinstance(plan_id, int):
        year = (
            Plan.objects.filter(pk=plan_id, association_id=plan.association_id)
            .values_list("year", flat=True)
            .first()
        )
    if year is None:
        return ImportRefused(
            Problem(
                _(
                    "Filen kommer från ett annat samordningsförbund och kan inte importeras här. "
                    "Exportera en ny fil från den här planen och gör ändringarna i den."
                )
            )
        )
    return ImportRefused(
        Problem(
            _(
                "Filen är exporterad från en annan plan (verksamhetsår %(year)s). Importera "
                "den i den planen, eller exportera en ny fil från den här planen."
            )
            % {"year": year}
        )
    )


def _missing_sheet_advice(wb: Any) -> str:
    """What to do about a sheet of the export that is not in the file: renamed (a sheet the
    export does not write is there) or deleted."""
    others = [name for name in wb.sheetnames if name not in OUR_SHEETS]
    if others:
        return _(
            "Har det fått ett annat namn (filen har bladet %(names)s)? Ge det tillbaka sitt "
            "namn: högerklicka på fliken och välj Byt namn. Byt inte namn på bladen."
        ) % {"names": ", ".join(f"”{name}”" for name in others[:5])}
    return _(
        "Det har tagits bort. Exportera en ny fil från Finsam Plan och gör ändringarna i den; "
        "ta inte bort bladen."
    )


def _shown_amount(value: object, unit: str) -> int | None:
    """Kronor from a cell of a sheet that shows figures: a number as a total in the file's
    unit, text as typed (raises CellValueError)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return total_to_amount(value, unit)
    return cell_to_amount(value, unit)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _fmt(amount: int | None) -> str:
    return _("tomt") if amount is None else kr_text(amount)


class _Reader:
    def __init__(self, plan, budget, lines, wb_f, wb_v, meta, preview: ImportPreview):
        self.plan = plan
        self.budget: Budget = budget
        self.lines: dict[int, BudgetLine] = {line.pk: line for line in lines}
        self.wb_f, self.wb_v = wb_f, wb_v
        self.meta = meta
        self.unit: str = meta["unit"]
        self.preview = preview
        self.years = list(plan.years)
        self.deleted_since_export = False
        self.formula_errors: list[tuple[str, str]] = []  # (cell, "#REF!") in the Budget sheet

    def problem(self, message: str, cell: str = "", row: int | None = None, sheet=SHEET_BUDGET):
        self.preview.problems.append(Problem(message, sheet, cell, row))

    # ---------------------------------------------------------------------------- sheets
    def read(self) -> None:
        if SHEET_BUDGET not in self.wb_f.sheetnames:
            raise ImportRefused(
                Problem(
                    _("Bladet ”%(sheet)s” saknas i filen. %(advice)s")
                    % {"sheet": SHEET_BUDGET, "advice": _missing_sheet_advice(self.wb_f)}
                )
            )
        ws_f, ws_v = self.wb_f[SHEET_BUDGET], self.wb_v[SHEET_BUDGET]
        if ws_f.max_row > MAX_ROWS or ws_f.max_column > 50:
            raise ImportRefused(Problem(_("Bladet Budget är orimligt stort."), SHEET_BUDGET))
        self.check_header(ws_f)
        # First, as it explains the errors in the contribution rows that refer to it.
        contributions_missing = SHEET_CONTRIBUTIONS not in self.wb_f.sheetnames
        if contributions_missing:
            self.problem(
                _("bladet saknas. %(advice)s") % {"advice": _missing_sheet_advice(self.wb_f)},
                sheet=SHEET_CONTRIBUTIONS,
            )
        # Every problem in one pass, so the file is fixed once: a row without its identifier
        # does not stop the lines, the opening equity and the contributions from being read.
        rows = self.collect_rows(ws_f)
        self.check_order(rows)
        file_amounts = self.read_lines(ws_f, ws_v, rows)
        opening = self.read_opening(ws_f, ws_v, rows)
        self.read_names(ws_f, rows)
        self.read_labels()
        # The totals are compared only with lines read in full: after an unreadable cell, an
        # extra or a missing row, each total would repeat that error as a difference.
        compare = not self.preview.problems and not self.deleted_since_export
        if self.deleted_since_export:
            self.preview.notices.append(
                _(
                    "Rader i filen har tagits bort i Finsam Plan sedan exporten, så summorna i "
                    "filen kontrolleras inte. Finsam Plan räknar om alla summor."
                )
            )
        elif not compare:
            self.preview.notices.append(
                _("Summorna i filen jämförs med raderna först när felen i raderna är rättade.")
            )
        summary = self.check_summary(file_amounts, opening)
        self.check_computed(ws_f, ws_v, rows, summary, compare=compare)
        if not contributions_missing:  # (then the missing sheet is the errors' cause)
            self.report_formula_errors()
            self.check_contribution_sheet()
        self.check_interventions_sheet(file_amounts)
        self.check_other_sheets(file_amounts)
        if not self.preview.problems:
            self.preview.budget_version = self.budget.version
            if self.preview.changes:
                self.preview.effects = self.effects(self.file_summary(file_amounts, opening))

    def effects(self, after: calc.BudgetSummary) -> list[Effect]:
        """How the totals move: the engine on the stored budget against the engine on the file."""
        from .services import summary_for

        before = summary_for(self.budget, list(self.lines.values()), self.plan)
        rows = (
            (_("Summa intäkter"), "total_income"),
            (_("Summa kostnader"), "total_costs"),
            (_("Resultat"), "result"),
            (_("Eget kapital vid årets slut"), "closing_equity"),
        )
        effects = []
        balancing = next((line for line in self.lines.values() if line.is_balancing), None)
        if balancing is not None:
            label = _("%(name)s (utjämnande rad)") % {"name": balancing.display_name}
            for old_year, new_year in zip(before.years, after.years, strict=True):
                old, new = old_year.balancing_amount, new_year.balancing_amount
                if old != new:
                    effects.append(Effect(label, self.years[old_year.index], old, new))
        for label, attr in rows:
            for old_year, new_year in zip(before.years, after.years, strict=True):
                old, new = getattr(old_year, attr), getattr(new_year, attr)
                if old != new:
                    effects.append(Effect(str(label), self.years[old_year.index], old, new))
        return effects

    def check_header(self, ws) -> None:
        key_head = ws.cell(row=HEADER_ROW, column=KEY_COL)
        if key_head.value != "finsam-id":
            self.problem(
                _(
                    "kolumnen med radernas identifierare har flyttats eller ändrats. Lägg inte "
                    "till eller ta bort kolumner i bladet."
                ),
                key_head.coordinate,
            )
            raise ImportRefused(self.preview.problems[-1])
        for i, year in enumerate(self.years):
            cell = ws.cell(row=HEADER_ROW, column=FIRST_YEAR_COL + i)
            if not str(cell.value or "").startswith(str(year)):
                self.problem(
                    _("rubriken ska börja med året %(year)s; kolumnerna har flyttats.")
                    % {"year": year},
                    cell.coordinate,
                )
                raise ImportRefused(self.preview.problems[-1])

    def collect_rows(self, ws) -> dict[str, int]:
        """Hidden key → row; unknown rows with figures are refused."""
        rows: dict[str, int] = {}
        named: list[tuple[int, str]] = []  # rows without a key, with only a name
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            key = ws.cell(row=r, column=KEY_COL).value
            if key is None or key == "":
                figures = [ws.cell(row=r, column=FIRST_YEAR_COL + i).value for i in range(N_YEARS)]
                if any(v not in (None, "") for v in figures):
                    self.problem(
                        _(
                            "raden saknar Finsam Plans identifierare. Nya budgetrader läggs till "
                            "i Finsam Plan; exportera sedan en ny fil."
                        ),
                        row=r,
                    )
                elif text := cell_text(ws.cell(row=r, column=1).value).strip():
                    named.append((r, text))
                continue
            key = str(key)
            if key in rows:
                self.problem(
                    _("raden finns två gånger (kopierad rad?). Ta bort kopian."),
                    ws.cell(row=r, column=KEY_COL).coordinate,
                )
                continue
            rows[key] = r
        # A row inserted inside the budget with a name but no figures: nothing to refuse, but
        # the new line would be lost without a word (a note below the budget is not listed).
        last = max(rows.values(), default=0)
        for r, text in named:
            if r < last:
                self.preview.notices.append(
                    _(
                        "Rad %(row)s i bladet Budget (”%(text)s”) saknar Finsam Plans "
                        "identifierare och läses inte in. Nya budgetrader läggs till i Finsam "
                        "Plan."
                    )
                    % {"row": r, "text": text[:MAX_NAME_SHOWN]}
                )
        return rows

    def check_order(self, rows: dict[str, int]) -> None:
        """Lines sorted together with their identifiers (column E) import onto the right lines,
        but the new order is not imported: say so, and where the order is changed."""
        exported = list(self.meta["lines"])  # in the order of the export's Budget sheet
        in_file: list[int] = []
        for key, _row in sorted(rows.items(), key=lambda item: item[1]):
            kind, _sep, rest = key.partition(":")
            line_id = _int(rest.partition(":")[0])
            if kind in ("line", "bal") and line_id in self.meta["lines"]:
                in_file.append(line_id)  # type: ignore[arg-type]
        if in_file != [line_id for line_id in exported if line_id in set(in_file)]:
            self.preview.notices.append(
                _(
                    "Raderna i bladet Budget står i en annan ordning än när filen exporterades. "
                    "Beloppen läses in på rätt rader, men ordningen importeras inte. Ändra "
                    "ordningen i Finsam Plan: öppna raden på budgetsidan och välj Flytta upp "
                    "eller Flytta ner."
                )
            )

    def check_other_sheets(self, file_amounts: dict[int, list[int | None]]) -> None:
        """A sheet the export does not write is never read: name it, so figures typed there are
        not lost without a word. The Insatser sheet under another name is checked as itself
        (a figure typed over its formulas is refused); a sheet renamed to stand in for a
        missing Budget or Medlemsbidrag sheet is named by that sheet's problem already."""
        for name in self.wb_f.sheetnames:
            if name in OUR_SHEETS:
                continue
            self.preview.notices.append(
                _(
                    "Bladet ”%(sheet)s” är inte ett av exportens blad och läses inte in. Bara "
                    "beloppen i bladet Budget importeras; siffror i andra blad följer inte med."
                )
                % {"sheet": name}
            )
            if SHEET_INTERVENTIONS not in self.wb_f.sheetnames and _is_interventions(
                self.wb_f[name]
            ):
                self.check_interventions_sheet(file_amounts, sheet=name)

    # ------------------------------------------------------------------------------ lines
    def value(self, ws_f, ws_v, row: int, i: int):
        """(raw, number or None, coordinate): a formula's cached value when it has one."""
        cell = ws_f.cell(row=row, column=FIRST_YEAR_COL + i)
        raw = cell.value
        if isinstance(raw, str) and raw.startswith("="):
            return raw, ws_v.cell(row=row, column=FIRST_YEAR_COL + i).value, cell.coordinate
        return raw, raw, cell.coordinate

    def read_amount(self, ws_f, ws_v, row: int, i: int) -> tuple[bool, int | None]:
        raw, value, coord = self.value(ws_f, ws_v, row, i)
        is_formula = isinstance(raw, str) and raw.startswith("=")
        if is_formula and value is None:
            self.problem(
                _(
                    "cellen innehåller en formel som inte har räknats ut. Skriv beloppet som ett "
                    "tal, eller öppna och spara filen i Excel först."
                ),
                coord,
            )
            return False, None
        if is_formula and isinstance(value, str) and value.startswith("#"):
            self.formula_errors.append((coord, value[:20]))  # #REF! and the like, not text
            return False, None
        if value is None or (isinstance(value, str) and not value.strip() and not is_formula):
            return True, None
        try:
            return True, cell_to_amount(value, self.unit)
        except CellValueError as exc:
            self.problem(str(exc), coord)
            return False, None

    def read_lines(self, ws_f, ws_v, rows: dict[str, int]) -> dict[int, list[int | None]]:
        """The file's typed amounts per line, and the changes they make (three-way)."""
        base_lines = self.meta["lines"]
        found: dict[int, list[int | None]] = {}
        # Per year: (row, as exported, in the file) of every cell read, in the sheet's order.
        columns: list[list[tuple[int, int | None, int | None]]] = [[] for _ in range(N_YEARS)]
        for key, row in rows.items():
            kind, _sep, rest = key.partition(":")
            if kind not in ("line", "bal"):
                continue
            try:
                line_id = int(rest.split(":")[0])
            except ValueError:
                self.problem(_("identifieraren är ändrad."), f"E{row}")
                continue
            if line_id not in base_lines:
                self.problem(_("raden hör inte till den här budgeten."), f"E{row}")
                continue
            line = self.lines.get(line_id)
            version, base = base_lines[line_id]
            label = str(ws_f.cell(row=row, column=1).value or "").strip()
            amounts: list[int | None] = []
            for i in range(N_YEARS):
                editable = line is None or _cell_editable(line, self.budget, i)
                if not editable:
                    amounts.append(line.amounts[i] if line else None)
                    continue  # a solved balancing figure: checked with the totals
                ok, amount = self.read_amount(ws_f, ws_v, row, i)
                amounts.append(amount if ok else base[i])
                if ok and line is not None:
                    columns[i].append((row, base[i], amount))
                if not ok or amount == base[i]:
                    continue
                coord = f"{get_column_letter(FIRST_YEAR_COL + i)}{row}"
                if line is None:  # (also flagged below for the totals)
                    self.problem(
                        _("raden ”%(name)s” har tagits bort i Finsam Plan efter exporten.")
                        % {"name": label},
                        coord,
                    )
                    continue
                current = line.amounts[i]
                if current != base[i] and current != amount:
                    self.problem(
                        _(
                            "beloppet har ändrats i Finsam Plan efter exporten (från %(base)s "
                            "till %(current)s) och i filen till %(new)s. Exportera en ny fil "
                            "och gör ändringen där."
                        )
                        % {"base": _fmt(base[i]), "current": _fmt(current), "new": _fmt(amount)},
                        coord,
                    )
                    continue
                if current == amount:
                    continue
                self.preview.changes.append(
                    Change(
                        kind="line",
                        label=line.display_name,
                        group=str(line.get_group_display()),
                        year_index=i,
                        year=self.years[i],
                        cell=coord,
                        old=current,
                        new=amount,
                        version=line.version,
                        line_id=line.pk,
                    )
                )
            if line is None:
                self.deleted_since_export = True
            else:
                found[line_id] = amounts
                if line.version != version:
                    self.preview.notices.append(
                        _(
                            "”%(name)s” har ändrats i Finsam Plan sedan filen exporterades; det "
                            "som inte ändrats i filen behålls som det är i Finsam Plan."
                        )
                        % {"name": line.display_name}
                    )
        for i, cells in enumerate(columns):
            self.check_sorted_apart(i, cells)
        present = set()
        for key in rows:
            kind, _sep, rest = key.partition(":")
            if kind in ("line", "bal") and rest.split(":")[0].isdigit():
                present.add(int(rest.split(":")[0]))
        for line_id in base_lines:
            if line_id in self.lines and line_id not in present:
                self.problem(
                    _(
                        "raden ”%(name)s” saknas i filen. Rader tas bort i Finsam Plan, inte i "
                        "Excel."
                    )
                    % {"name": self.lines[line_id].display_name},
                )
        return found

    def check_sorted_apart(self, i: int, cells: list[tuple[int, int | None, int | None]]) -> None:
        """Only the amounts of a year column sorted (Excel's "continue with the current
        selection"): the figures stand on other lines than their names and identifiers, and
        would otherwise be previewed as many ordinary edits (calc.amounts_sorted_apart)."""
        run = calc.amounts_sorted_apart(
            exported=[exported for _row, exported, _file in cells],
            in_file=[in_file for _row, _exported, in_file in cells],
        )
        if run is None:
            return
        self.problem(
            _(
                "beloppen i kolumn %(col)s (%(year)s), rad %(first)s–%(last)s, verkar ha "
                "sorterats för sig, utan raderna de hör till: %(n)s rader har fått belopp som "
                "exporterades på andra rader. Ångra sorteringen, eller exportera en ny fil och "
                "gör ändringarna i den."
            )
            % {
                "col": get_column_letter(FIRST_YEAR_COL + i),
                "year": self.years[i],
                "first": cells[run.first][0],
                "last": cells[run.last][0],
                "n": run.lines,
            }
        )

    def read_names(self, ws_f, rows: dict[str, int]) -> None:
        """Lines renamed in the file. Names are changed in Finsam Plan, never imported (nor is
        a formula typed as a name evaluated), but the preview lists them so the edit is not lost
        without a word. A name changed in Finsam Plan since the export is not a file edit."""
        exported_names: dict[int, str] = self.meta["line_names"]
        in_the_file: list[tuple[int, BudgetLine]] = []
        for key, row in rows.items():
            kind, _sep, rest = key.partition(":")
            line_id = _int(rest.split(":")[0]) if kind in ("line", "bal") else None
            line = self.lines.get(line_id) if line_id is not None else None
            if line is not None and line_id in self.meta["lines"]:
                in_the_file.append((row, line))
        # The name of another line of the file: the rows were sorted or moved without the
        # hidden column E, so the amounts beside the name are not that key's line's.
        other_names: dict[str, BudgetLine] = {}
        for _row, line in in_the_file:
            for name in (exported_names.get(line.pk, ""), line.display_name):
                other_names.setdefault(name.strip(), line)
        for row, line in in_the_file:
            raw = ws_f.cell(row=row, column=1).value
            in_file = cell_text(raw).strip()
            name = line.display_name.strip()
            exported = exported_names.get(line.pk, name).strip()
            if in_file in (exported, name):
                continue
            moved = other_names.get(in_file) if in_file else None
            if moved is not None and moved.pk != line.pk:
                self.problem(
                    _(
                        "raden heter ”%(file)s”, men identifieraren i den dolda kolumnen E hör "
                        "till raden ”%(name)s”. Raderna har sorterats eller flyttats utan kolumn "
                        "E, så beloppen hamnar på fel rader. Sortera inte raderna: exportera en "
                        "ny fil och gör ändringarna i den."
                    )
                    % {"file": in_file[:MAX_NAME_SHOWN], "name": name},
                    row=row,
                )
                continue
            if len(in_file) > MAX_NAME_SHOWN:
                in_file = in_file[:MAX_NAME_SHOWN] + "…"
            self.preview.renamed.append(NameEdit(row=row, in_file=in_file, in_plan=name))

    def read_labels(self) -> None:
        """Headings and other texts of the export changed in the file (a group heading, a
        total's label, a member's name). Like line names they are not imported, and the preview
        says so instead of dropping the edit without a word. A text counts as unchanged when it
        is what the export wrote, kept in the hidden sheet: an intervention renamed or the unit
        switched in Finsam Plan since then is no edit in the file."""
        exported = self.exported_labels()
        for sheet, key, column, cell in label_cells(self.wb_f, max_row=MAX_ROWS):
            if is_line_name(sheet, key):
                continue  # a line's name: read_names lists it
            texts = exported.get((sheet, key, column))
            if not texts:
                continue  # not in the export (a row the user added): nothing to compare
            in_file = cell_text(cell.value).strip()
            if in_file in texts:
                continue
            if len(in_file) > MAX_NAME_SHOWN:
                in_file = in_file[:MAX_NAME_SHOWN] + "…"
            self.preview.labels_edited.append(
                LabelEdit(sheet=sheet, cell=cell.coordinate, in_file=in_file, in_plan=texts[0])
            )

    def exported_labels(self) -> dict[tuple[str, str, int], list[str]]:
        """(sheet, row key, column) → the texts that count as unedited there. A version 1 file
        did not keep its labels: they are compared with what an export writes today, in any of
        the app's languages (the file may have been exported from the English pages), and a
        member's name with the name exported with the contributions."""
        if self.meta["labels"] is not None:
            return {where: [text] for where, text in self.meta["labels"].items()}
        exported = _exported_texts(self.plan)
        for c in self.meta["contributions"]:
            member = f"member:{c.member_id if c.member_id is not None else 'state'}"
            for sheet, key in (
                (SHEET_CONTRIBUTIONS, member),
                (SHEET_BUDGET, "contrib:" + member[7:]),
            ):
                texts = exported.get((sheet, key, 1))
                if texts is not None and c.label.strip() not in texts:
                    texts.append(c.label.strip())
        return exported

    def read_opening(self, ws_f, ws_v, rows: dict[str, int]) -> int | None:
        current = self.budget.opening_equity
        row = rows.get("equity_open")
        if row is None:
            self.problem(_("raden för eget kapital vid årets början saknas."))
            return current
        ok, amount = self.read_amount(ws_f, ws_v, row, 0)
        base = self.meta.get("opening_equity")
        if not ok or amount == base:
            return current
        coord = f"{get_column_letter(FIRST_YEAR_COL)}{row}"
        if current != base and current != amount:
            self.problem(
                _(
                    "ingående eget kapital har ändrats i Finsam Plan efter exporten (till "
                    "%(current)s) och i filen till %(new)s. Exportera en ny fil."
                )
                % {"current": _fmt(current), "new": _fmt(amount)},
                coord,
            )
            return current
        if current != amount:
            self.preview.changes.append(
                Change(
                    kind="opening_equity",
                    label=_("Eget kapital vid årets början"),
                    group=_("Eget kapital"),
                    year_index=0,
                    year=self.years[0],
                    cell=coord,
                    old=current,
                    new=amount,
                    version=self.budget.version,
                )
            )
        return amount

    # --------------------------------------------------------------------------- totals
    def file_summary(self, file_amounts, opening) -> calc.BudgetSummary:
        """The budget as it will be after the import: every stored line, the file's figures."""
        from .services import summary_for

        lines = []
        for line in self.lines.values():
            copy = _copy_line(line)
            if line.pk in file_amounts:
                for i, amount in enumerate(file_amounts[line.pk]):
                    copy.set_amount(i, amount)
            lines.append(copy)
        budget = _copy_budget(self.budget)
        budget.opening_equity = opening
        return summary_for(budget, lines, self.plan)

    def check_summary(self, file_amounts, opening) -> calc.BudgetSummary:
        """The engine on exactly what the file holds: its lines and figures, and the
        contributions and result targets as exported. A spreadsheet's cached totals must
        agree with this, whatever was changed in Finsam Plan since the export."""
        from .services import equity_steps, line_inputs

        lines = []
        for line in self.lines.values():
            if line.pk not in file_amounts:
                continue  # added in Finsam Plan after the export: not in the file's totals
            copy = _copy_line(line)
            for i, amount in enumerate(file_amounts[line.pk]):
                copy.set_amount(i, amount)
            lines.append(copy)
        plan = self.plan
        return calc.budget_summary(
            lines=line_inputs(lines),
            contributions=self.meta["contributions"],
            opening_equity=opening,
            equity_steps=equity_steps(plan.association),
            equity_base=plan.association.equity_base,
            deficit_reasons=self.budget.deficit_reasons,
            balance_targets=[self.meta.get(f"balance_target_{i}") for i in range(1, N_YEARS + 1)],
            unit=plan.unit,
            years=plan.years,
            labels=self.budget.labels,
        )

    def expected(self, key: str, summary: calc.BudgetSummary) -> list[int | None] | None:
        kind, _sep, rest = key.partition(":")
        years = summary.years
        if kind == "sum":
            return list(summary.group(rest).totals)
        simple = {
            "income": lambda y: y.total_income,
            "costs": lambda y: y.total_costs,
            "result": lambda y: y.result,
            "annual": lambda y: y.annual_result,
            "equity_close": lambda y: y.closing_equity,
            "equity_base": lambda y: y.equity_base,
            "equity_bound": lambda y: y.equity_bound,
        }
        if kind in simple:
            return [simple[kind](y) for y in years]
        if kind == "equity_open":
            return [None, *(y.opening_equity for y in years[1:])]  # year 1 is typed
        if kind == "contrib":
            member = None if rest == "state" else int(rest)
            for row in summary.group("contributions").lines:
                if row.member_id == member:
                    return [a or 0 for a in row.amounts]
            return None
        if kind in ("splitin", "splitout"):
            line_id = int(rest)
            for g in summary.groups:
                for row in g.lines:
                    if row.id == line_id and row.source == "split":
                        # blank where the line has no amount (a file of version 1 shows 0)
                        sign = -1 if kind == "splitout" else 1
                        return [None if a is None else sign * a for a in row.amounts]
            return None
        if kind == "bal":
            return [y.balancing_amount for y in years]
        return None

    def check_computed(
        self, ws_f, ws_v, rows, summary: calc.BudgetSummary, *, compare: bool = True
    ) -> None:
        """Every total, contribution, share and balanced figure against the engine. Without
        `compare` only what is wrong whatever the lines hold (text, Excel errors)."""
        for key, row in rows.items():
            expected = self.expected(key, summary)
            if expected is None:
                continue
            for i in range(N_YEARS):
                want = expected[i]
                if key.startswith("bal:") and want is None:
                    continue  # a typed year of the balancing line
                if key == "equity_open" and i == 0:
                    continue
                self.check_total_cell(ws_f, ws_v, row, i, want, key, compare=compare)

    def check_total_cell(
        self, ws_f, ws_v, row, i, want: int | None, key: str, *, compare: bool = True
    ) -> None:
        raw, value, coord = self.value(ws_f, ws_v, row, i)
        is_formula = isinstance(raw, str) and raw.startswith("=")
        if is_formula and value is None:
            return  # never calculated (written by a program, not saved by Excel): we recompute
        if isinstance(value, str):
            if not value.strip() and want is None:
                return
            if value.startswith("#"):
                self.formula_errors.append((coord, value[:20]))
                return
            if not is_formula:
                self.problem(_("här ska det stå ett belopp, inte text."), coord)
                return
        if value is None:
            if want in (None, 0) or not compare:
                return
            self.problem(
                _("summan saknas; den ska vara %(want)s. Återställ formeln från exporten.")
                % {"want": _fmt(want)},
                coord,
            )
            return
        if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
            self.problem(_("här ska det stå ett belopp."), coord)
            return
        if not compare:
            return
        got = total_to_amount(value, self.unit)
        if want is None:
            want = 0
        if got == want:
            return
        if self.unit == TKR and not is_formula and Decimal(repr(value)) == to_unit(want, TKR):
            return  # a whole tkr typed over our formula that matches the rounded figure
        what = _describe(key)
        self.problem(
            _(
                "%(what)s är %(got)s i filen men raderna ger %(want)s. Finsam Plan räknar alla "
                "summor själv: återställ formeln eller rätta raderna."
            )
            % {"what": what, "got": _fmt(got), "want": _fmt(want)},
            coord,
        )

    def report_formula_errors(self) -> None:
        """Excel's errors (#REF!, #NAME?, #VALUE!) in our formulas. One error spreads to every
        total below it, so beyond a few cells one message names the first and the count."""
        errors = self.formula_errors
        if len(errors) <= MAX_ERRORS_NAMED:
            for coord, error in errors:
                self.problem(
                    _("formeln ger felet %(err)s. Återställ formeln från exporten.")
                    % {"err": error},
                    coord,
                )
            return
        coord, error = errors[0]
        self.problem(
            _(
                "%(n)s formler ger fel, den första i cell %(cell)s (%(err)s): en cell, en rad, "
                "en kolumn eller ett blad som formlerna räknar med har tagits bort eller ändrats. "
                "Ångra den ändringen, eller exportera en ny fil och gör ändringarna i den."
            )
            % {"n": len(errors), "cell": coord, "err": error}
        )

    def check_contribution_sheet(self) -> None:
        """Contributions come from the contribution engine; the sheet is for reading. Its figures
        must be the ones exported (a change in Finsam Plan since then is only mentioned)."""
        from .services import contribution_inputs

        exported: dict[str, list[int | None]] = {}
        for c in self.meta["contributions"]:
            key = f"member:{c.member_id if c.member_id is not None else 'state'}"
            exported[key] = list(c.amounts)
        now = {
            f"member:{c.member_id if c.member_id is not None else 'state'}": list(c.amounts)
            for c in contribution_inputs(self.plan)
        }
        if now != exported:
            self.preview.notices.append(
                _(
                    "Medlemsbidragen har ändrats i Finsam Plan sedan filen exporterades. "
                    "Importen ändrar dem inte; budgeten räknar med de nya beloppen."
                )
            )
        totals = calc.contribution_totals(self.meta["contributions"])
        ws_f, ws_v = self.wb_f[SHEET_CONTRIBUTIONS], self.wb_v[SHEET_CONTRIBUTIONS]
        key_col = CONTRIB_KEY_COL
        for r in range(HEADER_ROW + 1, min(ws_f.max_row, MAX_ROWS) + 1):
            key = ws_f.cell(row=r, column=key_col).value
            if key is None:
                continue
            want = exported.get(str(key))
            if want is None and key == "total":
                want = list(totals)
            if want is None:
                continue
            for i in range(N_YEARS):
                cell = ws_f.cell(row=r, column=3 + i)
                raw = cell.value
                value = raw
                if isinstance(raw, str) and raw.startswith("="):
                    value = ws_v.cell(row=r, column=3 + i).value
                    if value is None:
                        continue
                if value in (None, "") and want[i] is None:
                    continue
                try:
                    got = _shown_amount(value, self.unit)
                except CellValueError as exc:
                    self.problem(str(exc), cell.coordinate, sheet=SHEET_CONTRIBUTIONS)
                    continue
                if got != (want[i] or 0):
                    self.problem(
                        _(
                            "medlemsbidraget är %(got)s i filen men %(want)s i Finsam Plan. "
                            "Medlemsbidragen räknas fram under fliken Medlemsbidrag och ändras "
                            "där, inte i filen."
                        )
                        % {"got": _fmt(got), "want": _fmt(want[i] or 0)},
                        cell.coordinate,
                        sheet=SHEET_CONTRIBUTIONS,
                    )

    def check_interventions_sheet(
        self, file_amounts: dict[int, list[int | None]], sheet: str = SHEET_INTERVENTIONS
    ) -> None:
        """The Insatser sheet shows each intervention's budget line; it is for reading. A figure
        typed there over our formula is refused, not silently dropped: the amount is changed on
        the line in the Budget sheet. `sheet`: its name in the file, when it was renamed."""
        if sheet not in self.wb_f.sheetnames:
            return  # deleted: nothing in it is imported, so nothing can be lost
        by_intervention = {
            line.intervention_id: file_amounts.get(line.pk, list(line.amounts))
            for line in self.lines.values()
            if line.intervention_id
        }
        ws = self.wb_f[sheet]
        listed: list[list[int | None]] = []
        for r in range(HEADER_ROW + 1, min(ws.max_row, MAX_ROWS) + 1):
            key = str(ws.cell(row=r, column=IV_KEY_COL).value or "")
            kind, _sep, rest = key.partition(":")
            if kind == "intervention":
                listed.append(by_intervention.get(_int(rest), [None] * N_YEARS))
                want = [a or 0 for a in listed[-1]]
            elif key == "total":
                want = calc.amount_totals(listed)
            else:
                continue
            for i in range(N_YEARS):
                cell = ws.cell(row=r, column=IV_FIRST_YEAR_COL + i)
                raw = cell.value
                if isinstance(raw, str) and raw.startswith("="):
                    continue  # our formula (or the user's): it shows the Budget sheet
                try:
                    got = _shown_amount(raw, self.unit)
                except CellValueError as exc:
                    self.problem(str(exc), cell.coordinate, sheet=sheet)
                    continue
                if got != want[i]:
                    self.problem(
                        _(
                            "beloppet är %(got)s i filen men %(want)s på budgetraden. Bladet "
                            "visar budgetraderna och importeras inte: ändra beloppet på "
                            "insatsens rad i bladet Budget."
                        )
                        % {"got": _fmt(got), "want": _fmt(want[i])},
                        cell.coordinate,
                        sheet=sheet,
                    )


def _is_interventions(ws: Any) -> bool:
    """The export's Insatser sheet, whatever it is called: a worksheet (not a chart sheet)
    whose hidden key column names interventions."""
    if not hasattr(ws, "cell"):
        return False
    return any(
        str(ws.cell(row=r, column=IV_KEY_COL).value or "").startswith("intervention:")
        for r in range(HEADER_ROW + 1, min(ws.max_row, MAX_ROWS) + 1)
    )


def _exported_texts(plan: Plan) -> dict[tuple[str, str, int], list[str]]:
    """(sheet, row key, column) → the texts an export of the plan writes there today, in the
    active language first, then the app's other languages. The export itself is run, so the
    import can never expect other labels than the ones written."""
    from .excel_export import build_workbook, export_input_for_plan

    data = export_input_for_plan(plan)
    languages = [translation.get_language()] + [code for code, _name in settings.LANGUAGES]
    texts: dict[tuple[str, str, int], list[str]] = {}
    for language in dict.fromkeys(languages):
        with translation.override(language):
            wb = build_workbook(data)
        for sheet, key, column, cell in label_cells(wb):
            text = cell_text(cell.value).strip()
            seen = texts.setdefault((sheet, key, column), [])
            if text not in seen:
                seen.append(text)
    return texts


def _describe(key: str) -> str:
    kind = key.partition(":")[0]
    return {
        "sum": _("Delsumman"),
        "income": _("Summa intäkter"),
        "costs": _("Summa kostnader"),
        "result": _("Resultatet"),
        "annual": _("Årets förändring av eget kapital"),
        "equity_open": _("Eget kapital vid årets början"),
        "equity_close": _("Eget kapital vid årets slut"),
        "equity_base": _("Basen för gränsen"),
        "equity_bound": _("Gränsen för eget kapital"),
        "contrib": _("Medlemsbidraget"),
        "splitin": _("Den delade andelen"),
        "splitout": _("Den delade andelen"),
        "bal": _("Den utjämnande raden"),
    }.get(kind, _("Värdet"))


def _cell_editable(line: BudgetLine, budget: Budget, year_index: int) -> bool:
    from .models import Group

    if line.group == Group.CONTRIBUTIONS:
        return False
    return not (line.is_balancing and budget.balance_targets[year_index] is not None)


def _copy_line(line: BudgetLine) -> BudgetLine:
    from .models import BudgetLine

    copy = BudgetLine(
        **{f.attname: getattr(line, f.attname) for f in BudgetLine._meta.concrete_fields}
    )
    if line.intervention_id and "intervention" in line._state.fields_cache:
        copy.intervention = line.intervention
    return copy


def _copy_budget(budget: Budget) -> Budget:
    from .models import Budget

    copy = Budget(**{f.attname: getattr(budget, f.attname) for f in Budget._meta.concrete_fields})
    copy.plan = budget.plan
    return copy


# --------------------------------------------------------------------------------- applying
class ImportConflict(Exception):
    """The budget changed between the preview and the confirmation; nothing was saved."""


def apply_import(*, user: User | None, plan: Plan, preview: ImportPreview) -> int:
    """Save the previewed changes in one transaction; returns how many amounts changed.

    Raises ImportConflict (nothing saved) when a line or the budget changed after the preview.
    """
    from .models import Budget, BudgetLine
    from .services import budget_cell_set, budget_settings_set, is_income

    if preview.plan_id != plan.pk:
        raise ImportConflict(_("Förhandsgranskningen gäller en annan plan."))
    refuse_decided(plan)
    cost_sign = plan.association.cost_sign
    try:
        with transaction.atomic():
            line_ids = [c.line_id for c in preview.changes if c.kind == "line"]
            lines = {
                line.pk: line
                for line in BudgetLine.objects.select_related(
                    "budget__plan__association", "intervention"
                ).filter(pk__in=line_ids, budget__plan=plan)
            }
            for change in preview.changes:
                if change.kind == "opening_equity":
                    budget = Budget.objects.select_related("plan__association").get(plan=plan)
                    budget_settings_set(
                        user=user,
                        budget=budget,
                        expected_version=change.version,
                        opening_equity=change.new,
                    )
                    continue
                line = lines.get(change.line_id)
                if line is None:
                    raise ImportConflict(
                        _("Raden ”%(name)s” har tagits bort efter förhandsgranskningen.")
                        % {"name": change.label}
                    )
                if not hasattr(line, "_import_version"):
                    line._import_version = change.version  # the version the preview saw
                if line.amounts[change.year_index] != change.old:
                    raise ImportConflict(
                        _("”%(name)s” %(year)s har ändrats efter förhandsgranskningen.")
                        % {"name": change.label, "year": change.year}
                    )
                # Typed as the grid would show it: the file writes costs positive, so a
                # negative cost there is a cost reduction ("+2 450" where costs are negative).
                budget_cell_set(
                    user=user,
                    line=line,
                    year_index=change.year_index,
                    text=calc.input_text(
                        change.new,
                        is_income=is_income(line.group),
                        cost_sign=cost_sign,
                        unit=plan.unit,
                    ),
                    expected_version=line._import_version,
                )
                line._import_version = line.version
    except EditConflict as exc:
        raise ImportConflict(
            _(
                "Budgeten har ändrats av någon annan sedan förhandsgranskningen. Ingenting har "
                "sparats; ladda upp filen igen för en ny förhandsgranskning."
            )
        ) from exc
    except (MoneyParseError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise ImportConflict(
            _("Importen kunde inte sparas: %(msg)s Ingenting har sparats.") % {"msg": message}
        ) from exc
    return len(preview.changes)
