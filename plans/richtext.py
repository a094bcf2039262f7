"""Rich text of plan sections: one sanitiser every stored or rendered body goes through.

The editor (static/js/richtext.js) and the no-JS textarea both post HTML; nothing typed by a
user reaches a page, the PDF or the Excel file without passing `sanitise_html`. The allow-list
is deliberately small: what a Swedish operating plan needs (headings, paragraphs, lists, bold,
italics, links, tables and pictures) and nothing that can run code or fetch remote resources.
Pictures are only kept when they point at our own uploaded media and carry a real alt text,
so the PDF renderer never fetches anything from outside and screen readers always get a text.

Most texts arrive pasted from Word, Google Docs or LibreOffice, whose HTML says "list" and
"bold" in its own dialects (Word: paragraphs styled `mso-list`; Google Docs: spans styled
`font-weight:700` inside a `<b style="font-weight:normal">` wrapper). `sanitise_html` first
turns those into the plain elements they mean (`_restructure`), then applies the allow-list;
nh3 stays the last step, so the restructuring never has to be safe on its own.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    {
        "h2",
        "h3",
        "h4",
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
        "blockquote",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "img": {"src", "alt"},
}
# The highest heading a body may hold (the editor's "Rubrik"): h1 belongs to the page the
# body is shown on (the section's or the plan's title).
HIGHEST_HEADING = min(tag for tag in ALLOWED_TAGS if re.fullmatch(r"h[1-6]", tag))
# Elements stored as another allowed element: the browser's bold and italic buttons make b/i,
# and text pasted from Word starts with its title as h1 (which would otherwise be unwrapped
# to loose text).
RENAMED_TAGS = {"b": "strong", "i": "em", "h1": HIGHEST_HEADING}
# Elements whose content is dropped with them (not just unwrapped).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})

LINK_PREFIXES = ("http://", "https://", "mailto:")
SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
IMAGE_DIR = "richtext/"  # below MEDIA_URL / MEDIA_ROOT, see plans/views_sections.py
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "webp")

# These patterns run on nh3's output, where "<" and ">" inside text and attribute values are
# always escaped: every "<" there starts a tag.
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_RENAMED_TAG = re.compile(rf"<(/?)({'|'.join(RENAMED_TAGS)})\b")
_LINK_TAG = re.compile(r"<a\b[^>]*>|</a>")
_EMPTY_PARAGRAPH = re.compile(r"<(p|h[2-4])>(?:\s|&nbsp;|<br>)*</\1>")


@cache
def image_url_pattern() -> re.Pattern[str]:
    """Our own uploaded pictures: MEDIA_URL/richtext/<name>.<ext>, nothing else."""
    prefix = re.escape(settings.MEDIA_URL.rstrip("/") + "/" + IMAGE_DIR)
    exts = "|".join(IMAGE_EXTENSIONS)
    return re.compile(rf"^{prefix}[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.(?:{exts})$")


def is_own_image_url(url: str) -> bool:
    return bool(image_url_pattern().match(url))


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    value = value.strip()
    if tag == "a" and attr == "href":
        lowered = value.lower()
        return value if lowered.startswith(LINK_PREFIXES) else None
    if attr == "scope":
        return value.lower() if value.lower() in SCOPES else None
    if attr in {"colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= 50 else None
    if tag == "img" and attr == "src":
        return value if is_own_image_url(value) else None
    if tag == "img" and attr == "alt":
        return value if value else None
    return value


def _keep_image(match: re.Match[str]) -> str:
    """Drop a picture that lacks a permitted src or a non-empty alt text."""
    attrs = {name.lower(): html_lib.unescape(value) for name, value in _ATTR.findall(match[0])}
    alt = attrs.get("alt", "").strip()
    src = attrs.get("src", "")
    if not alt or not is_own_image_url(src):
        return ""
    return f'<img src="{html_lib.escape(src)}" alt="{html_lib.escape(alt)}">'


def _unwrap_dead_links(html: str) -> str:
    """Keep only the text of an <a> whose address was refused: it would look like a link and
    go nowhere. (HTML parsing never nests one <a> in another; the stack is for safety.)"""
    kept: list[bool] = []

    def replace(match: re.Match[str]) -> str:
        if match[0] == "</a>":
            return match[0] if (kept.pop() if kept else True) else ""
        keep = "href" in {name.lower() for name, _value in _ATTR.findall(match[0])}
        kept.append(keep)
        return match[0] if keep else ""

    return _LINK_TAG.sub(replace, html)


# --- What pasted office HTML means ------------------------------------------------------------
#
# A first, wide nh3 pass parses the pasted HTML as a browser would (comments, Word's
# `<![if !supportLists]>`, `<o:p>`, unclosed `<li>` and `<p>`, head and styles dropped) and keeps
# only the elements and the style/class attributes the restructuring reads. Its output is well
# formed, so a small tree built with the standard library's parser is exact; the tree is changed
# into plain structure and written out again for the strict pass.

_WIDE_TAGS = ALLOWED_TAGS | set(RENAMED_TAGS) | {"h5", "h6", "span", "font"}
_WIDE_ATTRIBUTES = {
    "*": {"style", "class"},
    **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
}
# Word's and LibreOffice's head: the document title and Word's settings must not become text.
_WIDE_DROPPED = DROPPED_WITH_CONTENT | {"title", "xml", "head"}
_VOID = frozenset({"br", "img"})
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"}
    | {"table", "caption", "thead", "tbody", "tr", "th", "td"}
)
_LISTS = frozenset({"ul", "ol"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FORMATTING = frozenset({"strong", "em", "b", "i", "span", "font", "a"})

# Word's list paragraph: `mso-list:l0 level2 lfo1` = list template 0, level 2, list instance 1.
_MSO_LIST = re.compile(r"l\d+\s+level(\d+)\s+lfo(\d+)")
# Word writes the marker as text ("1.", "a)", "iv.", "1.2"): numbers make an <ol>; bullets
# ("·" from Symbol, "o" from Courier New, "§" from Wingdings, "-") a <ul>.
_NUMBER_MARKER = re.compile(r"\(?(?:\d+(?:\.\d+)*|[a-z]|[ivxlcdm]+)[.)]|\d+(?:\.\d+)*", re.I)
# Word's own classes for its heading styles when they are not written as <hN>.
_WORD_HEADING_CLASS = re.compile(r"^Mso(?:Title|Heading([1-6]))$")
_SPACES = re.compile(r"[ \t\n\r\f]+")
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


def _restructure(html: str) -> str:
    """Pasted office HTML as the plain elements it means (see the comment above)."""
    wide = nh3.clean(
        html,
        tags=set(_WIDE_TAGS),
        clean_content_tags=set(_WIDE_DROPPED),
        attributes=_WIDE_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    # Pictures and links the strict pass refuses go now, so that what is left around them
    # (an empty link, an empty paragraph) is tidied here and a second run changes nothing.
    wide = _unwrap_dead_links(_IMG_TAG.sub(_keep_image, wide))
    builder = _TreeBuilder()
    builder.feed(wide)
    builder.close()
    root = builder.root
    _word_lists(root)
    _drop_word_markers(root)
    _styles_to_elements(root)
    _shift_headings(root)
    _tidy_lists_and_cells(root)
    _table_headers(root)
    _whitespace(root)
    return _write(root)


def _word_list_item(node: _Node | str) -> tuple[int, str, bool, list[_Node | str]] | None:
    """(level, list instance, numbered?, content) of a Word list paragraph, else None."""
    if not isinstance(node, _Node) or node.tag != "p":
        return None
    found = _MSO_LIST.search(node.css().get("mso-list", ""))
    if not found:
        return None
    marker = _take_word_marker(node) or ""
    return int(found[1]), found[2], bool(_NUMBER_MARKER.fullmatch(marker)), node.children


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


def _word_lists(node: _Node) -> None:
    """Runs of Word list paragraphs become <ul>/<ol>, nested by their level."""
    for child in _elements(node.children):
        _word_lists(child)
    out: list[_Node | str] = []
    stack: list[tuple[int, _Node]] = []  # (level, list element), outermost first
    instance = ""
    for child in node.children:
        if stack and _is_blank(child):
            continue  # the line breaks between Word's paragraphs
        item = _word_list_item(child)
        if item is None:
            if stack and isinstance(child, _Node) and _is_list_continuation(child):
                _continue_item(_elements(stack[-1][1].children)[-1], child)
                continue
            stack = []
            out.append(child)
            continue
        level, list_id, numbered, content = item
        tag = "ol" if numbered else "ul"
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
        stack[-1][1].children.append(_Node("li", children=content))
    node.children = out


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


def sanitise_html(html: str | None) -> str:
    """Clean user HTML down to the allow-list; safe to mark_safe() afterwards."""
    if not html:
        return ""
    cleaned = nh3.clean(
        _restructure(html),
        tags=set(ALLOWED_TAGS) | set(RENAMED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _IMG_TAG.sub(_keep_image, cleaned)
    cleaned = _unwrap_dead_links(cleaned)
    cleaned = _RENAMED_TAG.sub(lambda m: f"<{m[1]}{RENAMED_TAGS[m[2]]}", cleaned)
    # The editor leaves empty paragraphs (a list started in a paragraph splits it, an Enter
    # too many): a screen reader announces each in the PDF, and they only add space.
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


_TEXT_TAGS = re.compile(r"<[^>]+>")


def images_dropped(html: str | None) -> int:
    """How many pictures sanitise_html leaves out of `html`: pasted from Word they come as
    data: or file: addresses, which cannot be kept; the editor tells the writer."""
    if not html:
        return 0
    return len(_IMG_TAG.findall(html)) - len(_IMG_TAG.findall(sanitise_html(html)))


def html_to_text(html: str | None) -> str:
    """The visible text of stored HTML (for emptiness checks and previews)."""
    if not html:
        return ""
    text = _TEXT_TAGS.sub(" ", html)
    return " ".join(html_lib.unescape(text).split())


def html_is_empty(html: str | None) -> bool:
    """True when the text has no words and no pictures (an empty editor leaves <p><br></p>)."""
    return not html_to_text(html) and "<img" not in (html or "")


def text_to_html(text: str) -> str:
    """Plain text (demo data, imports) as paragraphs; lines starting with '- ' become lists."""
    blocks: list[str] = []
    items: list[str] = []

    def flush_items() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in text.strip().split("\n"):
        line = raw.strip()
        if line.startswith(("- ", "• ")):
            items.append(html_lib.escape(line[2:].strip()))
            continue
        flush_items()
        if line.startswith("## "):
            blocks.append(f"<h3>{html_lib.escape(line[3:])}</h3>")
        elif line:
            blocks.append(f"<p>{html_lib.escape(line)}</p>")
    flush_items()
    return sanitise_html("".join(blocks))


def editor_strings() -> dict[str, str]:
    """The editor's labels in the user's language (static/js/richtext.js reads data-strings)."""
    return {
        "toolbar": _("Textformat"),
        "h2": _("Rubrik"),
        "h3": _("Underrubrik"),
        "p": _("Brödtext"),
        "bold": _("Fetstil"),
        "italic": _("Kursiv"),
        "ul": _("Punktlista"),
        "ol": _("Numrerad lista"),
        "link": _("Länk"),
        "table": _("Tabell"),
        "row": _("Ny tabellrad"),
        "rowShort": _("rad"),
        "image": _("Bild"),
        "linkPrompt": _("Adress (https://… eller mailto:…)"),
        "column": _("Kolumn"),
        "imageTitle": _("Lägg till bild"),
        "imageFile": _("Bildfil (PNG, JPEG, GIF, WebP, högst 2 MB)"),
        "imageAlt": _("Alternativtext (krävs)"),
        "imageInsert": _("Ladda upp och infoga"),
        "cancel": _("Avbryt"),
        "imageRequired": _("Välj en bild och skriv en alternativtext."),
        "imageFailed": _("Bilden kunde inte laddas upp."),
    }
