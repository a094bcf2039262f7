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
from functools import cache

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from . import office_html

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
    "ol": {"type"},
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
# A numbered list's style: numbers, letters or roman numerals (case matters: "a" ≠ "A").
LIST_TYPES = frozenset({"1", "a", "A", "i", "I"})
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
    if tag == "ol" and attr == "type":
        return value if value in LIST_TYPES else None
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
# only the elements and the style/class attributes the restructuring reads
# (`plans.office_html`), which turns them into plain structure for the strict pass.

_WIDE_TAGS = ALLOWED_TAGS | set(RENAMED_TAGS) | {"h5", "h6", "span", "font"}
_WIDE_ATTRIBUTES = {
    "*": {"style", "class"},
    **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
}
# Word's and LibreOffice's head: the document title and Word's settings must not become text.
_WIDE_DROPPED = DROPPED_WITH_CONTENT | {"title", "xml", "head"}


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
    # Word's list definitions are in the <style> the wide pass drops: read them first.
    return office_html.plain_structure(wide, list_styles=office_html.word_list_styles(html))


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


def images_dropped(html: str | None, cleaned: str | None = None) -> int:
    """How many pictures sanitise_html leaves out of `html`: pasted from Word they come as
    data: or file: addresses, which cannot be kept; the editor tells the writer. `cleaned`:
    `sanitise_html(html)` when the caller has it (a long paste takes a while to clean)."""
    if not html:
        return 0
    if cleaned is None:
        cleaned = sanitise_html(html)
    return len(_IMG_TAG.findall(html)) - len(_IMG_TAG.findall(cleaned))


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
