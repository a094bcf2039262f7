"""The renderer reaches only our own static files: nothing remote, no other local file."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from plans.pdf.fetcher import StaticOnlyFetcher
from plans.pdf.render import html_to_pdf, render_plan_pdf

from .pdfread import fonts


class _Spy(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        _Spy.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def spy_server():
    _Spy.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Spy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _hostile(base: str) -> str:
    return f"""<!doctype html><html lang="sv"><head><title>t</title>
    <link rel="stylesheet" href="/static/css/print.css">
    <link rel="stylesheet" href="{base}/evil.css">
    <style>@import url("{base}/import.css");
      body {{ background: url("{base}/bg.png"); }}
      @font-face {{ font-family: X; src: url("{base}/font.otf"); }}
      p {{ font-family: X, Inter; }}</style></head>
    <body><h1>Rubrik</h1>
    <p>Text</p>
    <img src="{base}/img.png" alt="a">
    <img src="file:///etc/passwd" alt="b">
    <img src="/static/../../../../etc/passwd" alt="c">
    <img src="/media/minutes/protokoll.pdf" alt="d">
    <img src="https://example.invalid/x.png" alt="e">
    <div style="background-image: url('{base}/inline.png')">Stil</div>
    <a href="{base}/link">Länk</a>
    </body></html>"""


def test_hostile_html_renders_without_any_request(spy_server):
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(_hostile(spy_server), fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert _Spy.hits == []
    refused = "\n".join(fetcher.refused)
    for bad in ("evil.css", "import.css", "bg.png", "font.otf", "img.png", "inline.png"):
        assert bad in refused, bad
    assert "file:///etc/passwd" in refused
    assert "/media/minutes/" in refused
    assert "example.invalid" in refused
    # What was fetched is our own stylesheet and fonts only.
    assert fetcher.fetched
    assert all("/static/" in url for url in fetcher.fetched), fetcher.fetched
    assert any("Inter" in name for name in fonts(pdf))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/logo.png",
        "ftp://example.org/a",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file:///media/../finsam/settings.py",
        "file://remote-host/static/css/print.css",
        "file:///media/minutes/x.pdf",
        "file:///media/logos/../../../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_our_files(url):
    fetcher = StaticOnlyFetcher()
    assert fetcher.resolve(url) is None
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_our_static_files_from_disk():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("file:///static/css/print.css")
    assert b"@page" in response.read()
    font = fetcher.resolve("file:///static/fonts/Inter-Regular.otf")
    assert font is not None and font.name == "Inter-Regular.otf"
    # A stylesheet's relative url() resolves against its real path: allowed inside static.
    assert fetcher.resolve(font.as_uri()) == font


def test_a_section_with_remote_references_renders_without_fetching(vvnd, spy_server):
    from plans.models import Plan, Section

    plan = Plan.objects.create(association=vvnd, year=2039)
    # Stored bodies are sanitised on save; this one is written around the service, as an old
    # or imported row might be, to show the renderer itself never fetches.
    Section.objects.create(
        plan=plan,
        title="Farligt avsnitt",
        body=(
            f'<p>Hej</p><img src="{spy_server}/a.png" alt="x"><img src="file:///etc/passwd" '
            f'alt="y"><p style="background:url({spy_server}/b.png)">z</p>'
            f'<style>p {{ background: url("{spy_server}/c.png") }}</style>'
        ),
        order=1,
    )
    pdf = render_plan_pdf(plan)
    assert pdf.startswith(b"%PDF")
    assert _Spy.hits == []


def test_the_logo_is_read_from_media_and_tagged_with_its_alt_text(vvnd):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    from plans.models import Plan, Section
    from plans.pdf.render import render_plan_html

    from .pdfread import struct_elements

    buffer = BytesIO()
    Image.new("RGB", (240, 80), (11, 83, 148)).save(buffer, format="PNG")
    vvnd.logo_alt = "VVND:s logotyp"
    vvnd.logo.save("vvnd.png", ContentFile(buffer.getvalue()), save=False)
    vvnd.save()
    plan = Plan.objects.create(association=vvnd, year=2034)
    Section.objects.create(plan=plan, title="Inledning", body="<p>Text</p>", order=1)
    plan = Plan.objects.select_related("association").get(pk=plan.pk)
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf(render_plan_html(plan), fetcher=fetcher)
    assert any("/media/logos/" in url for url in fetcher.fetched), fetcher.fetched
    assert fetcher.refused == []
    alts = [str(e.get("/Alt", "")) for e in struct_elements(pdf) if e["/S"] == "/Figure"]
    assert "VVND:s logotyp" in alts
