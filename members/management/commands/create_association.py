"""Set up a new association and its first director (the one way in for a real deployment).

    manage.py create_association "Samordningsförbundet Södra Hälsingland" \
        --director anna.berg --email anna.berg@example.se --first-name Anna --last-name Berg

prints the address and a one-time password, which the director must change at first login.
The director then adds the members, board and
first plan in the browser; more logins come from `manage.py grant_role`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from members.models import Association
from members.roles import Role
from members.services import association_create, role_grant

# Nearly every association's name starts with this word; the address is shorter without it.
_NAME_PREFIXES = ("samordningsforbundet-", "finsamforbundet-", "finsam-")


def default_slug(name: str) -> str:
    slug = slugify(name)
    for prefix in _NAME_PREFIXES:
        if slug.startswith(prefix) and len(slug) > len(prefix):
            slug = slug.removeprefix(prefix)
            break
    return slug[:60].strip("-")


def validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Skapar ett nytt samordningsförbund och dess första förbundschef (inloggning)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="förbundets fullständiga namn")
        parser.add_argument("--slug", help="kortnamn i adressen (/f/<kortnamn>/)")
        parser.add_argument("--short-name", default="", help="förkortning, t.ex. SSH")
        parser.add_argument("--director", required=True, help="användarnamn för förbundschefen")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options) -> None:
        name = options["name"].strip()
        slug = options["slug"] or default_slug(name)
        if not slug:
            raise CommandError("Ange --slug: namnet ger inget kortnamn för adressen.")
        if Association.objects.filter(slug=slug).exists():
            raise CommandError(f"Det finns redan ett förbund med kortnamnet {slug!r}.")
        try:
            with transaction.atomic():
                association = association_create(
                    name=name, slug=slug, short_name=options["short_name"]
                )
                _membership, password = role_grant(
                    association=association,
                    username=options["director"],
                    role=Role.DIRECTOR,
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
        except ValidationError as exc:
            raise CommandError(validation_text(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Skapade {association.name}."))
        self.stdout.write(f"  adress:        {reverse('members:overview', kwargs={'assoc': slug})}")
        self.stdout.write(f"  användarnamn:  {options['director']} (förbundschef)")
        if password:
            self.stdout.write(
                f"  lösenord:      {password}  (engångs: byts vid första inloggningen)"
            )
        else:
            self.stdout.write("  lösenord:      oförändrat (användaren fanns redan)")
