"""URL keyword values for the role walker: a membership of the association (not the walker's)."""

from __future__ import annotations

from members.models import Membership, User
from members.roles import Role


def _membership(association) -> int:
    user, _ = User.objects.get_or_create(username=f"walk-target-{association.slug}")
    membership, _ = Membership.objects.get_or_create(
        user=user, association=association, defaults={"role": Role.AUDITOR}
    )
    return membership.pk


KWARGS = {"membership_id": _membership}
