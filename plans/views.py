"""Plan pages. Thin: access helper → form → service → render."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest
from members.roles import Cap

from .nav import plan_context


@require_GET
@association_view(Cap.READ_APPROVED)
def overview(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    return render(request, "plans/overview.html", plan_context(request, plan))
