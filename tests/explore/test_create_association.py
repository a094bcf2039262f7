"""A new association gets into the system the way a real deployment does it: two commands."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from members.management.commands.create_association import default_slug
from members.models import Association, Membership, User
from members.roles import Role

pytestmark = pytest.mark.django_db

NAME = "Samordningsförbundet Södra Hälsingland"


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def password_in(output: str) -> str:
    match = re.search(r"lösenord:\s+(\S+)", output)
    assert match, output
    return match.group(1)


def test_default_slug_drops_the_common_prefix_and_folds_swedish_letters():
    assert default_slug(NAME) == "sodra-halsingland"
    assert default_slug("Finsamförbundet i Älvsbyn") == "i-alvsbyn"
    assert default_slug("VärNa") == "varna"


def test_create_association_makes_an_empty_association_and_a_director_who_can_log_in():
    output = run("create_association", NAME, "--director", "anna.berg", "--short-name", "SSH")
    association = Association.objects.get(slug="sodra-halsingland")
    assert association.name == NAME and association.short_name == "SSH"
    assert not association.members.exists() and not association.plans.exists()
    membership = Membership.objects.get(user__username="anna.berg", association=association)
    assert membership.role == Role.DIRECTOR
    assert "/f/sodra-halsingland/" in output

    client = Client()
    one_time = password_in(output)
    assert client.login(username="anna.berg", password=one_time)
    # The one-time password is changed first: every page leads to "Byt lösenord".
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/losenord/"
    assert "engångslösenord" in response.content.decode()
    own = "Anna-Bergs-eget-2026"
    client.post(
        "/konto/losenord/",
        {"old_password": one_time, "new_password1": own, "new_password2": own},
    )
    # Then straight to the new association's overview, which offers the first plan.
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/f/sodra-halsingland/"
    assert "Ny verksamhetsplan" in response.content.decode()


def test_grant_role_adds_a_chair_and_an_existing_user_keeps_the_password():
    run("create_association", NAME, "--director", "anna.berg")
    association = Association.objects.get(slug="sodra-halsingland")
    output = run("grant_role", "sodra-halsingland", "eva.lind", "--role", "chair")
    assert Membership.objects.get(user__username="eva.lind").role == Role.CHAIR
    assert Client().login(username="eva.lind", password=password_in(output))
    assert User.objects.get(username="eva.lind").must_change_password

    # The demo director of VVND also directs the new association: no new password.
    output = run("grant_role", "sodra-halsingland", "chef", "--role", "director")
    assert "lösenord" not in output
    assert Client().login(username="chef", password="demo-losen-2025")
    assert not User.objects.get(username="chef").must_change_password
    assert Membership.objects.filter(user__username="chef").count() == 3
    # Granting another role replaces the old one (one role per association).
    run("grant_role", "sodra-halsingland", "eva.lind", "--role", "board")
    assert Membership.objects.get(user__username="eva.lind", association=association).role == (
        Role.BOARD
    )


def test_refuses_duplicates_bad_usernames_and_unknown_associations_without_saving():
    run("create_association", NAME, "--director", "anna.berg")
    with pytest.raises(CommandError, match="redan"):
        run("create_association", NAME, "--director", "someone")
    with pytest.raises(CommandError, match="användarnamn"):
        run("create_association", "Samordningsförbundet Norra", "--director", "bad user!")
    # The failed director left no half-made association behind.
    assert not Association.objects.filter(slug="norra").exists()
    assert not User.objects.filter(username="bad user!").exists()
    with pytest.raises(CommandError, match="Inget förbund"):
        run("grant_role", "finns-inte", "x", "--role", "chair")
