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

from .pdfread import kids, marked_content, reader, resolve, struct_elements

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


def _text(pdf: bytes, element: DictionaryObject, texts: list[dict[int, str]]) -> str:
    page = reader(pdf).get_page_number(resolve(element["/Pg"])) if "/Pg" in element else None
    parts = []
    for kid in kids(element):
        if isinstance(kid, int) and page is not None:
            parts.append(texts[page][kid])
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            parts.append(_text(pdf, kid, texts))
    return " ".join(p for p in parts if p)


def test_a_list_pasted_from_word_is_a_nested_list_in_the_tagged_pdf(pdf):
    texts = [{m.mcid: m.text for m in page if m.mcid is not None} for page in marked_content(pdf)]
    lists = [e for e in struct_elements(pdf) if e["/S"] == "/L"]
    pasted = next(
        e for e in lists if _text(pdf, e, texts).startswith("• Individinriktade insatser")
    )
    first, second = kids(pasted)
    assert _tags(pasted) == ["/LI", "/LI"]
    assert _tags(first) == ["/Lbl", "/LBody"]
    body = kids(first)[1]
    assert _tags(body)[-1] == "/L"  # the sub-list is read inside its item
    sub = kids(body)[-1]
    assert [_text(pdf, item, texts) for item in kids(sub)] == [
        "◦ Arbetsträning hos kommunerna ▪ Stöd av en arbetsspecialist",
        "◦ Motiverande samtal i grupp",
    ]
    assert _text(pdf, second, texts) == "• Strukturövergripande samverkan mellan parterna"

    numbered = next(e for e in lists if _text(pdf, e, texts).startswith("1. Tidig samordning"))
    assert _text(pdf, numbered, texts) == (
        "1. Tidig samordning 1. gemensam kartläggning av behov 2. en väg in för deltagaren "
        "2. Kunskap om målgruppen"
    )
