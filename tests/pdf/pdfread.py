"""Reading our PDFs back: text per page (poppler's pdftotext), word boxes, structure (pypdf)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:  # scripts/test.sh installs poppler-utils and qpdf
        pytest.skip(f"{tool} is not installed")
    return path


def _tmp(pdf: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)  # noqa: SIM115
    handle.write(pdf)
    handle.close()
    return Path(handle.name)


def pages_text(pdf: bytes, *, layout: bool = True) -> list[str]:
    """Each page's text (layout mode keeps table columns apart with runs of spaces)."""
    tool = need("pdftotext")
    path = _tmp(pdf)
    try:
        args = [tool, "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        out = subprocess.run(args, check=True, capture_output=True).stdout.decode()  # noqa: S603
    finally:
        path.unlink()
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [p.translate(SPACES) for p in pages]


@dataclass(frozen=True)
class Word:
    page: int  # 0-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageBox:
    width: float
    height: float
    words: list[Word]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


def word_boxes(pdf: bytes) -> list[PageBox]:
    """Every word with its bounding box in points, per page (pdftotext -bbox)."""
    tool = need("pdftotext")
    path = _tmp(pdf)
    try:
        out = subprocess.run(  # noqa: S603
            [tool, "-bbox", str(path), "-"], check=True, capture_output=True
        ).stdout.decode()
    finally:
        path.unlink()
    pages = []
    for n, (w, h, body) in enumerate(_PAGE.findall(out)):
        words = [
            Word(n, unescape(t), float(a), float(b), float(c), float(d))
            for a, b, c, d, t in _WORD.findall(body)
        ]
        pages.append(PageBox(float(w), float(h), words))
    return pages


@functools.lru_cache(maxsize=4)
def reader(pdf: bytes) -> PdfReader:
    """One parsed reader per document: the tagging tests ask for a page number per element,
    and parsing a 25-page PDF again for each of a few hundred elements took over a minute."""
    return PdfReader(BytesIO(pdf))


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def kids(element: DictionaryObject) -> list:
    """A structure element's kids, resolved: elements, MCIDs, MCR and OBJR dictionaries."""
    found = resolve(element.get("/K"))
    if found is None:
        return []
    return [resolve(k) for k in (found if isinstance(found, list) else [found])]


def struct_elements(pdf: bytes) -> list[DictionaryObject]:
    """Every structure element of the tagged PDF, depth first (reading order)."""
    root = resolve(reader(pdf).trailer["/Root"])
    tree = resolve(root["/StructTreeRoot"])
    found: list[DictionaryObject] = []
    seen: set[int] = set()

    def walk(node) -> None:
        node = resolve(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject) or "/S" not in node:
            return
        if id(node) in seen:
            return
        seen.add(id(node))
        found.append(node)
        if "/K" in node:
            walk(node["/K"])

    walk(tree.get("/K"))
    return found


def fonts(pdf: bytes) -> dict[str, DictionaryObject]:
    """Every font used on any page, by base font name."""
    result = {}
    for page in reader(pdf).pages:
        res = resolve(page.get("/Resources", {}))
        for font in resolve(res.get("/Font", {})).values():
            font = resolve(font)
            result[str(font.get("/BaseFont"))] = font
    return result


def is_embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = resolve(resolve(font["/DescendantFonts"])[0])
    if font.get("/Subtype") == "/Type3":
        return True  # drawn glyphs, nothing to embed
    desc = resolve(font.get("/FontDescriptor", {}))
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def link_targets(pdf: bytes, page_index: int) -> list[int]:
    """0-based target page of every internal link on a page."""
    r = reader(pdf)
    page = r.pages[page_index]
    named = r.named_destinations
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(r.pages)}
    targets = []
    for annot in resolve(page.get("/Annots", [])) or []:
        annot = resolve(annot)
        if annot.get("/Subtype") != "/Link":
            continue
        dest = annot.get("/Dest")
        if dest is None and "/A" in annot:
            dest = resolve(annot["/A"]).get("/D")
        dest = resolve(dest)
        if isinstance(dest, str) or hasattr(dest, "original_bytes"):
            dest = named[str(dest)]
            targets.append(r.get_destination_page_number(dest))
            continue
        if isinstance(dest, ArrayObject):
            targets.append(pages[dest[0].idnum])
    return targets


@dataclass(frozen=True)
class Marked:
    """One marked-content sequence of a page's content stream (`/Tag <<…>> BDC … EMC`)."""

    tag: str  # "/Span", "/Artifact", …
    properties: dict
    text: str

    @property
    def mcid(self) -> int | None:
        return self.properties.get("/MCID")


def marked_content(pdf: bytes) -> list[list[Marked]]:
    """Each page's marked-content sequences in stream order, with the text drawn inside."""
    result = []
    for page in reader(pdf).pages:
        found: list[Marked] = []
        open_: list[list] = []  # [tag, properties, text] of the sequences not yet closed

        def before(op, args, cm, tm, open_=open_, found=found) -> None:
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and isinstance(args[1], DictionaryObject) else {}
                open_.append([str(args[0]), {str(k): v for k, v in props.items()}, ""])
            elif op == b"EMC" and open_:
                tag, props, text = open_.pop()
                found.append(Marked(tag, props, text.strip()))

        def text(t, cm, tm, font, size, open_=open_) -> None:
            if open_:
                open_[-1][2] += t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        result.append(found)
    return result


def parent_tree(pdf: bytes) -> dict[int, list]:
    """The ParentTree's page arrays: page index → [structure element of MCID 0, 1, …]."""
    root = resolve(reader(pdf).trailer["/Root"])
    nums = resolve(resolve(resolve(root["/StructTreeRoot"])["/ParentTree"])["/Nums"])
    pairs = zip(nums[::2], nums[1::2], strict=True)
    return {
        int(key): [resolve(ref) for ref in resolve(value)]
        for key, value in pairs
        if isinstance(resolve(value), ArrayObject)
    }


def every_object(pdf: bytes) -> list:
    """Every indirect object of the file (nulls included), however it is stored."""
    r = reader(pdf)
    return [r.get_object(number) for number in range(1, int(r.trailer["/Size"]))]


def element_text(pdf: bytes, element: DictionaryObject) -> str:
    """The text a reader gets from a structure element: its marked content (on its own page
    or, by a marked-content reference, on another) and its children's, in order."""
    r = reader(pdf)
    texts = _texts_by_mcid(pdf)

    def read(node: DictionaryObject) -> list[str]:
        page = r.get_page_number(resolve(node["/Pg"])) if "/Pg" in node else None
        parts = []
        for kid in kids(node):
            if isinstance(kid, int) and page is not None:
                parts.append(texts[page].get(kid, ""))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                parts.append(texts[r.get_page_number(resolve(kid["/Pg"]))].get(kid["/MCID"], ""))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                parts.extend(read(kid))
        return parts

    return " ".join(" ".join(read(element)).split())


@functools.lru_cache(maxsize=4)
def _texts_by_mcid(pdf: bytes) -> list[dict[int, str]]:
    return [{m.mcid: m.text for m in page if m.mcid is not None} for page in marked_content(pdf)]
