import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from members.models import Association, Membership, User

ROOT = Path(__file__).resolve().parents[2]


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


def test_demo_logins_have_addresses_from_their_names_on_the_example_domain(db):
    """The demo board gets the mail "Skicka till styrelsen" sends (shown on the console)."""
    addresses = dict(
        User.objects.filter(
            username__in=["chef", "ledamot", "ordforande", "revisor", "varna-ledamot", "varna-ordf"]
        ).values_list("username", "email")
    )
    assert addresses == {
        "chef": "anna.lind@example.se",
        "ledamot": "sara.holm@example.se",
        "ordforande": "per.ek@example.se",
        "revisor": "maria.sjo@example.se",
        "varna-ledamot": "johan.aberg@example.se",
        "varna-ordf": "eva.nord@example.se",
    }


def test_loading_the_demo_again_keeps_an_address_someone_changed(db):
    User.objects.filter(username="ledamot").update(email="sara@forbundet.example.se")
    call_command("load_demo_data", stdout=io.StringIO())
    assert User.objects.get(username="ledamot").email == "sara@forbundet.example.se"


def test_mail_goes_to_the_console_in_development():
    """scripts/run.sh sets DJANGO_DEBUG=1: a mail to the demo board is printed, not sent."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="finsam.settings")
    code = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Verksamhetsplan', 'Hej', None, ['sara.holm@example.se'])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "To: sara.holm@example.se" in result.stdout
    assert "Subject: Verksamhetsplan" in result.stdout
