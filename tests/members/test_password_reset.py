"""The director gives someone who forgot their password a new one-time password.

Only for a login that opens this association alone: a director of one association must not be
able to take over an account that also opens another (DESIGN §6: roles are per association).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from members.models import Membership, User
from members.roles import Role
from members.services import role_grant
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

USERS = "/f/vvnd/installningar/anvandare/"


def reset_url(membership: Membership) -> str:
    return f"{USERS}{membership.pk}/nytt-losenord/"


def signed_in(username: str, password: str = DEMO_PASSWORD) -> Client:
    client = Client()
    assert client.login(username=username, password=password)
    return client


def shown_password(response) -> str:
    match = re.search(r"<dd><code>([^<]+)</code></dd>", response.content.decode())
    assert match, "no password on the page"
    return match[1]


def test_the_director_gives_a_board_member_a_new_one_time_password(vvnd):
    board = Membership.objects.get(association=vvnd, user__username="ledamot")
    their_session = signed_in("ledamot")
    director = signed_in("chef")
    page = director.get(USERS).content.decode()
    assert f'action="{reset_url(board)}"' in page

    response = director.post(reset_url(board))
    assert response.status_code == 200
    password = shown_password(response)
    assert "Nytt lösenord för" in response.content.decode()
    # Easy to read out: groups of four, no look-alike characters.
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
    assert not set(password) & set("ilo01")

    user = User.objects.get(username="ledamot")
    assert user.check_password(password) and not user.check_password(DEMO_PASSWORD)
    assert user.must_change_password  # someone else has seen it
    # Their open session ended with the old password.
    assert their_session.get("/f/vvnd/").status_code == 302
    # The new one works, and leads first to "Byt lösenord".
    fresh = signed_in("ledamot", password)
    assert fresh.get("/f/vvnd/")["Location"].startswith("/konto/losenord/")
    # Shown once: the users page does not show it again.
    assert password not in director.get(USERS).content.decode()


def test_no_reset_for_a_login_that_also_opens_another_association(vvnd, varna):
    board = Membership.objects.get(association=vvnd, user__username="ledamot")
    role_grant(association=varna, username="ledamot", role=Role.BOARD)
    director = signed_in("chef")
    assert f'action="{reset_url(board)}"' not in director.get(USERS).content.decode()

    response = director.post(reset_url(board), follow=True)
    assert "har inloggning även i ett annat förbund" in response.content.decode()
    assert User.objects.get(username="ledamot").check_password(DEMO_PASSWORD)


def test_no_reset_of_ones_own_password_or_an_administrators(vvnd):
    own = Membership.objects.get(association=vvnd, user__username="chef")
    board = Membership.objects.get(association=vvnd, user__username="ledamot")
    User.objects.filter(username="ledamot").update(is_staff=True)
    director = signed_in("chef")
    page = director.get(USERS).content.decode()
    assert f'action="{reset_url(own)}"' not in page
    assert f'action="{reset_url(board)}"' not in page
    for membership, username in ((own, "chef"), (board, "ledamot")):
        director.post(reset_url(membership))
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_only_the_director_of_that_association_may_reset(vvnd, varna):
    board = Membership.objects.get(association=vvnd, user__username="ledamot")
    assert signed_in("ekonom").post(reset_url(board)).status_code == 403
    # The director of another association does not even learn that the role exists.
    other = signed_in("varna")
    assert (
        other.post(f"/f/varna/installningar/anvandare/{board.pk}/nytt-losenord/").status_code == 404
    )
    assert signed_in("chef").get(reset_url(board)).status_code == 405  # POST only
    assert User.objects.get(username="ledamot").check_password(DEMO_PASSWORD)


def test_the_users_page_reads_every_login_in_one_query(vvnd, django_assert_max_num_queries):
    for n in range(8):
        role_grant(association=vvnd, username=f"person{n}", role=Role.BOARD)
    director = signed_in("chef")
    with django_assert_max_num_queries(6):
        assert director.get(USERS).status_code == 200
