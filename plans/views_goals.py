"""Goals: the hierarchy, activities, the association's areas (tags) and Agenda 2030."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can

from . import services
from .forms import AGENDA_2030, ActivityForm, GoalForm, TagForm
from .locking import EditConflict
from .models import Activity, Goal, Intervention, Plan, Tag
from .nav import plan_context, plan_url
from .tables import goal_tree, goals_for

CONFLICT = gettext_lazy(
    "Någon annan har ändrat detta sedan du öppnade det. Dina ändringar är inte sparade: "
    "ladda om sidan för att se den nya versionen och gör om ändringen."
)


def _goal(plan: Plan, goal_id: int) -> Goal:
    return get_object_or_404(Goal, pk=goal_id, plan=plan)


def _activity(plan: Plan, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("goal"), pk=activity_id, goal__plan=plan
    )


def _goal_form(plan: Plan, goal: Goal, data: QueryDict | None = None) -> GoalForm:
    goals = plan.goals.select_related("parent")
    if goal.pk:
        goals = goals.exclude(pk=goal.pk)
    return GoalForm(
        data,
        instance=goal,
        plan=plan,
        goals=goals,
        tags=Tag.objects.filter(association_id=plan.association_id),
        interventions=Intervention.objects.filter(plan=plan),
    )


def _goal_url(plan: Plan, goal: Goal) -> str:
    return reverse(
        "plans:goal_edit",
        kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, "goal_id": goal.pk},
    )


def _save_goal(request: FinsamRequest, plan: Plan, form: GoalForm) -> Goal | None:
    if not form.is_valid():
        return None
    goal = form.save(commit=False)
    goal.plan = plan
    goal.agenda2030 = form.cleaned_data["agenda2030"]
    try:
        return services.goal_save(
            user=request.user,
            goal=goal,
            expected_version=form.cleaned_data.get("version"),
            tags=form.cleaned_data["tags"],
            interventions=form.cleaned_data["interventions"],
        )
    except EditConflict:
        form.add_error(None, CONFLICT)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for fieldname, errors in exc.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def goals(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    can_edit = role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen
    agenda = dict(AGENDA_2030)
    # Labels looked up once: get_FOO_display on every goal and activity cost more than the rest.
    levels = dict(Goal.Level.choices)
    statuses = dict(Activity.Status.choices)
    tree = goal_tree(goals_for(plan))
    base = plan_url(plan, "plans:goals")
    for node in tree:
        node.level = levels.get(node.goal.level, node.goal.level)
        for activity in node.goal.activities.all():  # prefetched: the same objects the page shows
            activity.status_label = statuses.get(activity.status, activity.status)
        node.agenda = [str(agenda[n]) for n in node.goal.agenda2030 if n in agenda]
        node.edit_url = f"{base}{node.goal.pk}/"  # plans/urls.py, not reversed per goal
        node.move_url = f"{node.edit_url}flytta/"
        text = node.goal.text
        node.short = text if len(text) <= 40 else text[:39] + "…"
    tags = list(Tag.objects.filter(association_id=plan.association_id))
    return render(
        request,
        "plans/goals.html",
        plan_context(
            request,
            plan,
            tree=tree,
            tags=tags,
            can_edit=can_edit,
            tag_form=TagForm() if can_edit else None,
        ),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def goal_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = _goal_form(plan, Goal(plan=plan), request.POST or None)
    if request.method == "POST":
        goal = _save_goal(request, plan, form)
        if goal:
            messages.success(request, _("Målet är sparat."))
            return redirect(_goal_url(plan, goal))
    return render(
        request,
        "plans/goal_form.html",
        plan_context(request, plan, form=form, goal=None),
        status=form_status(request, form),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def goal_edit(request: FinsamRequest, assoc: str, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    goal = _goal(plan, goal_id)
    form = _goal_form(plan, goal, request.POST or None)
    if request.method == "POST" and _save_goal(request, plan, form):
        messages.success(request, _("Målet är sparat."))
        return redirect(plan_url(plan, "plans:goals") + f"#goal-{goal.pk}")
    activities = list(goal.activities.all())
    for a in activities:
        a.form = ActivityForm(instance=a, prefix=f"a{a.pk}")
    return render(
        request,
        "plans/goal_form.html",
        plan_context(
            request,
            plan,
            form=form,
            goal=goal,
            activities=activities,
            activity_form=ActivityForm(prefix="new"),
        ),
        status=form_status(request, form),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def goal_delete(request: FinsamRequest, assoc: str, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    goal = _goal(plan, goal_id)
    services.goal_delete(user=request.user, goal=goal)
    messages.success(request, _("Målet och målen under det är borttagna."))
    return redirect(plan_url(plan, "plans:goals"))


@require_POST
@association_view(Cap.EDIT_PLAN)
def goal_move(request: FinsamRequest, assoc: str, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    goal = _goal(plan, goal_id)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Ange upp eller ned."))
    services.goal_move(user=request.user, goal=goal, direction=direction)
    return redirect(plan_url(plan, "plans:goals") + f"#goal-{goal.pk}")


@require_POST
@association_view(Cap.EDIT_PLAN)
def activity_create(request: FinsamRequest, assoc: str, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    goal = _goal(plan, goal_id)
    form = ActivityForm(request.POST, prefix="new")
    if form.is_valid():
        activity = form.save(commit=False)
        activity.goal = goal
        services.activity_save(user=request.user, activity=activity)
        messages.success(request, _("Aktiviteten är tillagd."))
    else:
        messages.error(request, _("Skriv vad aktiviteten går ut på."))
    return redirect(_goal_url(plan, goal) + "#activities")


@require_POST
@association_view(Cap.EDIT_PLAN)
def activity_edit(
    request: FinsamRequest, assoc: str, plan_id: int, activity_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    activity = _activity(plan, activity_id)
    form = ActivityForm(request.POST, instance=activity, prefix=f"a{activity.pk}")
    if form.is_valid():
        try:
            services.activity_save(
                user=request.user,
                activity=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"),
            )
            messages.success(request, _("Aktiviteten är sparad."))
        except EditConflict:
            messages.error(request, CONFLICT)
    else:
        messages.error(request, _("Aktiviteten kunde inte sparas: skriv vad den går ut på."))
    return redirect(_goal_url(plan, activity.goal) + "#activities")


@require_POST
@association_view(Cap.EDIT_PLAN)
def activity_delete(
    request: FinsamRequest, assoc: str, plan_id: int, activity_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    activity = _activity(plan, activity_id)
    services.activity_delete(user=request.user, activity=activity)
    messages.success(request, _("Aktiviteten är borttagen."))
    return redirect(_goal_url(plan, activity.goal) + "#activities")


@require_POST
@association_view(Cap.EDIT_PLAN)
def tag_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            services.tag_create(
                user=request.user,
                association=plan.association,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
            )
            messages.success(request, _("Området är tillagt."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Skriv ett namn på området."))
    return redirect(plan_url(plan, "plans:goals") + "#tags")


@require_POST
@association_view(Cap.EDIT_PLAN)
def tag_delete(request: FinsamRequest, assoc: str, plan_id: int, tag_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    tag = get_object_or_404(Tag, pk=tag_id, association=plan.association)
    try:
        services.tag_delete(user=request.user, tag=tag)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Området är borttaget."))
    return redirect(plan_url(plan, "plans:goals") + "#tags")
