"""Indicator pages. Thin: access helper → form → one service call → redirect or render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finsam.access import association_view, get_plan, reachable_checks
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can
from plans.locking import EditConflict
from plans.models import Goal, Intervention, Plan
from plans.nav import plan_context

from . import calc, services
from .forms import IndicatorForm, OutcomeForm, TargetForm, apply_errors
from .models import Catalogue, Indicator, Outcome, Target


def _editable(request: FinsamRequest, plan: Plan) -> bool:
    return role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen


def _goals_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("indicators:goals", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    return f"{url}#{anchor}" if anchor else url


def _followup_url(plan: Plan) -> str:
    return reverse(
        "indicators:followup", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk}
    )


@require_GET
@association_view(Cap.READ_APPROVED)
def goals(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    tables = services.plan_indicator_tables(plan)
    # "Before the board": a decided plan has been before the board, its checks are moot.
    checks = [] if plan.is_frozen else services.indicator_checks(plan)
    context = plan_context(
        request,
        plan,
        tables=tables,
        checks=reachable_checks(checks, request.role, frozen=plan.is_frozen),
        editable=_editable(request, plan),
    )
    return render(request, "indicators/goals.html", context)


# --- Targets --------------------------------------------------------------------------------------


def _attach_choices(plan: Plan) -> list:
    goals = [
        (f"goal:{g.pk}", f"{g.get_level_display()}: {services.short_text(g.text, 90)}")
        for g in Goal.objects.filter(plan=plan).order_by("order", "pk")
    ]
    interventions = [
        (f"intervention:{i.pk}", i.name)
        for i in Intervention.objects.filter(plan=plan).order_by("kind", "order", "name")
    ]
    return [("", _("– välj mål eller insats –")), (_("Mål"), goals), (_("Insatser"), interventions)]


def _attach(plan: Plan, value: str) -> dict:
    kind, _sep, pk = (value or "").partition(":")
    if kind == "goal" and pk.isdigit():
        return {"goal": Goal.objects.filter(plan=plan, pk=int(pk)).first()}
    if kind == "intervention" and pk.isdigit():
        return {"intervention": Intervention.objects.filter(plan=plan, pk=int(pk)).first()}
    return {}


def _target_form(request: FinsamRequest, plan: Plan, **kwargs) -> TargetForm:
    form = TargetForm(request.POST or None, association=plan.association, **kwargs)
    form.fields["attach"] = forms.ChoiceField(
        label=_("Hör till"), choices=_attach_choices(plan), required=False
    )
    form.order_fields(["attach"])
    return form


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def target_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    initial = {"kind": "percent", "method": "survey", "direction": "increase", "reporting": []}
    if request.GET.get("goal"):
        initial["attach"] = f"goal:{request.GET['goal']}"
    elif request.GET.get("intervention"):
        initial["attach"] = f"intervention:{request.GET['intervention']}"
    form = _target_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        attach = _attach(plan, form.cleaned_data.pop("attach", ""))
        if not any(attach.values()):
            form.add_error("attach", _("Välj vilket mål eller vilken insats målvärdet gäller."))
        else:
            try:
                target = services.target_create(
                    user=request.user, plan=plan, **attach, **form.service_fields()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Målvärdet är sparat."))
                return redirect(_goals_url(plan, f"malvarde-{target.pk}"))
    context = plan_context(request, plan, form=form, target=None)
    return render(
        request, "indicators/target_form.html", context, status=form_status(request, form)
    )


def _plan_target(plan: Plan, target_id: int) -> Target:
    return get_object_or_404(
        Target.objects.select_related("indicator", "plan"), pk=target_id, plan=plan
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def target_edit(request: FinsamRequest, assoc: str, plan_id: int, target_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    target = _plan_target(plan, target_id)
    initial = {
        "version": target.version,
        "attach": f"goal:{target.goal_id}"
        if target.goal_id
        else f"intervention:{target.intervention_id}",
        "indicator": target.indicator_id,
        "value_bool": {True: "yes", False: "no"}.get(target.value_bool, ""),
        **{
            name: getattr(target, name)
            for name in services.TARGET_FIELDS
            if name not in ("indicator", "value_bool")
        },
    }
    if target.value is not None:
        initial["value"] = calc.format_number(target.value).replace("\u00a0", " ")
    if target.baseline is not None:
        initial["baseline"] = calc.format_number(target.baseline).replace("\u00a0", " ")
    form = _target_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        attach = _attach(plan, form.cleaned_data.pop("attach", ""))
        fields = form.service_fields()
        if any(attach.values()):
            target.goal = attach.get("goal")
            target.intervention = attach.get("intervention")
        try:
            services.target_update(
                target,
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **fields,
            )
        except EditConflict:
            form.add_error(
                None, _("Någon annan har ändrat målvärdet sedan du öppnade det. Ladda om sidan.")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Målvärdet är sparat."))
            return redirect(_goals_url(plan, f"malvarde-{target.pk}"))
    context = plan_context(request, plan, form=form, target=target)
    return render(
        request, "indicators/target_form.html", context, status=form_status(request, form)
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def target_delete(request: FinsamRequest, assoc: str, plan_id: int, target_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    target = _plan_target(plan, target_id)
    services.target_delete(target, user=request.user)
    messages.success(request, _("Målvärdet är borttaget."))
    return redirect(_goals_url(plan))


# --- Follow-up ------------------------------------------------------------------------------------


@require_GET
@association_view(Cap.READ_APPROVED)
def followup(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    tables = services.plan_indicator_tables(plan)
    outcomes = services.outcome_rows_by_target(plan)
    blocks = [
        (block, [(row, outcomes.get(row.target_id, [])) for row in block.targets])
        for block in (*tables.goals, *tables.interventions)
        if block.targets
    ]
    context = plan_context(
        request,
        plan,
        blocks=blocks,
        can_record=role_can(request.role, Cap.EDIT_PLAN),
    )
    return render(request, "indicators/followup.html", context)


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def outcome_edit(request: FinsamRequest, assoc: str, plan_id: int, target_id: int) -> HttpResponse:
    """Record outcomes. Allowed on approved plans too: measuring happens while the plan runs."""
    plan = get_plan(request, plan_id)
    target = _plan_target(plan, target_id)
    existing = list(target.outcomes.all())
    period = request.GET.get("period", "")
    current = next((o for o in existing if o.period == period), None)
    initial: dict = {"period": period or str(plan.year)}
    if current is not None:
        initial.update(
            version=current.version,
            value=calc.format_number(current.value).replace("\u00a0", " ")
            if current.value is not None
            else "",
            value_bool={True: "yes", False: "no"}.get(current.value_bool, ""),
            value_date=current.value_date,
            value_quarter=current.value_quarter,
            respondents=current.respondents,
            comment=current.comment,
            status_override=current.status_override,
            override_reason=current.override_reason,
        )
    form = OutcomeForm(request.POST or None, kind=target.kind, plan_year=plan.year, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_save(
                user=request.user,
                target=target,
                period=form.cleaned_data["period"],
                expected_version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except EditConflict:
            form.add_error(
                None, _("Någon annan har ändrat utfallet sedan du öppnade det. Ladda om sidan.")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Utfallet är sparat."))
                return redirect(_followup_url(plan) + f"#malvarde-{target.pk}")
            # htmx: answer with the refreshed panel and an empty form for the next period.
            existing = list(target.outcomes.all())
            form = OutcomeForm(
                kind=target.kind, plan_year=plan.year, initial={"period": str(plan.year)}
            )
            saved = True
    context = plan_context(
        request,
        plan,
        form=form,
        target=target,
        summary=services.target_row(plan, target),
        rows=services.outcome_rows(target, existing),
        saved=saved,
    )
    template = "indicators/outcome_form.html"
    if request.htmx and request.method == "POST":
        template += "#outcome-panel"
    return render(request, template, context, status=form_status(request, form))


@require_POST
@association_view(Cap.EDIT_PLAN)
def outcome_delete(
    request: FinsamRequest, assoc: str, plan_id: int, outcome_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id)
    outcome = get_object_or_404(Outcome, pk=outcome_id, target__plan=plan)
    services.outcome_delete(outcome, user=request.user)
    messages.success(request, _("Utfallet är borttaget."))
    return redirect(_followup_url(plan))


@require_GET
@association_view(Cap.READ_APPROVED)
def attainment(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    summary = services.attainment_summary(plan)
    charts = services.indicator_charts(summary)
    years = sorted({p.year for r in summary.rows for p in r.row.trend})
    context = plan_context(request, plan, summary=summary, charts=charts, trend_years=years)
    return render(request, "indicators/attainment.html", context)


# --- The catalogue and own indicators ---------------------------------------------------------


@require_GET
@association_view(Cap.READ_APPROVED)
def catalogue(request: FinsamRequest, assoc: str) -> HttpResponse:
    indicators = services.indicators_for(request.association)
    groups = [
        (label, [i for i in indicators if i.catalogue == value])
        for value, label in Catalogue.choices
    ]
    return render(
        request,
        "indicators/catalogue.html",
        {"groups": groups, "can_edit": role_can(request.role, Cap.EDIT_PLAN)},
    )


def _catalogue_url(request: FinsamRequest) -> str:
    return reverse("indicators:catalogue", kwargs={"assoc": request.association.slug})


def _own(request: FinsamRequest, indicator_id: int) -> Indicator:
    try:
        return Indicator.objects.get(pk=indicator_id, association=request.association)
    except Indicator.DoesNotExist as exc:
        raise Http404(_("Ingen sådan egen indikator.")) from exc


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def indicator_create(request: FinsamRequest, assoc: str) -> HttpResponse:
    form = IndicatorForm(request.POST or None, initial={"answer_type": "percent"})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(
                user=request.user, association=request.association, **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indikatorn är sparad."))
            return redirect(_catalogue_url(request))
    context = {"form": form, "indicator": None}
    return render(
        request, "indicators/indicator_form.html", context, status=form_status(request, form)
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def indicator_edit(request: FinsamRequest, assoc: str, indicator_id: int) -> HttpResponse:
    indicator = _own(request, indicator_id)
    form = IndicatorForm(
        request.POST or None, instance=indicator, initial={"version": indicator.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator,
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except EditConflict:
            form.add_error(None, _("Någon annan har ändrat indikatorn. Ladda om sidan."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indikatorn är sparad."))
            return redirect(_catalogue_url(request))
    context = {"form": form, "indicator": indicator}
    return render(
        request, "indicators/indicator_form.html", context, status=form_status(request, form)
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def indicator_delete(request: FinsamRequest, assoc: str, indicator_id: int) -> HttpResponse:
    indicator = _own(request, indicator_id)
    if services.indicator_delete(indicator, user=request.user):
        messages.success(request, _("Indikatorn är borttagen."))
    else:
        messages.success(
            request,
            _("Indikatorn används i en beslutad plan och är därför bara markerad som ej i bruk."),
        )
    return redirect(_catalogue_url(request))
