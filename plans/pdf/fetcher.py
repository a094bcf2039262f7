"""The only way the PDF renderer reaches files: our static files and the association's logo.

Plan text is user-written HTML. Even sanitised, it must never make the server fetch a URL
(server-side request forgery) or read a local file into a public document. WeasyPrint asks its
URL fetcher for every image, stylesheet and font; this one answers from disk for

* ``file:///static/<path>``  (what ``{% static %}`` gives with base URL ``file:///``), found
  through the staticfiles finders (which refuse ``..``), and the real file URLs of those files
  (stylesheets resolve their relative ``url(../fonts/…)`` against the file they came from);
* ``file:///media/logos/<name>``: uploaded logos, the only media the PDF shows;

and refuses everything else (http, https, ftp, data, any other file) without opening it.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "file:///"  # templates write /static/… and /media/…; both resolve under file:///
MEDIA_PREFIXES = ("logos/", "richtext/")  # uploaded logos and section pictures


class RefusedURL(ValueError):
    """Raised (and caught by WeasyPrint, which then leaves the resource out) for a foreign URL."""


def _static_roots() -> list[Path]:
    roots = [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [r.resolve() for r in roots]


def _url_path(setting: str) -> str:
    path = urlsplit(setting).path
    return path if path.endswith("/") else path + "/"


class StaticOnlyFetcher(URLFetcher):
    """A URL fetcher that serves our own files from disk and refuses everything else.

    ``fetched`` and ``refused`` record what was asked, for tests and the log.
    """

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=["file"], allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []
        self._static_roots = _static_roots()
        self._media_root = Path(settings.MEDIA_ROOT).resolve()
        self._static_url = _url_path(settings.STATIC_URL)
        self._media_url = _url_path(settings.MEDIA_URL)

    def _inside(self, path: Path, roots: list[Path]) -> bool:
        return any(path == root or root in path.parents for root in roots)

    def resolve(self, url: str) -> Path | None:
        """The file on disk that ``url`` names, or None if it is not ours to serve."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = unquote(parts.path)
        if "\x00" in path:
            return None
        found: str | None = None
        try:
            if path.startswith(self._static_url):
                found = finders.find(path.removeprefix(self._static_url))
            elif path.startswith(self._media_url):
                rel = path.removeprefix(self._media_url)
                if rel.startswith(MEDIA_PREFIXES):
                    found = str(self._media_root / rel)
            else:
                found = path  # a real path: allowed only inside the static roots (below)
        except SuspiciousFileOperation:
            return None
        if not found:
            return None
        real = Path(found).resolve()
        allowed = [*self._static_roots, *(self._media_root / p for p in MEDIA_PREFIXES)]
        # Staticfiles finders may also serve app static dirs; accept what they found.
        if not self._inside(real, allowed) and not (
            path.startswith(self._static_url) and finders.find(path.removeprefix(self._static_url))
        ):
            return None
        return real if real.is_file() else None

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        real = self.resolve(url)
        if real is None:
            self.refused.append(url)
            logger.info("PDF renderer refused to fetch %s", url[:200])
            raise RefusedURL(f"Not one of our static files: {url[:200]}")
        self.fetched.append(url)
        mime, _ = mimetypes.guess_type(real.name)
        if real.suffix in (".otf", ".ttf", ".woff", ".woff2"):
            mime = mime or "font/otf"
        return URLFetcherResponse(
            real.as_uri(),
            body=real.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )
