import io

import pytest
from django.core.management import call_command

from members.models import Association, Membership, User


def test_no_model_changes_are_missing_a_migration(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_load_demo_data_is_idempotent(db):
    before = (Association.objects.count(), User.objects.count(), Membership.objects.count())
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    after = (Association.objects.count(), User.objects.count(), Membership.objects.count())
    assert before == after
    assert "chef" in out.getvalue()
    assert Association.objects.count() == 4


@pytest.mark.parametrize("username", ["chef", "ekonom", "ledamot", "ordforande", "revisor"])
def test_every_demo_login_works(client, db, username):
    response = client.post(
        "/konto/logga-in/", {"username": username, "password": "demo-losen-2025"}
    )
    assert response.status_code == 302


def test_director_with_two_associations_gets_a_picker(client, db):
    client.force_login(User.objects.get(username="chef"))
    response = client.get("/")
    assert response.status_code == 200
    assert b"vvnd" in response.content and b"ostra-varmland" in response.content


def test_single_association_user_goes_straight_to_it(client, db):
    client.force_login(User.objects.get(username="ekonom"))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/f/vvnd/"
