"""Loads the four seed associations with their plans and figures, and one login per role.

Idempotent: running it again updates the demo data in place and never duplicates it. Each app
contributes its own part through `<app>/demo.py: load(stdout)`, in dependency order.
"""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Module paths. plans.review comes last: it approves the seed plans once everything is in them.
DEMO_APPS = ("members", "plans", "budgets", "indicators", "plans.review")


class Command(BaseCommand):
    help = "Läser in demodata från de fyra verkliga verksamhetsplanerna (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name not in (f"{app}.demo", app):
                        raise
                    continue
                module.load(self.stdout)
        from members.demo import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write(f"Inloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for username, _name, role_label, _roles in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role_label}")
