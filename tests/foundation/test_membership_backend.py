"""The user and their roles are read together, once per request, and never kept longer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Association, Membership, User


@pytest.fixture
def chef(db):
    """The demo director of VärNa, her only association."""
    return User.objects.get(username="varna")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_association_page_reads_user_and_role_in_one_query(chef):
    client = signed_in(chef)
    slug = chef.memberships.get().association.slug
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/f/{slug}/").status_code == 200
    session, user_and_roles = (q["sql"] for q in captured.captured_queries[:2])
    assert 'FROM "django_session"' in session
    assert 'FROM "members_membership"' in user_and_roles
    assert '"members_user"."password"' in user_and_roles  # the user came with the roles
    assert not any(
        'FROM "members_user"' in q["sql"] or 'FROM "members_membership"' in q["sql"]
        for q in captured.captured_queries[2:]
    )


def test_removed_role_takes_effect_on_the_next_request(chef):
    client = signed_in(chef)
    slug = chef.memberships.get().association.slug
    assert client.get(f"/f/{slug}/").status_code == 200
    Membership.objects.filter(user=chef).delete()
    assert client.get(f"/f/{slug}/").status_code == 404


def test_changed_role_takes_effect_on_the_next_request(chef):
    client = signed_in(chef)
    slug = chef.memberships.get().association.slug
    assert client.get(f"/f/{slug}/installningar/").status_code == 200
    Membership.objects.filter(user=chef).update(role="auditor")
    assert client.get(f"/f/{slug}/installningar/").status_code == 403


def test_deactivated_user_is_signed_out(chef):
    client = signed_in(chef)
    User.objects.filter(pk=chef.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_password_change_elsewhere_ends_the_session(chef):
    client = signed_in(chef)
    chef.set_password("ett-helt-annat-losen-2026")
    chef.save()
    response = client.get("/")
    assert response.status_code == 302
    assert "/konto/logga-in/" in response["Location"]


def test_user_without_roles_can_sign_in_and_sees_why_there_is_nothing(db):
    User.objects.create_user("ny", password="ett-langt-losen-2026")
    client = Client()
    assert (
        client.post(
            "/konto/logga-in/", {"username": "ny", "password": "ett-langt-losen-2026"}
        ).status_code
        == 302
    )
    page = client.get("/").content.decode()
    assert "hör inte till något samordningsförbund" in page


def test_switch_association_is_offered_only_to_users_with_several(chef):
    vvnd = chef.memberships.get().association
    assert "Byt förbund" not in signed_in(chef).get(f"/f/{vvnd.slug}/").content.decode()

    other = Association.objects.exclude(pk=vvnd.pk).first()
    Membership.objects.create(user=chef, association=other, role="board")
    page = signed_in(chef).get(f"/f/{vvnd.slug}/").content.decode()
    assert "Byt förbund" in page
    picker = signed_in(chef).get("/").content.decode()
    assert vvnd.name in picker and other.name in picker
