"""Django's flush, allowed past the approved-plan freeze (it empties the whole database).

Test teardown flushes the database between live-server tests; on SQLite that deletes row by
row, which the freeze triggers would refuse for approved plans.
"""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand

from plans.review.freeze import bypass


class Command(FlushCommand):
    def handle(self, **options):
        with bypass():
            return super().handle(**options)
