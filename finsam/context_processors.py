"""Navigation shared by every page: the user's associations and the current one."""

from __future__ import annotations

from members.backends import memberships_of
from members.roles import Cap, role_can

from .request import FinsamRequest


def navigation(request: FinsamRequest) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    role = getattr(request, "role", None)
    return {
        "current_association": getattr(request, "association", None),
        "current_role": role,
        "can": {cap.value: role_can(role, cap) for cap in Cap},
        # "Byt förbund" only leads somewhere for a user with several associations
        "several_associations": len(memberships_of(request.user)) > 1,
    }
