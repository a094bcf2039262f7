"""Plan pages: create (roll-forward by default), overview with progress and checks.

Thin: access helper → form → service → render. Sections, interventions, goals and tables have
their own modules (views_*.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgets.calc import shown_summary
from finsam import freshness
from finsam.access import association_view, get_plan, reachable_checks
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can

from . import calc, services
from .forms import PlanCreateForm, PlanSettingsForm
from .locking import EditConflict
from .models import Plan
from .nav import plan_context, plan_url
from .review.services import review_summary


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def create(request: FinsamRequest, assoc: str) -> HttpResponse:
    association = request.association
    latest = association.plans.order_by("-year", "-revision").first()
    default_year = latest.year + 1 if latest else timezone.now().year + 1
    # The form offers the roll-forward only when there is a plan to start from.
    form = PlanCreateForm(
        request.POST or None, association=association, initial={"year": default_year}
    )
    if request.method == "POST" and form.is_valid():
        blank = form.cleaned_data["start"] == PlanCreateForm.START_BLANK
        try:
            plan = services.plan_create(
                user=request.user,
                association=association,
                year=form.cleaned_data["year"],
                blank=blank,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            if plan.previous_id:
                messages.success(
                    request,
                    _("Planen för %(year)s är skapad från %(prev)s. Förra årets plan är orörd.")
                    % {"year": plan.year, "prev": plan.previous.year},
                )
                left = services.interventions_left_behind(plan.previous)
                if left:
                    # Their budget lines go with them: say so, or next year's costs just fall.
                    messages.info(
                        request,
                        _(
                            "Insatser som slutar före %(year)s följde inte med, och inte heller "
                            "deras belopp i budgeten: %(names)s."
                        )
                        % {"year": plan.year, "names": ", ".join(i.name for i in left)},
                    )
            else:
                messages.success(
                    request, _("En tom plan för %(year)s är skapad.") % {"year": plan.year}
                )
            return redirect(plan_url(plan))
    year = form.data.get("year") if form.is_bound else default_year
    try:
        source = services.previous_plan_for(association, int(year))
    except (TypeError, ValueError):
        source = None
    return render(
        request,
        "plans/create.html",
        {
            "form": form,
            "source": source,
            "next_year": source.year + 1 if source else None,
            "plans": association.plans.all()[:10],
        },
        status=form_status(request, form),
    )


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def overview(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    can_edit = role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen
    # The summary reads most of the plan; it is rendered once per state of the association's
    # data and per kind of reader, then served to everyone alike.
    summary_html = freshness.cached(
        plan.association_id,
        f"plan-overview:{plan.pk}:{request.role}",
        lambda: _overview_summary(plan, role=request.role, can_edit=can_edit),
        stamp=plan.association.data_stamp,  # read with the plan, before anything else
    )
    return render(
        request,
        "plans/overview.html",
        plan_context(
            request,
            plan,
            summary_html=summary_html,
            # Outside the shared summary: who sits on the board is not part of the data stamp.
            review=review_summary(plan, request.role),
            settings_form=PlanSettingsForm(instance=plan) if can_edit else None,
        ),
    )


def _overview_summary(plan: Plan, *, role: str | None, can_edit: bool) -> str:
    """The overview's key figures, checks and sections, rendered without the request."""
    sections = list(plan.sections.all())
    edit_base = plan_url(plan, "plans:sections")
    for s in sections:
        s.edit_url = f"{edit_base}{s.pk}/"
    figures = services.plan_figures(plan)
    # printed figures: in tkr, income − costs is the result shown (budgets.calc)
    budget = shown_summary(figures.budget) if figures.budget else None
    context = {
        "plan": plan,
        "sections": sections,
        "progress": calc.progress_summary(
            progresses=[s.shown_progress for s in sections if s.included]
        ),
        "checks": reachable_checks(figures.checks, role, frozen=plan.is_frozen),
        "budget": budget,
        # Each printed year with whether its equity is above the bound, decided on the exact
        # figures as the budget's equity check is, so the marker and the check always agree.
        "equity_years": (
            list(zip(budget.years, [y.above_bound for y in figures.budget.years], strict=True))
            if budget
            else []
        ),
        "figures": figures,
        "can_edit": can_edit,
        "in_force": services.plan_in_force(plan),
    }
    return render_to_string("plans/overview.html#summary", context)


@require_POST
@association_view(Cap.EDIT_PLAN)
def settings(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = PlanSettingsForm(request.POST, instance=plan)
    if form.is_valid():
        try:
            services.plan_settings_set(
                user=request.user,
                plan=plan,
                expected_version=form.cleaned_data.get("version"),
                title=form.cleaned_data["title"],
                unit=form.cleaned_data["unit"],
            )
        except EditConflict:
            messages.error(request, _("Någon annan har ändrat planen. Försök igen."))
        else:
            messages.success(request, _("Planens uppgifter är sparade."))
    else:
        messages.error(request, _("Uppgifterna kunde inte sparas: kontrollera rubrik och enhet."))
    return redirect(plan_url(plan))
