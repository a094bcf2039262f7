"""Logo upload: an image with alt text is saved; a non-image or missing alt text saves nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "#0b5394").save(buf, "PNG")
    return SimpleUploadedFile("logo.png", buf.getvalue(), content_type="image/png")


def _post(client, vvnd, **extra):
    data = {"name": vvnd.name, "short_name": vvnd.short_name, "org_number": "", **extra}
    return client.post(reverse("members:profile", kwargs={"assoc": vvnd.slug}), data)


def test_logo_needs_alt_text(client_for, vvnd, media):
    response = _post(client_for("director"), vvnd, logo=_png(), logo_alt="")
    assert response.status_code == 422
    assert "alternativtext" in response.content.decode()
    vvnd.refresh_from_db()
    assert not vvnd.logo


def test_non_image_is_refused(client_for, vvnd, media):
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = _post(client_for("director"), vvnd, logo=fake, logo_alt="Förbundets logotyp")
    assert response.status_code == 422
    vvnd.refresh_from_db()
    assert not vvnd.logo


def test_logo_with_alt_text_is_saved_and_shown(client_for, vvnd, media):
    client = client_for("director")
    response = _post(client, vvnd, logo=_png(), logo_alt="Förbundets logotyp")
    assert response.status_code == 302
    vvnd.refresh_from_db()
    assert vvnd.logo and vvnd.logo_alt == "Förbundets logotyp"
    assert 'alt="Förbundets logotyp"' in client.get(f"/f/{vvnd.slug}/").content.decode()


def test_board_member_cannot_edit_profile(client_for, vvnd):
    assert _post(client_for("board"), vvnd, seat="X").status_code == 403
