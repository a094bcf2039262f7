"""A new association's overview says what to do first, and stops once the first plan exists."""

from __future__ import annotations

import pytest

from members.roles import Role
from members.services import association_create, role_grant

from .newassoc import first_plan, new_association, own_password_chosen

pytestmark = pytest.mark.django_db


def test_empty_association_gets_the_steps_and_no_empty_profile_heading(client):
    association = association_create(name="Samordningsförbundet Ny", slug="ny")
    membership, _ = role_grant(association=association, username="ny-chef", role=Role.DIRECTOR)
    client.force_login(own_password_chosen(membership.user))
    html = client.get("/f/ny/").content.decode()
    assert "Kom igång" in html
    for url in (
        "/f/ny/installningar/profil/",
        "/f/ny/installningar/medlemmar/ny/",
        "/f/ny/plan/ny/",
    ):
        assert f'href="{url}"' in html
    # Nothing filled in yet: no "Om förbundet" heading over an empty list.
    assert "Om förbundet" not in html


def test_steps_mark_members_done_and_go_away_with_the_first_plan(client):
    association, director = new_association()
    client.force_login(director)
    html = client.get(f"/f/{association.slug}/").content.decode()
    assert "är inlagda." in html  # the members step is done
    first_plan(association, director)
    assert "Kom igång" not in client.get(f"/f/{association.slug}/").content.decode()


def test_board_members_do_not_get_the_set_up_steps(client):
    association, _director = new_association()
    membership, _ = role_grant(association=association, username="ledamot-ny", role=Role.BOARD)
    client.force_login(own_password_chosen(membership.user))
    assert "Kom igång" not in client.get(f"/f/{association.slug}/").content.decode()


def test_the_logins_step_is_done_once_someone_else_has_a_login(client):
    association, director = new_association()
    client.force_login(director)
    url = f"/f/{association.slug}/"
    assert "Inloggningarna</a> är skapade." not in client.get(url).content.decode()
    role_grant(association=association, username="ekonom-ny", role=Role.FINANCE)
    assert "Inloggningarna</a> är skapade." in client.get(url).content.decode()


def test_the_details_step_is_done_once_the_details_are_saved(client):
    """The other steps say 'Klart' when done; the details step stayed an open invitation after
    the director had saved organisation number, seat and population, as if the save had failed."""
    association, director = new_association()
    client.force_login(director)
    url = f"/f/{association.slug}/"
    assert "Förbundets uppgifter</a> är ifyllda." not in client.get(url).content.decode()
    response = client.post(
        f"/f/{association.slug}/installningar/profil/",
        {"name": association.name, "org_number": "222000-1354", "seat": "Älvstad"},
    )
    assert response.status_code == 302
    assert "Förbundets uppgifter</a> är ifyllda." in client.get(url).content.decode()
