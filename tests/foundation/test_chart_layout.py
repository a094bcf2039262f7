"""Chart text stays inside the chart: legends wrap, long labels wrap or end with "…", nothing is
drawn left of x=0 or right of the viewBox.

Text is measured with the real fonts' advance widths (the bundled Inter and the DejaVu Sans
fallback, the wider of the two per character), independently of the estimate charts.py uses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings

from finsam.charts import bar_chart, grouped_bar_chart, line_chart, text_width

ttLib = pytest.importorskip("fontTools.ttLib")

SVG = "{http://www.w3.org/2000/svg}"
FONTS = [
    Path(settings.BASE_DIR) / "static" / "fonts" / "Inter-Regular.otf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
]
COST_GROUPS = [
    ("Administration och kansli", [2709037, 2691769, 2737751]),
    ("Individinriktade insatser", [6152867, 4710231, 4664249]),
    ("Strukturinriktade insatser", [250000, 250000, 250000]),
    ("Reserverade medel", [400000, 500000, 500000]),
]
LONG_NAME = "Överkalix kommun med en mycket lång tilläggsbenämning"
YEARS = ["Budget 2025", "Prognos 2026", "Prognos 2027"]


@cache
def _fonts() -> list:
    return [ttLib.TTFont(p) for p in FONTS if p.exists()]


def _measured(text: str, size: float = 12) -> float:
    """The advance width of text in the wider of the chart's two fonts."""
    widths = []
    for font in _fonts():
        cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        notdef = hmtx[".notdef"][0]
        widths.append(
            sum(hmtx[cmap[ord(c)]][0] if ord(c) in cmap else notdef for c in text) * size / upm
        )
    return max(widths)


def _root(chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def _viewbox(root) -> tuple[float, float]:
    _x, _y, w, h = (float(v) for v in root.get("viewBox").split())
    return w, h


def _extent(el) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of one <text>, from its anchor and the measured width."""
    size = float(el.get("font-size", 12))
    x, y, w = float(el.get("x")), float(el.get("y")), _measured(el.text or "", size)
    left = {"end": x - w, "middle": x - w / 2}.get(el.get("text-anchor"), x)
    return left, left + w, y - 0.95 * size, y + 0.25 * size


def _texts(root) -> list:
    return list(root.iter(f"{SVG}text"))


def _assert_all_text_inside(chart) -> None:
    root = _root(chart)
    width, height = _viewbox(root)
    for el in _texts(root):
        left, right, top, bottom = _extent(el)
        assert left >= 0, f"{el.text!r} starts at x={left:.1f}, outside the chart"
        assert right <= width, f"{el.text!r} ends at x={right:.1f}, beyond the width {width}"
        assert top >= 0 and bottom <= height, f"{el.text!r} is outside the height {height}"


def _legend_texts(root) -> list:
    """Legend entries are the texts next to a swatch (class "legend")."""
    return [el for el in _texts(root) if el.get("class") == "legend"]


@pytest.mark.parametrize("chart", [grouped_bar_chart, line_chart])
def test_every_cost_group_has_its_legend_entry_inside_the_chart(chart):
    drawn = chart(title="Kostnader per grupp och år", categories=YEARS, series=COST_GROUPS)
    _assert_all_text_inside(drawn)
    names = [el.text for el in _legend_texts(_root(drawn))]
    assert names == [name for name, _ in COST_GROUPS]  # every entry, none shortened


def test_the_legend_wraps_onto_more_rows_when_the_entries_are_many_and_long():
    series = [
        (f"Kostnadsgrupp nummer {i} med en längre benämning", [i, 2 * i, 3 * i]) for i in range(9)
    ]
    drawn = grouped_bar_chart(title="t", categories=YEARS, series=series)
    _assert_all_text_inside(drawn)
    root = _root(drawn)
    rows = {el.get("y") for el in _legend_texts(root)}
    assert len(rows) > 1
    assert len(_legend_texts(root)) == len(series)


def test_a_legend_name_wider_than_the_chart_ends_with_an_ellipsis_and_stays_in_the_table():
    name = "Ett namn " * 20
    drawn = line_chart(title="t", categories=YEARS, series=[(name, [1, 2, 3])])
    _assert_all_text_inside(drawn)
    (entry,) = _legend_texts(_root(drawn))
    assert entry.text.endswith("…") and name.startswith(entry.text[:-1].rstrip())
    assert drawn.table.rows[0][0] == name and name in drawn.description


def test_many_category_labels_do_not_run_into_each_other():
    cats = [f"Indikator {i} lång" for i in range(12)]
    drawn = grouped_bar_chart(
        title="t", categories=cats, series=[("Mål", list(range(12))), ("Utfall", list(range(12)))]
    )
    _assert_all_text_inside(drawn)
    root = _root(drawn)
    width, _ = _viewbox(root)
    axis = sorted(
        (_extent(el) for el in _texts(root) if el.get("class") == "category"), key=lambda e: e[2]
    )
    by_line: dict[float, list] = {}
    for ext in axis:
        by_line.setdefault(ext[2], []).append(ext)
    for line in by_line.values():
        line.sort()
        assert all(a[1] <= b[0] for a, b in zip(line, line[1:], strict=False))


def test_a_long_member_name_wraps_inside_the_label_column_and_is_whole_in_the_table():
    drawn = bar_chart(
        title="Medlemsbidrag 2025 per medlem",
        items=[("FK/AF", 3826000), ("Nacka kommun", 1341013), (LONG_NAME, 571987)],
    )
    _assert_all_text_inside(drawn)
    root = _root(drawn)
    lines = [el.text for el in _texts(root) if el.get("class") == "label"]
    assert lines[:2] == ["FK/AF", "Nacka kommun"]
    rest = lines[2:]
    assert len(rest) > 1  # wrapped, not cut at 32 characters
    assert " ".join(rest).removesuffix("…") in LONG_NAME
    assert " ".join(rest) == LONG_NAME or rest[-1].endswith("…")
    assert drawn.table.rows[2][0] == LONG_NAME and LONG_NAME in drawn.description


def test_a_label_too_long_for_its_lines_ends_with_an_ellipsis_and_starts_inside():
    name = "Samordningsförbundet " * 12
    drawn = bar_chart(title="t", items=[(name, 100), ("Kort", 50)])
    _assert_all_text_inside(drawn)
    lines = [el.text for el in _texts(_root(drawn)) if el.get("class") == "label"]
    assert lines[-1] == "Kort" and lines[-2].endswith("…")
    assert drawn.table.rows[0][0] == name


def test_a_single_word_longer_than_the_column_is_cut_with_an_ellipsis():
    word = "Arbetsmarknadsförvaltningensutvecklingsenhetsuppföljningsgrupp" * 2
    drawn = bar_chart(title="t", items=[(word, 100)])
    _assert_all_text_inside(drawn)
    (line,) = [el.text for el in _texts(_root(drawn)) if el.get("class") == "label"]
    assert line.endswith("…") and word.startswith(line[:-1])


def test_the_label_rows_grow_with_wrapped_labels_so_bars_do_not_overlap():
    drawn = bar_chart(title="t", items=[(LONG_NAME, 10), (LONG_NAME + " två", 20), ("Kort", 5)])
    bars = sorted(
        (float(r.get("y")), float(r.get("y")) + float(r.get("height")))
        for r in _root(drawn).iter(f"{SVG}rect")
    )
    assert all(a[1] <= b[0] for a, b in zip(bars, bars[1:], strict=False))


@pytest.mark.parametrize("biggest", [9, 7_864_000, 99_999_999, -42_000_000])
def test_axis_and_value_labels_fit_for_large_figures(biggest):
    _assert_all_text_inside(bar_chart(title="t", items=[("Kansli", biggest), ("Insats", 1)]))
    _assert_all_text_inside(
        grouped_bar_chart(title="t", categories=YEARS, series=[("Kansli", [biggest, 0, None])])
    )


@pytest.mark.parametrize(
    "text",
    ["Reserverade medel", LONG_NAME, "8\u00a0000\u00a0000", "WWW MMM", "iiil", "ÅÄÖ åäö – …", "Ω≈"],
)
def test_the_width_estimate_is_never_narrower_than_either_font(text):
    assert text_width(text) >= _measured(text) - 0.01
    assert text_width(text, 9) >= _measured(text, 9) - 0.01
