"""Chart y axes: four equal, whole steps from 0, also for a new plan whose figures are all 0."""

from __future__ import annotations

import re

import pytest

from finsam.charts import grouped_bar_chart, line_chart


def _axis_labels(svg: str) -> list[int]:
    texts = re.findall(
        r'<text x="74" y="[\d.]+" text-anchor="end" fill="#1b1f24">([^<]*)</text>', svg
    )
    return [int(re.sub(r"\D", "", t.replace("&nbsp;", ""))) for t in texts]


@pytest.mark.parametrize("chart", [grouped_bar_chart, line_chart])
@pytest.mark.parametrize("biggest", [0, 1, 3, 5, 9, 250, 999, 1_385_948, 3_600_000, 7_864_000])
def test_axis_ticks_are_equal_whole_steps_covering_the_figures(chart, biggest):
    svg = str(
        chart(
            title="t",
            categories=["2027", "2028", "2029"],
            series=[("Kostnader", [0, biggest, None])],
        ).svg
    )
    ticks = _axis_labels(svg)
    assert len(ticks) == 5 and ticks[0] == 0
    step = ticks[1]
    assert step > 0 and ticks == [0, step, 2 * step, 3 * step, 4 * step]
    assert ticks[-1] >= biggest


def test_a_chart_of_zeros_is_labelled_0_to_4_not_0_0_0_1_1():
    svg = str(grouped_bar_chart(title="t", categories=["2027"], series=[("Kostnader", [0])]).svg)
    assert _axis_labels(svg) == [0, 1, 2, 3, 4]
