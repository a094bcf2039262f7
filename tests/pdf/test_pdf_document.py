"""plan_document: section order, data from the engines, constant queries."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import BoardSeat
from plans.models import Plan, Section
from plans.pdf.document import nest_headings, plan_document
from plans.pdf.render import render_plan_html
from plans.pdf.sample import build_large_plan


def _queries(plan: Plan) -> int:
    plan = Plan.objects.select_related("association").get(pk=plan.pk)
    plan_document(plan)  # warm up (the budget row is created on first read of a draft)
    plan = Plan.objects.select_related("association").get(pk=plan.pk)
    with CaptureQueriesContext(connection) as ctx:
        plan_document(plan)
    return len(ctx.captured_queries)


class _RootLanguage(HTMLParser):
    """The `lang` of the document's <html> element."""

    lang: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")


def _root_language(html: str) -> str | None:
    parser = _RootLanguage()
    parser.feed(html)
    return parser.lang


def test_queries_do_not_grow_with_rows(vvnd):
    small = build_large_plan(
        association=vvnd, year=2037, interventions=3, goals=3, rows=3, paragraphs=1
    )
    double = build_large_plan(
        association=vvnd, year=2038, interventions=6, goals=6, rows=6, paragraphs=1
    )
    assert _queries(small) == _queries(double)


def test_sections_follow_the_plans_order_and_leave_out_excluded(vvnd):
    plan = build_large_plan(
        association=vvnd, year=2037, interventions=1, goals=1, rows=1, paragraphs=1
    )
    sections = list(plan.sections.all())
    first, last = sections[0], sections[-1]
    first.order, last.order = last.order, first.order  # move the last section to the front
    first.save()
    last.save()
    excluded = sections[1]
    excluded.included = False
    excluded.save()
    doc = plan_document(Plan.objects.select_related("association").get(pk=plan.pk))
    titles = [s.title for s in doc.sections]
    assert titles[0] == last.title
    assert excluded.title not in titles
    assert len(titles) == len(sections) - 1


def test_body_headings_sit_below_the_section_heading(vvnd):
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(
        plan=plan, title="Avsnitt", order=1, body="<h2>Under</h2><p>x</p><h3>Djupare</h3>"
    )
    html = render_plan_html(plan)
    assert "<h3>Under</h3>" in html and "<h4>Djupare</h4>" in html
    assert _root_language(html) == "sv"


@pytest.mark.parametrize(
    ("body", "nested"),
    [
        # only the editor's "Underrubrik": an h3 right under the section's h2, not an h4
        ("<h3>Under</h3><p>x</p>", "<h3>Under</h3><p>x</p>"),
        ("<h2>A</h2><p>x</p><h3>B</h3>", "<h3>A</h3><p>x</p><h4>B</h4>"),
        # a level the text skips is not skipped in the document
        ("<h2>A</h2><h4>B</h4><h2>C</h2>", "<h3>A</h3><h4>B</h4><h3>C</h3>"),
        ("<h3>A</h3><h4>B</h4>", "<h3>A</h3><h4>B</h4>"),
        ("<p>Ingen rubrik</p><ul><li>h2</li></ul>", "<p>Ingen rubrik</p><ul><li>h2</li></ul>"),
        ("", ""),
    ],
)
def test_body_headings_are_numbered_from_h3_without_gaps(body, nested):
    assert nest_headings(body) == nested


def test_nested_headings_stop_at_h6():
    assert (
        nest_headings("<h2>A</h2><h3>B</h3><h4>C</h4>", top=5) == "<h5>A</h5><h6>B</h6><h6>C</h6>"
    )


def test_each_sections_headings_are_nested_on_their_own(vvnd):
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(plan=plan, title="Ett", order=1, body="<h2>Rubrik</h2><h3>Under</h3>")
    Section.objects.create(plan=plan, title="Två", order=2, body="<h3>Bara under</h3>")
    first, second = plan_document(plan).sections
    assert first.body == "<h3>Rubrik</h3><h4>Under</h4>"
    assert second.body == "<h3>Bara under</h3>"


def test_an_association_without_a_board_says_so(vvnd):
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(plan=plan, title="Organisation", order=1, kind=Section.Kind.ORGANISATION)
    BoardSeat.objects.filter(association=vvnd).delete()
    assert vvnd.groups.exists()  # the demo's groups are still printed, after the sentence
    html = render_plan_html(plan)
    assert "Inga styrelseledamöter är registrerade i Finsam Plan." in html
    assert "caption>Styrelsen<" not in html
    vvnd.groups.all().delete()
    html = render_plan_html(plan)
    assert "Inga styrelseledamöter eller grupper är registrerade i Finsam Plan." in html


def test_document_parts_come_from_the_engines(vvnd):
    from budgets.services import budget_summary_for_plan
    from members.contributions import contribution_table

    plan = build_large_plan(
        association=vvnd, year=2037, interventions=2, goals=2, rows=1, paragraphs=1
    )
    doc = plan_document(plan)
    by_kind = {s.kind: s for s in doc.sections}
    budget = by_kind[Section.Kind.BUDGET].part
    assert budget.summary.result == budget_summary_for_plan(plan).result
    contributions = by_kind[Section.Kind.CONTRIBUTIONS].part
    table = contribution_table(plan)
    assert list(contributions.totals) == [y.total for y in table.years]
    assert by_kind[Section.Kind.BUDGET].charts, "the budget's charts"
    interventions = by_kind[Section.Kind.INTERVENTIONS].part
    amounts = [item.amounts for group in interventions for item in group.items]
    assert (60_000, 70_000, None) in amounts


def test_contribution_engine_runs_once_for_contributions_and_budget(vvnd, monkeypatch):
    import members.contributions
    import plans.pdf.document as document

    calls = []
    engine = members.contributions.contribution_table

    def counted(p):
        calls.append(p)
        return engine(p)

    # both names: the document's own import and the one the budget engine looks up
    monkeypatch.setattr(document, "contribution_table", counted)
    monkeypatch.setattr(members.contributions, "contribution_table", counted)
    plan = Plan.objects.filter(association=vvnd).order_by("-year").first()
    doc = plan_document(plan)
    kinds = {s.kind for s in doc.sections}
    assert {Section.Kind.BUDGET, Section.Kind.CONTRIBUTIONS} <= kinds
    assert len(calls) == 1


def test_a_deficit_reason_is_printed_only_for_a_year_with_a_deficit(vvnd):
    from budgets.models import BudgetLine, Group
    from budgets.services import budget_for_plan, budget_summary_for_plan

    plan = build_large_plan(
        association=vvnd, year=2035, interventions=1, goals=1, rows=2, paragraphs=1
    )
    budget = budget_for_plan(plan)
    budget.deficit_reason_1, budget.deficit_reason_2, budget.deficit_reason_3 = "A1", "B2", "C3"
    budget.save()
    # A large cost in year 1 only: a deficit that year, none in the two after it.
    BudgetLine.objects.create(
        budget=budget,
        group=Group.ADMINISTRATION,
        name="Engångskostnad",
        amount_1=90_000_000,
        order=99,
    )
    years = budget_summary_for_plan(plan).years
    deficits = [y.is_deficit for y in years]
    assert True in deficits and False in deficits  # the sample has both kinds of year
    part = plan_document(Plan.objects.get(pk=plan.pk)).part(Section.Kind.BUDGET)
    printed = [r.rsplit(": ", 1)[1] for r in part.deficit_reasons]
    assert printed == [r for r, d in zip(("A1", "B2", "C3"), deficits, strict=True) if d]


@pytest.mark.parametrize(("language", "label"), [("sv", "Målgrupp"), ("en", "Target group")])
def test_intervention_block_labels_follow_the_language_of_the_render(vvnd, language, label):
    """The labels were translated once, at import: an English reading view showed them in
    Swedish, and a process whose first request was English put English into the Swedish PDF."""
    from django.utils import translation

    plan = build_large_plan(
        association=vvnd, year=2037, interventions=1, goals=1, rows=1, paragraphs=1
    )
    with translation.override(language):
        doc = plan_document(plan)
    groups = doc.part(Section.Kind.INTERVENTIONS)
    labels = {block.label for group in groups for item in group.items for block in item.blocks}
    assert label in labels
