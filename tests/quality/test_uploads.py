"""Uploads (logo, section pictures, minutes, Excel) are limited in size and type.

For each upload a good file is accepted first (so the test can tell refusing from not working),
then oversized, disguised and malformed files must be refused cleanly: never a 500, an error
the user can read, nothing stored, nothing changed.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plans.models import Plan
from tests.conftest import make_user
from tests.quality.pages import parse
from tests.url_kwargs import all_kwargs, walk_plan

ERROR_MARKERS = ("field-errors", "form-errors", 'role="alert"', "errorlist", "aria-invalid")
HUGE = 13 * 1024 * 1024  # above FINSAM_MAX_UPLOAD_BYTES: cut off while streaming


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(media) -> list[str]:
    return [os.path.join(d, f) for d, _, files in os.walk(media) for f in files]


def png(size: tuple[int, int] = (40, 20), noise: bool = False) -> bytes:
    image = Image.new("RGB", size, "#1d4f91")
    if noise:
        rnd = random.Random(7)
        image.putdata(
            [
                (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
                for _ in range(size[0] * size[1])
            ]
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def big_png(min_bytes: int) -> bytes:
    side = 300
    while True:
        data = png((side, side), noise=True)
        if len(data) > min_bytes:
            return data
        side += 300


SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
)
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03" + b"\x00" * 4000


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def hostile_images(limit: int) -> dict[str, SimpleUploadedFile]:
    return {
        "oversized PNG": upload("stor.png", big_png(limit + 1), "image/png"),
        "HTML named .png": upload("bild.png", HTML, "image/png"),
        "SVG with script": upload("bild.svg", SVG_SCRIPT, "image/svg+xml"),
        "SVG named .png": upload("bild.png", SVG_SCRIPT, "image/png"),
        "program named .png": upload("bild.png", EXE, "image/png"),
        "truncated PNG": upload("trasig.png", png()[:60], "image/png"),
        "empty file": upload("tom.png", b"", "image/png"),
    }


def form_values(client, url: str) -> dict:
    """The current values of the first multipart form on the page, as a browser would post."""
    page = client.get(url)
    assert page.status_code == 200, url
    forms = [f for f in parse(page.content.decode(), url).forms if "multipart" in f.enctype]
    assert forms, f"no upload form on {url}"
    data: dict = {}
    for field in forms[0].fields:
        if field.kind in {"submit", "button", "file"}:
            continue
        if field.kind in {"checkbox", "radio"} and not field.checked:
            continue
        data[field.name] = field.value
    return data


def assert_refused(response) -> None:
    assert response.status_code < 500
    if response.status_code == 302:
        raise AssertionError(f"upload accepted (redirect to {response['Location']})")
    if 400 <= response.status_code < 500:
        return  # refused: 400 from the request limit or the form re-rendered as 400/422
    body = response.content.decode(errors="replace")
    assert any(m in body for m in ERROR_MARKERS), f"no error shown ({response.status_code})"


# --- the association's logo ------------------------------------------------------------------


def test_logo_upload_accepts_a_picture_and_refuses_everything_else(client, vvnd, media):
    client.force_login(make_user(vvnd, "director"))
    url = f"/f/{vvnd.slug}/installningar/profil/"
    data = form_values(client, url)
    data["logo_alt"] = "Förbundets logotyp"
    for label, file in hostile_images(1024 * 1024).items():
        response = client.post(url, {**data, "logo": file})
        assert_refused(response), label
        vvnd.refresh_from_db()
        assert not vvnd.logo, label
        assert stored_files(media) == [], label
    response = client.post(url, {**data, "logo": upload("x.png", b"0" * HUGE, "image/png")})
    assert response.status_code in (400, 413)  # cut off while streaming, or by the view
    assert stored_files(media) == []
    # And a real picture goes through, so the refusals above were about the files.
    response = client.post(url, {**data, "logo": upload("logo.png", png(), "image/png")})
    assert response.status_code == 302
    vvnd.refresh_from_db()
    assert vvnd.logo and len(stored_files(media)) == 1


# --- pictures in plan texts ------------------------------------------------------------------


def test_section_pictures_are_limited_in_size_and_type(client, vvnd, media):
    plan = walk_plan(vvnd)
    section = plan.sections.get(pk=all_kwargs()["section_id"](vvnd))
    client.force_login(make_user(vvnd, "director"))
    url = f"/f/{vvnd.slug}/plan/{plan.pk}/avsnitt/{section.pk}/bild/"
    body = section.body
    for label, file in hostile_images(2 * 1024 * 1024).items():
        response = client.post(url, {"image": file, "alt": "Karta"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400, label
        assert "error" in response.json(), label
        assert stored_files(media) == [], label
    response = client.post(url, {"image": upload("k.png", HTML, "image/png"), "alt": "Karta"})
    assert response.status_code == 302  # back to the editor with the message
    section.refresh_from_db()
    assert section.body == body
    response = client.post(url, {"image": upload("x.png", b"0" * HUGE), "alt": "Karta"})
    assert response.status_code in (400, 413)  # cut off while streaming, or by the view
    assert stored_files(media) == []
    response = client.post(
        url,
        {"image": upload("karta.png", png(), "image/png"), "alt": "Karta"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["url"].startswith("/media/richtext/")
    assert len(stored_files(media)) == 1


# --- minutes with the board's decision --------------------------------------------------------


def _plan_in_review(vvnd) -> Plan:
    services = pytest.importorskip("plans.review.services")
    plan = Plan.objects.create(association=vvnd, year=2027)  # decided from 1 January 2026
    services.plan_send_to_board(
        user=make_user(vvnd, "director"), plan=plan, acknowledge_errors=True
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVIEW
    return plan


def test_minutes_must_be_a_pdf_of_sane_size(client, vvnd, media, settings):
    plan = _plan_in_review(vvnd)
    client.force_login(make_user(vvnd, "chair"))
    url = f"/f/{vvnd.slug}/plan/{plan.pk}/granskning/beslut/"
    data = {
        **form_values(client, url),
        "decision_date": date(2026, 11, 2).isoformat(),
        "paragraph": "39",
    }
    hostile = {
        "Word file": upload("protokoll.docx", b"PK\x03\x04" + b"0" * 2000),
        "HTML named .pdf": upload("protokoll.pdf", HTML, "application/pdf"),
        "PDF without .pdf name": upload("protokoll.exe", b"%PDF-1.7\n" + b"0" * 100),
        "over 10 MB": upload("protokoll.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 10)),
        "over the request limit": upload("protokoll.pdf", b"%PDF-1.7\n" + b"0" * HUGE),
    }
    for label, file in hostile.items():
        response = client.post(url, {**data, "minutes": file})
        assert_refused(response), label
        plan.refresh_from_db()
        assert plan.status == Plan.Status.REVIEW, label
        assert not plan.minutes, label
        assert stored_files(media) == [], label
    # A real PDF is taken, and the decision recorded with it.
    minutes = upload("protokoll.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")
    response = client.post(url, {**data, "minutes": minutes})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.minutes and plan.minutes.read().startswith(b"%PDF-")


# --- Excel import ----------------------------------------------------------------------------


def _xlsx_like(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


BASIC = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def hostile_workbooks() -> dict[str, SimpleUploadedFile]:
    bomb = _xlsx_like({**BASIC, "xl/worksheets/sheet1.xml": b"<a>" + b"0" * 300_000_000 + b"</a>"})
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<workbook>&lol2;</workbook>"
    )
    return {
        "zip bomb": upload("budget.xlsx", bomb),
        "billion laughs": upload("budget.xlsx", _xlsx_like({**BASIC, "xl/workbook.xml": laughs})),
        "random bytes": upload("budget.xlsx", random.Random(3).randbytes(5000)),
        "zip that is no workbook": upload("budget.xlsx", _xlsx_like({"a.txt": b"hej"})),
        "workbook with macros": upload(
            "budget.xlsm", _xlsx_like({**BASIC, "xl/vbaProject.bin": b"x"})
        ),
        "CSV": upload("budget.csv", b"Rad;2026\nKansli;100\n"),
        "empty": upload("budget.xlsx", b""),
        "over 2 MB": upload("budget.xlsx", b"PK\x03\x04" + random.Random(5).randbytes(2_200_000)),
        "HTML named .xlsx": upload("budget.xlsx", HTML),
    }


def test_excel_import_refuses_bombs_and_malformed_files(client, vvnd):
    pytest.importorskip("budgets.views_excel")
    from budgets.models import BudgetLine
    from budgets.views_excel import SESSION_KEY

    plan = walk_plan(vvnd)
    client.force_login(make_user(vvnd, "finance"))
    base = f"/f/{vvnd.slug}/plan/{plan.pk}/budget/excel/"
    before = list(
        BudgetLine.objects.filter(budget__plan=plan).values_list(
            "pk", "amount_1", "amount_2", "amount_3"
        )
    )
    for label, file in hostile_workbooks().items():
        response = client.post(f"{base}import/", {"file": file})
        assert_refused(response), label
        assert not client.session.get(SESSION_KEY, {}).get(str(plan.pk)), label
    response = client.post(f"{base}import/", {"file": upload("b.xlsx", b"0" * HUGE)})
    assert response.status_code in (400, 413)
    after = list(
        BudgetLine.objects.filter(budget__plan=plan).values_list(
            "pk", "amount_1", "amount_2", "amount_3"
        )
    )
    assert after == before
    # The file the product exported itself is accepted into the preview.
    exported = client.get(base)
    assert exported.status_code == 200
    response = client.post(f"{base}import/", {"file": upload("budget.xlsx", exported.content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.session.get(SESSION_KEY, {}).get(str(plan.pk))
