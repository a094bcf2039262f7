"""HTML → PDF for a plan: one template, one stylesheet, WeasyPrint, our restricted fetcher.

`render_plan_pdf(plan)` is what the export page's task and the review's approval call. It is
deliberately thin over WeasyPrint (bench/pdf_render.py measures the overhead against a bare
render of the same HTML): gather the document once, render the template (html.py), write
the PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from weasyprint import HTML

from plans.models import Plan

from .fetcher import BASE_URL, StaticOnlyFetcher
from .html import render_plan_html
from .tagging import finish_tagged_pdf

UA = "pdf/ua-1"  # tagged, /Lang, title and XMP: the accessible PDF everyone downloads
ARCHIVAL = "pdf/a-2a"  # PDF/A-2 level A (tagged) for the archive; one variant per render
VARIANTS = (UA, ARCHIVAL)


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    checksum: str  # sha256 hex of content
    variant: str

    @property
    def size(self) -> int:
        return len(self.content)


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def html_to_pdf(html: str, *, variant: str = UA, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Write HTML to PDF with only our own files reachable."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown PDF variant {variant!r}; use one of {VARIANTS}.")
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(
        pdf_variant=variant,
        pdf_identifier=None,
        uncompressed_pdf=False,
        optimize_images=False,
        # Subset fonts (small files) but keep them embedded, as PDF/A and PDF/UA demand.
        full_fonts=False,
        # Header/footer as artifacts, TH scopes, figure boxes in points (see tagging.py).
        finisher=finish_tagged_pdf,
    )


def render_plan_pdf(plan: Plan, *, variant: str = UA) -> bytes:
    """The plan as a tagged PDF/UA-1 (default) or an archival PDF/A-2a document."""
    return html_to_pdf(render_plan_html(plan), variant=variant)


def render_plan(plan: Plan, *, variant: str = UA) -> RenderedPDF:
    """Like render_plan_pdf, with the checksum the archive and the download page show."""
    content = render_plan_pdf(plan, variant=variant)
    return RenderedPDF(content=content, checksum=checksum(content), variant=variant)
