"""The figures of the export's formulas, stored in the file beside the formulas.

openpyxl writes a formula without the value a spreadsheet program would have cached for it.
Excel and LibreOffice recalculate on opening (the file asks them to), but a preview (Outlook,
Quick Look on a Mac or an iPad, a file viewer in the browser) and any program that reads the
cached values show every total, the result and the equity as empty. So the values are worked
out here and written into the file.

Only the small part of the formula language the export writes is understood: numbers,
"" strings, references (also to another sheet, 'Medlemsbidrag'!B5), ranges in SUM, + - * /,
unary minus, comparisons, IF, OR, ROUND and SUM, with Excel's rules (an empty cell is 0 in
arithmetic and "" in a comparison; ROUND rounds half away from zero). A formula it cannot
work out keeps no value, as before, rather than a wrong one.
"""

from __future__ import annotations

import contextlib
import operator
import re
import zipfile
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from functools import partial
from io import BytesIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

Value = Decimal | str | bool | None

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<number>\d+(?:\.\d+)?)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w.]*!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<func>[A-Z]+)\(
  | (?P<op><>|<=|>=|[-+*/(),=<>])
)""",
    re.VERBOSE,
)


class Unsupported(Exception):
    """A formula outside the part of the language this module works out."""


def _tokens(formula: str) -> list[tuple[str, str]]:
    found, pos = [], 0
    text = formula.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise Unsupported(formula)
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        pos = match.end()
    return found


def _number(value: Value) -> Decimal:
    """A value in arithmetic: an empty cell is 0; text, even "", is Excel's #VALUE!."""
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    raise Unsupported(f"text in arithmetic: {value!r}")


def _equal(a: Value, b: Value) -> bool:
    """Excel's =: an empty cell equals "" beside text and 0 beside a number."""
    if a is None:
        a = "" if isinstance(b, str) or b is None else Decimal(0)
    if b is None:
        b = "" if isinstance(a, str) else Decimal(0)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a.lower() == b.lower()
    return _number(a) == _number(b)


Thunk = Callable[[], Value]
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_ORDER = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}


class _Formula:
    """One formula, parsed by recursive descent into thunks and then evaluated, so that IF
    works out only the branch it takes (IF(B5=0,"",A5/B5) must not divide by zero).
    `cell(sheet, coordinate)` gives the values of other cells."""

    def __init__(self, formula: str, sheet: str, cell: Callable[[str, str], Value]) -> None:
        self.tokens = _tokens(formula.removeprefix("="))
        self.pos = 0
        self.sheet = sheet
        self.cell = cell

    def value(self) -> Value:
        thunk = self.comparison()
        if self.pos != len(self.tokens):
            raise Unsupported("trailing tokens")
        return thunk()

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (text is not None and token[1] != text):
            raise Unsupported(f"expected {text}")
        self.pos += 1
        return token

    def comparison(self) -> Thunk:
        left = self.additive()
        token = self.peek()
        if not (token and token[1] in ("=", "<>", "<", ">", "<=", ">=")):
            return left
        op = self.take()[1]
        right = self.additive()

        def compare() -> bool:
            a, b = left(), right()
            if op in ("=", "<>"):
                return _equal(a, b) == (op == "=")
            return _ORDER[op](_number(a), _number(b))

        return compare

    def _binary(self, ops: tuple[str, str], operand: Callable[[], Thunk]) -> Thunk:
        value = operand()
        while (token := self.peek()) and token[1] in ops:
            op = self.take()[1]
            left, right = value, operand()
            value = partial(_arithmetic, op, left, right)
        return value

    def additive(self) -> Thunk:
        return self._binary(("+", "-"), self.term)

    def term(self) -> Thunk:
        return self._binary(("*", "/"), self.unary)

    def unary(self) -> Thunk:
        token = self.peek()
        if token and token[1] in ("-", "+"):
            op = self.take()[1]
            operand = self.unary()
            if op == "-":
                return lambda: -_number(operand())
            return lambda: _number(operand())
        return self.primary()

    def primary(self) -> Thunk:
        kind, text = self.take()
        if kind == "number":
            number = Decimal(text)
            return lambda: number
        if kind == "string":
            string = text[1:-1].replace('""', '"')
            return lambda: string
        if kind == "ref":
            if ":" in text:
                raise Unsupported("a range outside SUM")
            sheet, coordinate = self.split(text)
            return lambda: self.cell(sheet, coordinate)
        if kind == "func":
            return self.function(text)
        if text == "(":
            inner = self.comparison()
            self.take(")")
            return inner
        raise Unsupported(text)

    def split(self, ref: str) -> tuple[str, str]:
        sheet, _, coordinate = ref.rpartition("!")
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        return sheet or self.sheet, coordinate.replace("$", "")

    def arguments(self) -> list[Thunk]:
        """The arguments up to the closing parenthesis; a bare range gives its cells' values."""
        found: list[Thunk] = []
        if self.peek() == ("op", ")"):
            self.take(")")
            return found
        while True:
            token = self.peek()
            following = self.tokens[self.pos + 1] if self.pos + 1 < len(self.tokens) else None
            bare_range = token and token[0] == "ref" and ":" in token[1]
            if bare_range and following in (("op", ","), ("op", ")")):
                self.take()
                found.append(partial(self.cells, *self.split(token[1])))
            else:
                found.append(self.comparison())
            if self.take()[1] == ")":
                return found

    def cells(self, sheet: str, cells: str) -> list[Value]:
        start, end = cells.split(":")
        (c1, r1), (c2, r2) = coordinate_from_string(start), coordinate_from_string(end)
        columns = range(column_index_from_string(c1), column_index_from_string(c2) + 1)
        return [
            self.cell(sheet, f"{get_column_letter(c)}{r}")
            for r in range(r1, r2 + 1)
            for c in columns
        ]

    def function(self, name: str) -> Thunk:
        args = self.arguments()
        if name == "SUM":
            return partial(_sum, args)
        if name == "IF" and len(args) == 3:
            condition, if_true, if_false = args
            return lambda: if_true() if _truthy(condition()) else if_false()
        if name == "OR" and args:
            return lambda: any(_truthy(a()) for a in args)
        if name == "ROUND" and len(args) == 2:
            number, digits = args
            return lambda: _number(number()).quantize(
                Decimal(1).scaleb(-int(_number(digits()))), rounding=ROUND_HALF_UP
            )
        raise Unsupported(name)


def _arithmetic(op: str, left: Thunk, right: Thunk) -> Decimal:
    return _ARITHMETIC[op](_number(left()), _number(right()))


def _sum(args: list[Thunk]) -> Decimal:
    total = Decimal(0)
    for arg in args:
        value = arg()
        if isinstance(value, list):  # a range: SUM skips its text and empty cells
            total += sum((v for v in value if isinstance(v, Decimal)), Decimal(0))
        else:
            total += _number(value)
    return total


def _truthy(value: Value) -> bool:
    if isinstance(value, str):
        raise Unsupported("text as a condition")
    return bool(_number(value))


def formula_values(wb: Workbook) -> dict[tuple[str, str], Value]:
    """The value of every formula cell of `wb` that can be worked out, by (sheet, coordinate)."""
    done: dict[tuple[str, str], Value] = {}
    failed: set[tuple[str, str]] = set()
    busy: set[tuple[str, str]] = set()

    def cell(sheet: str, coordinate: str) -> Value:
        key = (sheet, coordinate)
        if key in done:
            return done[key]
        if key in failed or key in busy or sheet not in wb.sheetnames:
            raise Unsupported(f"{sheet}!{coordinate}")
        raw = wb[sheet][coordinate].value  # (creates an empty cell: the file is written already)
        if isinstance(raw, str) and raw.startswith("="):
            busy.add(key)
            try:
                done[key] = _Formula(raw, sheet, cell).value()
            except (Unsupported, InvalidOperation, DivisionByZero, ZeroDivisionError):
                failed.add(key)
                raise Unsupported(f"{sheet}!{coordinate}") from None
            finally:
                busy.discard(key)
            return done[key]
        if raw is None or isinstance(raw, str | bool):
            return raw
        if isinstance(raw, int | Decimal):
            return Decimal(raw)
        raise Unsupported(f"a {type(raw).__name__} in {sheet}!{coordinate}")

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    # one it cannot work out is left without a value, as before
                    with contextlib.suppress(Unsupported):
                        cell(ws.title, c.coordinate)
    return done


def _xml_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_FORMULA_CELL = re.compile(r'<c r="(?P<ref>[A-Z]+\d+)"(?P<attrs>[^>]*)><f>(?P<f>[^<]*)</f><v\s*/>')


def with_cached_values(xlsx: bytes, wb: Workbook) -> bytes:
    """The file openpyxl wrote from `wb`, with each worked-out formula's value cached in it.

    openpyxl writes the sheets as xl/worksheets/sheet1.xml, sheet2.xml … in workbook order,
    and a formula cell as `<c r="B5" s="3"><f>…</f><v/></c>`.
    """
    values = formula_values(wb)
    source = zipfile.ZipFile(BytesIO(xlsx))
    out = BytesIO()
    parts = {f"xl/worksheets/sheet{n}.xml": ws.title for n, ws in enumerate(wb.worksheets, 1)}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            sheet = parts.get(item.filename)
            if sheet is not None:
                data = _fill(data.decode("utf-8"), sheet, values).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _fill(xml: str, sheet: str, values: dict[tuple[str, str], Value]) -> str:
    def cached(match: re.Match) -> str:
        key = (sheet, match["ref"])
        if key not in values:
            return match[0]
        value = values[key]
        attrs = re.sub(r'\s+t="[^"]*"', "", match["attrs"])
        if isinstance(value, bool):
            kind, text = ' t="b"', "1" if value else "0"
        elif isinstance(value, Decimal):
            kind, text = "", _xml_number(value)
        else:
            kind, text = ' t="str"', _xml_escape(value or "")
        return f'<c r="{match["ref"]}"{attrs}{kind}><f>{match["f"]}</f><v>{text}</v>'

    return _FORMULA_CELL.sub(cached, xml)
