"""One place where views check who may do what in which association.

A user who is not a member of the association in the URL gets 404 (we do not reveal that it
exists); a member whose role lacks the capability gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import wraps
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from members.roles import Cap, role_can

from .checks import Check
from .request import FinsamRequest

if TYPE_CHECKING:
    from members.models import User
    from plans.models import Plan


WRITE_CAPS = frozenset({Cap.EDIT_PLAN, Cap.EDIT_BUDGET})


def require(request: FinsamRequest, cap: Cap) -> None:
    if request.association is None:
        raise Http404(_("Inget sådant samordningsförbund."))
    if not role_can(request.role, cap):
        raise PermissionDenied(_("Din roll i förbundet ger inte behörighet till detta."))


def require_role(
    user: User | None,
    association_id: int,
    cap: Cap,
    *,
    role: str | None = None,
    message: str | None = None,
) -> str | None:
    """A service's own role check, whoever calls it (view, command, test); returns the role.

    `None` as user is the system (demo loader, management commands, one service calling
    another). `role`: the user's role in this association when the caller has just read it
    (the budget cell save, the editor's hot path); otherwise it is read here.
    """
    if user is None:
        return None
    if role is None:
        from members.models import Membership

        role = (
            Membership.objects.filter(user=user, association_id=association_id)
            .values_list("role", flat=True)
            .first()
        )
    if role is None or not role_can(role, cap):
        raise PermissionDenied(message or _("Din roll i förbundet ger inte behörighet till detta."))
    return role


def refuse_decided(plan: Plan) -> None:
    """A decided (approved or superseded) plan is never written to."""
    if plan.is_frozen:
        raise PermissionDenied(_("Planen är beslutad och kan inte ändras. Starta en revision."))


def require_plan_write(
    user: User | None,
    plan: Plan,
    cap: Cap,
    *,
    role: str | None = None,
    message: str | None = None,
) -> None:
    """A service's check before it writes to a plan: the caller's role in the plan's
    association (see require_role), and a plan not yet decided."""
    require_role(user, plan.association_id, cap, role=role, message=message)
    refuse_decided(plan)


def association_view(cap: Cap) -> Callable:
    """Decorator for views under /f/<assoc>/: login, membership and capability in one."""

    def decorator(view: Callable) -> Callable:
        checked = login_required(_with_role(view, cap))

        @wraps(view)
        def wrapped(request: FinsamRequest, *args, **kwargs):
            if getattr(request, "htmx", False) and not request.user.is_authenticated:
                return signed_out_response(request)
            return checked(request, *args, **kwargs)

        wrapped.finsam_capability = cap  # read by the URL walker test
        return wrapped

    return decorator


def _with_role(view: Callable, cap: Cap) -> Callable:
    @wraps(view)
    def wrapped(request: FinsamRequest, *args, **kwargs):
        require(request, cap)
        return view(request, *args, **kwargs)

    return wrapped


def signed_out_response(request: FinsamRequest) -> HttpResponse:
    """The answer to an htmx request from someone no longer signed in (session expired, or
    logged out in another tab).

    login_required would redirect, the XHR would follow, and htmx would swap the login page
    into a status line, or nothing at all: the user would believe the text was saved. A 401
    is not swapped; static/js/app.js shows this fragment in the form's status region, and
    the page with what the user typed stays. The login link opens in a new tab and leads
    back to the page (not to the save URL, which is POST-only).
    """
    page = request.htmx.current_url_abs_path
    if page is None and request.method == "GET":
        page = request.get_full_path()
    login_url = resolve_url(settings.LOGIN_URL)
    if page:
        query = QueryDict(mutable=True)
        query[REDIRECT_FIELD_NAME] = page
        login_url += "?" + query.urlencode(safe="/")
    return render(
        request,
        "includes/_signed_out.html",
        {"login_url": login_url, "was_save": request.method != "GET"},
        status=401,
    )


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
        raise Http404(_("Ingen sådan plan.")) from exc
    check_plan(request, plan, cap)
    return plan


def check_plan(request: FinsamRequest, plan: Plan, cap: Cap = Cap.READ_DRAFT) -> None:
    """get_plan's checks on a plan the caller has already read from this association: a draft
    needs READ_DRAFT, and a decided plan refuses every writing capability."""
    if not plan.is_frozen and not role_can(request.role, Cap.READ_DRAFT):
        raise PermissionDenied(_("Planen är inte beslutad ännu."))
    if cap in WRITE_CAPS:
        refuse_decided(plan)


def can_open(role: str | None, url: str, *, frozen: bool = False) -> bool:
    """Whether `role` may open `url`, by the capability its view declares (association_view).

    `frozen`: the page belongs to a decided plan, whose editing pages refuse everyone.
    """
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    cap = getattr(match.func, "finsam_capability", None)
    if cap is None:
        return True
    return role_can(role, cap) and not (frozen and cap in WRITE_CAPS)


def reachable_checks(checks: Iterable[Check], role: str | None, *, frozen: bool) -> list[Check]:
    """The checks with their "fix it here" link only where the reader may go: a board member
    is told what is wrong without being sent to a page that refuses them."""
    return [
        c if not c.url or can_open(role, c.url, frozen=frozen) else replace(c, url="")
        for c in checks
    ]
