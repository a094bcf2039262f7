"""Corrections to WeasyPrint 70's tagged PDF, applied before the file is written.

`finish_tagged_pdf` is passed to `write_pdf(finisher=...)`. It edits pydyf's object graph
(the structure tree screen readers follow and the pages' content streams) where WeasyPrint
70 gets PDF/UA wrong:

- the @page margin boxes (running header, UTKAST, decision line, "Sida X av Y") are painted
  as tagged content but left out of the structure tree, so they are neither read in order nor
  ignored: they become `/Artifact <</Type /Pagination>>` marked content, and the detached
  structure elements and their ParentTree entries are removed;
- header cells carry no /Scope: each TH gets the scope of its HTML `scope` attribute;
- cells refer to their headers by /ID but the StructTreeRoot has no /IDTree to look them up;
- figure /BBox is given in CSS pixels from the top of the page instead of PDF points;
- a figure drawn from inline SVG gets only the SVG's <title> as /Alt ("Intäkter per källa"):
  it gets the whole text alternative instead, <title> then <desc> (the kind of chart and its
  figures, finsam.charts), as a web page's aria-labelledby reads it;
- the tree is built page by page, so an element broken across pages (or an inline element
  across lines) became one structure element per fragment: the plan's <main> one Part per
  page, a section that runs on a Sect without its heading, a paragraph, list or table two of
  them, the table's header row (repeated on the next page) read again as content, a wrapped
  link two links. The fragments of one HTML element are joined into one structure element,
  and a repeated header row becomes a pagination artifact;
- a <dl> is a list whose every <dt> and every <dd> is an item of its own: each term becomes
  its item's label (Lbl) and its descriptions the item's body (LBody);
- a list inside a list item is put beside the item, not in it, and a paragraph in an item
  sits beside its body: both go into the item's body (LBody), so a screen reader hears the
  sub-list as part of its item, one level down;
- the table of contents (the `<nav class="toc">` list) is tagged as a list (L, LI, LBody),
  where PDF/UA and screen readers expect a TOC of TOCI entries: the list becomes a TOC, each
  item a TOCI and its body a Reference holding the entry's Link (its annotation stays attached);
- each link annotation's description (/Contents) is its target ("avsnitt-53", a URL): it
  gets the link's text, which is what a screen reader should announce.
- only the document has a language (/Lang from `<html lang>`): an element whose `lang` says
  it is in another language (the Swedish title of a plan in English) gets its own /Lang, so
  a screen reader switches voice for it.

A chart's drawn text (axis ticks, labels, legend) stays inside the Figure's one marked-content
sequence, with no structure element of its own: a Figure's /Alt replaces its content for
assistive technology (ISO 32000-1 14.9.3), and PDF/UA does not allow artifacts inside tagged
content, so marking that text as an artifact would break the file rather than hide it.

Everything here iterates lists in order (sets are only used for membership), so the same
plan still gives the same bytes: the approved PDF is stored with its checksum.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import pydyf
from weasyprint.pdf import tags as weasyprint_tags

if TYPE_CHECKING:
    from weasyprint.document import Document

PX_TO_PT = 0.75  # 72 PDF points per inch / 96 CSS pixels per inch (we never pass a zoom)

# HTML scope → PDF /Scope. A TH without scope counts as a column header, as WeasyPrint does
# when it fills the data cells' /Headers, so /Scope and /Headers agree.
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}

SVG = "{http://www.w3.org/2000/svg}"
_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _recording(build: Any) -> Any:
    """WeasyPrint's structure builder, with each structure element remembering its HTML element.

    `_build_box_tree` yields one structure element per layout box and calls itself (through
    the module) for the children, so wrapping it tags every element it makes for a box with
    that box's HTML element (`html_element`), innermost call first. merge_fragments uses it to
    tell the fragments of one element from neighbours that only look alike.
    """

    def build_box_tree(box: Any, *args: Any) -> Iterator[pydyf.Dictionary]:
        for element in build(box, *args):
            if not hasattr(element, "html_element"):
                element.html_element = getattr(getattr(box, "_box", box), "element", None)
            yield element

    build_box_tree.__wrapped__ = build
    return build_box_tree


if not hasattr(weasyprint_tags._build_box_tree, "__wrapped__"):
    weasyprint_tags._build_box_tree = _recording(weasyprint_tags._build_box_tree)


class _Null(pydyf.Object):
    """An object with no value: what a removed structure element becomes.

    pydyf cannot drop an object from an object stream without corrupting the cross-reference
    stream, and an indirect object whose value is null is the same as no object at all.
    """

    @property
    def data(self) -> bytes:
        return b"null"


def finish_tagged_pdf(document: Document, pdf: pydyf.PDF) -> None:
    """Make a WeasyPrint-tagged PDF what a screen reader and PDF/UA expect (see above)."""
    if "StructTreeRoot" not in pdf.catalog:
        return  # an untagged render: nothing to correct
    merge_fragments(pdf)  # first: a repeated header row it detaches becomes an artifact below
    definition_lists(pdf)
    nested_lists(pdf)
    table_of_contents(pdf)  # after nested_lists: an entry is then a label and a body
    margin_content_as_artifacts(pdf)
    header_scopes(document)
    header_id_tree(pdf)
    svg_figures_alt(document, pdf)  # before the boxes change unit: it finds figures by box
    figure_bboxes_in_points(document, pdf)
    link_contents(document)
    element_languages(pdf)


def _get(pdf: pydyf.PDF, value: object) -> object:
    """The object an indirect reference (b"12 0 R") points to; other values as they are."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _struct_elements(pdf: pydyf.PDF) -> Iterator[pydyf.Dictionary]:
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem":
            yield obj


def _reachable(pdf: pydyf.PDF) -> set[int]:
    """Object numbers of the structure elements a reader reaches from the StructTreeRoot."""
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    seen: set[int] = set()
    stack = [ref for ref in root["K"] if isinstance(ref, bytes)]
    while stack:
        ref = stack.pop()
        element = _get(pdf, ref)
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue  # an OBJR (link annotation) or a marked-content id
        if _number(ref) in seen:
            continue
        seen.add(_number(ref))
        stack.extend(kid for kid in element["K"] if isinstance(kid, bytes))
    return seen


def _page_parent_arrays(pdf: pydyf.PDF) -> Iterator[tuple[int, pydyf.Array]]:
    """(page index, the page's MCID → structure element array) from the ParentTree."""
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    nums = _get(pdf, root["ParentTree"])["Nums"]
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if isinstance(value, pydyf.Array):  # annotations map to a single reference instead
            yield key, value


def _marked_content(stream: pydyf.Stream) -> Iterator[tuple[int, pydyf.Dictionary]]:
    """(index in the stream, property list) of every `/Tag <</MCID n>> BDC`."""
    items = stream.stream
    for i in range(1, len(items) - 1):
        item = items[i]
        if isinstance(item, pydyf.Dictionary) and "MCID" in item and items[i + 1] == b"BDC":
            yield i, item


def margin_content_as_artifacts(pdf: pydyf.PDF) -> int:
    """Content outside the structure tree becomes pagination artifacts; returns how many.

    WeasyPrint 70 tags the @page margin boxes' text but hangs its structure elements on
    nothing (tags.py: "It could be included in tree as Artifact, but that's only allowed in
    PDF 2.0"). PDF/UA wants page furniture marked as artifacts in the content stream instead,
    so a screen reader skips it rather than reading the header and footer on every page.
    The remaining marked content is renumbered so each page's ParentTree array stays dense.
    """
    reachable = _reachable(pdf)
    converted = 0
    for page_index, parents in _page_parent_arrays(pdf):
        kept = [m for m, ref in enumerate(parents) if _number(ref) in reachable]
        if len(kept) == len(parents):
            continue
        renumber = {old: new for new, old in enumerate(kept)}
        page = _get(pdf, pdf.page_references[page_index])
        stream = _get(pdf, page["Contents"])
        for i, properties in _marked_content(stream):
            mcid = properties["MCID"]
            if mcid in renumber:
                properties["MCID"] = renumber[mcid]
            else:
                stream.stream[i - 1] = "/Artifact"
                stream.stream[i] = pydyf.Dictionary({"Type": "/Pagination"})
                converted += 1
        if kept != list(range(len(kept))):
            owners = {_number(parents[m]): _get(pdf, parents[m]) for m in kept}
            page_ref = pdf.page_references[page_index]
            for element in owners.values():
                kids = element["K"]
                kids[:] = [_renumbered(k, element, page_ref, renumber) for k in kids]
        parents[:] = [parents[m] for m in kept]
    # The detached elements now point at nothing a reader can reach: remove them.
    for element in list(_struct_elements(pdf)):
        if element.number not in reachable:
            null = _Null()
            null.number = element.number
            pdf.objects[element.number] = null
    return converted


def _renumbered(kid: object, owner: pydyf.Dictionary, page: bytes, renumber: dict) -> object:
    """A structure element's kid with this page's marked-content ids renumbered.

    A kid is this page's MCID when it is a number and the element belongs to this page, or a
    marked-content reference (/MCR, left by merge_fragments) to this page.
    """
    if isinstance(kid, int) and owner["Pg"] == page:
        return renumber[kid]
    if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR" and kid["Pg"] == page:
        kid["MCID"] = renumber[kid["MCID"]]
    return kid


def _element(pdf: pydyf.PDF, kid: object) -> pydyf.Dictionary | None:
    """The structure element a kid refers to (None for an MCID, MCR or annotation)."""
    if not isinstance(kid, bytes):
        return None
    element = _get(pdf, kid)
    if isinstance(element, pydyf.Dictionary) and element.get("Type") == "/StructElem":
        return element
    return None


def _kids_of_type(pdf: pydyf.PDF, element: pydyf.Dictionary, kind: str) -> list[pydyf.Dictionary]:
    """The element's kids that are structure elements of type `kind` ("/LI", "/LBody" …)."""
    kids = map(partial(_element, pdf), element["K"])
    return [kid for kid in kids if kid is not None and kid["S"] == kind]


def _same_element(a: pydyf.Dictionary | None, b: pydyf.Dictionary | None) -> bool:
    """Two structure elements made from fragments of one HTML element."""
    if a is None or b is None or a["S"] != b["S"]:
        return False
    html = getattr(a, "html_element", None)
    return html is not None and html is getattr(b, "html_element", None)


def _absorb(pdf: pydyf.PDF, target: pydyf.Dictionary, source: pydyf.Dictionary) -> None:
    """Move source's kids to the end of target's; source's own MCIDs become references."""
    for kid in source["K"]:
        if isinstance(kid, int) and source["Pg"] != target["Pg"]:
            kid = pydyf.Dictionary({"Type": "/MCR", "Pg": source["Pg"], "MCID": kid})
        child = _element(pdf, kid)
        if child is not None:
            child["P"] = target.reference
        target["K"].append(kid)


def _join_adjacent(pdf: pydyf.PDF, kids: pydyf.Array, moved: dict[int, bytes]) -> None:
    i = 0
    while i + 1 < len(kids):
        first, second = _element(pdf, kids[i]), _element(pdf, kids[i + 1])
        if _same_element(first, second):
            _absorb(pdf, first, second)
            moved[second.number] = first.reference
            del kids[i + 1]
        else:
            i += 1


def _header_ids(pdf: pydyf.PDF, element: pydyf.Dictionary) -> dict[object, pydyf.String]:
    """The /ID of every header cell below an element, by the cell's HTML element."""
    found = {}
    stack = [element]
    while stack:
        current = stack.pop()
        if current.get("S") == "/TH" and "ID" in current:
            found.setdefault(getattr(current, "html_element", None), current["ID"])
        stack.extend(kid for kid in map(partial(_element, pdf), current["K"]) if kid)
    return found


def _merge_kids(
    pdf: pydyf.PDF,
    parent: pydyf.Dictionary,
    moved: dict[int, bytes],
    same_header: dict[str, pydyf.String],
) -> None:
    kids = parent["K"]
    _join_adjacent(pdf, kids, moved)
    if parent.get("S") == "/Table":
        # Joined, a table broken across pages holds its header row once per page. The first
        # is the table's; the others are drawn for the sighted reader only: they leave the
        # tree (and become artifacts), and the cells below them name the first one's headers.
        first: dict[object, pydyf.Dictionary] = {}
        for kid in list(kids):
            element = _element(pdf, kid)
            if element is None or element["S"] not in ("/THead", "/TFoot"):
                continue
            html = getattr(element, "html_element", None)
            if html is None or html not in first:
                first.setdefault(html, element)
                continue
            originals = _header_ids(pdf, first[html])
            for cell, key in _header_ids(pdf, element).items():
                if cell in originals:
                    same_header[key.string] = originals[cell]
            kids.remove(kid)
        _join_adjacent(pdf, kids, moved)  # the body's fragments are neighbours now
    for kid in kids:
        element = _element(pdf, kid)
        if element is not None:
            _merge_kids(pdf, element, moved, same_header)


def merge_fragments(pdf: pydyf.PDF) -> int:
    """Join the structure elements made from fragments of one HTML element; returns how many
    fragments were joined to an earlier one.

    WeasyPrint 70 builds the tree page by page and line by line, so a paragraph broken across
    pages is read as two paragraphs, a table as two tables (the second with the header row
    again, as content), a wrapped link as two links, and the plan's <main> is one Part per
    page. Neighbouring elements with the same tag made from the same HTML element are joined
    (their MCIDs on another page become marked-content references), the ParentTree and the
    link annotations point at the joined element, and the cells name the first header row.
    """
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    moved: dict[int, bytes] = {}
    same_header: dict[str, pydyf.String] = {}
    for kid in root["K"]:
        element = _element(pdf, kid)
        if element is not None:
            _merge_kids(pdf, element, moved, same_header)
    if not moved and not same_header:
        return 0
    nums = _get(pdf, root["ParentTree"])["Nums"]
    for i in range(1, len(nums), 2):
        value = nums[i]
        if isinstance(value, pydyf.Array):
            value[:] = [moved.get(_number(ref), ref) for ref in value]
        elif isinstance(value, bytes):  # an annotation's StructParent: its Link element
            nums[i] = moved.get(_number(value), value)
    for element in _struct_elements(pdf):
        attributes = element.get("A")
        if element.get("S") == "/TD" and isinstance(attributes, pydyf.Dictionary):
            headers = attributes.get("Headers")
            if headers:
                attributes["Headers"] = pydyf.Array(same_header.get(h.string, h) for h in headers)
    for number in moved:
        null = _Null()
        null.number = number
        pdf.objects[number] = null
    return len(moved)


def _html_tag(element: pydyf.Dictionary | None) -> str | None:
    return getattr(getattr(element, "html_element", None), "tag", None)


def definition_lists(pdf: pydyf.PDF) -> int:
    """Each <dt> is its list item's label and the <dd>s after it the item's body; returns how
    many items were made.

    WeasyPrint 70 tags a <dl> as a list (L) whose every term and every description is an item
    (LI with an LBody) of its own, so "Status: Pågående" is read as two unrelated items. A
    term's LBody becomes its Lbl and the following descriptions' LBodys join its item; the
    descriptions' own items leave the tree (they hold no content of their own).
    """
    items = 0
    removed: list[int] = []
    for element in list(_struct_elements(pdf)):
        if element.get("S") != "/L" or _html_tag(element) != "dl":
            continue
        kept = pydyf.Array()
        term_item = None
        for kid in element["K"]:
            item = _element(pdf, kid)
            bodies = list(map(partial(_element, pdf), item["K"])) if item else []
            if (
                item is None
                or item["S"] != "/LI"
                or not all(b and b["S"] == "/LBody" for b in bodies)
            ):
                kept.append(kid)
                term_item = None
                continue
            if _html_tag(item) == "dt":
                for body in bodies:
                    body["S"] = "/Lbl"
                term_item = item
                kept.append(kid)
                items += 1
            elif _html_tag(item) == "dd" and term_item is not None:
                for body in bodies:
                    body["P"] = term_item.reference
                    term_item["K"].append(body.reference)
                removed.append(item.number)
            else:
                kept.append(kid)
        element["K"] = kept
    for number in removed:
        null = _Null()
        null.number = number
        pdf.objects[number] = null
    return items


def _item_body(pdf: pydyf.PDF, item: pydyf.Dictionary) -> pydyf.Dictionary:
    """The item's LBody, made (after its label) when it has none."""
    if bodies := _kids_of_type(pdf, item, "/LBody"):
        return bodies[0]
    body = pydyf.Dictionary(
        {"Type": "/StructElem", "S": "/LBody", "P": item.reference, "K": pydyf.Array()}
    )
    if "Pg" in item:
        body["Pg"] = item["Pg"]
    pdf.add_object(body)
    kids = [_element(pdf, kid) for kid in item["K"]]
    labels = [i for i, kid in enumerate(kids) if kid is not None and kid["S"] == "/Lbl"]
    item["K"].insert(labels[-1] + 1 if labels else 0, body.reference)
    return body


def _move_into(pdf: pydyf.PDF, body: pydyf.Dictionary, element: pydyf.Dictionary) -> None:
    element["P"] = body.reference
    body["K"].append(element.reference)


def _blocks_into_body(pdf: pydyf.PDF, item: pydyf.Dictionary) -> int:
    """Move the item's kids other than its label and body (a <p> in the <li>) into its body."""
    stray = [
        kid
        for kid in map(partial(_element, pdf), item["K"])
        if kid is not None and kid["S"] not in ("/Lbl", "/LBody")
    ]
    if not stray:
        return 0
    body = _item_body(pdf, item)
    moving = {id(kid) for kid in stray}
    item["K"] = pydyf.Array(k for k in item["K"] if id(_element(pdf, k)) not in moving)
    for kid in stray:
        _move_into(pdf, body, kid)
    return len(stray)


def nested_lists(pdf: pydyf.PDF) -> int:
    """Put each item's content in its LBody; returns how many elements were moved.

    WeasyPrint 70 makes a nested <ul>/<ol> the next sibling of its <li> inside the outer list
    (a list may only hold items), and a block in an item (<li><p>…</p></li>) a sibling of the
    item's LBody. Both join the item's body, in reading order. Raw marked content stays where
    it is (its ParentTree entry names its element).
    """
    moved = 0
    for element in list(_struct_elements(pdf)):
        if element.get("S") != "/L" or _html_tag(element) == "dl":
            continue
        kept = pydyf.Array()
        item = None  # the item a following nested list belongs to
        for kid in element["K"]:
            child = _element(pdf, kid)
            if child is not None and child["S"] == "/L" and item is not None:
                _move_into(pdf, _item_body(pdf, item), child)
                moved += 1
                continue
            kept.append(kid)
            item = child if child is not None and child["S"] == "/LI" else None
            if item is not None:
                moved += _blocks_into_body(pdf, item)
        element["K"] = kept
    return moved


# The class of the <nav> that holds the table of contents (templates/pdf/document.html; the
# print HTML kept at a decision has it too, so a decided plan printed later is tagged alike).
TOC_CLASS = "toc"


def _is_toc(element: pydyf.Dictionary) -> bool:
    html = getattr(element, "html_element", None)
    return html is not None and TOC_CLASS in (html.get("class") or "").split()


def table_of_contents(pdf: pydyf.PDF) -> int:
    """The contents read as a section holding a table of contents; returns how many entries.

    WeasyPrint 70 tags the `<nav>` as a NonStruct (so its "Innehåll" heading heads nothing)
    and the `<ol>` of links as a list. PDF/UA (and ISO 32000-1 14.8.4.3.2)
    expects a TOC whose entries are TOCI; a TOCI holds a Reference, which holds the Link.
    Only the structure types change, so the marked content, the ParentTree and the link
    annotations' OBJR and StructParent stay as they are.
    """
    entries = 0
    for nav in filter(_is_toc, list(_struct_elements(pdf))):
        # WeasyPrint makes the <nav> a NonStruct, which a reader passes over as meaningless
        # grouping: the contents become a section of their own, headed by "Innehåll".
        nav["S"] = "/Sect"
        for toc in _kids_of_type(pdf, nav, "/L"):
            toc["S"] = "/TOC"
            for item in _kids_of_type(pdf, toc, "/LI"):
                item["S"] = "/TOCI"
                entries += 1
                for body in _kids_of_type(pdf, item, "/LBody"):
                    body["S"] = "/Reference"
    return entries


def _boxes(box: object) -> Iterator[object]:
    """A layout box and all its descendants (absolutely placed boxes included)."""
    stack = [box]
    while stack:
        current = stack.pop()
        current = getattr(current, "_box", current)  # AbsolutePlaceholder wraps the real box
        yield current
        stack.extend(reversed(getattr(current, "children", ())))


def header_scopes(document: Document) -> int:
    """Give every TH structure element the /Scope of its HTML `scope`; returns how many.

    WeasyPrint keeps each table cell's structure element on its layout box (`box.mark`) to
    wire /Headers; the same boxes tell us the cell's HTML attributes.
    """
    count = 0
    for page in document.pages:
        for box in _boxes(page._page_box):
            mark = getattr(box, "mark", None)
            if getattr(box, "element_tag", None) != "th" or not isinstance(mark, pydyf.Dictionary):
                continue
            scope = (box.element.get("scope") or "").strip().lower()
            mark["A"]["Scope"] = SCOPES.get(scope, "/Column")
            count += 1
    return count


def header_id_tree(pdf: pydyf.PDF) -> None:
    """Add the /IDTree that resolves the header /IDs the data cells' /Headers name.

    ISO 32000-1 (14.7.2) requires it as soon as any structure element has an /ID; without it
    a reader cannot look up which headers belong to a cell.
    """
    named = sorted(
        (element["ID"].string, element.reference)
        for element in _struct_elements(pdf)
        if "ID" in element
    )
    if not named:
        return
    names = pydyf.Array()
    for key, reference in named:
        names.extend([pydyf.String(key), reference])
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    _get(pdf, pdf.catalog["StructTreeRoot"])["IDTree"] = tree.reference


def _figures(pdf: pydyf.PDF) -> Iterator[tuple[pydyf.Dictionary, pydyf.Dictionary, int]]:
    """Each Figure element with a /BBox on a page: (element, its attributes, page index)."""
    pages = {ref: index for index, ref in enumerate(pdf.page_references)}
    for element in _struct_elements(pdf):
        attributes = element.get("A")
        if element.get("S") != "/Figure" or not isinstance(attributes, pydyf.Dictionary):
            continue
        if "BBox" in attributes and element.get("Pg") in pages:
            yield element, attributes, pages[element["Pg"]]


def figure_bboxes_in_points(document: Document, pdf: pydyf.PDF) -> None:
    """Figure /BBox in PDF points, origin bottom left, as the Layout attributes require.

    WeasyPrint writes the CSS pixel box measured from the top of the page (x 715 on a
    595 pt wide page), so tools that use it to locate or reflow the figure look elsewhere.
    """
    for _element, attributes, page in _figures(pdf):
        height = document.pages[page].height
        x1, y1, x2, y2 = attributes["BBox"]
        attributes["BBox"] = pydyf.Array(
            round(v * PX_TO_PT, 2) for v in (x1, height - y2, x2, height - y1)
        )


def _sentences(*parts: str) -> str:
    """Parts joined as sentences (as finsam.charts.alt_text, which this must not import)."""
    sentences = [_XML_SPACE.sub(" ", p).strip(" ") for p in parts]  # figures keep no-break spaces
    return " ".join(s if s.endswith((".", "!", "?")) else f"{s}." for s in sentences if s)


def _svg_alternative(svg: Any) -> str:
    """An SVG element's text alternative: its <title>, then its <desc>."""
    parts = [svg.find(f"{SVG}{name}") for name in ("title", "desc")]
    return _sentences(*("".join(part.itertext()) for part in parts if part is not None))


def svg_figures_alt(document: Document, pdf: pydyf.PDF) -> int:
    """Each Figure drawn from inline SVG gets <title> and <desc> as /Alt; returns how many.

    WeasyPrint sets the Figure's /BBox from the SVG box's content box (in CSS pixels), so the
    page and that box identify the SVG element the Figure was drawn from.
    """
    alternatives = {}
    for index, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            if getattr(box, "element_tag", None) != f"{SVG}svg":
                continue
            x, y = box.content_box_x(), box.content_box_y()
            alt = _svg_alternative(box.element)
            if alt:
                alternatives[index, x, y, x + box.width, y + box.height] = alt
    count = 0
    for element, attributes, page in _figures(pdf):
        alt = alternatives.get((page, *attributes["BBox"]))
        if alt:
            element["Alt"] = pydyf.String(alt)
            count += 1
    return count


def link_contents(document: Document) -> int:
    """Each link annotation's /Contents is the link's text; returns how many.

    WeasyPrint describes a link by its target ("avsnitt-53", a URL). PDF/UA wants the
    annotation's alternate description to say what the link is, as its text does; a link
    with no text (a picture) is described by the pictures' alt text.
    """
    count = 0
    for page in document.pages:
        for box in _boxes(page._page_box):
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            text = " ".join("".join(element.itertext()).split())
            if not text:
                text = " ".join(image.get("alt", "") for image in element.iter("img")).strip()
            if text:
                annotation["Contents"] = pydyf.String(text)
                count += 1
    return count


def element_languages(pdf: pydyf.PDF) -> int:
    """Give /Lang to each structure element in another language than its surroundings;
    returns how many.

    WeasyPrint 70 writes the `<html lang>` as the catalog's /Lang and ignores every other
    `lang`, so a screen reader reads a Swedish title in an English plan with an English
    voice. Walking the tree from the root, an element whose HTML element has a `lang` other
    than the language around it gets it as /Lang (ISO 32000-1 14.9.2); its descendants
    inherit it. `lang=""` (unknown) and text without an element of its own say nothing.
    """
    count = 0
    root = _get(pdf, pdf.catalog["StructTreeRoot"])
    document_language = str(getattr(pdf.catalog.get("Lang"), "string", "") or "")
    stack = [(kid, document_language) for kid in reversed(root["K"])]
    while stack:
        kid, around = stack.pop()
        element = _element(pdf, kid)
        if element is None:
            continue
        html = getattr(element, "html_element", None)
        language = ((html.get("lang") if html is not None else None) or "").strip()
        if language and language.lower() != around.lower():
            element["Lang"] = pydyf.String(language)
            around = language
            count += 1
        stack.extend((child, around) for child in reversed(element["K"]))
    return count
