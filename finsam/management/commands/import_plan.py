"""manage.py import_plan <file.json>: restore a backup made by export_plan (into an empty
database, or one without that association)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finsam.backup import BackupError, import_plan


class Command(BaseCommand):
    help = "Återställ ett förbund och dess plan från en JSON-fil skriven av export_plan."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="JSON-fil från export_plan")

    def handle(self, *args, file: str, **options) -> None:
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Kan inte läsa {file}: {exc}") from exc
        try:
            result = import_plan(data)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.association} återställt: {result.objects} objekt, "
            f"{result.references_created} nya användare/referenser, {result.files} filer."
        )
