"""Every table's caption names what the table is about, so a screen reader's list of tables
(and the reading view's) tells them apart: no "Indikatorer och målvärden för målet" eight
times, no "Beviljade medel (kr)" once per intervention."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from pypdf.generic import DictionaryObject

from plans.models import Plan
from plans.pdf.document import goal_names, plan_document
from plans.pdf.html import decided_document, render_plan_html
from plans.pdf.render import html_to_pdf

from .pdfread import element_text, kids, struct_elements


@pytest.fixture
def vvnd_plan(vvnd) -> Plan:
    """VVND 2025: eight goals with targets and twelve interventions with granted amounts."""
    return Plan.objects.select_related("association").get(association=vvnd, year=2025)


def _table_captions(pdf: bytes) -> list[str]:
    """The caption of every Table in the structure tree, in reading order."""
    captions = []
    for table in (e for e in struct_elements(pdf) if e["/S"] == "/Table"):
        (caption,) = [
            k for k in kids(table) if isinstance(k, DictionaryObject) and k.get("/S") == "/Caption"
        ]
        captions.append(element_text(pdf, caption))
    return captions


class _Captions(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.captions: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "caption":
            self._open = True
            self.captions.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "caption":
            self._open = False

    def handle_data(self, data) -> None:
        if self._open:
            self.captions[-1] += data


def _repeated(captions: list[str]) -> dict[str, int]:
    return {c: n for c, n in Counter(captions).items() if n > 1}


def test_every_table_in_the_pdf_has_a_caption_of_its_own(vvnd_plan):
    doc = plan_document(vvnd_plan)
    pdf = html_to_pdf(render_plan_html(vvnd_plan, document=doc))
    captions = _table_captions(pdf)
    assert len(captions) > 20
    assert _repeated(captions) == {}
    goals = next(s.part for s in doc.sections if s.kind == "goals")
    with_targets = [g for g in goals.goals if g.targets]
    assert len(with_targets) == 8
    for goal in with_targets:
        assert f"Indikatorer och målvärden för målet ”{goal.name}”" in captions
    assert "Beviljade medel (kr) för Individsamverkan – Dals Ed" in captions


def test_the_reading_view_shares_the_captions(vvnd_plan):
    parser = _Captions()
    parser.feed(decided_document(vvnd_plan).reading_html)
    captions = [" ".join(c.split()) for c in parser.captions]
    assert any(c.startswith("Indikatorer och målvärden för målet ”") for c in captions)
    assert _repeated(captions) == {}


def test_goal_names_are_short_whole_words_and_tell_goals_apart():
    long = (
        "Resurserna för samverkan inom rehabiliteringsområdet används effektivt och till "
        "nytta för den enskilde."
    )
    assert goal_names([long, "Ökad anställningsbarhet."]) == [
        "Resurserna för samverkan inom rehabiliteringsområdet…",
        "Ökad anställningsbarhet",
    ]
    # Two goals that only differ after the cut are named in full.
    twins = [f"{long[:-1]}, i Arvika.", f"{long[:-1]}, i Säffle."]
    assert goal_names(twins) == [twins[0][:-1], twins[1][:-1]]
    # Two goals with the same text are numbered, so even they can be told apart.
    assert goal_names(["Samverkan ska utvecklas.", "Samverkan  ska\nutvecklas"]) == [
        "Samverkan ska utvecklas (1)",
        "Samverkan ska utvecklas (2)",
    ]


def test_two_interventions_with_the_same_name_are_numbered_in_their_captions(vvnd):
    """As goals with the same text: a screen reader's list of tables tells them apart."""
    from budgets.services import intervention_amounts_set
    from plans.models import Intervention
    from plans.services import plan_roll_forward

    last = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
    plan = plan_roll_forward(user=None, plan=last)
    twin = Intervention.objects.create(
        plan=plan, name="Drivhuset för unga – Åmål", kind=Intervention.Kind.STRUCTURAL
    )
    intervention_amounts_set(user=None, intervention=twin, amounts=(100000, None, None))
    parser = _Captions()
    parser.feed(render_plan_html(Plan.objects.select_related("association").get(pk=plan.pk)))
    captions = [" ".join(c.split()) for c in parser.captions]
    assert _repeated(captions) == {}
    granted = [c for c in captions if "Drivhuset för unga" in c and c.startswith("Beviljade")]
    assert granted == [
        "Beviljade medel (kr) för Drivhuset för unga – Åmål (1)",  # the individual one, first
        "Beviljade medel (kr) för Drivhuset för unga – Åmål (2)",
    ]


def test_the_unit_stands_by_the_amounts_not_after_a_name_in_brackets(varna):
    """Not "Beviljade medel för Myndighetsgemensamma teamet (MGT) (kr)"."""
    plan = Plan.objects.select_related("association").filter(association=varna).first()
    parser = _Captions()
    parser.feed(render_plan_html(plan))
    captions = [" ".join(c.split()) for c in parser.captions]
    assert "Beviljade medel (kr) för Myndighetsgemensamma teamet (MGT)" in captions
    assert [c for c in captions if c.endswith("))")] == []
