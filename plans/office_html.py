"""Pasted office HTML (Word, Google Docs, LibreOffice) turned into the plain elements it means.

Called by `plans.richtext` after a first, wide nh3 pass has parsed the paste as a browser would
and kept only the elements and the style/class attributes read here; its output is well
formed, so a small tree built with the standard library's parser is exact. Nothing here has to
be safe on its own: the strict nh3 pass of `sanitise_html` follows.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = frozenset({"br", "img"})
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"}
    | {"table", "caption", "thead", "tbody", "tr", "th", "td"}
)
_LISTS = frozenset({"ul", "ol"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FORMATTING = frozenset({"strong", "em", "b", "i", "span", "font", "a"})

# Word's list paragraph: `mso-list:l0 level2 lfo1` = list template 0, level 2, list instance 1.
_MSO_LIST = re.compile(r"l(\d+)\s+level(\d+)\s+lfo(\d+)")
# Word's <style> defines each level of each list template: `@list l0:level2 {…}`. (A level
# of an instance, `@list l0:level1 lfo2 {…}`, only restarts its numbering.)
# A level's rule is a few hundred characters: the bound keeps a paste of unclosed rules from
# being scanned to its end once per rule.
_LIST_LEVEL_RULE = re.compile(r"@list\s+l(\d+):level(\d+)\s*\{([^{}]{0,4000})\}", re.I)
_LEVEL_NUMBER_FORMAT = re.compile(r"mso-level-number-format\s*:\s*([a-z-]+)", re.I)
# Word's numbering formats that are no numbers: a bullet, a picture bullet, nothing shown.
_UNNUMBERED_FORMATS = frozenset({"bullet", "image", "none"})
# The numbering formats a plan's text can refer to by letter or roman numeral, as <ol type>.
# Word leaves the format out for 1, 2, 3; its other formats (01, "first"…) are numbers too.
_NUMBER_FORMAT_TYPES = {
    "alpha-lower": "a",
    "alpha-upper": "A",
    "roman-lower": "i",
    "roman-upper": "I",
}
# Word writes the marker as text ("1.", "a)", "iv.", "1.2"): numbers make an <ol>; bullets
# ("·" from Symbol, "o" from Courier New, "§" from Wingdings, "-") a <ul>.
_NUMBER_MARKER = re.compile(r"\(?(?:\d+(?:\.\d+)*|[a-z]|[ivxlcdm]+)[.)]|\d+(?:\.\d+)*", re.I)
# The numbering style a list's markers show, as <ol type>: "a)" and "i." are what a plan's
# text refers to ("see point b)"), so they must not print as 1, 2, 3.
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)
# Word's own classes for its heading styles when they are not written as <hN>.
_WORD_HEADING_CLASS = re.compile(r"^Mso(?:Title|Heading([1-6]))$")
_SPACES = re.compile(r"[ \t\n\r\f]+")
# Google Docs says a list's numbering style in CSS on its items, not as <ol type>.
_CSS_LIST_TYPES = {
    "lower-alpha": "a",
    "lower-latin": "a",
    "upper-alpha": "A",
    "upper-latin": "A",
    "lower-roman": "i",
    "upper-roman": "I",
}
_BOLD_WEIGHTS = frozenset({"bold", "bolder", "600", "700", "800", "900"})
_NORMAL_WEIGHTS = frozenset({"normal", "lighter", "100", "200", "300", "400", "500"})


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)

    def css(self) -> dict[str, str]:
        """The inline style's declarations (Word wraps long style attributes over lines)."""
        found = {}
        for declaration in self.attrs.get("style", "").split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                value = value.replace("!important", "")
                found[name.strip().lower()] = " ".join(value.split()).lower()
        return found

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _write(node: _Node | str) -> str:
    if isinstance(node, str):
        return html_lib.escape(node, quote=False)
    inner = "".join(_write(child) for child in node.children)
    if not node.tag:
        return inner
    attrs = "".join(f' {name}="{html_lib.escape(value)}"' for name, value in node.attrs.items())
    if node.tag in _VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _elements(children: list[_Node | str]) -> list[_Node]:
    return [child for child in children if isinstance(child, _Node)]


def _is_blank(child: _Node | str) -> bool:
    return isinstance(child, str) and not child.strip()


@dataclass(frozen=True)
class ListStyle:
    """What a level of a Word list shows: a bulleted (`ul`) or numbered (`ol`) list, and for
    a numbered one its `<ol type>` ("" for 1, 2, 3)."""

    tag: str
    ol_type: str = ""


# (list template, level) → its style, as Word's <style> block defines them.
WordListStyles = dict[tuple[str, int], ListStyle]


def word_list_styles(html: str) -> WordListStyles:
    """The list levels that the <style> elements of Word's clipboard HTML define.

    Word writes each item's marker as text, but some versions (and Outlook) leave the marker
    out or empty; then only these definitions still tell a numbered list from a bulleted one.
    """
    styles: WordListStyles = {}
    for style in _style_elements(html):
        for template, level, body in _LIST_LEVEL_RULE.findall(style):
            found = _LEVEL_NUMBER_FORMAT.search(body)
            number_format = found[1].lower() if found else "decimal"
            if number_format in _UNNUMBERED_FORMATS:
                styles[template, int(level)] = ListStyle("ul")
            else:
                styles[template, int(level)] = ListStyle(
                    "ol", _NUMBER_FORMAT_TYPES.get(number_format, "")
                )
    return styles


def _style_elements(html: str) -> Iterator[str]:
    """The text of each <style> element, found in one pass (a regex would scan to the end
    once for every unclosed <style> in a hostile paste)."""
    lowered = html.lower()
    start = lowered.find("<style")
    while start != -1:
        opened = lowered.find(">", start)
        closed = lowered.find("</style", opened) if opened != -1 else -1
        if closed == -1:
            return
        yield html[opened + 1 : closed]
        start = lowered.find("<style", closed)


@dataclass(frozen=True)
class _WordItem:
    level: int
    instance: str
    marker: str
    style: ListStyle | None  # the level's definition in Word's <style>, if it was there
    content: list[_Node | str]


def _word_list_item(node: _Node | str, styles: WordListStyles) -> _WordItem | None:
    """A Word list paragraph's level, list instance, marker and content, else None."""
    if not isinstance(node, _Node) or node.tag != "p":
        return None
    found = _MSO_LIST.search(node.css().get("mso-list", ""))
    if not found:
        return None
    marker = _take_word_marker(node) or ""
    level = int(found[2])
    return _WordItem(level, found[3], marker, styles.get((found[1], level)), node.children)


def _item_tag(item: _WordItem) -> str:
    """Numbered or bulleted: by the marker Word wrote; without one, by the level's style;
    without either, bulleted."""
    if item.marker or item.style is None:
        return "ol" if _NUMBER_MARKER.fullmatch(item.marker) else "ul"
    return item.style.tag


def list_type(markers: list[str]) -> str:
    """The `<ol type>` that Word's numbering markers show: "a"/"A" for letters, "i"/"I" for
    roman numerals, "" for numbers (an <ol>'s default). "i" alone, or with "ii", "iv"…, is
    roman; a list with a letter that no roman numeral uses ("b", "j") is lettered, and so is
    "c), d)" (a lettered list is more common than a roman one starting at 100)."""
    cores = [m.strip("().") for m in markers if _NUMBER_MARKER.fullmatch(m)]
    if not cores or any(c[:1].isdigit() for c in cores):
        return ""
    upper = cores[0].isupper()
    roman = all(_ROMAN.fullmatch(c) for c in cores) and (
        cores[0].lower() == "i" or any(len(c) > 1 for c in cores)
    )
    kind = "i" if roman else "a"
    return kind.upper() if upper else kind


def _take_word_marker(node: _Node) -> str | None:
    """Remove the paragraph's list marker (Word's `mso-list:Ignore` span) and return its text."""
    for index, child in enumerate(node.children):
        if not isinstance(child, _Node):
            continue
        if child.css().get("mso-list") == "ignore":
            del node.children[index]
            return child.text().strip()
        marker = _take_word_marker(child)
        if marker is not None:
            return marker
    return None


def _is_list_continuation(node: _Node) -> bool:
    """A paragraph Word indents under the item above it, without a marker of its own."""
    return (
        node.tag == "p"
        and node.attrs.get("class", "").startswith("MsoListParagraph")
        and "mso-list" not in node.css()
    )


def _word_lists(node: _Node, styles: WordListStyles) -> None:
    """Runs of Word list paragraphs become <ul>/<ol>, nested by their level."""
    for child in _elements(node.children):
        _word_lists(child, styles)
    out: list[_Node | str] = []
    stack: list[tuple[int, _Node]] = []  # (level, list element), outermost first
    instance = ""
    items: dict[int, tuple[_Node, list[_WordItem]]] = {}  # id(list element) → its items
    for child in node.children:
        if stack and _is_blank(child):
            continue  # the line breaks between Word's paragraphs
        item = _word_list_item(child, styles)
        if item is None:
            if stack and isinstance(child, _Node) and _is_list_continuation(child):
                _continue_item(_elements(stack[-1][1].children)[-1], child)
                continue
            stack = []
            out.append(child)
            continue
        level, list_id, tag = item.level, item.instance, _item_tag(item)
        if stack and list_id != instance and level <= stack[0][0]:
            stack = []  # another list (Word numbers each instance on its own)
        while len(stack) > 1 and stack[-1][0] > level:
            stack.pop()
        if stack and stack[0][0] > level:
            stack[0] = (level, stack[0][1])  # it started deeper than it goes on: one list
        if stack and stack[-1][0] == level and stack[-1][1].tag != tag:
            stack.pop()  # bullets after numbers at the same level: a list of its own
        if not stack:
            stack.append((level, _Node(tag)))
            out.append(stack[-1][1])
            instance = list_id
        elif stack[-1][0] < level:
            nested = _Node(tag)
            _elements(stack[-1][1].children)[-1].children.append(nested)
            stack.append((level, nested))
        stack[-1][1].children.append(_Node("li", children=item.content))
        items.setdefault(id(stack[-1][1]), (stack[-1][1], []))[1].append(item)
    for element, seen in items.values():
        if element.tag == "ol" and (kind := _ol_type(seen)):
            element.attrs["type"] = kind
    node.children = out


def _ol_type(items: list[_WordItem]) -> str:
    """A numbered list's `<ol type>`: what its markers show, or, when Word wrote none, what
    its level's style says."""
    markers = [item.marker for item in items if item.marker]
    if markers:
        return list_type(markers)
    return next((item.style.ol_type for item in items if item.style), "")


def _css_list_types(root: _Node) -> None:
    """An <ol> whose style (or its first item's) says letters or roman numerals keeps them as
    <ol type>, as a Word list's markers do: Google Docs writes "a." lists this way."""
    for node in [n for n in _walk(root) if n.tag == "ol" and "type" not in n.attrs]:
        items = [c for c in _elements(node.children) if c.tag == "li"]
        for source in [node, *items[:1]]:
            kind = _CSS_LIST_TYPES.get(source.css().get("list-style-type", ""))
            if kind:
                node.attrs["type"] = kind
                break


def _continue_item(item: _Node, paragraph: _Node) -> None:
    """A second paragraph in an item: both become paragraphs of the item."""
    if not any(isinstance(c, _Node) and c.tag in _BLOCKS for c in item.children):
        item.children = [_Node("p", children=item.children)]
    item.children.append(_Node("p", children=paragraph.children))


def _drop_word_markers(node: _Node) -> None:
    """Markers left outside lists (Word's numbered headings): Word itself ignores them."""
    node.children = [
        c
        for c in node.children
        if not (isinstance(c, _Node) and c.css().get("mso-list") == "ignore")
    ]
    for child in _elements(node.children):
        _drop_word_markers(child)


def _styles_to_elements(node: _Node, *, bold: bool = False, italic: bool = False) -> None:
    """Bold and italic said by style become <strong>/<em>; a <b> styled normal is no bold.

    Not inside headings and header cells: their bold is the heading's look, not emphasis.
    """
    out: list[_Node | str] = []
    for child in node.children:
        if not isinstance(child, _Node):
            out.append(child)
            continue
        css = child.css()
        weight, style = css.get("font-weight", ""), css.get("font-style", "")
        match = _WORD_HEADING_CLASS.match(child.attrs.get("class", ""))
        if child.tag == "p" and match:
            child.tag = f"h{match[1] or 1}"
        heading = child.tag in _HEADINGS or child.tag == "th"
        if child.tag in {"b", "strong"} and weight in _NORMAL_WEIGHTS:
            child.tag = "span"  # Google Docs wraps the whole paste in <b style=normal>
        if child.tag in {"i", "em"} and style == "normal":
            child.tag = "span"
        child_bold = bold or heading or child.tag in {"b", "strong"}
        child_italic = italic or child.tag in {"i", "em"}
        if child.tag in {"span", "font", "a"}:
            inner = child
            if weight in _BOLD_WEIGHTS and not child_bold:
                inner = _Node("strong", children=child.children)
                child.children = [inner]
                child_bold = True
            if style in {"italic", "oblique"} and not child_italic:
                inner.children = [_Node("em", children=inner.children)]
                child_italic = True
        _styles_to_elements(child, bold=child_bold, italic=child_italic)
        if child.tag in {"span", "font"}:
            # Their meaning is taken; unwrapped now (not only by nh3) so that what they held,
            # even blocks inside Google Docs' wrapper, is trimmed as the block content it is.
            out.extend(child.children)
        else:
            out.append(child)
    node.children = out


def _walk(node: _Node) -> Iterator[_Node]:
    for child in _elements(node.children):
        yield child
        yield from _walk(child)


def _shift_headings(root: _Node) -> None:
    """Headings to the levels a section allows: a pasted document's h1 (its title) becomes the
    section's highest heading and the levels below follow it down; h5/h6 become h4."""
    headings = [n for n in _walk(root) if n.tag in _HEADINGS]
    shift = 1 if any(n.tag == "h1" for n in headings) else 0
    for heading in headings:
        heading.tag = f"h{min(int(heading.tag[1]) + shift, 4)}"


def _tidy_lists_and_cells(node: _Node) -> None:
    """A list written directly inside a list (Google Docs) belongs to the item before it, and an
    item or cell holding just one paragraph (Google Docs, LibreOffice, Word) holds its text."""
    for child in _elements(node.children):
        _tidy_lists_and_cells(child)
    if node.tag in _LISTS:
        out: list[_Node | str] = []
        for child in node.children:
            if isinstance(child, _Node) and child.tag in _LISTS:
                items = [c for c in out if isinstance(c, _Node) and c.tag == "li"]
                if items:
                    items[-1].children.append(child)
                else:
                    out.append(_Node("li", children=[child]))
                continue
            out.append(child)
        node.children = out
    if node.tag in {"li", "td", "th"}:
        paragraphs = [c for c in _elements(node.children) if c.tag == "p"]
        others = [
            c
            for c in node.children
            if not _is_blank(c) and not (isinstance(c, _Node) and c.tag in _LISTS | {"p"})
        ]
        if len(paragraphs) == 1 and not others:
            index = node.children.index(paragraphs[0])
            node.children[index : index + 1] = paragraphs[0].children


def _table_headers(root: _Node) -> None:
    """A header row the document marked (a <thead>, or a first row of column headers) stays
    one, read as column headers; bold inside a header cell is its look, not emphasis."""
    for table in [n for n in _walk(root) if n.tag == "table"]:
        head = next((s for s in _elements(table.children) if s.tag == "thead"), None)
        if head is None:
            head = _header_row_as_head(table)
        for row in _elements(head.children) if head else []:
            for cell in _elements(row.children):
                if cell.tag == "td":
                    cell.tag = "th"
                cell.attrs.setdefault("scope", "col")
    for cell in [n for n in _walk(root) if n.tag == "th"]:
        _unwrap(cell, {"b", "strong"})


def _header_row_as_head(table: _Node) -> _Node | None:
    """Move a first row made only of column headers (<th> not scoped to a row) into a <thead>."""
    body = next((s for s in _elements(table.children) if s.tag in {"tbody", "tr"}), None)
    if body is None:
        return None
    first = body if body.tag == "tr" else next(iter(_elements(body.children)), None)
    if first is None or first.tag != "tr":
        return None
    cells = _elements(first.children)
    if not cells or any(
        c.tag != "th" or c.attrs.get("scope") in {"row", "rowgroup"} for c in cells
    ):
        return None
    owner = table if body is first else body
    owner.children.remove(first)
    if owner is not table and not _elements(owner.children):
        table.children.remove(owner)
    head = _Node("thead", children=[first])
    at = next((i + 1 for i, c in enumerate(table.children) if _is_caption(c)), 0)
    table.children.insert(at, head)
    return head


def _is_caption(node: _Node | str) -> bool:
    return isinstance(node, _Node) and node.tag == "caption"


def _unwrap(node: _Node, tags: set[str]) -> None:
    out: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, _Node):
            _unwrap(child, tags)
            if child.tag in tags:
                out.extend(child.children)
                continue
        out.append(child)
    node.children = out


def _whitespace(node: _Node) -> None:
    """Line breaks of the source collapse to spaces; spaces, line breaks (<br>) and empty
    elements at the edges of a block go (Google Docs puts a <br> between blocks; Word ends
    its list markers and empty paragraphs with &nbsp;)."""
    for child in _elements(node.children):
        _whitespace(child)
    children = [_SPACES.sub(" ", c) if isinstance(c, str) else c for c in node.children]
    if node.tag and node.tag not in _BLOCKS:
        node.children = children  # inline: its edges are trimmed with the run it stands in
        return
    out: list[_Node | str] = []
    run: list[_Node | str] = []
    for child in [*children, None]:
        if child is None or (isinstance(child, _Node) and child.tag in _BLOCKS):
            out.extend(_trim_run(run))
            run = []
            if child is not None and not _is_empty_block(child):
                out.append(child)
        else:
            run.append(child)
    node.children = out


def _trim_run(run: list[_Node | str]) -> list[_Node | str]:
    """Inline content between block edges, without the spaces and <br> at either end."""
    run = [c for c in run if not (isinstance(c, _Node) and c.tag in _FORMATTING and _is_hollow(c))]
    return _trim_end(_trim_end(run, 0), -1)


def _trim_end(run: list[_Node | str], end: int) -> list[_Node | str]:
    """`run` without spaces and <br> at its start (end=0) or its end (end=-1), looking into
    the elements there (`<span>Text </span>` at the end of a paragraph)."""
    while run:
        edge = run[end]
        if isinstance(edge, str):
            trimmed = edge.lstrip(" \xa0") if end == 0 else edge.rstrip(" \xa0")
            if trimmed:
                run[end] = trimmed
                return run
        elif edge.tag == "img":
            return run
        elif edge.tag != "br":
            edge.children = _trim_end(edge.children, end)
            if edge.children:
                return run
        run.pop(end)
    return run


def _is_hollow(node: _Node) -> bool:
    """A formatting element with nothing in it (Word's `<b><o:p></o:p></b>`)."""
    return not node.children


def _is_empty_block(node: _Node) -> bool:
    if node.tag not in {"p", *_HEADINGS}:
        return False
    return not node.text().strip() and not any(n.tag == "img" for n in _walk(node))


def plain_structure(wide_html: str, *, list_styles: WordListStyles | None = None) -> str:
    """Word's list paragraphs as nested lists, styled spans as strong/em, headings shifted to
    the levels the editor allows, lists and cells tidied, header rows marked, edge space gone.
    `list_styles`: `word_list_styles` of the pasted HTML before its <style> was dropped."""
    builder = _TreeBuilder()
    builder.feed(wide_html)
    builder.close()
    root = builder.root
    _word_lists(root, list_styles or {})
    _css_list_types(root)
    _drop_word_markers(root)
    _styles_to_elements(root)
    _shift_headings(root)
    _tidy_lists_and_cells(root)
    _table_headers(root)
    _whitespace(root)
    return _write(root)
