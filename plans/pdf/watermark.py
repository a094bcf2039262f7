"""The draft watermark: the word UTKAST, in the plan's language, drawn as an image.

The PDF shows it as a page background (templates/pdf/document.html), an image and not text,
so it is no part of the tagged content and no text extraction reads it on every page. One
image per language of settings.LANGUAGES, `static/pdf/draft-watermark-<code>.png`
(document.watermark_path), drawn by `manage.py draw_draft_watermarks` from the translation of
"UTKAST": run it after changing that translation or adding a language.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

SIZE = (1400, 1980)  # an A4 page's proportions; print.css scales it to 75 % of the page
COLOUR = (165, 0, 38, 40)  # the draft red (#a50026) at about 16 % opacity
FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "Inter-Bold.otf"
FONT_SIZE = 300
ANGLE = 35  # degrees, rising to the right


def draw_watermark(word: str) -> Image.Image:
    """`word` in the draft red, turned ANGLE degrees, centred on a transparent page."""
    font = ImageFont.truetype(str(FONT), FONT_SIZE)
    left, top, right, bottom = font.getbbox(word)
    margin = 20
    layer = Image.new("RGBA", (right - left + 2 * margin, bottom - top + 2 * margin))
    ImageDraw.Draw(layer).text((margin - left, margin - top), word, font=font, fill=COLOUR)
    layer = layer.rotate(ANGLE, expand=True, resample=Image.Resampling.BICUBIC)
    page = Image.new("RGBA", SIZE)
    page.alpha_composite(layer, ((SIZE[0] - layer.width) // 2, (SIZE[1] - layer.height) // 2))
    return page
