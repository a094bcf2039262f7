"""One place where views check who may do what in which association.

A user who is not a member of the association in the URL gets 404 (we do not reveal that it
exists); a member whose role lacks the capability gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.roles import Cap, role_can

from .request import FinsamRequest

if TYPE_CHECKING:
    from plans.models import Plan


WRITE_CAPS = frozenset({Cap.EDIT_PLAN, Cap.EDIT_BUDGET})


def require(request: FinsamRequest, cap: Cap) -> None:
    if request.association is None:
        raise Http404("Inget sådant samordningsförbund.")
    if not role_can(request.role, cap):
        raise PermissionDenied("Din roll i förbundet ger inte behörighet till detta.")


def association_view(cap: Cap) -> Callable:
    """Decorator for views under /f/<assoc>/: login, membership and capability in one."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: FinsamRequest, *args, **kwargs):
            require(request, cap)
            return view(request, *args, **kwargs)

        wrapped.finsam_capability = cap  # read by the URL walker test
        return wrapped

    return decorator


def get_plan(request: FinsamRequest, plan_id: int, cap: Cap = Cap.READ_DRAFT) -> Plan:
    """The plan of the request's association, if the role may read it (and do `cap`).

    Approved and superseded plans need READ_APPROVED; drafts need READ_DRAFT, so an auditor sees
    only decided plans. Writing capabilities are checked as given.
    """
    from plans.models import Plan

    require(request, Cap.READ_APPROVED if cap == Cap.READ_DRAFT else cap)
    try:
        plan = Plan.objects.select_related("association").get(
            pk=plan_id, association=request.association
        )
    except Plan.DoesNotExist as exc:
        raise Http404("Ingen sådan plan.") from exc
    if not plan.is_frozen and not role_can(request.role, Cap.READ_DRAFT):
        raise PermissionDenied("Planen är inte beslutad ännu.")
    if cap in WRITE_CAPS and plan.is_frozen:
        raise PermissionDenied("Planen är beslutad och kan inte ändras. Starta en revision.")
    return plan
