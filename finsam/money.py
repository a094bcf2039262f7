"""Swedish money: parsing what people type and formatting what the tables show.

Amounts are whole kronor (int). The display unit is "kr" or "tkr"; tkr shows thousands
rounded half away from zero, and input typed in a tkr table is multiplied by 1 000.
A form field never rounds: `format_money_input` shows the stored kronor exactly in the unit
("7 777,777" tkr), so saving a form again changes nothing. A table column in tkr is rounded
with `round_parts`, so its rows add up to the total it prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

KR = "kr"
TKR = "tkr"
UNITS = (KR, TKR)
NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign, not a hyphen
FULLWIDTH_PLUS = "\uff0b"  # "＋", as some keyboards and pasted text give it

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")
_THOUSANDS_MARK = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")  # "1.500": a thousands separator?


class MoneyParseError(ValueError):
    """Raised with a Swedish message when typed money cannot be read."""


# A unit typed after the figure, and how many kronor one of it is.
_TYPED_UNIT = re.compile(r"(?i)\s*(mkr|msek|tkr|tsek|kr|sek|:-)\s*$")
_UNIT_KRONOR = {"mkr": 1_000_000, "msek": 1_000_000, "tkr": 1000, "tsek": 1000}


def _signs_as_ascii(text: str) -> str:
    return text.replace(MINUS, "-").replace("\u2013", "-").replace(FULLWIDTH_PLUS, "+")


def typed_with_plus(text: str | None) -> bool:
    """Whether a figure was typed with an explicit plus sign ("+2 450", "＋ 2,45").

    parse_money reads "+2 450" as 2 450 like "2 450"; where a sign means something (a cost
    reduction where costs are shown negative, budgets.calc.stored_amount) the caller asks this.
    """
    return _signs_as_ascii(str(text or "").strip()).startswith("+")


def parse_money(text: str, *, unit: str = KR) -> int:
    """Read "1 966 000", "1966000", "-50", "−1 385 948 kr" or "4,2" (tkr) as whole kronor.

    In a tkr table the figure is thousands: "4 198" means 4 198 000 kr and "4,2" 4 200 kr. A
    unit typed after the figure wins over the table's: "1 500 tkr" in a kr table is 1 500 000
    kr and "250 kr" in a tkr table 250 kr (taking the table's unit there put the figure a
    thousand times off without a word).
    """
    if text is None:
        raise MoneyParseError(_("Ange ett belopp."))
    raw = _signs_as_ascii(str(text).strip())
    typed = _TYPED_UNIT.search(raw)
    factor = 1000 if unit == TKR else 1
    if typed:
        factor = _UNIT_KRONOR.get(typed[1].lower(), 1)
        raw = raw[: typed.start()]
    raw = _SPACES.sub("", raw)
    if not raw:
        raise MoneyParseError(_("Ange ett belopp."))
    # The example is in the table's unit: "1 966 000" typed into a tkr table is two billion kr.
    example = "1 966" if unit == TKR else "1 966 000"
    if raw.count(",") + raw.count(".") > 1 or not _NUMBER.match(raw):
        raise MoneyParseError(
            _("”%(text)s” är inte ett belopp. Skriv till exempel %(example)s.")
            % {"text": text, "example": example}
        )
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise MoneyParseError(_("”%(text)s” är inte ett belopp.") % {"text": text}) from exc
    value *= factor
    if value != value.to_integral_value():
        if factor == 1 and _THOUSANDS_MARK.fullmatch(raw):
            # "1.500" is 1 500 written the English or German way, or 1,5: say which we read.
            raise MoneyParseError(
                _(
                    "”%(text)s” läses som %(decimal)s kr. Menar du %(whole)s kr? Skriv "
                    "tusental med mellanslag: %(whole)s."
                )
                % {
                    "text": text,
                    "decimal": format(value.normalize(), "f").replace(".", ",").replace("-", MINUS),
                    "whole": format_money(int(raw.replace(".", "").replace(",", ""))),
                }
            )
        raise MoneyParseError(
            _("Ange beloppet i tkr med högst tre decimaler (hela kronor).")
            if factor == 1000
            else _("Ange hela kronor (inga ören).")
        )
    if abs(value) >= Decimal("1e12"):
        raise MoneyParseError(_("Beloppet är orimligt stort."))
    return int(value)


def to_unit(amount: int | Decimal, unit: str) -> int:
    """Whole kronor expressed in the display unit (tkr rounds half away from zero)."""
    if unit == TKR:
        return int((Decimal(amount) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return int(amount)


def legible_unit(unit: str, *amounts: int) -> str:
    """The unit a text can give `amounts` in without rounding hiding what it says.

    In tkr, −300 kr prints "0 tkr" and an equity 1 kr over its bound prints the same figure as
    the bound: such figures are given in kronor.
    """
    if unit != TKR:
        return unit
    shown = [to_unit(a, TKR) for a in amounts]
    if any(a and not s for a, s in zip(amounts, shown, strict=True)):
        return KR
    if len(set(amounts)) != len(set(shown)):
        return KR
    return unit


def round_to_unit(amount: int, unit: str) -> int:
    """Kronor rounded to what one figure shows in the unit, still in kronor (tkr: 1 000s)."""
    return to_unit(amount, unit) * 1000 if unit == TKR else int(amount)


def round_parts(
    parts: Sequence[int | None], unit: str, *, total: int | None = None
) -> list[int | None]:
    """The parts of a sum as a table in `unit` shows them, adding up to the total it prints.

    Rounding each figure of a tkr column on its own can print rows that add up to 7 780 under
    a total of 7 778 (DESIGN §3.6: every sum shown must add up). So a column is rounded as a
    whole, by largest remainder: every part is first rounded down to whole thousands, then the
    thousands still missing to reach `total` go, one each, to the parts with the largest
    remainders (ties: the larger part, then the earlier one). `total` is the sum as shown, in
    kronor and a whole number of thousands; by default the exact sum rounded like one figure.
    When it is that (or the exact sum rounded the other way), each part is its exact value
    rounded down or up, never a thousand or more off. Blank parts stay blank and take nothing.
    In kr nothing is rounded and the parts come back as they are. Returns kronor, so the result
    formats with format_money like any amount.
    """
    if unit != TKR:
        return list(parts)
    exact = sum(p for p in parts if p is not None)
    target = round_to_unit(exact, unit) if total is None else total
    if target % 1000:
        raise ValueError("round_parts: the shown total must be whole thousands.")
    floors: list[int | None] = [None if p is None else p // 1000 for p in parts]
    remainders = {i: p % 1000 for i, p in enumerate(parts) if p is not None}
    missing = target // 1000 - sum(f for f in floors if f is not None)
    if not remainders:
        if missing:
            raise ValueError("round_parts: a total without any part to hold it.")
        return [None] * len(parts)
    # Most deserving first: the largest remainder, then the larger part, then the earlier one.
    order = sorted(remainders, key=lambda i: (-remainders[i], -abs(parts[i] or 0), i))
    step = 1 if missing >= 0 else -1
    if step < 0:  # a total below the floors (only when a caller forces one): take back
        order.reverse()
    for n in range(abs(missing)):
        i = order[n % len(order)]
        floors[i] = (floors[i] or 0) + step
    return [None if f is None else f * 1000 for f in floors]


def format_money_input(amount: int | Decimal | None, unit: str = KR) -> str:
    """Stored kronor as a form field shows them in the plan's unit, exactly, never rounded.

    In tkr 7 777 777 kr is "7 777,777" and 312 500 kr "312,5"; whole thousands keep no
    decimals ("4 198"). parse_money reads the text back to the same kronor, so a form saved
    again without a change keeps every krona. Tables round (format_money); inputs do not.
    """
    if amount is None:
        return ""
    if unit != TKR:
        return group_digits(int(amount))
    thousands, kronor = divmod(abs(int(amount)), 1000)
    sign = MINUS if int(amount) < 0 else ""
    text = group_digits(thousands)
    if kronor:
        text += "," + f"{kronor:03d}".rstrip("0")
    return sign + text


def group_digits(n: int) -> str:
    """12345678 → '12 345 678' with non-breaking spaces and a real minus sign."""
    sign = MINUS if n < 0 else ""
    digits = f"{abs(n):,}".replace(",", NBSP)
    return sign + digits


def format_money(amount: int | Decimal | None, unit: str = KR, *, suffix: bool = False) -> str:
    """Format kronor for a table cell in the plan's unit. None formats as an empty string."""
    if amount is None:
        return ""
    text = group_digits(to_unit(amount, unit))
    return f"{text}{NBSP}{unit}" if suffix else text


def format_percent(value: Decimal | float | None, decimals: int = 1) -> str:
    """Decimal percent with a comma: Decimal('31.25') → '31,3 %'."""
    if value is None:
        return "–"
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    text = f"{abs(d):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"{MINUS if d < 0 else ''}{text}{NBSP}%"
