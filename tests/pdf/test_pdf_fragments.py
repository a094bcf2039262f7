"""One HTML element, one structure element, however many pages or lines it is laid out on.

WeasyPrint 70 builds the structure tree page by page, so an element broken across a page
break became one structure element per page: the plan's <main> one Part per page, a section
that runs on a Sect without a heading, a paragraph two paragraphs, a list two lists, a table
two tables whose header row is read again as content. A link wrapped over two lines became
two links, and each link annotation's description (/Contents) was its target ("avsnitt-53",
a URL) instead of its text. (plans/pdf/tagging.py: merge_fragments, link_contents.)
"""

from __future__ import annotations

import re

import pytest
from pypdf.generic import DictionaryObject

from plans.pdf.render import html_to_pdf

from .pdfread import kids as _kids
from .pdfread import marked_content, parent_tree, reader, resolve, struct_elements

LINK_TEXT = "lagen om finansiell samordning av rehabiliteringsinsatser, som styr förbundets arbete"
ROWS = 45
ITEMS = 25
ROW = '<tr><th scope="row">Rad {n}</th><td>{n} 000</td></tr>'
WORDS = " ".join(["Samordningsförbundet finansierar insatser för personer i arbetsför ålder."] * 40)

HTML = f"""<html lang="sv"><head><title>Prov</title><style>
  @page {{ size: A6; margin: 12mm 10mm; @bottom-right {{ content: "Sida " counter(page) }} }}
  body {{ font-size: 9pt }}
</style></head><body><main><section><h2>Avsnitt</h2>
<p>{WORDS}</p>
<ul>{"".join(f"<li>Punkt {n}</li>" for n in range(1, ITEMS + 1))}</ul>
<table><caption>Budget</caption>
<thead><tr><th scope="col">Post</th><th scope="col">Belopp</th></tr></thead>
<tbody>{"".join(ROW.format(n=n) for n in range(ROWS))}</tbody>
</table>
<p>Läs <a href="https://example.se/lagen">{LINK_TEXT}</a> noga.</p>
</section></main></body></html>"""


@pytest.fixture(scope="module")
def broken() -> bytes:
    return html_to_pdf(HTML)


def _of(pdf: bytes, tag: str) -> list[DictionaryObject]:
    return [e for e in struct_elements(pdf) if e["/S"] == tag]


def _pages_of(pdf: bytes, element: DictionaryObject) -> set[int]:
    """The pages an element's content is drawn on (its marked content, its kids')."""
    r = reader(pdf)
    found = set()
    for kid in _kids(element):
        if isinstance(kid, int):
            found.add(r.get_page_number(resolve(element["/Pg"])))
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            found.add(r.get_page_number(resolve(kid["/Pg"])))
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            found |= _pages_of(pdf, kid)
    return found


def test_the_sample_really_breaks_across_pages(broken):
    assert len(reader(broken).pages) >= 4


def test_main_section_paragraph_list_and_table_are_one_element_each(broken):
    assert len(_of(broken, "/Part")) == 1
    (section,) = _of(broken, "/Sect")
    assert _kids(section)[0]["/S"] == "/H2"
    assert len(_of(broken, "/P")) == 2
    (table,) = _of(broken, "/Table")
    (lst,) = _of(broken, "/L")
    assert len(_of(broken, "/LI")) == ITEMS
    assert len(_of(broken, "/TR")) == ROWS + 1
    paragraph = _of(broken, "/P")[0]
    for element in (paragraph, lst, table):
        assert len(_pages_of(broken, element)) > 1, element["/S"]  # it did break, and is one


def test_the_repeated_header_row_is_read_once_and_is_an_artifact_on_later_pages(broken):
    (table,) = _of(broken, "/Table")
    assert [k["/S"] for k in _kids(table)][:3] == ["/Caption", "/THead", "/TBody"]
    assert len(_of(broken, "/THead")) == 1
    assert len(_of(broken, "/TBody")) == 1
    table_pages = sorted(_pages_of(broken, table))
    pages = marked_content(broken)
    for page in table_pages[1:]:
        header = [m for m in pages[page] if m.text == "Post"]
        assert header, page
        assert all(m.tag == "/Artifact" for m in header), (page, header)


def test_every_cell_names_headers_that_are_in_the_tree(broken):
    root = resolve(reader(broken).trailer["/Root"])
    names = resolve(resolve(resolve(root["/StructTreeRoot"])["/IDTree"])["/Names"])
    ids = {str(k): resolve(v) for k, v in zip(names[::2], names[1::2], strict=True)}
    reachable = {e.indirect_reference.idnum for e in struct_elements(broken)}
    cells = _of(broken, "/TD")
    assert len(cells) == ROWS
    for td in cells:
        headers = [ids[str(h)] for h in resolve(td["/A"])["/Headers"]]
        assert all(h.indirect_reference.idnum in reachable for h in headers), td
        scopes = sorted(str(resolve(h["/A"])["/Scope"]) for h in headers)
        assert scopes == ["/Column", "/Row"], scopes


def test_marked_content_and_parent_tree_agree_after_merging(broken):
    r = reader(broken)
    reachable = {e.indirect_reference.idnum for e in struct_elements(broken)}
    for index, owners in parent_tree(broken).items():
        page_ref = r.pages[index].indirect_reference.idnum
        mcids = [m.mcid for m in marked_content(broken)[index] if m.mcid is not None]
        assert sorted(mcids) == list(range(len(owners))), index
        for mcid, owner in enumerate(owners):
            assert owner.indirect_reference.idnum in reachable, (index, mcid)
            own = resolve(owner["/Pg"]).indirect_reference.idnum == page_ref
            kids = _kids(owner)
            direct = own and mcid in kids
            by_reference = any(
                isinstance(k, DictionaryObject)
                and k.get("/Type") == "/MCR"
                and k["/MCID"] == mcid
                and resolve(k["/Pg"]).indirect_reference.idnum == page_ref
                for k in kids
            )
            assert direct or by_reference, (index, mcid)


def test_a_link_wrapped_over_two_lines_is_one_link_described_by_its_text(broken):
    (link,) = _of(broken, "/Link")
    annotations = [k for k in _kids(link) if isinstance(k, DictionaryObject) and "/Obj" in k]
    assert len(annotations) >= 2  # one per line
    for objr in annotations:
        annotation = resolve(objr["/Obj"])
        assert str(annotation["/Contents"]) == LINK_TEXT


def test_toc_link_annotations_are_described_by_the_section_titles(large):
    r = reader(large.pdf)
    contents = []
    for page in r.pages:
        for annotation in resolve(page.get("/Annots", [])) or []:
            annotation = resolve(annotation)
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                contents.append(str(annotation["/Contents"]))
    assert contents[: len(large.titles)] == large.titles
    assert not any(re.fullmatch(r"avsnitt-\d+", c) for c in contents)


def test_the_large_plan_has_one_part_and_every_section_starts_with_its_heading(large):
    (main,) = _of(large.pdf, "/Part")
    sections = [k for k in _kids(main) if isinstance(k, DictionaryObject)]
    assert [s["/S"] for s in sections] == ["/Sect"] * len(large.titles)
    for section in sections:
        assert _kids(section)[0]["/S"] == "/H2", section
    for table in _of(large.pdf, "/Table"):
        assert [k["/S"] for k in _kids(table)].count("/THead") <= 1
