"""Read tables out of a page, so tests compare cells rather than substrings."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _norm(text: str) -> str:
    """Collapse ordinary whitespace; keep non-breaking spaces, which are part of the figures."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []  # {"caption": str, "rows": [[cell text]]}
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"caption": "", "rows": [], "id": dict(attrs).get("id", "")})
        elif not self._stack:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "span" and ("class", "visually-hidden") in attrs:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            self.tables.append(self._stack.pop())
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._stack:
            text = _norm("".join(self._cell))
            self._stack[-1]["rows"][-1].append(text)
            self._cell = None
        elif tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_caption and self._stack:
            self._stack[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: bytes | str) -> list[dict]:
    parser = _Tables()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    for t in parser.tables:
        t["caption"] = _norm(t["caption"])
    return parser.tables


def table(html: bytes | str, caption_start: str) -> list[list[str]]:
    for t in tables(html):
        if t["caption"].startswith(caption_start):
            return t["rows"]
    raise AssertionError(f"No table with caption starting {caption_start!r}")
