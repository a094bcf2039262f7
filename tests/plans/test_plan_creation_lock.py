"""Checks that must not interleave with the same check in another request take the
association's row first (plans.locking.lock_association): with two quick clicks on "Ny
verksamhetsplan" or "Starta revision" both requests passed "none exists yet" and the second
write hit the unique constraint, a 500; two directors removing each other both passed "not the
last director". SQLite runs one writer at a time; on PostgreSQL the row lock is what orders
them, so these tests look for it there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import services as members
from members.models import Membership
from members.roles import Role
from plans import services
from plans.models import Plan
from plans.review import services as review
from tests.conftest import make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks (one writer at a time)"
)


def _locks_first(queries: list[dict], association_id: int) -> bool:
    """The association row is locked before anything is checked or written."""
    sql = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] or "INSERT" in q["sql"]]
    return bool(sql) and "FOR UPDATE" in sql[0] and f"= {association_id}" in sql[0]


def test_a_new_plan_is_created_under_the_associations_lock(vvnd):
    director = make_user(vvnd, Role.DIRECTOR)
    with CaptureQueriesContext(connection) as ctx:
        services.plan_create(user=director, association=vvnd, year=2031, blank=True)
    assert _locks_first(ctx.captured_queries, vvnd.pk)


def test_a_revision_is_started_under_the_associations_lock(vvnd):
    director = make_user(vvnd, Role.DIRECTOR)
    approved = Plan.objects.get(association=vvnd, year=2025, status=Plan.Status.APPROVED)
    with CaptureQueriesContext(connection) as ctx:
        review.plan_start_revision(user=director, plan=approved)
    assert _locks_first(ctx.captured_queries, vvnd.pk)


def test_removing_a_director_checks_the_others_under_the_lock(vvnd):
    director = make_user(vvnd, Role.DIRECTOR)
    other = make_user(vvnd, Role.DIRECTOR, "chef-tva")
    membership = Membership.objects.get(user=other, association=vvnd)
    with CaptureQueriesContext(connection) as ctx:
        members.membership_remove(user=director, membership=membership)
    assert any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
