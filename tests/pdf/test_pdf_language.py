"""The PDF says what language it is in, and which of its texts are in another one (PDF/UA-1:
the catalog's /Lang, and /Lang on each foreign-language element), so a screen reader picks
the right voice. The plan's language is the product's (finsam.language.plan_language)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from plans.models import Plan, Section
from plans.pdf.render import html_to_pdf, render_plan_pdf

from .pdfread import element_text, reader, resolve, struct_elements

pytestmark = pytest.mark.django_db


def _catalog_language(pdf: bytes) -> str:
    return str(resolve(reader(pdf).trailer["/Root"])["/Lang"])


def _languages(pdf: bytes) -> list[tuple[str, str, str]]:
    """(structure type, /Lang, text) of every element that has its own /Lang."""
    return [
        (str(e["/S"]), str(e["/Lang"]), element_text(pdf, e))
        for e in struct_elements(pdf)
        if "/Lang" in e
    ]


def test_an_element_in_another_language_gets_its_own_lang():
    html = """<html lang="sv"><head><title>Prov</title></head><body>
    <p>Svensk text.</p>
    <p lang="en">English text.</p>
    <div lang="en"><p>Also English.</p><p lang="sv">Svenska igen.</p></div>
    <p lang="sv">Redan svenska.</p>
    </body></html>"""
    pdf = html_to_pdf(html)
    assert _catalog_language(pdf) == "sv"
    assert _languages(pdf) == [
        ("/P", "en", "English text."),
        ("/Div", "en", "Also English. Svenska igen."),
        ("/P", "sv", "Svenska igen."),
    ]


@pytest.fixture
def decided_plan(vvnd) -> Plan:
    """A plan with one text section, approved in memory (approval is the review's job)."""
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(plan=plan, title="Introduction", order=1, body="<p>Our plan.</p>")
    plan.status = Plan.Status.APPROVED
    plan.decision_date = date(2035, 11, 27)
    plan.decision_paragraph = "12"
    return plan


def test_a_swedish_plan_is_swedish_throughout(decided_plan):
    pdf = render_plan_pdf(decided_plan)
    assert _catalog_language(pdf) == "sv"
    assert _languages(pdf) == []


@override_settings(LANGUAGE_CODE="en")
def test_an_english_plan_is_english_with_its_swedish_title_and_decision_line_marked(
    decided_plan,
):
    """The default title and the decision line are kept in Swedish (plans.models) whatever
    the plan's language: in an English plan they are the foreign-language texts."""
    pdf = render_plan_pdf(decided_plan)
    assert _catalog_language(pdf) == "en"
    assert _languages(pdf) == [
        ("/H1", "sv", "Verksamhetsplan och budget 2036 samt plan 2037–2038"),
        ("/P", "sv", "Beslutad av styrelsen 2035-11-27, § 12"),
    ]
    headings = [element_text(pdf, e) for e in struct_elements(pdf) if e["/S"] == "/H2"]
    assert headings == ["Contents", "Introduction"]


@override_settings(LANGUAGE_CODE="en")
def test_an_english_plans_own_title_is_in_the_plans_language(decided_plan):
    decided_plan.title = "Operating plan 2036"
    pdf = render_plan_pdf(decided_plan)
    assert [s for s, _, _ in _languages(pdf)] == ["/P"]  # the decision line only
