"""Give a person a login and a role in an association (board, chair, finance, auditor...).

manage.py grant_role sodra-halsingland eva.lind --role chair --first-name Eva --last-name Lind
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import Association
from members.roles import Role
from members.services import role_grant

from .create_association import validation_text


class Command(BaseCommand):
    help = "Ger en användare en roll i ett förbund (skapar användaren om den saknas)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("association", help="förbundets kortnamn i adressen")
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options) -> None:
        association = Association.objects.filter(slug=options["association"]).first()
        if association is None:
            raise CommandError(f"Inget förbund har kortnamnet {options['association']!r}.")
        try:
            membership, password = role_grant(
                association=association,
                username=options["username"],
                role=options["role"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as exc:
            raise CommandError(validation_text(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['username']}: {membership.get_role_display()} i {association.name}."
            )
        )
        if password:
            self.stdout.write(f"  lösenord: {password}  (engångs: byts vid första inloggningen)")
