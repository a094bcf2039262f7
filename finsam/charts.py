"""Server-rendered SVG charts shared by web pages, the PDF and anything else that shows figures.

Each function returns a Chart: the SVG markup (with <title>/<desc> so screen readers and the
tagged PDF get a text alternative) and the same figures as a table, so every chart can be read
as data too. Values are whole kronor (or counts/percent); geometry is float, money never is.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .money import KR, format_money, group_digits

FONT = "Inter, 'DejaVu Sans', sans-serif"
# Colour-blind-safe palette (Okabe-Ito, darkened), each ≥ 3:1 against white for graphics.
PALETTE = ["#0b5394", "#b35806", "#1b7837", "#762a83", "#8c510a", "#01665e", "#a50026", "#4d4d4d"]
TEXT = "#1b1f24"
GRID = "#c9d0d7"


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
        f'aria-labelledby="t-{uid} d-{uid}" font-family="{FONT}" font-size="12">',
        f'<title id="t-{uid}">{escape(title)}</title>',
        f'<desc id="d-{uid}">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every user string above is escaped


def bar_chart(
    *, title: str, items: Sequence[tuple[str, int]], unit: str = KR, value_header: str = "Belopp"
) -> Chart:
    """Horizontal bars, one per item (e.g. who pays what), each labelled with its value."""
    label_w, bar_w, row_h, pad = 190, 330, 26, 8
    width = label_w + bar_w + 110
    height = pad * 2 + row_h * max(len(items), 1)
    top = _nice_max(max((abs(v) for _, v in items), default=0))
    body = []
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        w = bar_w * abs(value) / top if top else 0
        body.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}">'
            f"{escape(label[:32])}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" fill="{TEXT}">'
            f"{escape(_fmt(value, unit))}</text>"
        )
    desc = "; ".join(f"{label}: {_fmt(v, unit)}" for label, v in items)
    unit_label = f" ({unit})" if unit in ("kr", "tkr") else ""
    table = ChartTable(
        caption=title,
        headers=["", f"{value_header}{unit_label}"],
        rows=[[label, _fmt(v, unit)] for label, v in items],
    )
    return Chart(title, _svg(width, height, title, desc, body), table, desc)


def grouped_bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    unit: str = KR,
) -> Chart:
    """Vertical bars grouped per category (e.g. costs by group per year)."""
    width, height = 640, 300
    left, right, top_pad, bottom = 80, 16, 16, 60
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [abs(v) for _, vs in series for v in vs if v is not None]
    top = _axis_max(max(values, default=0))
    body = _y_axis(left, top_pad, plot_w, plot_h, top, unit)
    n_cat, n_ser = max(len(categories), 1), max(len(series), 1)
    group_w = plot_w / n_cat
    bar_w = min(40.0, group_w * 0.8 / n_ser)
    for c, cat in enumerate(categories):
        gx = left + c * group_w + (group_w - bar_w * n_ser) / 2
        for s, (_name, vs) in enumerate(series):
            v = vs[c] if c < len(vs) else None
            h = plot_h * abs(v or 0) / top if top else 0
            body.append(
                f'<rect x="{gx + s * bar_w:.1f}" y="{top_pad + plot_h - h:.1f}" '
                f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
        body.append(
            f'<text x="{left + c * group_w + group_w / 2:.1f}" y="{top_pad + plot_h + 16}" '
            f'text-anchor="middle" fill="{TEXT}">{escape(cat)}</text>'
        )
    body += _legend(series, top_pad + plot_h + 32, left)
    return _series_chart(title, categories, series, unit, width, height, body)


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    unit: str = KR,
) -> Chart:
    """Lines over categories (e.g. equity against its bound over the three years)."""
    width, height = 640, 300
    left, right, top_pad, bottom = 80, 16, 16, 60
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    top = _axis_max(max((abs(v) for v in values), default=0))
    body = _y_axis(left, top_pad, plot_w, plot_h, top, unit)
    n = max(len(categories), 1)
    step = plot_w / n

    def xy(i: int, v: int) -> tuple[float, float]:
        return left + step * i + step / 2, top_pad + plot_h - plot_h * max(v, 0) / top

    dashes = ["", ' stroke-dasharray="6 4"', ' stroke-dasharray="2 3"']
    for s, (_name, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        pts = [xy(i, v) for i, v in enumerate(vs) if v is not None]
        if len(pts) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"'
                f"{dashes[s % len(dashes)]}/>"
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in pts]
    for i, cat in enumerate(categories):
        body.append(
            f'<text x="{left + step * i + step / 2:.1f}" y="{top_pad + plot_h + 16}" '
            f'text-anchor="middle" fill="{TEXT}">{escape(cat)}</text>'
        )
    body += _legend(series, top_pad + plot_h + 32, left)
    return _series_chart(title, categories, series, unit, width, height, body)


def _y_axis(left: int, top: int, plot_w: int, plot_h: int, vmax: float, unit: str) -> list[str]:
    out = []
    for i in range(5):
        value = vmax * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_fmt(round(value), unit))}</text>"
        )
    return out


def _legend(series: Sequence[tuple[str, Sequence]], y: int, left: int) -> list[str]:
    out, x = [], left
    for s, (name, _vs) in enumerate(series):
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 16}" y="{y + 10}" fill="{TEXT}">{escape(name[:28])}</text>'
        )
        x += 24 + 7 * min(len(name), 28)
    return out


def _series_chart(title, categories, series, unit, width, height, body) -> Chart:
    desc = ". ".join(
        f"{name}: "
        + ", ".join(f"{c} {_fmt(v, unit)}" for c, v in zip(categories, vs, strict=False))
        for name, vs in series
    )
    unit_label = f" ({unit})" if unit in ("kr", "tkr") else ""
    table = ChartTable(
        caption=f"{title}{unit_label}",
        headers=["", *categories],
        rows=[[name, *[_fmt(v, unit) for v in vs]] for name, vs in series],
    )
    legend = [(PALETTE[s % len(PALETTE)], name) for s, (name, _) in enumerate(series)]
    return Chart(title, _svg(width, height, title, desc, body), table, desc, legend)
