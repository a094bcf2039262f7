"""Text pasted from Word, Google Docs and LibreOffice keeps its structure.

Directors start a plan by pasting last year's sections from their word processor. The clipboard
fixtures in tests/fixtures/paste/ are written the way each program writes its clipboard HTML;
each test states the whole structure the sanitiser must make of one of them (real nested
<ul>/<ol>, headings at the levels a section allows, bold and italic as <strong>/<em>, tables
with their marked header row) and nothing else (no markers, styles, classes, anchors, fonts or
empty paragraphs).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plans.office_html import ListStyle, word_list_styles
from plans.richtext import sanitise_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "paste"
LINK = '<a href="https://www.finsam.se/" rel="noopener noreferrer">'


def pasted(name: str) -> str:
    return sanitise_html((FIXTURES / name).read_text(encoding="utf-8"))


def test_word_for_windows_lists_become_nested_lists_without_their_markers():
    assert pasted("word_windows.html") == (
        "<h2>Förbundets inriktning 2026</h2>"
        "<p>Förbundet finansierar insatser som hjälper personer som behöver samordnat stöd från "
        "flera myndigheter att komma närmare arbete eller studier. <strong>Samverkan mellan "
        "parterna</strong> är grunden för arbetet, och <em>alla</em> insatser följs upp varje "
        "år.</p>"
        "<ul><li>Individinriktade insatser för unga vuxna"
        "<ul><li>Arbetsträning hos kommunerna<ul><li>Stöd av en arbetsspecialist</li></ul></li>"
        "<li>Motiverande samtal i grupp</li></ul></li>"
        "<li><strong>Strukturövergripande</strong> samverkan mellan parterna</li></ul>"
        "<h3>Prioriteringar</h3>"
        "<ol><li>Tidig samordning"
        '<ol type="a"><li>gemensam kartläggning av behov</li>'
        "<li>en väg in för deltagaren</li></ol></li><li>Kunskap om målgruppen</li></ol>"
        '<table><thead><tr><th scope="col">Insats</th><th scope="col">Insatsägare</th></tr>'
        "</thead><tbody><tr><td>Arbetsträning</td><td>Kommunen</td></tr></tbody></table>"
        f"<p>Läs mer om finansiell samordning på {LINK}finsam.se</a>.</p>"
    )


def test_word_for_mac_numbered_list_with_a_second_paragraph_and_bullets_below():
    assert pasted("word_mac.html") == (
        "<h2>Plan för samverkan</h2>"
        "<p>Så här arbetar vi under året. Se även avsnittet om uppföljning.</p>"
        "<ol><li><p>Styrelsen beslutar om verksamhetsplanen i november.</p>"
        "<p>Förslaget har först beretts av beredningsgruppen.</p></li>"
        "<li>Medlemmarna får planen för <em>kännedom</em>:"
        "<ul><li>kommunerna</li><li>regionen</li></ul></li></ol>"
        "<h3>Uppföljning</h3><h4>Rapporter till styrelsen</h4>"
        "<p>Kansliet rapporterar:</p>"
        "<ul><li>antal deltagare per insats</li><li>ekonomiskt utfall</li></ul>"
    )


def test_google_docs_bold_wrapper_is_not_bold_and_its_styled_spans_are():
    assert pasted("google_docs.html") == (
        "<h2>Insatser för unga</h2>"
        "<p>Förbundet satsar på unga som varken arbetar eller studerar. <strong>Målet</strong> "
        "är att fler ska ta ett <em>steg</em> mot arbete, och <strong><em>ingen</em></strong> "
        "ska behöva börja om hos en ny handläggare.</p>"
        "<h3>Så arbetar vi</h3>"
        "<ul><li>Uppsökande arbete<ul><li>på fritidsgårdar</li>"
        "<li>via ungdomsmottagningen</li></ul></li><li>Individuellt stöd av coach</li></ul>"
        f"<ol><li>Kartlägga behoven</li><li>Följa upp med {LINK}Uppföljning Finsam</a></li></ol>"
        # Google Docs marks no header row: its bold first row stays bold data cells.
        "<table><tbody><tr><td><strong>Aktivitet</strong></td><td><strong>När</strong></td></tr>"
        "<tr><td>Uppstartsmöte</td><td>Februari</td></tr></tbody></table>"
    )


def test_libreoffice_lists_headings_and_header_row():
    assert pasted("libreoffice.html") == (
        "<h2>Uppföljning och utvärdering</h2>"
        "<p>Förbundet följer upp <strong>varje insats</strong> två gånger per år och redovisar "
        "resultatet i <em>Uppföljning Finsam</em>.</p>"
        "<ul><li>Deltagarnas stegförflyttning<ul><li>mot arbete</li><li>mot studier</li></ul>"
        "</li><li>Samverkan mellan myndigheterna</li></ul>"
        "<h3>Tidplan</h3>"
        # LibreOffice writes a lettered list as <ol type="a">: the letters stay.
        '<ol type="a"><li>Uppföljning i juni</li><li>Uppföljning i december</li></ol>'
        '<table><thead><tr><th scope="col">Mått</th><th scope="col">Källa</th></tr></thead>'
        f"<tbody><tr><td>Antal deltagare</td><td>{LINK}Uppföljning Finsam</a></td></tr>"
        "</tbody></table>"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_sanitising_its_own_output_changes_nothing(name):
    once = pasted(name)
    assert sanitise_html(once) == once


def _word_item(text: str, marker: str, *, level: int = 1, lfo: int = 1) -> str:
    return (
        f"<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level{level} "
        f"lfo{lfo}'><!--[if !supportLists]--><span style='mso-list:Ignore'>{marker}"
        f"<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span>"
        f"<!--[endif]-->{text}<o:p></o:p></p>\n"
    )


@pytest.mark.parametrize(
    ("marker", "tag"),
    [("·", "ul"), ("o", "ul"), ("§", "ul"), ("-", "ul"), ("\uf0a7", "ul"), ("1.", "ol")]
    + [("12)", "ol"), ("a)", 'ol type="a"'), ("B.", 'ol type="A"'), ("iv.", 'ol type="i"')]
    + [("(c)", 'ol type="a"'), ("2.1", "ol")],
)
def test_a_word_list_is_numbered_or_bulleted_by_its_marker(marker, tag):
    html = _word_item("Ett", marker) + _word_item("Två", marker)
    assert sanitise_html(html) == f"<{tag}><li>Ett</li><li>Två</li></{tag[:2]}>"


@pytest.mark.parametrize(
    ("markers", "kind"),
    [
        (("a)", "b)", "c)"), "a"),
        (("A.", "B."), "A"),
        (("i.", "ii.", "iii."), "i"),
        (("I.", "II."), "I"),
        (("i)", "j)"), "a"),  # the ninth and tenth letter, not a roman one and a "j"
        (("(i)",), "i"),
    ],
)
def test_a_lettered_or_roman_word_list_keeps_its_numbering_style(markers, kind):
    """A text that says "se punkt b)" must still find b): an <ol type>, not 1, 2, 3."""
    html = "".join(_word_item(f"Punkt {n}", marker) for n, marker in enumerate(markers))
    items = "".join(f"<li>Punkt {n}</li>" for n in range(len(markers)))
    assert sanitise_html(html) == f'<ol type="{kind}">{items}</ol>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<ol type="a"><li>x</li></ol>', '<ol type="a"><li>x</li></ol>'),
        ('<ol type="I"><li>x</li></ol>', '<ol type="I"><li>x</li></ol>'),
        ('<ol type="1"><li>x</li></ol>', '<ol type="1"><li>x</li></ol>'),
        ('<ol type=" i "><li>x</li></ol>', '<ol type="i"><li>x</li></ol>'),
        ('<ol type="disc"><li>x</li></ol>', "<ol><li>x</li></ol>"),
        ('<ol type="a;color:red"><li>x</li></ol>', "<ol><li>x</li></ol>"),
        ('<ol type="α"><li>x</li></ol>', "<ol><li>x</li></ol>"),
        ('<ul type="a"><li>x</li></ul>', "<ul><li>x</li></ul>"),
        ('<p type="a">x</p>', "<p>x</p>"),
    ],
)
def test_only_an_ordered_list_keeps_a_type_and_only_a_numbering_style(html, expected):
    assert sanitise_html(html) == expected


def test_word_lists_interrupted_or_of_another_instance_stay_apart():
    html = (
        _word_item("Ett", "·")
        + "<p class=MsoNormal>Mellan<o:p></o:p></p>"
        + _word_item("Två", "·")
        + _word_item("Första", "1.", lfo=2)
        + _word_item("Andra", "1.", lfo=3)
    )
    assert sanitise_html(html) == (
        "<ul><li>Ett</li></ul><p>Mellan</p><ul><li>Två</li></ul>"
        "<ol><li>Första</li></ol><ol><li>Andra</li></ol>"
    )


def test_a_word_list_starting_deeper_or_climbing_back_keeps_its_levels():
    html = (
        _word_item("Under", "o", level=2)
        + _word_item("Upp", "·", level=1)
        + _word_item("Djupt", "§", level=3)
    )
    # The third item skips a level: it still belongs below the item before it.
    assert sanitise_html(html) == "<ul><li>Under</li><li>Upp<ul><li>Djupt</li></ul></li></ul>"


def test_word_lists_without_markers_are_numbered_or_bulleted_by_words_list_styles():
    """Some Word versions write a list item's marker span empty, or leave it out: every such
    list became bulleted, "1." and "a)" ones too. Word's <style> still defines each level."""
    assert pasted("word_lists_without_markers.html") == (
        "<h2>Mål för 2026</h2>"
        "<ol><li>Fler deltagare närmare arbete"
        '<ol type="a"><li>minst 40 procent till arbete eller studier</li>'
        "<li>stegförflyttning för de andra</li></ol></li>"
        "<li>Samverkan som håller</li></ol>"
        "<h3>Fokusområden</h3>"
        '<ol type="I"><li>Unga vuxna</li><li>Långtidssjukskrivna</li></ol>'
        "<p>Insatserna i korthet:</p>"
        "<ul><li>Arbetsträning<ul><li>hos kommunerna</li></ul></li><li>Samordnare</li></ul>"
    )


def test_a_numbered_list_pasted_from_outlook_without_markers_stays_numbered():
    assert pasted("outlook_numbered_list.html") == (
        "<p>Hej! Så här ser beslutsgången ut:</p>"
        "<ol><li>Beredningsgruppen bereder förslaget"
        '<ol type="A"><li>budgeten</li><li>verksamhetsplanen</li></ol></li>'
        "<li>Styrelsen beslutar i november</li></ol>"
    )


def test_word_lists_without_markers_or_styles_stay_bulleted_as_before():
    html = (FIXTURES / "word_lists_without_markers.html").read_text(encoding="utf-8")
    without_styles = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert sanitise_html(without_styles) == (
        "<h2>Mål för 2026</h2>"
        "<ul><li>Fler deltagare närmare arbete"
        "<ul><li>minst 40 procent till arbete eller studier</li>"
        "<li>stegförflyttning för de andra</li></ul></li>"
        "<li>Samverkan som håller</li></ul>"
        "<h3>Fokusområden</h3>"
        "<ul><li>Unga vuxna</li><li>Långtidssjukskrivna</li></ul>"
        "<p>Insatserna i korthet:</p>"
        "<ul><li>Arbetsträning<ul><li>hos kommunerna</li></ul></li><li>Samordnare</li></ul>"
    )


def _word_styles(*rules: str) -> str:
    return "<style>\n<!--\n" + "\n".join(rules) + "\n-->\n</style>"


@pytest.mark.parametrize(
    ("rule", "style"),
    [
        ("{mso-level-tab-stop:none;\n\tmso-level-number-position:left;}", ListStyle("ol")),
        ('{mso-level-text:"%1\\.";}', ListStyle("ol")),
        ("{mso-level-number-format:arabic-leading-zero;}", ListStyle("ol")),
        ("{mso-level-number-format:alpha-lower;}", ListStyle("ol", "a")),
        ("{mso-level-number-format:Alpha-Upper;}", ListStyle("ol", "A")),
        ("{mso-level-number-format:roman-lower;}", ListStyle("ol", "i")),
        ("{mso-level-number-format:roman-upper;}", ListStyle("ol", "I")),
        ("{mso-level-number-format:bullet;\n\tmso-level-text:\\F0B7;}", ListStyle("ul")),
        ("{mso-level-number-format:image;}", ListStyle("ul")),
        ("{mso-level-number-format:none;}", ListStyle("ul")),
    ],
)
def test_word_list_styles_read_each_levels_number_format(rule, style):
    """Word leaves the format out for 1, 2, 3; "bullet", a picture or none show no number."""
    html = _word_styles("@list l3\n\t{mso-list-id:1;}", f"@list l3:level2\n\t{rule}")
    assert word_list_styles(html) == {("3", 2): style}


def test_word_list_styles_ignore_instance_restarts_and_text_outside_style():
    html = (
        _word_styles(
            "@list l0:level1\n\t{mso-level-number-format:bullet;}",
            "@list l0:level1 lfo2\n\t{mso-level-start-at:3;}",
        )
        + "<p>@list l1:level1 {mso-level-number-format:bullet;}</p>"
    )
    assert word_list_styles(html) == {("0", 1): ListStyle("ul")}


def _unmarked_item(text: str, *, template: int = 0, level: int = 1, empty_span: bool = False):
    marker = (
        "<!--[if !supportLists]--><span style='mso-list:Ignore'><span style='font:7.0pt'>"
        "&nbsp;&nbsp; </span></span><!--[endif]-->"
        if empty_span
        else ""
    )
    return (
        f"<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l{template} "
        f"level{level} lfo1'>{marker}{text}<o:p></o:p></p>\n"
    )


def test_a_marker_word_wrote_still_decides_over_its_style():
    styles = _word_styles("@list l0:level1\n\t{mso-level-number-format:bullet;}")
    html = styles + _word_item("Ett", "a)") + _word_item("Två", "b)")
    assert sanitise_html(html) == '<ol type="a"><li>Ett</li><li>Två</li></ol>'


@pytest.mark.parametrize("empty_span", [False, True])
def test_an_unmarked_item_reads_the_style_of_its_own_template_and_level(empty_span):
    styles = _word_styles(
        "@list l0:level1\n\t{mso-level-number-format:bullet;}",
        "@list l1:level1\n\t{mso-level-number-format:roman-lower;}",
    )
    html = (
        styles
        + _unmarked_item("Punkt", empty_span=empty_span)
        + "<p>Mellan</p>"
        + _unmarked_item("Första", template=1, empty_span=empty_span)
        + _unmarked_item("Andra", template=1, empty_span=empty_span)
        + "<p>Mellan</p>"
        + _unmarked_item("Odefinierad", template=1, level=2, empty_span=empty_span)
    )
    assert sanitise_html(html) == (
        "<ul><li>Punkt</li></ul><p>Mellan</p>"
        '<ol type="i"><li>Första</li><li>Andra</li></ol><p>Mellan</p>'
        "<ul><li>Odefinierad</li></ul>"
    )


def test_word_bold_keeps_its_meaning_whatever_its_bidi_style_says():
    html = (
        "<p><b style='mso-bidi-font-weight:normal'>Fet</b> "
        "<i style='mso-bidi-font-style:\nnormal'>kursiv</i></p>"
    )
    assert sanitise_html(html) == "<p><strong>Fet</strong> <em>kursiv</em></p>"


def test_a_numbered_word_heading_stays_a_heading_without_its_number():
    html = (
        "<h2 style='mso-list:l1 level2 lfo3'><![if !supportLists]><span style='mso-list:Ignore'>"
        "1.1<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span><![endif]>"
        "Bakgrund</h2>"
    )
    assert sanitise_html(html) == "<h2>Bakgrund</h2>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<h1>Titel</h1><h2>Del</h2><h3>Punkt</h3><h4>Detalj</h4>",
            "<h2>Titel</h2><h3>Del</h3><h4>Punkt</h4><h4>Detalj</h4>",
        ),
        ("<h2>Del</h2><h5>Liten</h5><h6>Minst</h6>", "<h2>Del</h2><h4>Liten</h4><h4>Minst</h4>"),
        ("<p class=MsoTitle>Titel</p><p class=MsoHeading2>Del</p>", "<h2>Titel</h2><h3>Del</h3>"),
    ],
)  # fmt: skip
def test_headings_move_to_the_levels_a_section_allows(html, expected):
    assert sanitise_html(html) == expected


def test_styled_bold_in_a_heading_or_header_cell_is_their_look_not_emphasis():
    html = (
        '<h2><span style="font-weight:700">Mål</span></h2>'
        "<p class=MsoHeading3><span style='font-weight:bold'>Delmål</span></p>"
        "<table><tr><th><b>Insats</b></th><th>År</th></tr><tr><td>A</td><td>1</td></tr></table>"
    )
    assert sanitise_html(html) == (
        "<h2>Mål</h2><h3>Delmål</h3><table><thead><tr>"
        '<th scope="col">Insats</th><th scope="col">År</th></tr></thead>'
        "<tbody><tr><td>A</td><td>1</td></tr></tbody></table>"
    )


@pytest.mark.parametrize(
    ("style", "kind"),
    [("lower-alpha", "a"), ("upper-latin", "A"), ("lower-roman", "i"), ("UPPER-ROMAN", "I")],
)
def test_a_google_docs_list_numbered_by_css_keeps_its_letters_or_numerals(style, kind):
    # Google Docs puts the numbering style on each item, and the <ol> says nothing.
    item = '<li dir="ltr" style="list-style-type:{};font-weight:400" aria-level="1"><p>{}</p></li>'
    items = item.format(style, "Kartlägga") + item.format(style, "Följa upp")
    html = f'<ol style="margin-top:0">{items}</ol>'
    assert sanitise_html(html) == f'<ol type="{kind}"><li>Kartlägga</li><li>Följa upp</li></ol>'


def test_a_css_numbering_style_does_not_override_a_written_type_or_make_bullets_numbered():
    html = (
        '<ol type="1"><li style="list-style-type:lower-alpha">x</li></ol>'
        '<ul><li style="list-style-type:lower-alpha">y</li></ul>'
        '<ol><li style="list-style-type:decimal">z</li></ol>'
    )
    assert (
        sanitise_html(html) == '<ol type="1"><li>x</li></ol><ul><li>y</li></ul><ol><li>z</li></ol>'
    )


def test_a_list_written_inside_a_list_moves_into_the_item_before_it():
    html = "<ol><li><p>Ett</p></li><ul><li>a</li></ul><li>Två</li></ol><ul><ul><li>x</li></ul></ul>"
    assert sanitise_html(html) == (
        "<ol><li>Ett<ul><li>a</li></ul></li><li>Två</li></ol><ul><li><ul><li>x</li></ul></li></ul>"
    )


def test_line_breaks_and_spaces_at_block_edges_go_but_not_between_words():
    html = "<br><p> <br>Text <b>fet</b>&nbsp;<i>kursiv</i>&nbsp;<br></p><br><li><b></b> Punkt</li>"
    assert (
        sanitise_html(html) == "<p>Text <strong>fet</strong>&nbsp;<em>kursiv</em></p><li>Punkt</li>"
    )
    assert sanitise_html("<p>Rad ett<br>rad två</p>") == "<p>Rad ett<br>rad två</p>"


# --- The editor's paste and the form without JavaScript -------------------------------------


def test_the_editor_gets_the_paste_cleaned_as_it_will_be_saved_and_nothing_is_stored(
    director, draft, url
):
    section = draft.sections.get(key="vision")
    before = (section.body, section.version)
    word = (FIXTURES / "word_windows.html").read_text(encoding="utf-8")
    response = director.post(
        url("plans:section_paste", draft, section_id=section.pk), {"html": word}
    )
    assert response.status_code == 200
    assert response.json() == {"html": pasted("word_windows.html"), "message": ""}
    section.refresh_from_db()
    assert (section.body, section.version) == before


def test_the_form_without_javascript_stores_the_same_structure(director, draft, url):
    from tests.plans.test_views import section_data

    section = draft.sections.get(key="vision")
    word = (FIXTURES / "word_windows.html").read_text(encoding="utf-8")
    director.post(
        url("plans:section_edit", draft, section_id=section.pk), section_data(section, word)
    )
    section.refresh_from_db()
    assert section.body == pasted("word_windows.html")


def test_pictures_in_a_paste_are_reported_to_the_editor(director, draft, url):
    section = draft.sections.get(key="vision")
    word = (
        "<p class=MsoNormal>Karta<img width=200 height=100 "
        'src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png"></p>'
    )
    answer = director.post(
        url("plans:section_paste", draft, section_id=section.pk), {"html": word}
    ).json()
    assert answer["html"] == "<p>Karta</p>"
    assert answer["message"].startswith("1 bild kunde inte sparas")


def test_an_approved_plan_takes_no_paste(director, vvnd, url):
    from plans.models import Plan

    approved = Plan.objects.get(association=vvnd, year=2025, status=Plan.Status.APPROVED)
    section = approved.sections.first()
    paste = url("plans:section_paste", approved, section_id=section.pk)
    assert director.post(paste, {"html": "<p>x</p>"}).status_code == 403
