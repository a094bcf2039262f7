"""Lists in the PDF read as lists: a sub-list belongs to its item, one level down.

Texts in the plan often have bullet points with sub-points. WeasyPrint 70 put a nested list
beside its item in the outer list (where only items may stand) and a paragraph in an item
beside the item's body, so a screen reader announced the sub-points as a separate list after
the item, or the paragraph as no part of it (plans/pdf/tagging.py: nested_lists).
"""

from __future__ import annotations

import pytest
from pypdf.generic import DictionaryObject

from plans.models import Goal, Plan, Section
from plans.pdf.render import html_to_pdf, render_plan_pdf

from .pdfread import kids as _kids
from .pdfread import marked_content, parent_tree, reader, resolve, struct_elements

HTML = """<html lang="sv"><head><title>Prov</title></head><body><main><section>
<h2>Insatser</h2>
<ul>
  <li>Individinriktade insatser<ul><li>Steg 1</li><li>Steg 2</li></ul></li>
  <li>Strukturinsatser</li>
</ul>
<ol><li><p>Kartläggning av behov</p><ol><li>Intervjuer med handläggare</li></ol></li></ol>
</section></main></body></html>"""


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return html_to_pdf(HTML)


def _tags(element: DictionaryObject) -> list[str]:
    return [k["/S"] for k in _kids(element) if isinstance(k, DictionaryObject) and "/S" in k]


def _text(element: DictionaryObject, texts: dict[int, str]) -> str:
    parts = []
    for kid in _kids(element):
        if isinstance(kid, int):
            parts.append(texts[kid])
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            parts.append(_text(kid, texts))
    return " ".join(p for p in parts if p)


def test_lists_hold_only_items_and_items_only_a_label_and_a_body(pdf):
    lists = [e for e in struct_elements(pdf) if e["/S"] == "/L"]
    assert len(lists) == 4
    for element in lists:
        assert set(_tags(element)) == {"/LI"}
        for item in _kids(element):
            assert _tags(item) == ["/Lbl", "/LBody"], _tags(item)


def test_a_sub_list_is_read_inside_its_item(pdf):
    (texts,) = [
        {m.mcid: m.text for m in page if m.mcid is not None} for page in marked_content(pdf)
    ]
    outer = [e for e in struct_elements(pdf) if e["/S"] == "/L"]
    first, second = _kids(outer[0])
    body = _kids(first)[1]
    assert _tags(body)[-1] == "/L"
    assert _text(first, texts) == "• Individinriktade insatser ◦ Steg 1 ◦ Steg 2"
    assert _text(second, texts) == "• Strukturinsatser"
    numbered = next(e for e in outer if _text(e, texts).startswith("1."))
    (item,) = _kids(numbered)
    assert _tags(_kids(item)[1]) == ["/P", "/L"]
    assert _text(item, texts) == "1. Kartläggning av behov 1. Intervjuer med handläggare"


def test_every_moved_element_names_its_new_parent_and_the_parent_tree_still_agrees(pdf):
    for element in struct_elements(pdf):
        for kid in _kids(element):
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                assert resolve(kid["/P"]) == element
    reachable = {e.indirect_reference.idnum for e in struct_elements(pdf)}
    r = reader(pdf)
    for owners in parent_tree(pdf).values():
        assert all(o.indirect_reference.idnum in reachable for o in owners)
    assert len(r.pages) == 1


# --- the goal hierarchy -----------------------------------------------------------------------


def _goal_tree(element: DictionaryObject, texts: dict[int, str]) -> list:
    """A goal list as [(the goal's own text, [its sub-goals …]), …], read from the tags.

    An item must be a label and/or a body; its body holds the goal's own content and at most
    one list, its sub-goals.
    """
    tree = []
    for item in _kids(element):
        assert item["/S"] == "/LI"
        (body,) = [k for k in _kids(item) if k["/S"] == "/LBody"]
        own = [k for k in _kids(body) if k["/S"] != "/L"]
        (sub,) = [k for k in _kids(body) if k["/S"] == "/L"] or [None]
        text = " ".join(_text(k, texts) for k in own)
        tree.append((text, _goal_tree(sub, texts) if sub else []))
    return tree


def test_the_goal_hierarchy_is_a_list_of_lists(vvnd):
    """Overall goal → direction goals → operational goals: each level a list inside its parent
    goal's item (L > LI > LBody > L), not one flat list with the level in the text."""
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(plan=plan, title="Mål", order=1, kind=Section.Kind.GOALS)
    overall = Goal.objects.create(plan=plan, level="overall", text="Resurserna används effektivt.")
    work = Goal.objects.create(
        plan=plan, level="direction", parent=overall, text="Ökad anställningsbarhet."
    )
    Goal.objects.create(
        plan=plan, level="operational", parent=work, text="Fler stegförflyttar sig."
    )
    Goal.objects.create(plan=plan, level="direction", parent=overall, text="Bättre hälsa.")
    Goal.objects.create(plan=plan, level="financial", text="Ekonomin är i balans.")

    pdf = render_plan_pdf(plan)
    (page_texts,) = [
        {m.mcid: m.text for m in page if m.mcid is not None}
        for page in marked_content(pdf)
        if any(m.text.startswith("Övergripande mål") for m in page)
    ]
    top = next(
        e
        for e in struct_elements(pdf)
        if e["/S"] == "/L" and _text(e, page_texts).startswith("Övergripande mål")
    )
    assert _goal_tree(top, page_texts) == [
        (
            "Övergripande mål: Resurserna används effektivt.",
            [
                (
                    "Inriktningsmål: Ökad anställningsbarhet.",
                    [("Verksamhetsmål: Fler stegförflyttar sig.", [])],
                ),
                ("Inriktningsmål: Bättre hälsa.", []),
            ],
        ),
        ("Finansiellt mål: Ekonomin är i balans.", []),
    ]
