"""The sanitiser: what a plan section may contain, and every trick it must refuse."""

from __future__ import annotations

import pytest

from plans.richtext import (
    HIGHEST_HEADING,
    html_is_empty,
    html_to_text,
    sanitise_html,
    text_to_html,
)

OWN = "/media/richtext/3f2a9c.png"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<object data="x.swf"></object><embed src="x">',
        "<svg><script>alert(1)</script></svg>",
        '<p style="background:url(https://evil.example/t.png)">x</p>',
        '<style>body{background:url("https://evil.example")}</style>',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<form action="https://evil.example"><input name="q"></form>',
        '<p onmouseover="alert(1)">x</p>',
        '<base href="https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    ],
)
def test_hostile_markup_leaves_nothing_executable_or_remote(payload):
    out = sanitise_html(payload).lower()
    for bad in ("<script", "onerror", "onmouseover", "javascript:", "<iframe", "<object",
                "<embed", "<svg", "style", "evil.example", "<form", "<input", "<base",
                "<link", "<meta", "data:"):  # fmt: skip
        assert bad not in out, (payload, out)


def test_allowed_structure_survives():
    html = (
        "<h2>Mål</h2><h3>Del</h3><h4>Punkt</h4><p><strong>Fet</strong> och <em>kursiv</em></p>"
        "<ul><li>ett</li></ul><ol><li>två</li></ol>"
        '<table><caption>Tabell</caption><thead><tr><th scope="col">A</th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert sanitise_html(html) == html


def test_unknown_tags_are_unwrapped_not_kept():
    assert sanitise_html("<div><span>Rubrik</span></div><section>text</section>") == "Rubriktext"


def test_a_main_heading_pasted_from_word_becomes_the_highest_heading_a_section_allows():
    assert HIGHEST_HEADING == "h2"
    pasted = '<h1 class="MsoTitle">Bakgrund</h1><p>Förbundet <b>bildades</b> 2008.</p>'
    assert sanitise_html(pasted) == (
        "<h2>Bakgrund</h2><p>Förbundet <strong>bildades</strong> 2008.</p>"
    )
    # Its text stays a heading, also with markup inside; nothing else named h1… is touched.
    assert sanitise_html("<h1><i>Mål</i> 2027</h1>") == "<h2><em>Mål</em> 2027</h2>"
    assert sanitise_html("<p>&lt;h1&gt; är en rubrik</p>") == "<p>&lt;h1&gt; är en rubrik</p>"
    assert sanitise_html(sanitise_html(pasted)) == sanitise_html(pasted)


@pytest.mark.parametrize(
    ("link", "text"),
    [
        ('<a href="javascript:alert(1)">klicka</a>', "klicka"),
        ('<a href="/relative">c</a>', "c"),
        ('<a href="ftp://x"><strong>d</strong> e</a>', "<strong>d</strong> e"),
        ('<a name="ankare">f</a>', "f"),
        ('<a title="x href=y" href="vbscript:1">g</a>', "g"),
    ],
)
def test_a_link_left_without_an_address_is_unwrapped_to_its_text(link, text):
    assert sanitise_html(f"<p>Se {link} här.</p>") == f"<p>Se {text} här.</p>"


def test_a_dead_link_beside_a_good_one_leaves_the_good_one_alone():
    out = sanitise_html('<p><a href="javascript:x">a</a> och <a href="https://nns.se">b</a></p>')
    assert out == '<p>a och <a href="https://nns.se" rel="noopener noreferrer">b</a></p>'


def test_bold_and_italic_from_the_browser_are_stored_as_strong_and_em():
    assert sanitise_html("<p><b>a</b><i>b</i></p>") == "<p><strong>a</strong><em>b</em></p>"


def test_links_keep_only_web_and_mail_addresses_and_get_rel():
    out = sanitise_html(
        '<a href="https://nns.se" target="_blank">a</a><a href="mailto:a@b.se">b</a>'
        '<a href="/relative">c</a><a href="ftp://x">d</a>'
    )
    assert out == (
        '<a href="https://nns.se" rel="noopener noreferrer">a</a>'
        '<a href="mailto:a@b.se" rel="noopener noreferrer">b</a>cd'
    )


def test_th_scope_only_with_valid_values():
    out = sanitise_html('<table><tr><th scope="row">a</th><th scope="evil">b</th></tr></table>')
    assert '<th scope="row">a</th>' in out
    assert "<th>b</th>" in out


@pytest.mark.parametrize(
    "img",
    [
        f'<img src="{OWN}">',  # no alt
        f'<img src="{OWN}" alt="">',
        f'<img src="{OWN}" alt="   ">',
        '<img src="https://evil.example/a.png" alt="Bild">',
        '<img src="//evil.example/media/richtext/a.png" alt="Bild">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Bild">',
        '<img src="file:///etc/passwd" alt="Bild">',
        '<img src="javascript:alert(1)" alt="Bild">',
        '<img src="/media/richtext/../../settings.png" alt="Bild">',
        '<img src="/media/other/a.png" alt="Bild">',
        '<img src="/media/richtext/a.svg" alt="Bild">',
        '<img src="/media/richtext/a.png?x=https://evil" alt="Bild">',
    ],
)
def test_pictures_without_alt_or_own_source_are_dropped(img):
    assert "<img" not in sanitise_html(f"<p>{img}</p>")


def test_own_picture_with_alt_is_kept_and_escaped():
    out = sanitise_html(f'<p><img src="{OWN}" alt="Karta &quot; onerror=&quot;x" width="9"></p>')
    assert out == f'<p><img src="{OWN}" alt="Karta &quot; onerror=&quot;x"></p>'


def test_empty_editor_output_counts_as_empty():
    assert html_is_empty("<p><br></p>")
    assert html_is_empty("")
    assert not html_is_empty(f'<p><img src="{OWN}" alt="x"></p>')
    assert html_to_text("<p>Hej&nbsp;<strong>där</strong></p>") == "Hej där"


def test_plain_text_becomes_paragraphs_and_lists():
    html = text_to_html("Första stycket.\n- ett\n- två\nSista <b>stycket</b>.")
    assert html == (
        "<p>Första stycket.</p><ul><li>ett</li><li>två</li></ul>"
        "<p>Sista &lt;b&gt;stycket&lt;/b&gt;.</p>"
    )


def test_empty_paragraphs_the_editor_leaves_are_dropped():
    """PDF audit: a list started in a paragraph and an Enter too many stored <p></p> twice,
    and a screen reader announced two empty paragraphs in the PDF."""
    stored = "<p></p><ul><li>Ett</li></ul><p><br></p><p>Text</p><p>&nbsp; </p>"
    assert sanitise_html(stored) == "<ul><li>Ett</li></ul><p>Text</p>"
    assert sanitise_html("<p><ul><li>Ett</li></ul></p>") == "<ul><li>Ett</li></ul>"
    assert sanitise_html("<p><br></p>") == ""  # an emptied editor stores nothing
