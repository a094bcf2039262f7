"""The PDF says what language it is in, and which of its texts are in another one (PDF/UA-1:
the catalog's /Lang, and /Lang on each foreign-language element), so a screen reader picks
the right voice. The plan's language is the product's (finsam.language.plan_language)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from plans.models import Plan, Section
from plans.pdf.document import PageNumberWords, page_number_words
from plans.pdf.fetcher import StaticOnlyFetcher
from plans.pdf.html import render_plan_html
from plans.pdf.render import html_to_pdf, render_plan_pdf

from .pdfread import (
    element_text,
    marked_content,
    pages_text,
    reader,
    resolve,
    struct_elements,
)

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


# --- the page furniture: footer's page numbers, draft mark, watermark ---------------------


def test_the_page_number_words_are_split_around_the_two_numbers():
    assert page_number_words("Sida %(n)s av %(total)s") == PageNumberWords("Sida ", " av ")
    assert page_number_words("Page %(n)s of %(total)s") == PageNumberWords("Page ", " of ")
    assert page_number_words("Sivu %(n)s/%(total)s") == PageNumberWords("Sivu ", "/")


@pytest.mark.parametrize(
    "pattern", ["%(total)s pages, this is %(n)s", "Page %(n)s of %(total)s.", "Page %(n)s"]
)
def test_page_number_words_refuse_what_the_footer_cannot_print(pattern):
    """print.css prints the page's number, then the count, then nothing."""
    with pytest.raises(ValueError):
        page_number_words(pattern)


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_every_languages_page_number_fits_the_footer(code):
    with translation.override(code):
        words = page_number_words(gettext("Sida %(n)s av %(total)s"))
    assert words.before.strip(), code


def _plan(association, *, status: str) -> Plan:
    """A plan of three sections, each on its own page: cover, contents and three more."""
    plan = Plan.objects.create(association=association, year=2036)
    for order, title in enumerate(["Introduction", "Remit", "Target groups"], start=1):
        Section.objects.create(plan=plan, title=title, order=order, body="<p>Our plan.</p>")
    if status == Plan.Status.APPROVED:  # in memory: approval is the review's job
        plan.status = Plan.Status.APPROVED
        plan.decision_date = date(2035, 11, 27)
        plan.decision_paragraph = "12"
    return plan


def _is_pagination(m) -> bool:
    return m.tag == "/Artifact" and m.properties.get("/Type") == "/Pagination"


FURNITURE = {  # language: (footer pattern, draft mark, the other language's words)
    "sv": ("Sida {n} av {total}", "UTKAST", ("Page ", "DRAFT")),
    "en": ("Page {n} of {total}", "DRAFT", ("Sida ", "UTKAST")),
}


@pytest.mark.parametrize("language", FURNITURE)
def test_every_page_of_a_draft_is_numbered_and_marked_in_the_plans_language(vvnd, language):
    pattern, mark, foreign = FURNITURE[language]
    with override_settings(LANGUAGE_CODE=language):
        pdf = render_plan_pdf(_plan(vvnd, status=Plan.Status.DRAFT))
    pages = marked_content(pdf)
    assert len(pages) == 5
    for n, page in enumerate(pages, start=1):
        # The margin boxes stay pagination artifacts, never tagged text (plans/pdf/tagging.py).
        furniture = [m.text for m in page if _is_pagination(m)]
        tagged = " ".join(m.text for m in page if m.mcid is not None)
        assert pattern.format(n=n, total=len(pages)) in furniture, (n, furniture)
        assert mark in furniture, (n, furniture)  # the header's mark, beside the footer's line
        assert pattern.format(n=n, total=len(pages)) not in tagged, n
        everything = " ".join([*furniture, tagged])
        assert not any(word in everything for word in foreign), (n, everything)


@pytest.mark.parametrize("language", FURNITURE)
def test_an_approved_plan_is_numbered_in_its_language_and_not_marked_draft(vvnd, language):
    pattern, mark, _ = FURNITURE[language]
    with override_settings(LANGUAGE_CODE=language):
        pdf = render_plan_pdf(_plan(vvnd, status=Plan.Status.APPROVED))
    pages = marked_content(pdf)
    for n, page in enumerate(pages, start=1):
        furniture = [m.text for m in page if _is_pagination(m)]
        assert pattern.format(n=n, total=len(pages)) in furniture, (n, furniture)
        assert not any(mark in text for text in furniture), (n, furniture)


@pytest.mark.parametrize("language", FURNITURE)
def test_a_drafts_watermark_is_the_image_in_the_plans_language(vvnd, language):
    fetcher = StaticOnlyFetcher()
    with override_settings(LANGUAGE_CODE=language):
        html_to_pdf(render_plan_html(_plan(vvnd, status=Plan.Status.DRAFT)), fetcher=fetcher)
    watermarks = [url for url in fetcher.fetched if "draft-watermark" in url]
    assert [url.rsplit("/", 1)[-1] for url in watermarks] == [f"draft-watermark-{language}.png"]


@pytest.fixture
def revision(vvnd) -> Plan:
    """Revision 2 of a decided plan, approved in memory."""
    replaced = Plan.objects.create(
        association=vvnd,
        year=2036,
        status=Plan.Status.SUPERSEDED,
        decision_date=date(2035, 11, 27),
        decision_paragraph="12",
    )
    plan = Plan.objects.create(association=vvnd, year=2036, revision=2, revises=replaced)
    plan.title = "Operating plan 2036"
    plan.status = Plan.Status.APPROVED
    plan.decision_date = date(2036, 3, 2)
    plan.decision_paragraph = "3"
    return plan


@override_settings(LANGUAGE_CODE="en")
def test_the_replaced_decision_in_an_english_revision_line_is_marked_swedish(revision):
    """ "Revision 2. Replaces revision 1 (Beslutad av styrelsen …)." is an English sentence
    around the replaced plan's decision line, which is kept in Swedish like the plan's own."""
    pdf = render_plan_pdf(revision)
    assert _languages(pdf) == [
        ("/P", "sv", "Beslutad av styrelsen 2036-03-02, § 3"),
        ("/Span", "sv", "Beslutad av styrelsen 2035-11-27, § 12"),
    ]
    cover = pages_text(pdf, layout=False)[0].splitlines()
    assert "Revision 2. Replaces revision 1 (Beslutad av styrelsen 2035-11-27, § 12)." in cover


def test_a_swedish_revision_line_needs_no_mark(revision):
    pdf = render_plan_pdf(revision)
    assert _languages(pdf) == []
    cover = pages_text(pdf, layout=False)[0].splitlines()
    assert "Revision 2. Ersätter revision 1 (Beslutad av styrelsen 2035-11-27, § 12)." in cover
