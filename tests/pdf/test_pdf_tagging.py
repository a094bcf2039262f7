"""What a screen reader gets from the tagged PDF: the structure tree and the marked content.

Running headers and footers are artifacts, not text read on every page; table header cells
say whether they head a column or a row; the table of contents reads as its section titles;
figures are located in PDF points. (plans/pdf/tagging.py and the ToC in pdf/document.html.)
"""

from __future__ import annotations

import re

import pytest
from pypdf.generic import DictionaryObject

from members.contributions import contribution_table
from members.models import Member
from members.services import contribution_decision_set
from plans.models import Plan
from plans.pdf.render import html_to_pdf, render_plan_pdf

from .pdfread import (
    element_text,
    every_object,
    link_targets,
    marked_content,
    pages_text,
    parent_tree,
    reader,
    resolve,
    struct_elements,
)
from .pdfread import (
    kids as _kids,
)

MM = 72 / 25.4


def _reachable(pdf: bytes) -> set[int]:
    return {e.indirect_reference.idnum for e in struct_elements(pdf)}


def _page_index(pdf: bytes, element: DictionaryObject) -> int:
    return reader(pdf).get_page_number(resolve(element["/Pg"]))


def _on_page(pdf: bytes, tag: str, page: int) -> list[DictionaryObject]:
    return [e for e in struct_elements(pdf) if e["/S"] == tag and _page_index(pdf, e) == page]


def _is_pagination(m) -> bool:
    return m.tag == "/Artifact" and m.properties.get("/Type") == "/Pagination"


def _text_by_mcid(pdf: bytes) -> list[dict[int, str]]:
    return [{m.mcid: m.text for m in page if m.mcid is not None} for page in marked_content(pdf)]


# --- running header and footer ------------------------------------------------------------


def test_running_header_and_footer_are_pagination_artifacts(large):
    pages = marked_content(large.pdf)
    count = len(pages)
    for n, page in enumerate(pages, start=1):
        furniture = " ".join(m.text for m in page if _is_pagination(m))
        tagged = " ".join(m.text for m in page if m.mcid is not None)
        assert f"Sida {n} av {count}" in furniture, (n, furniture)
        assert "UTKAST – inte beslutad" in furniture, n
        assert "Sida " not in tagged, (n, tagged[-200:])
        if n > 1:  # the cover has no running header
            assert "UTKAST" in furniture.replace("UTKAST – inte beslutad", ""), n
            assert "Verksamhetsplan och budget 2041" in furniture, n


def test_the_approved_plans_decision_line_in_the_footer_is_an_artifact(large):
    for n, page in enumerate(marked_content(large.approved_pdf), start=1):
        furniture = [m.text for m in page if m.tag == "/Artifact" and m.text]
        assert large.decision_line in furniture, (n, furniture)


def test_all_marked_content_is_in_the_structure_tree_and_nothing_detached(large):
    reachable = _reachable(large.pdf)
    parents = parent_tree(large.pdf)
    for index, page in enumerate(marked_content(large.pdf)):
        mcids = [m.mcid for m in page if m.mcid is not None]
        assert sorted(mcids) == list(range(len(mcids))), index  # dense, each once
        owners = parents[index]
        assert len(owners) == len(mcids), index
        for mcid, owner in enumerate(owners):
            assert owner.indirect_reference.idnum in reachable, (index, mcid)
            assert mcid in _kids(owner), (index, mcid)
    # No structure element hangs outside the tree (WeasyPrint's margin-box elements did).
    detached = [
        o
        for o in every_object(large.pdf)
        if isinstance(o, DictionaryObject)
        and o.get("/Type") == "/StructElem"
        and o.indirect_reference.idnum not in reachable
    ]
    assert detached == []


def test_content_painted_after_a_margin_box_keeps_its_own_structure_element():
    """A header painted first (z-index) must not shift the marked content after it."""
    html = """<html lang="sv"><head><title>Prov</title><style>
      @page { @top-left { content: "Huvud"; z-index: -1 } @bottom-right { content: "Sida 1" } }
    </style></head><body><p>Först</p><p>Sist</p></body></html>"""
    pdf = html_to_pdf(html)
    (page,) = marked_content(pdf)
    assert [m.tag for m in page if m.text == "Huvud"] == ["/Artifact"]
    texts = {m.mcid: m.text for m in page if m.mcid is not None}
    assert texts == {0: "Först", 1: "Sist"}
    owners = parent_tree(pdf)[0]
    assert [_kids(owner) for owner in owners] == [[0], [1]]


# --- tables --------------------------------------------------------------------------------


def test_table_header_cells_have_the_scope_of_their_html(large):
    """thead cells are scope="col", body and footer row labels scope="row" in our templates."""
    headers = [e for e in struct_elements(large.pdf) if e["/S"] == "/TH"]
    assert len(headers) > 50
    for th in headers:
        attributes = resolve(th["/A"])
        assert attributes["/O"] == "/Table"
        group = resolve(resolve(th["/P"])["/P"])["/S"]  # TH → TR → THead/TBody/TFoot
        # the budget's group headings span the row but head the rows below (scope="rowgroup")
        if group == "/THead":
            assert attributes["/Scope"] == "/Column", th
        else:
            assert attributes["/Scope"] == "/Row", (group, th)


def test_header_ids_named_by_data_cells_resolve_through_the_id_tree(large):
    root = resolve(reader(large.pdf).trailer["/Root"])
    names = resolve(resolve(resolve(root["/StructTreeRoot"])["/IDTree"])["/Names"])
    ids = {str(k): resolve(v) for k, v in zip(names[::2], names[1::2], strict=True)}
    assert list(ids) == sorted(ids)
    cells = [e for e in struct_elements(large.pdf) if e["/S"] == "/TD"]
    named = [str(h) for td in cells for h in resolve(td["/A"]).get("/Headers", [])]
    assert named
    for header in named:
        assert ids[header]["/S"] == "/TH", header


# --- table of contents --------------------------------------------------------------------


def _toc_page(pdf: bytes) -> int:
    for index, text in enumerate(pages_text(pdf)):
        if re.search(r"^\s*Innehåll\s*$", text, re.M):
            return index
    raise AssertionError("no table of contents")


def test_toc_links_read_as_the_section_titles_without_leader_dots(large):
    toc = _toc_page(large.pdf)
    texts = _text_by_mcid(large.pdf)
    links = _on_page(large.pdf, "/Link", toc)
    assert [element_text(large.pdf, link) for link in links] == large.titles
    # Nothing on the page is a run of dots (CSS leader() made each dot tagged text).
    assert not any(re.search(r"\.{3,}|^\.$", t) for t in texts[toc].values())
    # One link, one annotation, one tab stop per entry (not three nested ones).
    assert len(link_targets(large.pdf, toc)) == len(large.titles)


def test_no_link_is_nested_in_another_link(large):
    for element in struct_elements(large.pdf):
        if element["/S"] == "/Link":
            assert not any(
                isinstance(k, DictionaryObject) and k.get("/S") == "/Link" for k in _kids(element)
            )


def test_toc_page_numbers_follow_their_titles(large):
    toc = _toc_page(large.pdf)
    texts = _text_by_mcid(large.pdf)
    page_count = len(texts)
    entries = [element_text(large.pdf, i) for i in _on_page(large.pdf, "/TOCI", toc)]
    assert len(entries) == len(large.titles)
    for entry, title in zip(entries, large.titles, strict=True):
        match = re.fullmatch(rf"{re.escape(title)} (\d+)", entry)
        assert match, (entry, title)
        assert 2 < int(match[1]) <= page_count


def _annotation_owners(pdf: bytes) -> dict[int, DictionaryObject]:
    """The ParentTree's entries for annotations: StructParent → its structure element."""
    root = resolve(reader(pdf).trailer["/Root"])
    nums = resolve(resolve(resolve(root["/StructTreeRoot"])["/ParentTree"])["/Nums"])
    return {
        int(key): resolve(value)
        for key, value in zip(nums[::2], nums[1::2], strict=True)
        if isinstance(resolve(value), DictionaryObject)
    }


def _assert_toc(pdf: bytes, titles: list[str]) -> None:
    """One TOC of TOCI entries, each a Reference holding the section's Link (its annotation
    still attached: the OBJR in the Link, the annotation's StructParent naming the Link)."""
    elements = struct_elements(pdf)
    (toc,) = [e for e in elements if e["/S"] == "/TOC"]
    assert not any(e["/S"] == "/TOCI" for e in elements if e not in _kids(toc))
    owners = _annotation_owners(pdf)
    read = []
    for entry in _kids(toc):
        assert entry["/S"] == "/TOCI"
        assert [k["/S"] for k in _kids(entry)] == ["/Reference"]
        (reference,) = _kids(entry)
        links = [
            k
            for k in _kids(reference)
            if isinstance(k, DictionaryObject) and k.get("/S") == "/Link"
        ]
        (link,) = links
        objrs = [
            k for k in _kids(link) if isinstance(k, DictionaryObject) and k.get("/Type") == "/OBJR"
        ]
        assert objrs
        for objr in objrs:
            annotation = resolve(objr["/Obj"])
            assert owners[annotation["/StructParent"]] == link
        assert resolve(link["/P"]) == reference and resolve(reference["/P"]) == entry
        read.append(element_text(pdf, link))
    assert read == titles
    # The contents are a section headed "Innehåll" (WeasyPrint made the <nav> a NonStruct,
    # grouping without meaning, so the heading headed nothing), beside the cover and the body.
    section = resolve(toc["/P"])
    assert section["/S"] == "/Sect"
    assert resolve(section["/P"])["/S"] == "/Document"
    heading = next(k for k in _kids(section) if isinstance(k, DictionaryObject) and "/S" in k)
    assert heading["/S"] == "/H2" and element_text(pdf, heading) == "Innehåll"


def test_the_table_of_contents_is_tagged_toc_with_toci_entries(large):
    _assert_toc(large.pdf, large.titles)
    _assert_toc(large.archival_pdf, large.titles)
    # The contents are no longer also a list.
    assert _on_page(large.pdf, "/L", _toc_page(large.pdf)) == []


def test_a_table_of_contents_over_two_pages_is_one_toc():
    titles = [f"Avsnitt {n}: uppföljning av insatserna" for n in range(1, 61)]
    entries = "".join(
        f'<li><a href="#s{n}">{t}</a><span class="toc__page" data-target="#s{n}"></span></li>'
        for n, t in enumerate(titles, start=1)
    )
    sections = "".join(f'<h2 id="s{n}">{t}</h2>' for n, t in enumerate(titles, start=1))
    html = f"""<html lang="sv"><head><title>Prov</title>
    <link rel="stylesheet" href="/static/css/print.css"></head><body>
    <nav class="toc"><h2>Innehåll</h2><ol>{entries}</ol></nav>
    <main>{sections}</main></body></html>"""
    pdf = html_to_pdf(html)
    toc_pages = {_page_index(pdf, e) for e in struct_elements(pdf) if e["/S"] == "/TOCI"}
    assert len(toc_pages) == 2
    _assert_toc(pdf, titles)


# --- figures --------------------------------------------------------------------------------


def test_figure_bboxes_are_pdf_points_inside_the_page_margins(large):
    r = reader(large.pdf)
    figures = [e for e in struct_elements(large.pdf) if e["/S"] == "/Figure"]
    assert figures
    by_page: dict[int, list[float]] = {}
    for figure in figures:
        box = [float(v) for v in resolve(figure["/A"])["/BBox"]]
        page = _page_index(large.pdf, figure)
        width, height = (float(v) for v in r.pages[page].mediabox[2:])
        x1, y1, x2, y2 = box
        assert 15 * MM <= x1 < x2 <= width - 15 * MM, (page, box, width)
        assert 15 * MM <= y1 < y2 <= height - 15 * MM, (page, box, height)
        by_page.setdefault(page, []).append(y2)
    # PDF y grows upwards: of two figures on a page, the first in reading order is higher up.
    stacked = [tops for tops in by_page.values() if len(tops) > 1]
    assert stacked
    for tops in stacked:
        assert tops == sorted(tops, reverse=True), tops


# --- contributions --------------------------------------------------------------------------


@pytest.fixture
def varna_plan(varna) -> Plan:
    """VärNa 2023 (in review): every member's decided amount equals the key's, every year."""
    return Plan.objects.select_related("association").get(association=varna, year=2023)


def test_only_members_whose_decided_amount_differs_are_marked(varna_plan):
    year = varna_plan.year + 1
    rows = contribution_table(varna_plan).year(year).rows
    assert all(r.decided == r.computed for r in rows)  # the seed: decisions equal the key
    nacka = Member.objects.get(association=varna_plan.association, name__startswith="Nacka")
    computed = next(r.computed for r in rows if r.member_id == nacka.pk)
    contribution_decision_set(
        user=None, plan=varna_plan, member=nacka, year=year, amount=computed + 5000
    )

    text = "\n".join(pages_text(render_plan_pdf(varna_plan)))
    marked = sorted({m.strip() for m in re.findall(r"^\s*(\S[^\n*]*?) \*", text, re.M)})
    assert marked == ["Nacka kommun"], marked
    note = (
        "* Beslutat belopp avviker för minst ett av åren från fördelningsnyckeln med mer än "
        "den avrundning förbundet tillåter."
    )
    assert note in re.sub(r"\s*\n\s*", " ", text)


def test_decided_amounts_equal_to_the_key_carry_no_mark_and_no_footnote(varna_plan):
    text = "\n".join(pages_text(render_plan_pdf(varna_plan)))
    assert "Nacka kommun" in text
    assert not re.search(r"kommun \*|FK/AF \*|Region \w+ \*", text)
    assert "den avrundning förbundet tillåter" not in text


# --- definition lists (an intervention's facts) -------------------------------------------


def test_a_definition_list_reads_each_term_with_its_description():
    """WeasyPrint made each <dt> and each <dd> a list item of its own ("list of 4 items:
    Status, Pågående, Period, 2025–2027"); a term is the item's label, its description the
    item's body, as the Tagged PDF best practice maps a <dl>."""
    html = """<html lang="sv"><head><title>Prov</title></head><body>
    <dl><dt>Status</dt><dd>Pågående</dd><dt>Period</dt><dd>2025–2027</dd></dl>
    </body></html>"""
    pdf = html_to_pdf(html)
    (lst,) = [e for e in struct_elements(pdf) if e["/S"] == "/L"]
    items = _kids(lst)
    assert [i["/S"] for i in items] == ["/LI", "/LI"]
    read = [[(k["/S"], element_text(pdf, k)) for k in _kids(item)] for item in items]
    assert read == [
        [("/Lbl", "Status"), ("/LBody", "Pågående")],
        [("/Lbl", "Period"), ("/LBody", "2025–2027")],
    ]


def test_intervention_facts_are_labelled_list_items(large):
    items = [
        e
        for e in struct_elements(large.pdf)
        if e["/S"] == "/LI" and [k["/S"] for k in _kids(e)] == ["/Lbl", "/LBody"]
    ]
    labels = {element_text(large.pdf, _kids(item)[0]) for item in items}
    assert {"Status", "Period", "Insatsägare"} <= labels
