"""The draft watermark images are the word UTKAST as each language translates it, drawn by
`manage.py draw_draft_watermarks`: a changed translation or a new language without its image
fails here."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from PIL import Image, ImageChops

from plans.pdf.document import watermark_path

LANGUAGES = [code for code, _ in settings.LANGUAGES]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("static")
    out = StringIO()
    call_command("draw_draft_watermarks", dir=str(directory), stdout=out)
    return directory, out.getvalue()


def test_the_command_draws_each_languages_word(drawn):
    _, out = drawn
    words = [line.rsplit(": ", 1)[-1] for line in out.splitlines()]
    assert words == ["UTKAST", "DRAFT"]  # settings.LANGUAGES: sv, en


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_languages_watermark_is_the_drawn_one(drawn, code):
    directory, _ = drawn
    shipped = finders.find(watermark_path(code))
    assert shipped, f"no watermark for {code}: run manage.py draw_draft_watermarks"
    with Image.open(shipped) as ours, Image.open(directory / watermark_path(code)) as fresh:
        assert ours.size == fresh.size
        assert ImageChops.difference(ours, fresh).getbbox() is None  # identical pixels


def test_a_regional_language_code_takes_its_languages_watermark():
    assert watermark_path("en-GB") == watermark_path("en") == "pdf/draft-watermark-en.png"
