"""manage.py draw_draft_watermarks [--dir DIR]: draw the draft watermark image of every
language of settings.LANGUAGES from its translation of "UTKAST" (plans.pdf.watermark)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext

from plans.pdf.document import watermark_path
from plans.pdf.watermark import draw_watermark


class Command(BaseCommand):
    help = "Rita utkastets vattenstämpel (UTKAST) för varje språk som en bild i static/."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            dest="directory",
            default=str(Path(settings.BASE_DIR) / "static"),
            help="static-mappen att skriva till (standard: projektets static/)",
        )

    def handle(self, *args, directory: str, **options) -> None:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                word = gettext("UTKAST")
            path = Path(directory) / watermark_path(code)
            path.parent.mkdir(parents=True, exist_ok=True)
            draw_watermark(word).save(path, optimize=True)
            self.stdout.write(f"{path}: {word}")
