"""The budget's charts (web page and PDF), drawn by the shared helpers in finsam/charts.py.

Figures come from the engine's BudgetSummary only; each chart carries its data table.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from finsam.charts import Chart, grouped_bar_chart, line_chart

from . import calc


def _categories(summary: calc.BudgetSummary) -> list[str]:
    return [f"{y.label} {y.year}".strip() if y.year else y.label for y in summary.years]


def income_by_source(summary: calc.BudgetSummary) -> Chart:
    series = [(g.label, list(g.totals)) for g in summary.income_groups if any(g.totals)]
    return grouped_bar_chart(
        title=_("Intäkter per källa"),
        categories=_categories(summary),
        series=series or [(_("Intäkter"), [0, 0, 0])],
        unit=summary.unit,
    )


def costs_by_group(summary: calc.BudgetSummary) -> Chart:
    series = [(g.label, list(g.totals)) for g in summary.cost_groups if any(g.totals)]
    return grouped_bar_chart(
        title=_("Kostnader per grupp och år"),
        categories=_categories(summary),
        series=series or [(_("Kostnader"), [0, 0, 0])],
        unit=summary.unit,
    )


def equity_against_bound(summary: calc.BudgetSummary) -> Chart:
    return line_chart(
        title=_("Eget kapital vid årets slut och rekommenderad högsta nivå"),
        categories=_categories(summary),
        series=[
            (_("Eget kapital"), [y.closing_equity for y in summary.years]),
            (_("Högsta nivå"), [y.equity_bound for y in summary.years]),
        ],
        unit=summary.unit,
    )


def budget_charts(summary: calc.BudgetSummary) -> list[Chart]:
    """The budget's charts that have something to show (a new budget's are all zero)."""
    charts = [income_by_source(summary), costs_by_group(summary), equity_against_bound(summary)]
    return [c for c in charts if not c.empty]
