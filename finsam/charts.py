"""Server-rendered SVG charts shared by web pages, the PDF and anything else that shows figures.

Each function returns a Chart: the SVG markup (with <title>/<desc> so screen readers and the
tagged PDF get a text alternative: what kind of chart it is and every figure it draws, in words)
and the same figures as a table, so every chart can be read as data too. Values are whole kronor
(or counts/percent); geometry is float, money never is. A chart whose values are all zero or
missing is `empty`: it draws nothing worth showing, and the PDF leaves it out.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .money import KR, format_money, group_digits

FONT = "Inter, 'DejaVu Sans', sans-serif"
# Colour-blind-safe palette (Okabe-Ito, darkened), each ≥ 3:1 against white for graphics.
PALETTE = ["#0b5394", "#b35806", "#1b7837", "#762a83", "#8c510a", "#01665e", "#a50026", "#4d4d4d"]
TEXT = "#1b1f24"
GRID = "#c9d0d7"
FONT_SIZE = 12  # user units; the charts are drawn at 1:1 on screen and in the PDF, so 12 px
LINE_H = 15  # baseline to baseline of wrapped labels
ELLIPSIS = "…"
_XML_SPACE = re.compile(r"[ \t\r\n]+")

# Advance widths in fortieths of an em, the wider of Inter Regular (bundled) and DejaVu Sans (its
# fallback) for each character, rounded up: a label measured here fits in either font. Made with
# fontTools from static/fonts/Inter-Regular.otf and DejaVuSans.ttf; other characters count 1 em.
_WIDTHS_40 = {
    8: "\u202f",
    11: "'",
    12: "IijlÌÍÎÏìíîï",
    13: " ,.\u00a0·‘’",
    14: ":;|¦",
    15: "/\\f",
    16: "()[]t",
    17: "!r¡²¹",
    18: "³",
    19: '"-ª\u00adº',
    20: "*_`¯°´¸–",
    21: "s“”",
    22: "?Jz¿",
    23: "Lc§ç",
    24: "Fkvxy¨ýÿ•",
    25: "aeo«»àáâãäåèéêëðòóôõöø",
    26: "$0123456789EPSTbdghnpqu{}¢£¥µ¶ÈÉÊËÞßñùúûüþ",
    27: "KYÝ€",
    28: "ABRVXZÀÁÂÃÄÅ",
    29: "¤",
    30: "CUÇÙÚÛÜ",
    31: "DGHNÐÑ",
    32: "&OQÒÓÔÕÖØ",
    33: "w",
    34: "#+<=>^~¬±×÷−",
    36: "M",
    39: "%m¼½¾",
    40: "@W©®Ææ—…",
}
_WIDTH = {ch: w / 40 for w, chars in _WIDTHS_40.items() for ch in chars}


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of text in user units, never less than it takes in Inter or DejaVu Sans."""
    return size * sum(_WIDTH.get(ch, 1.0) for ch in text)


def _ellipsize(text: str, max_width: float) -> str:
    """text, or as much of it as fits in max_width followed by "…"."""
    if text_width(text) <= max_width:
        return text
    cut = text
    while cut and text_width(cut.rstrip() + ELLIPSIS) > max_width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def _wrap(text: str, max_width: float, max_lines: int) -> list[str]:
    """text broken between words into at most max_lines lines no wider than max_width; a word
    wider than a line, or text that needs more lines, is cut with "…" (the whole text is always
    in the chart's description and table)."""
    lines: list[str] = []
    words = text.split()
    while words:
        if len(lines) == max_lines - 1:
            lines.append(_ellipsize(" ".join(words), max_width))
            break
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}") <= max_width:
            line += " " + words.pop(0)
        lines.append(_ellipsize(line, max_width))
    return lines or [""]


@dataclass(frozen=True)
class ChartTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]  # first cell is the row label, the rest are formatted figures


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    table: ChartTable
    description: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, name)
    empty: bool = False  # every value zero or missing: nothing to see

    @property
    def alt(self) -> str:
        """The text alternative: the title, then the description (kind of chart and figures).

        What the SVG's aria-labelledby names on a web page, and the tagged PDF's /Alt
        (plans.pdf.tagging builds it from the same <title> and <desc>).
        """
        return alt_text(self.title, self.description)


def alt_text(*parts: str) -> str:
    """Parts joined as sentences: each ends with a full stop unless it already has a stop.

    Only XML white space is collapsed: the no-break spaces inside figures ("1 966 000") stay.
    """
    sentences = [_XML_SPACE.sub(" ", str(p)).strip(" ") for p in parts]
    return " ".join(s if s.endswith((".", "!", "?")) else f"{s}." for s in sentences if s)


def _unit_sentence(unit: str) -> str:
    """'Belopp i kr' for a money chart (its figures are printed without the unit), else ''."""
    return gettext("Belopp i %(unit)s") % {"unit": unit} if unit in ("kr", "tkr") else ""


def _all_zero(values: Sequence[int | float | None]) -> bool:
    return not any(values)


def _fmt(value: int | float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit in ("kr", "tkr"):
        return format_money(int(value), unit)
    if unit == "%":
        return f"{value:.0f} %".replace(".", ",")
    return group_digits(int(value))


def _nice_max(value: float) -> float:
    """A round axis maximum ≥ value (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    exp = len(str(int(value))) - 1
    base = 10**exp
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * base:
            return step * base
    return 10 * base  # pragma: no cover


def _axis_max(value: float) -> float:
    """The top of a y axis with four equal, whole, round steps (4 × 1, 2, 2.5 or 5 × 10^n).

    _nice_max alone gave a 0–1 axis for a chart of zeros (a new plan's costs) and a 0–5 axis
    for small values, whose quarter steps were labelled 0, 0, 0, 1, 1 or 0, 1, 2, 4, 5.
    """
    quarter = max(math.ceil(value / 4), 1)
    base = 10 ** (len(str(quarter)) - 1)
    # 5 * base // 2 is 2.5 × 10^n (whole from 25 up; for base 1 it repeats the step 2).
    for step in (base, 2 * base, 5 * base // 2, 5 * base, 10 * base):
        if quarter <= step:
            return float(4 * step)
    return float(40 * base)  # pragma: no cover


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    uid = uuid.uuid4().hex[:8]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="t-{uid} d-{uid}" font-family="{FONT}" font-size="{FONT_SIZE}">',
        f'<title id="t-{uid}">{escape(title)}</title>',
        f'<desc id="d-{uid}">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every user string above is escaped


def bar_chart(
    *, title: str, items: Sequence[tuple[str, int]], unit: str = KR, value_header: str = "Belopp"
) -> Chart:
    """Horizontal bars, one per item (e.g. who pays what), each labelled with its value.

    The label column is as wide as the longest label needs, up to a third of the chart; longer
    labels wrap onto up to three lines (the rows grow with them) and end with "…" beyond that.
    """
    width, pad, bar_h, min_row_h, max_lines = 640, 6, 18, 26, 3
    values = [_fmt(v, unit) for _, v in items]
    value_w = max((text_width(v) for v in values), default=0) + 6 + pad
    widest = max((text_width(label) for label, _ in items), default=0)
    label_w = min(max(widest, 80), 220)  # the labels' text column, right-aligned
    bar_x = pad + label_w + 8
    bar_w = width - bar_x - value_w
    top = _nice_max(max((abs(v) for _, v in items), default=0))
    body, y = [], pad
    for (label, value), shown in zip(items, values, strict=True):
        lines = _wrap(label, label_w, max_lines)
        row_h = max(min_row_h, len(lines) * LINE_H + 8)
        mid = y + row_h / 2
        first = mid + 4 - (len(lines) - 1) * LINE_H / 2
        body += [
            f'<text class="label" x="{bar_x - 8}" y="{first + i * LINE_H:.1f}" '
            f'text-anchor="end" fill="{TEXT}">{escape(line)}</text>'
            for i, line in enumerate(lines)
        ]
        w = bar_w * abs(value) / top if top else 0
        body.append(
            f'<rect x="{bar_x}" y="{mid - bar_h / 2:.1f}" width="{w:.1f}" height="{bar_h}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text class="value" x="{bar_x + w + 6:.1f}" y="{mid + 4:.1f}" fill="{TEXT}">'
            f"{escape(shown)}</text>"
        )
        y += row_h
    height = round(y + pad) if items else pad * 2 + min_row_h
    figures = "; ".join(f"{label}: {_fmt(v, unit)}" for label, v in items)
    desc = alt_text(gettext("Stapeldiagram"), _unit_sentence(unit), figures)
    unit_label = f" ({unit})" if unit in ("kr", "tkr") else ""
    table = ChartTable(
        caption=title,
        headers=["", f"{value_header}{unit_label}"],
        rows=[[label, _fmt(v, unit)] for label, v in items],
    )
    empty = _all_zero([v for _, v in items])
    return Chart(title, _svg(width, height, title, desc, body), table, desc, empty=empty)


def grouped_bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    unit: str = KR,
) -> Chart:
    """Vertical bars grouped per category (e.g. costs by group per year)."""
    values = [abs(v) for _, vs in series for v in vs if v is not None]
    frame = _Frame.for_axis(_axis_max(max(values, default=0)), unit, categories)
    body = frame.y_axis()
    n_ser = max(len(series), 1)
    group_w = frame.step
    bar_w = min(40.0, group_w * 0.8 / n_ser)
    for c, _cat in enumerate(categories):
        gx = frame.left + c * group_w + (group_w - bar_w * n_ser) / 2
        for s, (_name, vs) in enumerate(series):
            v = vs[c] if c < len(vs) else None
            h = frame.plot_h * abs(v or 0) / frame.vmax
            body.append(
                f'<rect x="{gx + s * bar_w:.1f}" y="{frame.bottom - h:.1f}" '
                f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
    body += frame.categories()
    legend, height = frame.legend([name for name, _ in series], lines=False)
    return _series_chart(
        gettext("Stapeldiagram"),
        title,
        categories,
        series,
        unit,
        frame.width,
        height,
        body + legend,
    )


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    unit: str = KR,
) -> Chart:
    """Lines over categories (e.g. equity against its bound over the three years)."""
    values = [v for _, vs in series for v in vs if v is not None]
    frame = _Frame.for_axis(_axis_max(max((abs(v) for v in values), default=0)), unit, categories)
    body = frame.y_axis()

    def xy(i: int, v: int) -> tuple[float, float]:
        return frame.centre(i), frame.bottom - frame.plot_h * max(v, 0) / frame.vmax

    for s, (_name, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        pts = [xy(i, v) for i, v in enumerate(vs) if v is not None]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"'
                f"{_DASHES[s % len(_DASHES)]}/>"
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in pts]
    body += frame.categories()
    legend, height = frame.legend([name for name, _ in series], lines=True)
    return _series_chart(
        gettext("Linjediagram"), title, categories, series, unit, frame.width, height, body + legend
    )


_DASHES = ["", ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"']


@dataclass(frozen=True)
class _Frame:
    """The plot area of a chart with a y axis and categories along x, and the rows below it
    (category labels, then the legend), laid out so that all text stays inside the width."""

    vmax: float
    unit: str
    labels: tuple[str, ...]
    left: float
    width: int = 640
    right: int = 16
    top: int = 16
    plot_h: int = 224
    pad: int = 8

    @classmethod
    def for_axis(cls, vmax: float, unit: str, categories: Sequence[str]) -> _Frame:
        ticks = [_fmt(round(vmax * i / 4), unit) for i in range(5)]
        # room for the widest tick label left of the axis (80 fits "8 000 000")
        left = max(80, math.ceil(max(text_width(t) for t in ticks)) + 6 + 6)
        return cls(vmax=vmax or 1.0, unit=unit, labels=tuple(categories), left=left)

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def bottom(self) -> float:
        return self.top + self.plot_h

    @property
    def step(self) -> float:
        return self.plot_w / max(len(self.labels), 1)

    def centre(self, i: int) -> float:
        return self.left + self.step * i + self.step / 2

    def y_axis(self) -> list[str]:
        out = []
        for i in range(5):
            y = self.bottom - self.plot_h * i / 4
            out.append(
                f'<line x1="{self.left}" x2="{self.left + self.plot_w}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{GRID}"/>'
                f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
                f"{escape(_fmt(round(self.vmax * i / 4), self.unit))}</text>"
            )
        return out

    def _category_lines(self) -> list[list[str]]:
        # each label wraps within its own column so neighbours never run into each other
        return [_wrap(cat, self.step - 6, 2) for cat in self.labels]

    def categories(self) -> list[str]:
        return [
            f'<text class="category" x="{self.centre(i):.1f}" '
            f'y="{self.bottom + 16 + k * LINE_H}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(line)}</text>"
            for i, lines in enumerate(self._category_lines())
            for k, line in enumerate(lines)
        ]

    def legend(self, names: Sequence[str], *, lines: bool) -> tuple[list[str], int]:
        """Legend entries flowed into rows from the plot's left edge to the chart's right edge;
        an entry wider than a whole row ends with "…". Returns the markup and the chart height."""
        n_lines = max((len(ls) for ls in self._category_lines()), default=1)
        y0 = self.bottom + 16 + (n_lines - 1) * LINE_H + 16
        row_h, gap = 18, 16
        x_start, x_end = self.left, self.width - self.pad
        key_w = 24 if lines else 12  # a line sample (with the series' dash) or a swatch
        out, x, row = [], x_start, 0
        for s, name in enumerate(names):
            shown = _ellipsize(name, x_end - x_start - key_w - 4)
            entry_w = key_w + 4 + text_width(shown)
            if x > x_start and x + entry_w > x_end:
                x, row = x_start, row + 1
            y = y0 + row * row_h
            colour = PALETTE[s % len(PALETTE)]
            if lines:
                out.append(
                    f'<line x1="{x:.1f}" x2="{x + key_w:.1f}" y1="{y + 6}" y2="{y + 6}" '
                    f'stroke="{colour}" stroke-width="3"{_DASHES[s % len(_DASHES)]}/>'
                )
            else:
                out.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
            out.append(
                f'<text class="legend" x="{x + key_w + 4:.1f}" y="{y + 10}" fill="{TEXT}">'
                f"{escape(shown)}</text>"
            )
            x += entry_w + gap
        height = y0 + (row + 1) * row_h - 6 + 16
        return out, height


def _series_chart(kind, title, categories, series, unit, width, height, body) -> Chart:
    desc = alt_text(
        kind,
        _unit_sentence(unit),
        *(
            f"{name}: "
            + ", ".join(f"{c} {_fmt(v, unit)}" for c, v in zip(categories, vs, strict=False))
            for name, vs in series
        ),
    )
    unit_label = f" ({unit})" if unit in ("kr", "tkr") else ""
    table = ChartTable(
        caption=f"{title}{unit_label}",
        headers=["", *categories],
        rows=[[name, *[_fmt(v, unit) for v in vs]] for name, vs in series],
    )
    legend = [(PALETTE[s % len(PALETTE)], name) for s, (name, _) in enumerate(series)]
    empty = _all_zero([v for _, vs in series for v in vs])
    return Chart(title, _svg(width, height, title, desc, body), table, desc, legend, empty)
