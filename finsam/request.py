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


def form_status(request: HttpRequest, form) -> int:
    """The status of a page that shows `form`: 422 when a posted form has errors.

    A plain form post with errors answers 422 so browsers' tools, tests and monitoring see the
    refusal; htmx swaps only 2xx answers by default, so its answer stays 200 with the errors
    in it.
    """
    if not form.is_bound or not form.errors or getattr(request, "htmx", False):
        return 200
    return 422
