"""Loads the signed-in user and all their roles with one query per request.

Every page under /f/<assoc>/ needs the user (for the session check) and the user's role in
that association, and the navigation needs to know whether the user has several
associations. Django's ModelBackend reads the user alone; reading the memberships with the
user through a join saves a query on every page, and nothing is cached between requests, so
a removed role or a changed password takes effect on the next request as before.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import Membership, User

_ATTR = "_finsam_memberships"


class MembershipBackend(ModelBackend):
    def get_user(self, user_id) -> User | None:
        rows = list(
            Membership.objects.select_related("user", "association")
            .filter(user_id=user_id)
            .order_by("association__name")
        )
        if not rows:  # no role anywhere: the user alone
            user = super().get_user(user_id)
            if user is not None:
                setattr(user, _ATTR, [])
            return user
        user = rows[0].user
        for row in rows:
            row.user = user  # one object, not a copy per row
        setattr(user, _ATTR, rows)
        return user if self.user_can_authenticate(user) else None


def memberships_of(user: User) -> list[Membership]:
    """The user's roles with their associations, by association name.

    Read with the user when the request began (see MembershipBackend); a query otherwise,
    e.g. right after login in the same request.
    """
    rows = getattr(user, _ATTR, None)
    if rows is None:
        rows = list(
            Membership.objects.select_related("association")
            .filter(user=user)
            .order_by("association__name")
        )
        setattr(user, _ATTR, rows)
    return rows
