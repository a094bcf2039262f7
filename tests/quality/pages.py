"""Discovers the project's pages from the URL resolver, so new views are checked automatically.

Every pattern is filled with values for VVND (tests/url_kwargs.all_kwargs, the same values the
role walker uses) and fetched by GET as a given user; the pages that answer 200 with HTML are
the ones the security and fuzz tests look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

from tests.url_kwargs import all_kwargs

SKIP_NAMESPACES = {"admin"}
# GET on these changes state or only redirects; they are covered elsewhere.
SKIP_NAMES = {"logout", "set_language"}


def routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(route, name) for every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIP_NAMESPACES:
                continue
            yield from routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            if p.name in SKIP_NAMES:
                continue
            yield prefix + str(p.pattern), p.name or ""


def fill(route: str, association) -> str | None:
    """The URL for `route` in `association`, or None if a keyword has no provider."""
    kwargs = all_kwargs()
    missing = False

    def value(m: re.Match) -> str:
        nonlocal missing
        name = m.group(2)
        if name not in kwargs:
            missing = True
            return ""
        return str(kwargs[name](association))

    url = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    if "^" in route or "(?P" in route:  # regex patterns (none expected) are skipped
        return None
    return None if missing else url


ALL_ROUTES = sorted(set(routes()))


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[FormField] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects forms with their fields, and the things CSP forbids in our own markup."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None
        self.inline_scripts: list[str] = []
        self.style_blocks = 0
        self.style_attrs: list[str] = []
        self.handler_attrs: list[str] = []
        self.javascript_urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self._script_src: str | None = None
        self._script_type = ""
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.handler_attrs.append(f"<{tag} {name}=…>")
            if name == "style":
                self.style_attrs.append(f"<{tag} style={value!r}>")
            if name in {"href", "src", "action", "formaction"} and re.sub(
                r"\s", "", value
            ).lower().startswith("javascript:"):
                self.javascript_urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
            self._script_src = a.get("src") or None
            self._script_type = a.get("type", "")
            self._script_text = ""
            if self._script_src:
                self.scripts.append(self._script_src)
        elif tag == "style":
            self.style_blocks += 1
        elif tag == "form":
            method = a.get("method", "get").lower()
            action = urljoin(self.base_url, a.get("action") or self.base_url)
            self._form = Form(action, method, a.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "button"} and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form.fields.append(
                FormField(a["name"], kind, a.get("value", ""), checked="checked" in a)
            )
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = FormField(a["name"], "select")
            self._form.fields.append(self._select)
        elif self._select is not None and tag == "option":
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = FormField(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_text += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            executable = self._script_type in {"", "text/javascript", "module"}
            if not self._script_src and executable and self._script_text.strip():
                self.inline_scripts.append(self._script_text.strip()[:80])
            self._in_script = False
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(html: str, url: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    parser.close()
    return parser


def same_origin_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def html_pages(client, association) -> Iterator[tuple[str, str, object]]:
    """(route, url, response) for every page that answers GET with 200 HTML for this client."""
    for route, _name in ALL_ROUTES:
        url = fill(route, association)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        yield route, url, response
