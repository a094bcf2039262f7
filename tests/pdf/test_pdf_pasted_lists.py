"""A list pasted from Word reads as a list in the tagged PDF, its sub-list inside its item.

Word's clipboard has no list elements, only paragraphs styled `mso-list` with a "·" or "1." in
front; the sanitiser makes them <ul>/<ol> (tests/plans/test_paste.py). Here the pasted fixture
is saved into a plan's section the way the editor saves it and the whole plan is rendered: the
PDF must hold L > LI > (Lbl, LBody) with the sub-list in the item's body, and no "·" or "o"
left over as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf.generic import DictionaryObject

from plans.models import Plan
from plans.pdf.render import render_plan_pdf
from plans.services import plan_roll_forward, section_update

from .pdfread import element_text, kids, struct_elements

WORD = Path(__file__).resolve().parents[1] / "fixtures" / "paste" / "word_windows.html"


@pytest.fixture
def pdf(vvnd) -> bytes:
    last = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
    plan = plan_roll_forward(user=None, plan=last)
    section = plan.sections.get(key="vision")
    section_update(
        user=None, section=section, expected_version=None, body=WORD.read_text(encoding="utf-8")
    )
    return render_plan_pdf(Plan.objects.select_related("association").get(pk=plan.pk))


def _tags(element: DictionaryObject) -> list[str]:
    return [k["/S"] for k in kids(element) if isinstance(k, DictionaryObject) and "/S" in k]


def test_a_list_pasted_from_word_is_a_nested_list_in_the_tagged_pdf(pdf):
    lists = [e for e in struct_elements(pdf) if e["/S"] == "/L"]
    pasted = next(
        e for e in lists if element_text(pdf, e).startswith("• Individinriktade insatser")
    )
    first, second = kids(pasted)
    assert _tags(pasted) == ["/LI", "/LI"]
    assert _tags(first) == ["/Lbl", "/LBody"]
    body = kids(first)[1]
    assert _tags(body)[-1] == "/L"  # the sub-list is read inside its item
    sub = kids(body)[-1]
    assert [element_text(pdf, item) for item in kids(sub)] == [
        "◦ Arbetsträning hos kommunerna ▪ Stöd av en arbetsspecialist",
        "◦ Motiverande samtal i grupp",
    ]
    assert element_text(pdf, second) == "• Strukturövergripande samverkan mellan parterna"

    numbered = next(e for e in lists if element_text(pdf, e).startswith("1. Tidig samordning"))
    # Word's "a)" and "b)" stay letters (<ol type="a">): the text may refer to "point b)".
    assert element_text(pdf, numbered) == (
        "1. Tidig samordning a. gemensam kartläggning av behov b. en väg in för deltagaren "
        "2. Kunskap om målgruppen"
    )
    lettered = kids(kids(kids(numbered)[0])[1])[-1]
    assert [element_text(pdf, kids(item)[0]) for item in kids(lettered)] == ["a.", "b."]
    assert [kids(item)[0]["/S"] for item in kids(lettered)] == ["/Lbl", "/Lbl"]
