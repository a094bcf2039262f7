"""Charts in the tagged PDF: each Figure's /Alt says what the chart shows and its figures, the
chart's drawn text has no structure of its own, and a chart with nothing to show is left out."""

from __future__ import annotations

import pytest

from finsam.charts import bar_chart, grouped_bar_chart, line_chart
from members.models import Association
from plans.models import Plan, Section
from plans.pdf.document import plan_document
from plans.pdf.render import render_plan_pdf
from plans.services import plan_create

from .pdfread import SPACES, pages_text, struct_elements


def _figures(pdf: bytes) -> list:
    return [e for e in struct_elements(pdf) if e["/S"] == "/Figure"]


@pytest.fixture
def vvnd_plan(vvnd) -> Plan:
    """VVND 2025 (approved in the seed): goals, contributions and a budget, so five charts."""
    return Plan.objects.select_related("association").get(association=vvnd, year=2025)


@pytest.fixture
def new_plan(db) -> Plan:
    """A new association's first plan: the standard outline and no figures at all."""
    association = Association.objects.create(name="Nya Finsam", slug="nya-finsam")
    plan = plan_create(user=None, association=association, year=2027, blank=True)
    return Plan.objects.select_related("association").get(pk=plan.pk)


def test_each_chart_figure_has_the_charts_text_alternative_as_alt(vvnd_plan):
    charts = [c for s in plan_document(vvnd_plan).sections for c in s.charts]
    assert len(charts) >= 4
    alts = [str(f.get("/Alt", "")) for f in _figures(render_plan_pdf(vvnd_plan))]
    assert alts == [c.alt for c in charts]
    for chart, alt in zip(charts, alts, strict=True):
        assert alt.startswith(f"{chart.title}. Stapeldiagram. ")
        # every label and figure of the chart's table is in its alternative, in words
        for row in chart.table.rows:
            assert str(row[0]) in alt
            assert all(str(cell) in alt for cell in row[1:])


def test_money_chart_alt_names_the_unit(vvnd_plan):
    alts = [str(f["/Alt"]) for f in _figures(render_plan_pdf(vvnd_plan))]
    income = next(a for a in alts if a.startswith("Intäkter per källa."))
    assert income.startswith("Intäkter per källa. Stapeldiagram. Belopp i kr. Medlemsbidrag: ")


def test_chart_text_is_not_exposed_as_structure_inside_the_figure(vvnd_plan):
    """The /Alt replaces the Figure's content: its drawn text (ticks, labels, legend) is one
    marked-content sequence of the Figure, never a Span or P a reader would read out."""
    figures = _figures(render_plan_pdf(vvnd_plan))
    assert figures
    for figure in figures:
        assert all(isinstance(kid, int) for kid in figure["/K"]), figure["/K"]


def test_a_plan_without_goals_has_no_attainment_chart(new_plan):
    goals = next(s for s in plan_document(new_plan).sections if s.kind == Section.Kind.GOALS)
    assert goals.charts == []
    pdf = render_plan_pdf(new_plan)
    text = "\n".join(pages_text(pdf, layout=False))
    assert "Inga mål är registrerade" in text
    alts = [str(f.get("/Alt", "")) for f in _figures(pdf)]
    assert not [a for a in alts if a.startswith("Måluppfyllelse")], alts


def test_a_new_plans_all_zero_budget_charts_are_left_out(new_plan):
    doc = plan_document(new_plan)
    assert [c.title for s in doc.sections for c in s.charts] == []
    assert _figures(render_plan_pdf(new_plan)) == []  # no logo either


def test_a_chart_is_empty_when_every_value_is_zero_or_missing():
    assert bar_chart(title="T", items=[("A", 0), ("B", 0)], unit="st").empty
    assert bar_chart(title="T", items=[], unit="st").empty
    assert not bar_chart(title="T", items=[("A", 0), ("B", 1)], unit="st").empty
    years = ["Budget 2027", "Plan 2028"]
    assert grouped_bar_chart(title="T", categories=years, series=[("S", [0, None])]).empty
    assert line_chart(title="T", categories=years, series=[("S", [None, None])]).empty
    assert not line_chart(title="T", categories=years, series=[("S", [None, 5])]).empty


def test_chart_alt_is_title_kind_unit_and_figures():
    chart = line_chart(
        title="Eget kapital",
        categories=["Budget 2027", "Plan 2028"],
        series=[("Eget kapital", [1_000_000, None])],
        unit="tkr",
    )
    assert chart.alt.translate(SPACES) == (
        "Eget kapital. Linjediagram. Belopp i tkr. Eget kapital: Budget 2027 1 000, Plan 2028 –."
    )


def test_the_same_plan_renders_to_the_same_bytes(vvnd_plan):
    """The /Alt comes from the chart's data, not from anything random (the SVG's ids are)."""
    assert render_plan_pdf(vvnd_plan) == render_plan_pdf(vvnd_plan)
