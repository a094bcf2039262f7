"""manage.py export_plan <association-slug> <year> <file.json>: back up a plan
(with its association) as JSON."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from finsam.backup import BackupError, dumps, export_plan


class Command(BaseCommand):
    help = "Skriv förbundet och dess plan för ett år (med allt i den) till en JSON-fil."

    def add_arguments(self, parser) -> None:
        parser.add_argument("association", help="förbundets kortnamn, t.ex. vvnd")
        parser.add_argument("year", type=int, help="verksamhetsår, t.ex. 2025")
        parser.add_argument("file", help="JSON-fil att skriva (- för standard ut)")

    def handle(self, *args, association: str, year: int, file: str, **options) -> None:
        try:
            backup = export_plan(association, year)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        text = dumps(backup)
        if file == "-":
            self.stdout.write(text)
            return
        Path(file).write_text(text, encoding="utf-8")
        self.stderr.write(
            f"{len(backup['objects'])} objekt, {len(backup['references'])} referenser och "
            f"{len(backup['files'])} filer skrivna till {file}."
        )
