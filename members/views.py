"""Association pages: overview, settings."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finsam.access import association_view
from finsam.request import FinsamRequest
from members.roles import Cap, role_can
from plans.models import Plan


@require_GET
@association_view(Cap.READ_APPROVED)
def overview(request: FinsamRequest, assoc: str) -> HttpResponse:
    plans = Plan.objects.filter(association=request.association)
    if not role_can(request.role, Cap.READ_DRAFT):
        plans = plans.filter(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
    return render(
        request,
        "members/overview.html",
        {"association": request.association, "plans": plans},
    )


@require_GET
@association_view(Cap.MANAGE)
def settings_index(request: FinsamRequest, assoc: str) -> HttpResponse:
    return render(request, "members/settings.html", {"association": request.association})
