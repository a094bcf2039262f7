"""Charts on the budget page are drawn at their own size: 12 px text, nothing outside the chart.

The budget page's grid squeezed three charts to about 277 px each, so their text was about 5 px
high; a narrow screen now scrolls a chart sideways instead of shrinking it.
"""

from __future__ import annotations

import pytest

from budgets.charts import budget_charts
from budgets.services import budget_summary_for_plan
from plans.models import Plan

from .conftest import check_a11y, login, shot

MEASURE = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  return {
    scale,
    smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
    outside: texts.filter(t => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5;
    }).map(t => t.textContent),
  };
})"""


@pytest.mark.parametrize("width", [1280, 400])
def test_budget_charts_keep_12_px_text_inside_the_chart(page, server, width):
    page.set_viewport_size({"width": width, "height": 900})
    plan = Plan.objects.get(association__slug="vvnd", year=2025)
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/budget/")
    charts = page.evaluate(MEASURE)
    # Income and costs; the demo's 2025 plan has no opening equity, so its equity chart would
    # be all zero and is left out (budgets.charts.budget_charts).
    assert len(charts) == len(budget_charts(budget_summary_for_plan(plan))) == 2
    for chart in charts:
        assert chart["scale"] == pytest.approx(1, abs=0.01)
        assert chart["smallest"] >= 11.9
        assert chart["outside"] == []
    shot(page, "charts", f"budget-{width}")


def test_contribution_chart_keeps_its_text_and_scrolls_from_the_keyboard_on_a_phone(page, server):
    page.set_viewport_size({"width": 400, "height": 900})
    plan = Plan.objects.get(association__slug="vvnd", year=2025)
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/medlemsbidrag/")
    charts = page.evaluate(MEASURE)
    assert charts and all(c["scale"] == pytest.approx(1, abs=0.01) for c in charts)
    assert all(c["smallest"] >= 11.9 for c in charts)
    check_a11y(page)  # the figure takes focus, so it can be scrolled (scrollable-region-focusable)
    shot(page, "charts", "contributions-400")
