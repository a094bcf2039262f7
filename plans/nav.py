"""The plan's tabs, shown on every page under a plan, and the address of a page of a plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsam.request import FinsamRequest

from .models import Plan


def plan_url(plan: Plan, name: str = "plans:overview") -> str:
    """The address of one of the plan's pages (any app's view taking assoc and plan_id)."""
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})


TABS = [
    ("plans:overview", _("Översikt")),
    ("plans:sections", _("Texter")),
    ("plans:goals", _("Mål")),
    ("indicators:goals", _("Indikatorer och uppföljning")),
    ("plans:interventions", _("Insatser")),
    ("budgets:edit", _("Budget")),
    ("members:contributions", _("Medlemsbidrag")),
    ("plans:tables", _("Organisation och tabeller")),
    ("review:index", _("Granskning")),
    ("pdf:index", _("Export")),
]


@dataclass(frozen=True)
class Tab:
    label: str
    url: str
    active: bool


def plan_tabs(request: FinsamRequest, plan: Plan) -> list[Tab]:
    match = request.resolver_match
    current = f"{match.namespace}:{match.url_name}" if match else ""
    return [Tab(str(label), plan_url(plan, name), current == name) for name, label in TABS]


def plan_context(request: FinsamRequest, plan: Plan, **extra) -> dict:
    """Context every page under a plan needs: the plan and its tabs."""
    return {"plan": plan, "plan_tabs": plan_tabs(request, plan), **extra}
