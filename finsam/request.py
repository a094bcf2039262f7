"""The request as our views see it: typed, with the association and role resolved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from members.models import Association, Membership, User


class FinsamRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
    association: Association | None
    membership: Membership | None
    role: str | None
