"""The director gives the board, the chair and the others their logins in the browser."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from members.models import Membership
from members.roles import Role
from members.services import role_grant

from .newassoc import new_association, own_password_chosen

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssh(client):
    association, director = new_association()
    client.force_login(director)
    return association, director, client


def test_director_creates_a_chair_login_with_a_one_time_password(ssh):
    association, _director, client = ssh
    url = f"/f/{association.slug}/installningar/anvandare/"
    assert "Användare och roller" in client.get(url).content.decode()
    response = client.post(
        f"{url}ny/",
        {"username": "eva.lind", "first_name": "Eva", "last_name": "Lind", "role": Role.CHAIR},
    )
    html = response.content.decode()
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", html).group(1)
    assert Membership.objects.get(user__username="eva.lind", association=association).role == (
        Role.CHAIR
    )
    chair = Client()
    assert chair.login(username="eva.lind", password=password)
    # One-time: the chair's first page is "Byt lösenord".
    assert chair.get(f"/f/{association.slug}/")["Location"] == (
        f"/konto/losenord/?next=/f/{association.slug}/"
    )
    # Shown once: the list page afterwards does not repeat it.
    assert password not in client.get(url).content.decode()


def test_an_existing_login_is_refused_and_nothing_is_saved(ssh):
    association, _director, client = ssh
    response = client.post(
        f"/f/{association.slug}/installningar/anvandare/ny/",
        {"username": "Chef", "role": Role.DIRECTOR},
    )
    assert response.status_code == 422
    assert "Användarnamnet är upptaget" in response.content.decode()
    assert not Membership.objects.filter(association=association, user__username="chef").exists()


def test_roles_change_but_never_your_own_and_never_the_last_director(ssh):
    association, director, client = ssh
    base = f"/f/{association.slug}/installningar/anvandare/"
    board, _ = role_grant(association=association, username="olof", role=Role.BOARD)
    client.post(f"{base}{board.pk}/roll/", {"role": Role.FINANCE})
    board.refresh_from_db()
    assert board.role == Role.FINANCE
    own = Membership.objects.get(user=director, association=association)
    client.post(f"{base}{own.pk}/roll/", {"role": Role.BOARD})
    client.post(f"{base}{own.pk}/ta-bort/")
    own.refresh_from_db()
    assert own.role == Role.DIRECTOR
    # Another director may not demote the only other director into nobody's hands either.
    second, _ = role_grant(association=association, username="kansli2", role=Role.DIRECTOR)
    c2 = Client()
    c2.force_login(own_password_chosen(second.user))
    c2.post(f"{base}{own.pk}/ta-bort/")
    assert not Membership.objects.filter(pk=own.pk).exists()
    response = c2.post(f"{base}{second.pk}/roll/", {"role": Role.BOARD}, follow=True)
    assert "Du kan inte ändra din egen roll" in response.content.decode()
    client.post(f"{base}{board.pk}/ta-bort/")  # the first director is gone: no effect
    assert Membership.objects.filter(pk=board.pk).exists()
    c2.post(f"{base}{board.pk}/ta-bort/")
    assert not Membership.objects.filter(pk=board.pk).exists()


def test_last_director_cannot_be_removed_by_the_service():
    from django.core.exceptions import ValidationError

    from members.services import membership_remove, membership_set_role

    association, director = new_association()
    own = Membership.objects.get(user=director, association=association)
    with pytest.raises(ValidationError):
        membership_remove(user=director, membership=own)
    with pytest.raises(ValidationError):
        membership_set_role(user=director, membership=own, role=Role.CHAIR)


def test_board_members_and_other_associations_cannot_manage_users(ssh, client_for, vvnd):
    association, _director, client = ssh
    vvnd_membership = Membership.objects.filter(association=vvnd).first()
    response = client.post(
        f"/f/{association.slug}/installningar/anvandare/{vvnd_membership.pk}/ta-bort/"
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=vvnd_membership.pk).exists()
    assert client_for("board").get("/f/vvnd/installningar/anvandare/").status_code == 403
