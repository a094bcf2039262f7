"""Cross-check of the PDF renderer's URL fetcher (the PDF helper tests its own rules): a plan
whose text tries to make the server fetch URLs or read local files renders without one request
leaving the process and without a byte of a local file in the PDF."""

from __future__ import annotations

import http.server
import io
import threading

import pytest

fetcher_mod = pytest.importorskip("plans.pdf.fetcher")
render = pytest.importorskip("plans.pdf.render")
StaticOnlyFetcher = fetcher_mod.StaticOnlyFetcher


@pytest.fixture
def spy_server():
    """A local HTTP server that records every request (none may arrive)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "minutes").mkdir()
    return settings.MEDIA_ROOT


SECRET = "HEMLIG-RAD-SOM-INTE-FAR-LACKA"


def hostile_urls(base: str, secret_file) -> list[str]:
    return [
        f"{base}/track.png",
        f"{base.replace('http', 'https')}/track.png",
        f"//127.0.0.1:{base.rsplit(':', 1)[1]}/protocol-relative.png",
        "ftp://127.0.0.1/x.png",
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
        f"file://{secret_file}",
        "file:///etc/passwd",
        "file:///static/../../../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "file:///media/logos/../../../../etc/passwd",
        "file:///media/logos/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "file:///media/logos/smuggled.png",  # a symlink out of the media folder
        "file:///media/minutes/protokoll.pdf",  # media, but not something the PDF shows
        "file://evil.example/static/css/app.css",
        "file:///static/css/app.css\x00.png",
    ]


def test_the_fetcher_refuses_every_foreign_or_local_url(spy_server, media, tmp_path):
    base, hits = spy_server
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    (media / "logos" / "smuggled.png").symlink_to(secret)
    (media / "minutes" / "protokoll.pdf").write_bytes(b"%PDF-1.7")
    fetcher = StaticOnlyFetcher()
    for url in hostile_urls(base, secret):
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do, never a response
            fetcher.fetch(url)
    assert hits == []
    assert fetcher.fetched == []
    # The spy does see requests that are really made (so an empty list means none were).
    import urllib.request

    urllib.request.urlopen(f"{base}/probe", timeout=5).read()  # noqa: S310 - our loopback spy
    assert hits == ["/probe"]
    # Our own stylesheet is served, so the refusals above are the rules, not a broken fetcher.
    assert fetcher.fetch("file:///static/css/app.css")
    assert fetcher.fetched == ["file:///static/css/app.css"]


def test_a_hostile_document_renders_without_reaching_out(spy_server, media, tmp_path):
    from pypdf import PdfReader

    base, hits = spy_server
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    (media / "logos" / "smuggled.png").symlink_to(secret)
    items = "".join(
        f'<p><img src="{u}" alt="bild"></p><p><a href="{u}">länk</a></p>'
        for u in hostile_urls(base, secret)
    )
    html = (
        "<!doctype html><html lang='sv'><head><title>Test</title>"
        f"<link rel='stylesheet' href='{base}/evil.css'>"
        f"<style>@import url('{base}/import.css'); body {{ background: url('{base}/bg.png') }}"
        f"@font-face {{ font-family: X; src: url('{base}/font.woff2') }}</style></head>"
        f"<body><h1>Verksamhetsplan</h1>{items}"
        f"<object data='file://{secret}'></object><iframe src='file://{secret}'></iframe>"
        f"<embed src='{base}/embed.swf'></body></html>"
    )
    fetcher = StaticOnlyFetcher()
    pdf = render.html_to_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    assert hits == [], f"the renderer fetched {hits}"
    assert fetcher.refused, "the hostile URLs were asked for and refused"
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Verksamhetsplan" in text
    assert SECRET not in text and SECRET.encode() not in pdf
    assert "root:x:0:0" not in text


def test_a_plan_text_with_remote_pictures_renders_without_reaching_out(spy_server, vvnd, media):
    """The whole pipeline: stored text → sanitiser → print HTML → renderer."""
    from plans.models import Section
    from tests.url_kwargs import walk_plan

    base, hits = spy_server
    plan = walk_plan(vvnd)
    section = plan.sections.first() or Section.objects.create(plan=plan, title="Inledning")
    section.body = (
        f'<p>Text</p><img src="{base}/pixel.png" alt="spårning">'
        f"<style>@import url('{base}/x.css')</style>"
        f'<svg><image href="{base}/svg.png"/></svg><iframe src="{base}/frame"></iframe>'
    )
    section.save()  # stored as it came, as if an old row predates the sanitiser
    pdf = render.render_plan_pdf(plan)
    assert pdf.startswith(b"%PDF-")
    assert hits == []
