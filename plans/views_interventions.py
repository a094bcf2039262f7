"""The interventions register (insatser): list, create, edit, delete, participant counts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can

from . import calc, services
from .forms import InterventionForm, ParticipantForm, members_for
from .locking import EditConflict
from .models import Intervention, Plan, Tag
from .nav import plan_context, plan_url
from .tables import grouped_interventions, intervention_amounts, interventions_for


def _intervention(plan: Plan, intervention_id: int) -> Intervention:
    return get_object_or_404(Intervention, pk=intervention_id, plan=plan)


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def interventions(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    rows = interventions_for(plan)
    base = plan_url(plan, "plans:interventions")
    for i in rows:
        i.edit_url = f"{base}{i.pk}/"
    return render(
        request,
        "plans/interventions.html",
        plan_context(
            request,
            plan,
            groups=grouped_interventions(rows),
            count=len(rows),
            has_amounts=True,
            can_edit=role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen,
        ),
    )


def _form(
    request: FinsamRequest,
    plan: Plan,
    instance: Intervention,
    amounts: tuple[int | None, ...] | None = None,  # granted per plan year, from the budget
    *,
    bound: bool = True,  # False where the post was another form's (the participant counts)
) -> InterventionForm:
    return InterventionForm(
        (request.POST or None) if bound else None,
        instance=instance,
        plan=plan,
        members=members_for(plan),
        tags=Tag.objects.filter(association_id=plan.association_id),
        amounts=amounts,
    )


def _save(request: FinsamRequest, plan: Plan, form: InterventionForm) -> Intervention | None:
    """Run the service; put its errors on the form. None when nothing was saved."""
    if not form.is_valid():
        return None
    intervention = form.save(commit=False)
    intervention.plan = plan
    try:
        intervention = services.intervention_save(
            user=request.user,
            intervention=intervention,
            expected_version=form.cleaned_data.get("version"),
            parties=form.cleaned_data["parties"],
            tags=form.cleaned_data["tags"],
            amounts=form.amounts(),
            reductions_typed=True,  # the form reads them as the budget grid does
        )
    except EditConflict:
        form.add_error(
            None,
            _(
                "Någon annan har ändrat insatsen sedan du öppnade den. Dina ändringar är inte "
                "sparade: ladda om sidan för att se den nya versionen och gör om ändringen."
            ),
        )
        return None
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return None
    parties = [p.pk for p in form.cleaned_data["parties"]]
    if calc.has_too_few_parties(owner_id=intervention.owner_id, party_ids=parties):
        messages.warning(
            request,
            _("Insatsen ”%(n)s” har färre än två parter. Finansiell samordning kräver minst två.")
            % {"n": intervention.name},
        )
    messages.success(request, _("Insatsen ”%(n)s” är sparad.") % {"n": intervention.name})
    return intervention


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def intervention_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = _form(request, plan, Intervention(plan=plan))
    if request.method == "POST" and _save(request, plan, form):
        return redirect(plan_url(plan, "plans:interventions"))
    return render(
        request,
        "plans/intervention_form.html",
        plan_context(request, plan, form=form, intervention=None),
        status=form_status(request, form),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def intervention_edit(
    request: FinsamRequest, assoc: str, plan_id: int, intervention_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    intervention = _intervention(plan, intervention_id)
    amounts = intervention_amounts(plan).get(intervention.pk)
    form = _form(request, plan, intervention, amounts=amounts)
    if request.method == "POST" and _save(request, plan, form):
        return redirect(plan_url(plan, "plans:interventions"))
    return _edit_page(request, plan, intervention, form, status=form_status(request, form))


def _edit_page(
    request: FinsamRequest,
    plan: Plan,
    intervention: Intervention,
    form: InterventionForm,
    participants_form: ParticipantForm | None = None,
    *,
    status: int,
) -> HttpResponse:
    """The edit page with its two forms; a refused one comes back as it was typed."""
    return render(
        request,
        "plans/intervention_form.html",
        plan_context(
            request,
            plan,
            form=form,
            intervention=intervention,
            counts=list(intervention.participant_counts.all()),
            participants_form=participants_form or ParticipantForm(initial={"year": plan.year - 1}),
        ),
        status=status,
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def intervention_delete(
    request: FinsamRequest, assoc: str, plan_id: int, intervention_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    intervention = _intervention(plan, intervention_id)
    with_line = services.intervention_delete(user=request.user, intervention=intervention)
    messages.success(
        request,
        (
            _("Insatsen ”%(n)s” och dess belopp i budgeten är borttagna.")
            if with_line
            else _("Insatsen ”%(n)s” är borttagen.")
        )
        % {"n": intervention.name},
    )
    return redirect(plan_url(plan, "plans:interventions"))


@require_POST
@association_view(Cap.EDIT_PLAN)
def participants_set(
    request: FinsamRequest, assoc: str, plan_id: int, intervention_id: int
) -> HttpResponse:
    """Aggregated counts per gender and year. No data about individual participants."""
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    intervention = _intervention(plan, intervention_id)
    form = ParticipantForm(request.POST)
    if not form.is_valid():
        # The page again with the typed figures and each error beside its field (a redirect
        # lost them); the intervention's own form is shown as saved.
        amounts = intervention_amounts(plan).get(intervention.pk)
        unbound = _form(request, plan, intervention, amounts=amounts, bound=False)
        return _edit_page(
            request, plan, intervention, unbound, form, status=form_status(request, form)
        )
    services.participant_counts_set(
        user=request.user, intervention=intervention, **form.cleaned_data
    )
    messages.success(request, _("Deltagarantalen är sparade."))
    return redirect(
        reverse(
            "plans:intervention_edit",
            kwargs={"assoc": assoc, "plan_id": plan.pk, "intervention_id": intervention.pk},
        )
        + "#participants"
    )
