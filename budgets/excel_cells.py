"""Cell-level helpers shared by the Excel export and import.

How amounts are written (and read back exactly):

* Cells hold numbers in the plan's display unit. In a **kr** workbook a cell holds whole kronor
  (an int). In a **tkr** workbook a cell holds the kronor amount divided by 1 000 as an exact
  decimal (196 600 kr is written as 196.6), shown with the number format ``#,##0``, so the sheet
  displays the same rounded thousands as the app's tkr tables while the stored value keeps every
  krona. Reading back multiplies by 1 000; a tkr cell may have at most three decimals (whole
  kronor). What someone types in a tkr workbook is therefore thousands, as they expect.
* The unit is recorded in the hidden identifier sheet, so the import reads a file in the unit it
  was written in even if the plan's unit has changed since.
* Text a user typed (line names, member names, intervention names, the plan title) is always
  written as a string cell: ``cell.data_type = "s"``. openpyxl would otherwise store text that
  begins with ``=`` as a formula, so ``=HYPERLINK(...)`` typed as a line name would become live.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from finsam.money import KR, TKR, group_digits

NUMBER_FORMAT = "#,##0"
TEMPLATE_MARKER = "FINSAM-PLAN-BUDGET"
# 2: the hidden sheet also keeps every label as exported ("label" rows). Files of version 1 are
# still imported; their labels are compared with what an export writes today.
TEMPLATE_VERSION = 2
READABLE_VERSIONS = (1, 2)
# Rows 1 and 2 of the hidden sheet hold the marker and the template version in every version,
# so an older Finsam Plan can tell a file from a newer one apart from a damaged file.


def template_version_of(value: object) -> int | None:
    """The template version a file's hidden sheet states: a whole number, also when a program
    saved it as 2.0 or as the text "2"; None when it is missing or is no version at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        return int(value.strip())
    return None


# Sheet names shown to people (the import names them in its messages).
SHEET_BUDGET = "Budget"
SHEET_CONTRIBUTIONS = "Medlemsbidrag"
SHEET_INTERVENTIONS = "Insatser"
SHEET_ABOUT = "Om filen"
SHEET_META = "finsam_id"  # very hidden: identifiers for a safe import

# Excel forbids these in sheet names, and limits them to 31 characters.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
TOP_BORDER = Border(top=Side(style="thin"))
DOUBLE_TOP = Border(top=Side(style="thin"), bottom=Side(style="double"))
WRAP = Alignment(wrap_text=True, vertical="top")


class CellValueError(ValueError):
    """A cell's value cannot be read as an amount; the message is Swedish, without the cell."""


def safe_sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, never empty."""
    cleaned = _BAD_SHEET_CHARS.sub("-", name).strip("'").strip()
    return (cleaned or "Blad")[:31]


def sheet_ref(sheet: str, cell: str) -> str:
    """A reference to another sheet, always quoted so å/ä/ö and spaces work: 'Årsbudget'!B5."""
    return "'{}'!{}".format(sheet.replace("'", "''"), cell)


def col(index: int) -> str:
    """1 → A."""
    return get_column_letter(index)


def set_text(cell: Cell, value: object) -> Cell:
    """Write text a user may have typed so Excel never reads it as a formula or number."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def set_formula(cell: Cell, formula: str) -> Cell:
    if not formula.startswith("="):
        raise ValueError("A formula starts with '='.")
    cell.value = formula
    cell.number_format = NUMBER_FORMAT
    return cell


def amount_to_cell(amount: int, unit: str) -> int | Decimal:
    """Kronor as the number a cell holds in the workbook's unit (see the module docstring)."""
    if unit == TKR:
        value = Decimal(int(amount)) / 1000
        return int(value) if value == value.to_integral_value() else value.normalize()
    return int(amount)


def set_amount(cell: Cell, amount: int, unit: str) -> Cell:
    cell.value = amount_to_cell(amount, unit)
    cell.number_format = NUMBER_FORMAT
    return cell


def cell_to_amount(value: object, unit: str) -> int:
    """The kronor a cell's number stands for; raises CellValueError with a Swedish message.

    Empty cells are 0 (a figure deleted in Excel means nothing budgeted). Text is never guessed
    at, even when it looks like a number, because Excel then did not treat it as one either.
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        raise CellValueError(_("cellen innehåller ett sanningsvärde, inte ett belopp."))
    if isinstance(value, str):
        if not value.strip():
            return 0
        raise CellValueError(text_amount_message(value, unit))
    if not isinstance(value, int | float | Decimal):
        raise CellValueError(_("cellen innehåller inget belopp (till exempel ett datum)."))
    try:
        # repr() of a float is its shortest exact decimal: 196.6, not 196.599999…
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise CellValueError(_("cellen innehåller inget giltigt tal.")) from exc
    if not number.is_finite():
        raise CellValueError(_("cellen innehåller inget giltigt tal."))
    if unit == TKR:
        number *= 1000
    whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    # A sum computed in Excel may carry float noise (…0000001); a real fraction is an error.
    if abs(number - whole) > Decimal("0.001"):
        if unit == TKR:
            raise CellValueError(_("ange hela kronor: högst tre decimaler i en tabell i tkr."))
        raise CellValueError(_("ange hela kronor (inga ören)."))
    if abs(whole) >= Decimal("1e12"):
        raise CellValueError(_("beloppet är orimligt stort."))
    return int(whole)


# Text that is a number to a reader but not to Excel: "1 200", "1 200 kr", "12,5" typed where
# Excel expects 12.5, "1200" in a cell formatted as text.
_NUMBER_LIKE = re.compile(r"^[-−]?\d+(?:[.,]\d+)?$")
_UNIT_WORDS = re.compile(r"(?:tkr|kr|sek|:-)\.?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


def text_amount_message(text: str, unit: str) -> str:
    """Why typed text is no amount, and how to write it (Swedish, without the cell)."""
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:40] + "…"
    digits = _SPACES.sub("", _UNIT_WORDS.sub("", _SPACES.sub(" ", text.strip()).strip()))
    if not _NUMBER_LIKE.match(digits):
        return _("”%(text)s” är text, inte ett tal. Skriv beloppet som ett tal.") % {"text": shown}
    example = digits.replace("−", "-")
    if "," in example or "." in example:
        # a decimal comma is text in an Excel set to English, a point in one set to Swedish
        example = _("%(comma)s (eller %(point)s i ett Excel inställt på engelska)") % {
            "comma": example.replace(".", ","),
            "point": example.replace(",", "."),
        }
    if unit == TKR:
        return _(
            "”%(text)s” är text, inte ett tal, så Excel räknar inte med det. Skriv bara talet i "
            "tkr, till exempel %(example)s, utan mellanslag och utan ”kr”. Är cellen formaterad "
            "som text, ändra formatet till Tal först."
        ) % {"text": shown, "example": example}
    return _(
        "”%(text)s” är text, inte ett tal, så Excel räknar inte med det. Skriv bara siffrorna, "
        "till exempel %(example)s, utan mellanslag och utan ”kr”. Är cellen formaterad som "
        "text, ändra formatet till Tal först."
    ) % {"text": shown, "example": example}


def total_to_amount(value: float | int | Decimal, unit: str) -> int:
    """A computed total as kronor, rounded to the krona (for comparisons only)."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if unit == TKR:
        number *= 1000
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unit_label(unit: str) -> str:
    return "tkr" if unit == TKR else "kr"


def unit_note(unit: str) -> str:
    if unit == TKR:
        return (
            "Belopp i tkr (tusental kronor). Cellerna har exakta värden, till exempel 196,6 för "
            "196 600 kr; visningen avrundas till hela tusental."
        )
    return "Belopp i kronor."


def kr_text(amount: int) -> str:
    """Kronor for a message: '1 966 000 kr'."""
    return f"{group_digits(amount)}\u00a0kr"


__all__ = [
    "KR",
    "TKR",
    "NUMBER_FORMAT",
    "CellValueError",
    "amount_to_cell",
    "cell_to_amount",
    "col",
    "kr_text",
    "safe_sheet_title",
    "set_amount",
    "set_formula",
    "set_text",
    "sheet_ref",
    "text_amount_message",
    "total_to_amount",
    "unit_label",
    "unit_note",
]
