"""Shared fixtures: the demo data once per session, users per role, logged-in clients."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.db import connection

from members.models import Association, Membership, User
from members.roles import Role
from plans.models import Plan

DEMO_PASSWORD = "demo-losen-2025"


# Fixtures through which a test reaches the database (pytest-django's, and the live server's).
DB_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def uses_database(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """A test outside tests/browser must not name an argument `page`: that is
    pytest-playwright's fixture, which brings a live server along, and pytest-django then runs
    the test after the live-server tests, which empty the database (this broke CI twice).

    With FINSAM_DB_TESTS_ONLY=1 (scripts/test.sh's PostgreSQL pass) the tests that never touch
    the database are left out: rules over plain data, the sanitiser, money parsing. They ask
    nothing of PostgreSQL that the SQLite pass has not answered."""
    clashes = [
        item.nodeid
        for item in items
        if "tests/browser" not in str(item.fspath) and "page" in getattr(item, "fixturenames", ())
    ]
    if clashes:
        raise pytest.UsageError(
            "Rename the argument `page` (pytest-playwright's fixture) in: " + ", ".join(clashes)
        )
    if os.environ.get("FINSAM_DB_TESTS_ONLY") == "1":
        without = [item for item in items if not uses_database(item)]
        if without:
            config.hook.pytest_deselected(items=without)
            items[:] = [item for item in items if uses_database(item)]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """A request in English leaves English active in the thread: start every test in Swedish."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.activate("sv")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures must not leak between tests (login failures are rows, rolled back)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vvnd(db) -> Association:
    return Association.objects.get(slug="vvnd")


@pytest.fixture
def varna(db) -> Association:
    return Association.objects.get(slug="varna")


def empty_database() -> None:
    """An empty database, the restore's starting point in the backup tests.

    Writes made earlier in the test's transaction leave PostgreSQL's deferred constraint checks
    pending, and TRUNCATE refuses to run over them: run them now (check_constraints sets the
    constraints IMMEDIATE and back)."""
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    assert not Association.objects.exists()
    assert not Plan.objects.exists()


def make_user(association: Association, role: str, username: str | None = None) -> User:
    username = username or f"{role}-{association.slug}"
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(user=user, association=association, defaults={"role": role})
    return user


@pytest.fixture
def role_user(vvnd):
    """role_user("finance") → a user with that role in VVND."""

    def factory(role: str) -> User:
        return make_user(vvnd, role)

    return factory


@pytest.fixture
def outsider(varna) -> User:
    """A director of another association (VärNa): must never see VVND's data."""
    return make_user(varna, Role.DIRECTOR, "outsider")


@pytest.fixture
def client_for(client, role_user):
    """client_for("director") → the test client logged in as that role in VVND."""

    def factory(role: str):
        client.force_login(role_user(role))
        return client

    return factory
